"""Loading YAML rule packs into an immutable RuleSet, with strict validation.

A pack is a folder; each `*.yaml` file in it is one rule. `extends:` names the rule type (as in
Vale); the type's module declares its own keys, and any key that is neither common nor the
type's own is an error naming the file and line. Lists can live in `data/*.txt` files beside the
rules (`tokens: {file: data/puffery.txt}`), one entry a line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from linter.model import CATEGORIES, RuleError, Severity
from linter.record import field, record
from linter.yamlsource import YamlDocument, load_yaml

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

    from linter.matchers.base import Matcher

# Keys every rule may carry, whatever its type.
COMMON_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "name",
        "extends",
        "message",
        "category",
        "severity",
        "level",  # Vale's spelling of severity ("suggestion" maps to info)
        "summary",
        "description",
        "why",
        "link",
        "scope",
        "context",
        "quotations",
        "examples",
        "enabled",
    }
)
SCOPES: frozenset[str] = frozenset(
    {"text", "paragraph", "heading", "list", "blockquote", "table", "title", "description"}
)
# Where a rule reports: in any document, or only in one the other rules already mark as a
# promotional article (`Document.reads_as_promotional`), for wording that is a sales tactic in an
# advertorial and plain information in a notice ("places are limited to 30 per session").
CONTEXTS: tuple[str, ...] = ("any", "promotional")
_VALE_LEVELS = {"suggestion": "info"}
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@record(frozen=True)
class Examples:
    flag: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()


@record(frozen=True, eq=False)
class RuleSpec:
    """A rule as written in YAML, validated: the common header plus the type's raw options."""

    id: str
    name: str
    pack: str
    extends: str
    category: str
    severity: Severity
    message: str
    summary: str
    why: str
    link: str | None
    scope: frozenset[str]
    examples: Examples
    options: Mapping[str, Any]
    source: str
    enabled: bool = True
    context: str = "any"
    # Where it reports inside a quotation: anywhere, or (CONTEXTS' "promotional") only in an
    # article marked promotional. In a report a quotation is the speaker's words, not the
    # writer's claim; in an advertorial its testimonials are the pitch (docs/quality.md).
    quotations: str = "any"
    yaml: YamlDocument | None = field(default=None, repr=False)
    # The ids of the rules this one replaced (`based_on` without `keep_base`): a directive,
    # `--select`/`--ignore` or a config entry naming the base still names this rule.
    replaces: tuple[str, ...] = ()

    def line_of(self, *key_path: str | int) -> int | None:
        return self.yaml.line_of(*key_path) if self.yaml else None

    def error(self, message: str, *key_path: str | int) -> RuleError:
        """A RuleError for this rule's file, at the line of `key_path`, naming the key."""
        key = ".".join(str(k) for k in key_path if isinstance(k, str))
        text = f"{key}: {message}" if key else message
        return RuleError(f"rule {self.id}: {text}", path=self.source, line=self.line_of(*key_path))

    def data_path(self, relative: str) -> Path:
        return Path(self.source).parent / relative


@record(frozen=True, eq=False)
class Rule:
    spec: RuleSpec
    matcher: Matcher

    @property
    def id(self) -> str:
        return self.spec.id


@record(frozen=True)
class RuleSet:
    """An immutable, ordered collection of compiled rules. Passed explicitly; no global state."""

    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def resolve(self, selector: str) -> list[Rule]:
        """Rules named by `selector`: a rule id, a rule name, a pack or a category."""
        return [r for r in self.rules if selector_matches(selector, r.spec)]

    def filter(
        self, select: Sequence[str] = (), ignore: Sequence[str] = (), *, strict: bool = True
    ) -> RuleSet:
        """Keep rules named by any `select` selector (all enabled rules if none), then drop
        those named by `ignore`. With `strict`, a selector that names nothing is an error."""
        if strict:
            for selector in (*select, *ignore):
                if not names_anything(self, selector):
                    raise RuleError(f"unknown rule, pack or category {selector!r}")
        kept = [
            r
            for r in self.rules
            if (any(selector_matches(s, r.spec) for s in select) if select else r.spec.enabled)
            and not any(selector_matches(s, r.spec) for s in ignore)
        ]
        return RuleSet(tuple(kept))


