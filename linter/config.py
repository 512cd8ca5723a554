"""Configuration: `[tool.article-lint]` in pyproject.toml or a `.article-lint.yaml` file.

The file is found by walking up from the linted file's folder (the first folder holding either
wins; in one folder `.article-lint.yaml` is preferred), stopping at the filesystem root, or named
with `--config FILE`. Every key is validated strictly: an unknown key or a wrong type is a
ConfigError naming the file (and, for YAML, the line). Command-line flags win over the file:
`--select` and `--fail-on` replace the configured value; `--ignore` and `--rules` add to it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath

from linter.engine import LintOptions
from linter.model import ConfigError, RuleError, Severity, without_dot_slash
from linter.record import field, record
from linter.rules import (
    RuleSet,
    did_you_mean,
    directive_rules_selected,
    names_anything,
    with_rule_options,
)

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any, TextIO

YAML_NAMES: tuple[str, ...] = (".article-lint.yaml", ".article-lint.yml")
PYPROJECT = "pyproject.toml"
TOML_TABLE = "article-lint"

# key -> what it holds (used in the "unknown key" error and in docs/configuration.md).
KEYS: dict[str, str] = {
    "select": "rules, packs or categories to run (default: every enabled rule)",
    "ignore": "rules, packs or categories to skip",
    "severity": "selector -> error | warning | info | off",
    "per-file-ignores": "glob -> selectors skipped in matching files",
    "rules": "extra rule folders (DIR/<pack>/<Rule>.yaml), relative to the config file",
    "exclude": "globs of paths not linted, relative to the config file",
    "fail-on": "lowest severity that makes the run exit 1",
    "accept": "words or phrases never flagged (e.g. a product name): a finding that is about "
    "them, with at most a short word besides, is dropped",
    "rule-options": "rule id -> {key: value} overriding the rule's own YAML options",
}
OFF = "off"


@record(frozen=True)
class Config:
    """One configuration file, validated. `source` is None for the built-in defaults."""

    source: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (selector, level or "off"), in file order
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: Severity | None = None
    accept: tuple[str, ...] = ()
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # key path -> line in the file (YAML only), for errors found after loading.
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        """Where relative globs and rule folders start: the config file's folder."""
        return self.source.parent if self.source else Path.cwd()

    def error(self, message: str, *key_path: str | int) -> ConfigError:
        line = None
        probe = tuple(key_path)
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe[:-1]
        return ConfigError(message, path=str(self.source) if self.source else None, line=line)

    def is_excluded(self, path: str | Path) -> bool:
        relative = _relative(path, self.root)
        return relative is not None and any(glob_matches(g, relative) for g in self.exclude)

    def ignores_for(self, path: str | Path) -> tuple[str, ...]:
        """Selectors `per-file-ignores` skips for `path`."""
        relative = _relative(path, self.root)
        if relative is None:
            return ()
        found: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if glob_matches(pattern, relative):
                found.extend(s for s in selectors if s not in found)
        return tuple(found)

    def as_dict(self) -> dict[str, Any]:
        """The configuration as plain data (for `article-lint config`)."""
        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "per-file-ignores": {glob: list(sels) for glob, sels in self.per_file_ignores},
            "rules": [str(p) for p in self.rules],
            "exclude": list(self.exclude),
            "fail-on": self.fail_on.label if self.fail_on else None,
            "accept": list(self.accept),
            "rule-options": {k: dict(v) for k, v in self.rule_options.items()},
        }


DEFAULT_CONFIG = Config()


# -- finding and reading ------------------------------------------------------------------------


def find_config(start: Path, cache: dict[str, Path | None] | None = None) -> Path | None:
    """The first config file in `start` (a folder, or a file's folder) or its parents.

    Paths are made absolute without touching the disk (a tree deeper than PATH_MAX cannot be
    resolved); a folder that cannot be read counts as holding no config. `cache` (folder ->
    result) saves the walk for files in the same folders during one run.
    """
    folder = Path(os.path.abspath(start))
    try:
        if not folder.is_dir():
            folder = folder.parent
    except OSError:
        folder = folder.parent
    visited: list[str] = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        key = str(candidate)
        if cache is not None and key in cache:
            found = cache[key]
            break
        visited.append(key)
        found = _config_in(candidate)
        if found is not None:
            break
    if cache is not None:
        for key in visited:
            cache[key] = found
    return found


def _config_in(folder: Path) -> Path | None:
    try:
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    except OSError:  # a name too long, a folder we may not read: no config here
        return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether pyproject.toml has `[tool.article-lint]` (a broken file is reported on load)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A header missing its bracket (`[tool.article-lint`) counts too: loading reports it.
    # So does `[tool.article_lint]`, which loading rejects with the right spelling.
    header = r"^\s*\[\s*tool\s*\.\s*\"?article[-_]lint\"?\s*(?:[\].]|$)"
    return re.search(header, text, re.M) is not None


def _header_line(text: str, name: str) -> int | None:
    found = re.search(rf"^[ \t]*\[\s*tool\s*\.\s*\"?{name}\"?", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def load_config(path: Path) -> Config:
    """Read and validate one config file (YAML, or pyproject.toml's [tool.article-lint])."""
    from linter.sources import read_settings_text

    try:
        text = read_settings_text(path)
    except ValueError as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=str(path)) from None
    source = Path(os.path.abspath(path))
    if path.suffix == ".toml":
        # Imported here: most runs find no pyproject.toml with our table and never parse TOML.
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on Python 3.10 only
            import tomli as tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # tomllib ends its message with "(at line N, column M)": report it as file:line.
            where = re.search(r"\s*\(at line (\d+), column \d+\)$", str(exc))
            message = str(exc)[: where.start()] if where else str(exc)
            line = int(where.group(1)) if where else None
            raise ConfigError(f"invalid TOML: {message}", path=str(path), line=line) from None
        table = data.get("tool", {}).get(TOML_TABLE)
        if table is None and "article_lint" in data.get("tool", {}):
            raise ConfigError(
                "[tool.article_lint] is not read: the table is [tool.article-lint], with a hyphen",
                path=str(path),
                line=_header_line(text, "article_lint"),
            )
        if table is None:
            if path.name == PYPROJECT:
                raise ConfigError("no [tool.article-lint] table", path=str(path))
            table = data  # a standalone TOML file holds the keys at the top level
        lines = _toml_key_lines(text, table)
        return parse_config(table, source, lines)
    from linter.yamlsource import load_yaml

    document = load_yaml(text, str(path), ConfigError)
    data = document.data if document.data is not None else {}
    return parse_config(data, source, document.lines)


def _toml_key_lines(text: str, table: Any) -> dict[tuple[str | int, ...], int]:
    """Best-effort line of each top-level key (tomllib keeps no positions)."""
    lines: dict[tuple[str | int, ...], int] = {}
    if not isinstance(table, dict):
        return lines
    header = re.search(r"^\s*\[\s*tool\s*\.\s*\"?article-lint\"?\s*\]", text, re.M)
    offset = header.end() if header else 0
    for key in table:
        match = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.M).search(text, offset)
        if match:
            lines[(key,)] = text.count("\n", 0, match.start()) + 1
    return lines