# The findings the suppression machinery reports about its own comments (linter/suppress.py):
# no YAML rule, but selectable like one, by id, by the pack `article-lint` or as `style`.
UNKNOWN_DIRECTIVE = "article-lint.unknown-directive"
UNUSED_SUPPRESSION = "article-lint.unused-suppression"
DIRECTIVE_RULES: tuple[str, ...] = (UNKNOWN_DIRECTIVE, UNUSED_SUPPRESSION)


def _names_directive_rule(selector: str, rule_id: str) -> bool:
    lowered = selector.lower()
    return lowered in (rule_id, rule_id.partition(".")[2], "article-lint", "style", "all")


def names_anything(ruleset: RuleSet, selector: str) -> bool:
    """Whether `selector` names a loaded rule or one of the directive findings."""
    return bool(ruleset.resolve(selector)) or any(
        _names_directive_rule(selector, rule_id) for rule_id in DIRECTIVE_RULES
    )


def directive_rules_selected(select: Sequence[str], ignore: Sequence[str]) -> frozenset[str]:
    """The directive findings a run with these selectors reports."""
    return frozenset(
        rule_id
        for rule_id in DIRECTIVE_RULES
        if (not select or any(_names_directive_rule(s, rule_id) for s in select))
        and not any(_names_directive_rule(s, rule_id) for s in ignore)
    )


def selector_matches(selector: str, spec: RuleSpec) -> bool:
    lowered = selector.lower()
    return (
        lowered in (spec.id.lower(), spec.name, spec.pack.lower(), spec.category)
        or lowered == "all"
        or any(lowered == replaced.lower() for replaced in spec.replaces)
    )