def parse_config(
    data: Any, source: Path | None, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> Config:
    base = Config(source=source, lines=dict(lines or {}))
    if not isinstance(data, dict):
        raise base.error("the configuration must be a mapping of keys to values")
    for key in data:
        if key not in KEYS:
            # `fail_on` for `fail-on`: the rule files' keys are written with underscores.
            hint = did_you_mean(key.replace("_", "-") if isinstance(key, str) else key, KEYS)
            known = ", ".join(KEYS)
            raise base.error(f"unknown key {key!r}{hint} (known keys: {known})", key)

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [s.strip() for s in value.split(",") if s.strip()]
        if not isinstance(value, list):
            raise base.error(f"{key}: must be a list of strings", key)
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise base.error(f"{key}: every entry must be a non-empty string", key, index)
        return tuple(item.strip() for item in value)

    def mapping(key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise base.error(f"{key}: must be a mapping", key)
        return value

    severity: list[tuple[str, str]] = []
    for selector, level in mapping("severity").items():
        # YAML 1.1 reads a bare `off` (and `no`, `false`) as false: that is "off" too.
        if level is False:
            level = OFF
        label = str(level).strip().lower() if isinstance(level, str) else ""
        if label != OFF:
            try:
                label = Severity.parse(label).label
            except ValueError:
                raise base.error(
                    f"severity.{selector}: {level!r} is not error, warning, info or off",
                    "severity",
                    selector,
                ) from None
        severity.append((selector, label))

    per_file: list[tuple[str, tuple[str, ...]]] = []
    for pattern, selectors in mapping("per-file-ignores").items():
        if isinstance(selectors, str):
            selectors = [s.strip() for s in selectors.split(",") if s.strip()]
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            raise base.error(
                f"per-file-ignores.{pattern}: must be a list of rule selectors",
                "per-file-ignores",
                pattern,
            )
        per_file.append((pattern, tuple(selectors)))
    # A gitignore-style "!" (re-include) would silently match nothing here.
    for key, patterns in (("exclude", strings("exclude")), ("per-file-ignores", per_file)):
        for index, pattern in enumerate(patterns):
            glob = pattern if isinstance(pattern, str) else pattern[0]
            if glob.strip().startswith("!"):
                raise base.error(
                    f"{key}: {glob!r}: a '!' pattern (re-include) is not supported; list only "
                    "the paths to leave out",
                    key,
                    *((index,) if key == "exclude" else (glob,)),
                )

    root = source.parent if source else Path.cwd()
    rule_dirs = tuple(Path(os.path.abspath(root / folder)) for folder in strings("rules"))
    for index, folder in enumerate(rule_dirs):
        if not folder.is_dir():
            raise base.error(f"rules: {str(folder)!r} is not a folder", "rules", index)

    fail_on = None
    if "fail-on" in data:
        if isinstance(data["fail-on"], bool):  # YAML 1.1 reads a bare off/no/false as false
            raise base.error(
                "fail-on: a severity is needed (info, warning or error), not a yes/no value; "
                "the run always fails on the findings at or above it",
                "fail-on",
            )
        try:
            fail_on = Severity.parse(str(data["fail-on"]))
        except ValueError as exc:
            raise base.error(f"fail-on: {exc}", "fail-on") from None

    rule_options: dict[str, dict[str, Any]] = {}
    for rule_id, options in mapping("rule-options").items():
        if not isinstance(options, dict) or not options:
            raise base.error(
                f"rule-options.{rule_id}: must be a mapping of option names to values",
                "rule-options",
                rule_id,
            )
        rule_options[rule_id] = options

    return Config(
        source=source,
        select=strings("select"),
        ignore=strings("ignore"),
        severity=tuple(severity),
        per_file_ignores=tuple(per_file),
        rules=rule_dirs,
        exclude=strings("exclude"),
        fail_on=fail_on,
        accept=strings("accept"),
        rule_options=rule_options,
        lines=dict(lines or {}),
    )


# -- globs --------------------------------------------------------------------------------------


def _relative(path: str | Path, root: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """`**` spans folders, `*` and `?` stay inside one, `[...]` is a character class."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(char))
                i += 1
            else:
                body = pattern[i + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
        else:
            out.append(re.escape(char))
            i += 1
    return re.compile("".join(out))


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether a path (POSIX, relative to the config folder) matches a gitignore-like glob.

    A pattern without `/` matches a file or folder name at any depth (`drafts`, `*.html`);
    one with `/` is anchored at the config folder (`docs/legal/**`). A match on a folder
    covers everything in it.
    """
    pattern = pattern.strip()
    if pattern.startswith("./"):  # "./drafts/**" is "drafts/**", anchored at the config
        pattern = "/" + without_dot_slash(pattern)
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/") if anchored else pattern.rstrip("/")
    parts = PurePosixPath(relative).parts
    regex = _glob_regex(pattern)
    if not anchored:
        return any(regex.fullmatch(part) for part in parts)
    return any(regex.fullmatch("/".join(parts[: n + 1])) for n in range(len(parts)))


# -- from a config to what the engine runs ---------------------------------------------------


@record(frozen=True)
class CliOverrides:
    """The command-line flags that interact with the configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    builtin: bool = True
    fail_on: str | None = None
    report_unused_suppressions: bool = False


@record
class LintSetup:
    """What linting under one config needs: the rules, the engine options, the fail level."""

    config: Config
    ruleset: RuleSet
    options: LintOptions
    fail_on: Severity
    all_rules: RuleSet
    # What the loaded rules depend on, stamped before they were loaded (cache.take_origin);
    # None when they were not loaded through the rule cache. The findings cache needs it.
    origin: str | None = None
    _per_file: dict[tuple[str, ...], RuleSet] = field(default_factory=dict)

    def ruleset_for(self, path: str) -> RuleSet:
        """The rules for one file, minus its `per-file-ignores`."""
        ignores = self.config.ignores_for(path) if path != "-" else ()
        if not ignores:
            return self.ruleset
        if ignores not in self._per_file:
            try:
                # "all" keeps every rule of this set (even one --select'ed while disabled).
                self._per_file[ignores] = self.ruleset.filter(("all",), ignores, strict=False)
                self.all_rules.filter(ignore=ignores)  # a typo names nothing: report it
            except RuleError as exc:
                raise self.config.error(
                    f"per-file-ignores: {exc.message}", "per-file-ignores"
                ) from None
        return self._per_file[ignores]


RuleLoader = Callable[[Sequence[Path], bool], RuleSet]


def build_setup(config: Config, cli: CliOverrides, load: RuleLoader) -> LintSetup:
    """Apply `config`, then the command line, to the loaded rules."""
    from linter.cache import take_origin

    rule_dirs = [*config.rules, *(Path(d) for d in cli.rules)]
    take_origin(rule_dirs, builtin=cli.builtin)  # a stale record must not pass for this load
    loaded = load(rule_dirs, cli.builtin)
    origin = take_origin(rule_dirs, builtin=cli.builtin)
    if config.rule_options:
        loaded = _apply_rule_options(config, loaded)
    severity_off = tuple(sel for sel, level in config.severity if level == OFF)
    select = cli.select or config.select
    ignore = (*config.ignore, *severity_off, *cli.ignore)
    # A selector in the config that names nothing is reported at its own line.
    for key_path, selector in _config_selectors(config, cli):
        if not names_anything(loaded, selector):
            raise config.error(
                f"{key_path[0]}: unknown rule, pack or category {selector!r}", *key_path
            )
    try:
        ruleset = loaded.filter(select, ignore)
    except RuleError as exc:  # one given on the command line
        raise ConfigError(exc.message) from None
    overrides: dict[str, Severity] = {}
    for selector, level in config.severity:
        if level == OFF:
            continue
        matched = loaded.resolve(selector)
        for rule in matched:
            overrides[rule.id] = Severity.parse(level)
    fail_on = Severity.parse(cli.fail_on) if cli.fail_on else (config.fail_on or Severity.WARNING)
    options = LintOptions(
        accept=config.accept,
        severity_overrides=overrides,
        report_unused_suppressions=cli.report_unused_suppressions,
        known_rules=loaded,
        directive_rules=directive_rules_selected(select, ignore),
    )
    return LintSetup(config, ruleset, options, fail_on, loaded, origin)


def _config_selectors(
    config: Config, cli: CliOverrides
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(where in the file, selector) of each selector the config file gives: its `select`
    (unless --select replaces it), `ignore`, `severity` and `per-file-ignores` entries; checked
    before any file is linted, so a typo is reported at its own line even when no file
    matches its glob."""
    if not cli.select:
        for index, selector in enumerate(config.select):
            yield ("select", index), selector
    for index, selector in enumerate(config.ignore):
        yield ("ignore", index), selector
    for selector, _level in config.severity:
        yield ("severity", selector), selector
    for pattern, selectors in config.per_file_ignores:
        for index, selector in enumerate(selectors):
            yield ("per-file-ignores", pattern, index), selector


def _apply_rule_options(config: Config, loaded: RuleSet) -> RuleSet:
    """Each rule's `rule-options` merged into its YAML and validated again, errors pointing
    at the config file."""
    for rule_id, options in config.rule_options.items():
        if not any(rule_id.lower() in (r.id.lower(), r.spec.name) for r in loaded):
            raise config.error(
                f"rule-options: unknown rule {rule_id!r} (give a rule id or name)",
                "rule-options",
                rule_id,
            )
        try:
            loaded = with_rule_options(loaded, {rule_id: options})
        except RuleError as exc:
            # "rule hype.X: max: must be a number" -> point at `max` under this rule.
            key = re.match(r"rule [^:]+: ([\w-]+):", exc.message)
            key_path = ("rule-options", rule_id, *([key.group(1)] if key else []))
            raise config.error(f"rule-options.{rule_id}: {exc.message}", *key_path) from None
    return loaded


class ConfigResolver:
    """Which config applies to each linted file; each config is read and set up once."""

    def __init__(
        self,
        cli: CliOverrides,
        load: RuleLoader,
        *,
        explicit: Path | None = None,
        discover: bool = True,
    ) -> None:
        self.cli = cli
        self.load = load
        self.explicit = explicit
        self.discover = discover
        self._setups: dict[Path | None, LintSetup] = {}
        self._found: dict[str, Path | None] = {}  # folder -> its config (one walk per folder)

    def config_path_for(self, path: str) -> Path | None:
        if self.explicit is not None:
            return Path(os.path.abspath(self.explicit))
        if not self.discover:
            return None
        return find_config(Path.cwd() if path == "-" else Path(path), self._found)

    def setup_for(self, path: str) -> LintSetup:
        source = self.config_path_for(path)
        if source not in self._setups:
            config = load_config(source) if source is not None else DEFAULT_CONFIG
            self._setups[source] = build_setup(config, self.cli, self.load)
        return self._setups[source]


@record
class Batch:
    """Consecutive files linted with the same rules and options (usually the whole run)."""

    setup: LintSetup
    ruleset: RuleSet
    paths: list[str]


def plan_batches(
    resolver: ConfigResolver, paths: Sequence[str], *, stdin_name: str | None = None
) -> list[Batch]:
    """Group `paths` (in order) by the rules that apply to them, dropping excluded files.

    Standard input is resolved as if it were `stdin_name` (its --stdin-filename), if given.
    """
    batches: list[Batch] = []
    for path in paths:
        as_path = stdin_name if path == "-" and stdin_name else path
        setup = resolver.setup_for(as_path)
        if as_path != "-" and setup.config.is_excluded(as_path):
            continue
        ruleset = setup.ruleset_for(as_path)
        if batches and batches[-1].setup is setup and batches[-1].ruleset is ruleset:
            batches[-1].paths.append(path)
        else:
            batches.append(Batch(setup, ruleset, [path]))
    return batches


def describe(setup: LintSetup, path: str) -> dict[str, Any]:
    """The effective configuration for `path`, for `article-lint config`."""
    config = setup.config
    effective = config.as_dict()
    effective["rules"] = [str(p) for p in config.rules]
    effective["per-file-ignores (this file)"] = list(config.ignores_for(path))
    effective["fail-on"] = setup.fail_on.label
    return {
        "path": path,
        "source": str(config.source) if config.source else None,
        "excluded": config.is_excluded(path) if path != "-" else False,
        "config": effective,
        "rules": sorted(r.id for r in setup.ruleset_for(path)),
        "severity-overrides": dict(
            sorted(
                (rule_id, level.label)
                for rule_id, level in setup.options.severity_overrides.items()
            )
        ),
    }


# -- wiring for the command line -------------------------------------------------------------


def resolver_from_args(
    args: argparse.Namespace, load_cached: Callable[..., RuleSet]
) -> ConfigResolver:
    """A ConfigResolver for the lint command's parsed arguments."""
    cli = CliOverrides(
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        rules=tuple(args.rules),
        builtin=not args.no_builtin_rules,
        fail_on=args.fail_on,
        report_unused_suppressions=bool(getattr(args, "report_unused_suppressions", False)),
    )
    use_cache = not getattr(args, "no_cache", False)

    def load(dirs: Sequence[Path], builtin: bool) -> RuleSet:
        return load_cached(list(dirs), builtin=builtin, use_cache=use_cache)

    explicit = Path(args.config) if getattr(args, "config", None) else None
    if explicit is not None and not explicit.is_file():
        raise ConfigError("config file not found", path=str(explicit))
    return ConfigResolver(
        cli, load, explicit=explicit, discover=not getattr(args, "no_config", False)
    )


def config_command(argv: Sequence[str], out: TextIO) -> int:
    """`article-lint config [PATH]`: the effective configuration for PATH and its source."""
    import json

    parser = argparse.ArgumentParser(
        prog="article-lint config",
        description="Print the configuration that applies to PATH (default: the current "
        "folder): the file it came from, every key with command-line flags applied, and the "
        "rules that would run.",
    )
    parser.add_argument("path", nargs="?", default=".", metavar="PATH")
    parser.add_argument("--format", "-f", choices=("yaml", "json"), default="yaml")
    config_source = parser.add_mutually_exclusive_group()
    config_source.add_argument("--config", metavar="FILE", help="use this config file")
    config_source.add_argument("--no-config", action="store_true", help="ignore config files")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR")
    parser.add_argument("--no-builtin-rules", action="store_true")
    parser.add_argument("--select", type=_csv, action="extend", default=[], metavar="SELECTORS")
    parser.add_argument("--ignore", type=_csv, action="extend", default=[], metavar="SELECTORS")
    parser.add_argument("--fail-on", choices=[s.label for s in Severity], default=None)
    args = parser.parse_args(list(argv))
    from linter.rules import load_rules

    def load_uncached(dirs: Sequence[Path], *, builtin: bool, use_cache: bool) -> RuleSet:
        return load_rules(dirs, builtin=builtin)

    resolver = resolver_from_args(args, load_uncached)
    described = describe(resolver.setup_for(args.path), args.path)
    # The flags applied as a run applies them: --select replaces the file's, --ignore adds.
    effective = described["config"]
    effective["select"] = list(args.select or effective.get("select", []))
    effective["ignore"] = [*effective.get("ignore", []), *args.ignore]
    if args.format == "json":
        out.write(json.dumps(described, indent=2, ensure_ascii=False) + "\n")
    else:
        import yaml

        source = described["source"] or "none (built-in defaults)"
        out.write(f"# configuration for {args.path}\n# from: {source}\n")
        out.write(yaml.safe_dump(described, sort_keys=False, allow_unicode=True))
    return 0


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