def builtin_rules_dir() -> Path:
    """Where the built-in packs live: `rules/` in a checkout; `article_lint_rules` installed."""
    import importlib.util

    found = importlib.util.find_spec("article_lint_rules")
    if found is not None and found.submodule_search_locations:
        return Path(next(iter(found.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "rules"


def rule_files(root: Path) -> list[tuple[str, Path]]:
    """(pack, file) for every rule file under `root`: `root/<pack>/<Rule>.yaml`, sorted."""
    if not root.is_dir():
        raise RuleError("rules folder does not exist or is not a folder", path=str(root))
    found: list[tuple[str, Path]] = []
    too_deep: list[str] = []
    for pack_dir in sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ):
        for rule_file in sorted(pack_dir.iterdir()):
            if _is_yaml(rule_file) and rule_file.is_file():
                found.append((pack_dir.name, rule_file))
            elif rule_file.is_dir() and not rule_file.name.startswith((".", "_")):
                # A pack's own folders hold its word lists (data/, maybe as .yml); a rule
                # there never loads. A folder starting with "_" parks files on purpose.
                too_deep += (
                    str(nested.relative_to(root))
                    for nested in sorted(rule_file.rglob("*"))
                    if _is_yaml(nested) and nested.is_file() and _reads_as_rule(nested)
                )
    loose = sorted(
        p.name for p in root.iterdir() if _is_yaml(p) and not p.name.startswith(".")
    )
    if loose:  # rules put in the folder itself would never load: say where they go
        raise RuleError(
            f"{'no rule packs here: ' if not found else ''}a rule file goes in "
            f"{root}/<pack>/<Rule>.yaml, not in the folder itself ({', '.join(loose)})",
            path=str(root),
        )
    if too_deep:
        raise RuleError(
            f"a rule file goes in {root}/<pack>/<Rule>.yaml, one folder down, not deeper "
            f"({', '.join(too_deep[:3])}{', ...' if len(too_deep) > 3 else ''}); a pack's "
            "subfolders are for its word lists",
            path=str(root),
        )
    return found


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


# The first key of a rule file: `extends:` or `based_on:` at the start of a line.
_RULE_KEY = re.compile(r"^(?:extends|based_on)[ \t]*:", re.M)


def _reads_as_rule(path: Path) -> bool:
    """Whether a YAML file below a pack looks like a rule (not a word list kept as YAML)."""
    from linter.sources import read_settings_text

    try:
        return _RULE_KEY.search(read_settings_text(path)) is not None
    except ValueError:
        return False


def load_rules(extra_dirs: Iterable[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """Load the built-in packs (unless `builtin=False`) and every pack under `extra_dirs`."""
    roots: list[tuple[Path, bool]] = []
    if builtin:
        roots.append((builtin_rules_dir(), True))
    # A folder named twice (in the config's `rules:` and again with --rules) is loaded once.
    named: set[str] = {os.path.realpath(root) for root, _builtin in roots}
    for folder in extra_dirs:
        if os.path.realpath(folder) not in named:
            named.add(os.path.realpath(folder))
            roots.append((Path(folder), False))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    derived: list[tuple[YamlDocument, str, str]] = []

    def add(rule: Rule, rule_file: str) -> None:
        if rule.id in seen:
            raise RuleError(
                f"duplicate rule id {rule.id!r} (also defined in {seen[rule.id]})",
                path=rule_file,
                line=rule.spec.line_of("id"),
            )
        seen[rule.id] = rule_file
        rules.append(rule)

    for root, is_builtin in roots:
        for pack, rule_file in rule_files(root):
            document = read_rule_yaml(rule_file)
            if isinstance(document.data, dict) and BASED_ON in document.data:
                derived.append((document, pack, rule_file.stem))
                continue
            add(build_rule(document, pack, rule_file.stem, trusted=is_builtin), str(rule_file))
    # Rules based on other rules, in passes so that one may build on another derived rule.
    while derived:
        pending = []
        for document, pack, stem in derived:
            base_id = document.data[BASED_ON]
            base = next((r for r in rules if isinstance(base_id, str) and r.id == base_id), None)
            if base is None:
                pending.append((document, pack, stem))
                continue
            rule, keep_base = derive_rule(document, pack, stem, base)
            if not keep_base:
                rules.remove(base)
            add(rule, document.path)
        if len(pending) == len(derived):
            document = pending[0][0]
            raise RuleError(
                f"{BASED_ON}: no loaded rule has the id {document.data[BASED_ON]!r} "
                "(give a rule id such as hype.PromoCliche; see 'article-lint rules')",
                path=document.path,
                line=document.line_of(BASED_ON),
            )
        derived = pending
    return RuleSet(tuple(rules))


# A rule file with `based_on: <rule id>` starts from that rule's YAML: its own keys replace the
# base's, `add_<key>`/`remove_<key>` edit one of the base's lists (tokens, exceptions, ...), and
# the base rule is replaced by it unless `keep_base: true`.
BASED_ON = "based_on"
KEEP_BASE = "keep_base"
_NOT_INHERITED = frozenset({"id", "name", "examples"})


def derive_rule(document: YamlDocument, pack: str, stem: str, base: Rule) -> tuple[Rule, bool]:
    """Build the rule described by `document` on top of `base`; also whether to keep the base."""
    from linter.matchers.base import Options

    data: dict[str, Any] = document.data
    keep_base = data.get(KEEP_BASE, False)
    if not isinstance(keep_base, bool):
        raise RuleError(
            f"{KEEP_BASE}: must be true or false",
            path=document.path,
            line=document.line_of(KEEP_BASE),
        )
    base_options = Options(base.spec)
    merged: dict[str, Any] = {}
    assert base.spec.yaml is not None
    for key, value in base.spec.yaml.data.items():
        if key in _NOT_INHERITED:
            continue
        if reads_list_file(value):
            value = base_options.strings(key)  # data files live beside the base rule
        merged[key] = value
    extends = data.get("extends", merged.get("extends"))
    if extends != merged.get("extends"):
        raise RuleError(
            f"extends: a rule based on {base.id} must keep its type {merged.get('extends')!r}",
            path=document.path,
            line=document.line_of("extends"),
        )
    edits: list[tuple[str, str, Any]] = []
    for key, value in data.items():
        if key in (BASED_ON, KEEP_BASE):
            continue
        action, _, target = key.partition("_")
        if action in ("add", "remove") and target and key not in COMMON_KEYS:
            edits.append((action, target, value))
        else:
            merged[key] = value
    from linter.matchers import matcher_class

    own_keys = frozenset(matcher_class(str(extends)).keys) if isinstance(extends, str) else None
    for action, target, value in edits:
        key = f"{action}_{target}"
        line = document.line_of(key)
        if own_keys is not None and target not in own_keys and target not in merged:
            raise RuleError(
                f"{key}: a rule of type {extends!r} has no list {target!r}"
                f"{did_you_mean(target, own_keys)}"
                f" (its own keys: {', '.join(sorted(own_keys))})",
                path=document.path,
                line=line,
            )
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise RuleError(f"{key}: must be a list of strings", path=document.path, line=line)
        current = merged.get(target, [])
        if isinstance(current, str):
            current = [current]
        if not isinstance(current, list):
            raise RuleError(
                f"{key}: {base.id}'s {target!r} is not a list", path=document.path, line=line
            )
        if action == "add":
            merged[target] = [*current, *(v.strip() for v in value)]
            continue
        # A removal names a token as written or a phrase the token matches ("power move"
        # removes the token `power moves?`), since tokens are regex fragments.
        kept_items = list(current)
        for wanted in value:
            remaining = [c for c in kept_items if not _token_names(str(c), wanted.strip())]
            if len(remaining) == len(kept_items):
                raise RuleError(
                    f"{key}: {wanted!r} is not (and matches no entry) in {base.id}'s {target}",
                    path=document.path,
                    line=line,
                )
            kept_items = remaining
        merged[target] = kept_items
    # The base's own patterns keep its trust (a built-in may use look-arounds); every pattern
    # the user adds must pass the untrusted (RE2, linear-time) check on its own.
    for key, value in data.items():
        if key not in (BASED_ON, KEEP_BASE) and key not in COMMON_KEYS:
            check_untrusted_patterns(value, document.path, document.line_of(key), key)
    merged_document = YamlDocument(data=merged, path=document.path, lines=document.lines)
    trusted = bool(getattr(base.matcher, "trusted", False))
    # The merged rule mixes built-in patterns (which need Python `re` look-arounds) with the
    # user's tokens, so it cannot go to RE2 whole: compile it with a per-search time budget
    # instead, so a backtracking token added by the user cannot hang the run.
    from linter.safe_regex import budgeted_patterns

    replaces = () if keep_base else (base.id, *base.spec.replaces)
    with budgeted_patterns(True):
        rule = build_rule(merged_document, pack, stem, trusted=trusted, replaces=replaces)
    return rule, keep_base


def is_list_file(value: Any) -> bool:
    """Whether a YAML value names a list file, `{file: data/NAME.txt}` (a path relative to the
    folder of the rule that names it, one entry a line)."""
    return isinstance(value, Mapping) and set(value) == {"file"}


def reads_list_file(value: Any) -> bool:
    """Whether an option's value is a `{file: ...}` list or an inline list that includes one."""
    if isinstance(value, list):
        return any(is_list_file(item) for item in value)
    return is_list_file(value)


def check_untrusted_patterns(value: Any, path: str, line: int | None, key: str) -> None:
    """Compile every string in `value` (a string, list, or mapping's keys and values) as an
    untrusted pattern would be, so user-supplied text cannot bring back-tracking regexes into a
    trusted rule."""
    from linter.patterns import PatternError, compile_regex
    from linter.safe_regex import untrusted_patterns

    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    elif isinstance(value, dict) and not is_list_file(value):
        items = [str(k) for k in value] + [v for v in value.values() if isinstance(v, str)]
    else:
        return
    with untrusted_patterns(True):
        for item in items:
            try:
                compile_regex(item)
            except PatternError as exc:
                raise RuleError(f"{key}: {exc}", path=path, line=line) from None


def _token_names(token: str, wanted: str) -> bool:
    if token.strip().lower() == wanted.lower():
        return True
    try:
        return re.fullmatch(token.strip(), wanted, re.IGNORECASE) is not None
    except re.error:
        return False


def with_rule_options(ruleset: RuleSet, overrides: Mapping[str, Mapping[str, Any]]) -> RuleSet:
    """A RuleSet where each rule named in `overrides` (by id or name) is rebuilt from its YAML
    with those keys replaced, and validated again (a RuleError names the bad key)."""
    rules = list(ruleset.rules)
    for selector, options in overrides.items():
        for index, rule in enumerate(rules):
            if selector.lower() not in (rule.id.lower(), rule.spec.name):
                continue
            for key in options:
                if key in ("id", "name", "extends"):
                    raise RuleError(f"{key}: cannot be changed by rule options")
            for key, value in options.items():
                if key not in COMMON_KEYS:
                    check_untrusted_patterns(value, rule.spec.source, None, key)
            assert rule.spec.yaml is not None
            data = {**rule.spec.yaml.data, **options}
            document = YamlDocument(data=data, path=rule.spec.yaml.path, lines=rule.spec.yaml.lines)
            trusted = bool(getattr(rule.matcher, "trusted", False))
            # A trusted rule compiles with Python `re` (its look-arounds); the user's values
            # in it get the time budget of `based_on` rules, so a backtracking token cannot
            # hang the run. An untrusted rule compiles on RE2 anyway.
            from linter.safe_regex import budgeted_patterns

            with budgeted_patterns(trusted):
                rebuilt = build_rule(
                    document, rule.spec.pack, Path(rule.spec.source).stem, trusted=trusted
                )
            rules[index] = rebuilt
    return RuleSet(tuple(rules))


def read_rule_yaml(path: Path) -> YamlDocument:
    from linter.sources import read_settings_text

    try:
        text = read_settings_text(path)
    except ValueError as exc:
        raise RuleError(f"cannot read rule file: {exc}", path=str(path)) from None
    return load_yaml(text, str(path), RuleError)


def load_rule_file(path: Path, pack: str, *, trusted: bool = False) -> Rule:
    return build_rule(read_rule_yaml(path), pack, path.stem, trusted=trusted)


def build_rule(
    document: YamlDocument,
    pack: str,
    stem: str,
    *,
    trusted: bool = False,
    replaces: tuple[str, ...] = (),
) -> Rule:
    """Validate one parsed rule file and compile its matcher (`replaces`: RuleSpec.replaces)."""
    from linter.matchers import matcher_class

    spec = parse_spec(document, pack, stem, replaces=replaces)
    cls = matcher_class(spec.extends)
    allowed = COMMON_KEYS | frozenset(cls.keys)
    for key in document.data:
        if key not in allowed:
            hint = ", ".join(sorted(cls.keys)) or "none"
            raise spec.error(
                f"unknown key{did_you_mean(key, allowed)} for a rule of type "
                f"{spec.extends!r} (its own keys: {hint}; every rule's: "
                f"{', '.join(sorted(COMMON_KEYS))})",
                key,
            )
    _check_message(spec, cls.message_fields)
    return Rule(spec=spec, matcher=cls(spec, trusted=trusted))


def _check_message(spec: RuleSpec, fields: frozenset[str]) -> None:
    """A message's placeholders must be ones its rule type fills: `{match`, `{nosuch}` or
    `{0}` would otherwise be printed as written in every finding."""
    import string

    known = {"match", "suggestion", *fields}
    hint = ", ".join(f"{{{name}}}" for name in sorted(known))
    try:
        placeholders = [name for _, name, _, _ in string.Formatter().parse(spec.message)]
    except ValueError as exc:
        raise spec.error(f"{exc} (write a literal brace as '{{{{' or '}}}}')", "message") from None
    for name in placeholders:
        if name is not None and name not in known:
            raise spec.error(
                f"unknown placeholder {{{name}}}; a rule of type {spec.extends!r} fills {hint}",
                "message",
            )


def did_you_mean(key: object, known: Iterable[str]) -> str:
    """" (did you mean 'category'?)" for a key close to a known one, else ""."""
    import difflib

    if not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_spec(
    document: YamlDocument, pack: str, stem: str, *, replaces: tuple[str, ...] = ()
) -> RuleSpec:
    from linter.matchers import matcher_class, rule_types

    data = document.data
    path = document.path
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a YAML mapping", path=path, line=document.line_of())

    def fail(message: str, key: str) -> RuleError:
        return RuleError(f"{key}: {message}", path=path, line=document.line_of(key))

    def text(key: str, default: str | None = None, *, required: bool = False) -> str | None:
        if key not in data:
            if required:
                # "catgory: style" is the likelier mistake than a forgotten key: name it.
                typo = next((k for k in data if did_you_mean(k, {key})), None)
                if typo is not None:
                    raise RuleError(
                        f"unknown key {typo!r}: did you mean {key!r}? ({key!r} is required)",
                        path=path,
                        line=document.line_of(typo),
                    )
                raise RuleError(f"missing required key {key!r}", path=path, line=document.line_of())
            return default
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise fail("must be a non-empty string", key)
        return value.strip()

    extends = text("extends", required=True)
    assert extends is not None
    if extends not in rule_types():
        raise fail(f"unknown rule type {extends!r} (known: {', '.join(rule_types())})", "extends")
    matcher_class(extends)
    message = text("message", required=True)
    category = text("category", required=True)
    if category not in CATEGORIES:
        raise fail(
            f"unknown category {category!r} (expected one of: {', '.join(CATEGORIES)})", "category"
        )
    if "severity" in data and "level" in data:
        raise fail("give 'severity' or Vale's 'level', not both", "level")
    severity_key = "severity" if "severity" in data else "level" if "level" in data else None
    severity = Severity.WARNING
    if severity_key:
        raw = text(severity_key) or ""
        try:
            severity = Severity.parse(_VALE_LEVELS.get(raw.lower(), raw))
        except ValueError as exc:
            raise fail(str(exc), severity_key) from None
    rule_id = text("id", f"{pack}.{stem}")
    name = text("name", _kebab(stem))
    assert rule_id is not None and name is not None
    if not rule_id or any(c.isspace() or c == "," for c in rule_id):
        # A selector list splits at spaces and commas: such an id could not be named.
        raise fail(f"id {rule_id!r} must not be empty or hold spaces or commas", "id")
    if not _KEBAB.match(name):
        raise fail(f"name {name!r} must be kebab-case (e.g. 'power-move')", "name")
    scope_value = data.get("scope", "text")
    scopes = [scope_value] if isinstance(scope_value, str) else scope_value
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes) or not scopes:
        raise fail("must be a scope name or a list of them", "scope")
    for scope in scopes:
        if scope not in SCOPES:
            raise fail(f"unknown scope {scope!r} (expected: {', '.join(sorted(SCOPES))})", "scope")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("must be true or false", "enabled")
    context = data.get("context", "any")
    if context not in CONTEXTS:
        raise fail(f"must be one of: {', '.join(CONTEXTS)}", "context")
    quotations = data.get("quotations", "any")
    if quotations not in CONTEXTS:
        raise fail(f"must be one of: {', '.join(CONTEXTS)}", "quotations")
    link = text("link")
    why = text("why") or text("description") or ""
    return RuleSpec(
        id=rule_id,
        name=name,
        pack=pack,
        extends=extends,
        category=category,
        severity=severity,
        message=message or "",
        summary=text("summary") or (message or "").split("\n")[0],
        why=why,
        link=link,
        scope=frozenset(scopes),
        examples=_parse_examples(data.get("examples"), document),
        options={k: v for k, v in data.items() if k not in COMMON_KEYS},
        source=path,
        enabled=enabled,
        context=context,
        quotations=quotations,
        yaml=document,
        replaces=replaces,
    )


def _parse_examples(value: Any, document: YamlDocument) -> Examples:
    if value is None:
        return Examples()
    line = document.line_of("examples")
    if not isinstance(value, dict) or set(value) - {"flag", "pass"}:
        raise RuleError(
            "examples: must be a mapping with 'flag' and/or 'pass' lists",
            path=document.path,
            line=line,
        )
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("flag", "pass"):
        items = value.get(key, [])
        if not isinstance(items, list):
            raise RuleError(
                f"examples.{key}: must be a list of strings",
                path=document.path,
                line=document.line_of("examples", key),
            )
        for index, item in enumerate(items):
            if not isinstance(item, str):
                # `- We want [[synergy]]: now.` is a mapping to YAML, `- [[synergy]]` a list.
                raise RuleError(
                    f"examples.{key}: entry {index + 1} is not a string but a YAML "
                    f"{_yaml_kind(item)}; put the example in quotes: - \"...\"",
                    path=document.path,
                    line=document.line_of("examples", key, index),
                )
        lists[key] = tuple(items)
    return Examples(flag=lists["flag"], passing=lists["pass"])


def _yaml_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping (a ': ' inside it)"
    if isinstance(value, list):
        return "list (it starts with '[')"
    return type(value).__name__.replace("NoneType", "null").replace("bool", "boolean")


def _kebab(stem: str) -> str:
    """`PowerMove` or `power_move` -> `power-move`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", stem)
    return re.sub(r"[^a-z0-9]+", "-", spaced.lower()).strip("-")
