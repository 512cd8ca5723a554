"""Rule documentation, generated from the rule's own YAML (summary, why, options, examples).

The same text is printed by `article-lint explain RULE` and written to docs/rules/ by

    python -m linter.docs --write docs/rules     # (re)generate docs/rules/*.md
    python -m linter.docs --check docs/rules     # exit 1 if they are stale

so the docs can never drift from the rules: tests/test_docs.py runs the check.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from linter.rules import Rule, RuleSet, RuleSpec, is_list_file, reads_list_file

# A mark opens at the last "[[" of a run, so "[[[text]]](url)" marks the text of a Markdown link.
_MARK = re.compile(r"\[\[(?!\[)(.+?)\]\]", re.S)
INDEX_NAME = "README.md"
REGENERATE_HINT = "run python -m linter.docs --write docs/rules"


def _value_summary(value: Any) -> str:
    """A short description of an option's value in this rule (lists can be long)."""
    if is_list_file(value):
        return f"read from `{value['file']}`"
    if isinstance(value, list) and reads_list_file(value):
        own = [item for item in value if not isinstance(item, dict)]
        files = ", ".join(f"`{item['file']}`" for item in value if isinstance(item, dict))
        return f"{len(own)} entr{'y' if len(own) == 1 else 'ies'}, and those of {files}"
    if isinstance(value, list | dict):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"`{text}`" if len(text) <= 60 else f"`{text[:57]}...`"


def _type_keys(spec: RuleSpec) -> Mapping[str, str]:
    from linter.matchers import matcher_class

    try:
        return matcher_class(spec.extends).keys
    except (KeyError, ImportError):  # a rule type another contributor has not landed yet
        return {}


def render_rule_doc(spec: RuleSpec, *, fixable: bool | None = None) -> str:
    """The documentation of one rule, as Markdown (also readable as plain text)."""
    fix = "" if fixable is None else f" · fix: {'safe, applied by --fix' if fixable else 'none'}"
    lines = [
        f"# {spec.id} ({spec.name})",
        "",
        f"Category: {spec.category} · severity: {spec.severity.label} · type: {spec.extends}" + fix,
        "",
        "## What it does",
        "",
        spec.summary,
        "",
    ]
    if spec.why:
        lines += ["## Why is this bad?", "", " ".join(spec.why.split()), ""]
    if spec.examples.flag:
        lines += ["## Flagged examples", ""]
        lines += ["- " + _MARK.sub(r"**\1**", ex).strip() for ex in spec.examples.flag]
        lines.append("")
    if spec.examples.passing:
        lines += ["## Fine examples", ""]
        lines += [f"- {ex.strip()}" for ex in spec.examples.passing]
        lines.append("")
    lines += ["## Message", "", f"    {spec.message.strip()}", ""]
    keys = _type_keys(spec)
    if keys:
        lines += ["## Options", "", f"Keys of the `{spec.extends}` rule type:", ""]
        for key, description in keys.items():
            here = (
                f" (this rule: {_value_summary(spec.options[key])})" if key in spec.options else ""
            )
            lines.append(f"- `{key}`: {description}{here}")
        lines.append("")
    scopes = ", ".join(sorted(spec.scope))
    lines += [
        "## Settings",
        "",
        f"- id `{spec.id}`, name `{spec.name}`, pack `{spec.pack}`, scope: {scopes}"
        + ("" if spec.enabled else ", off by default (turn on with --select)")
        + (
            ", reports only in an article the other rules mark as promotional"
            " (`context: promotional`)"
            if spec.context == "promotional"
            else ""
        )
        + (
            "; inside a quotation, only in an article the other rules mark as promotional"
            " (`quotations: promotional`)"
            if spec.quotations == "promotional"
            else ""
        ),
        f"- turn off: `article-lint --ignore {spec.id} PATH`",
        "",
    ]
    if spec.link:
        lines += ["## More", "", spec.link, ""]
    return "\n".join(lines)


def _summary_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_index(ruleset: RuleSet) -> str:
    lines = [
        "# Rules",
        "",
        f"Generated from the rule YAML files; do not edit ({REGENERATE_HINT}).",
        "Each rule's page is also printed by `article-lint explain RULE`.",
        "",
        "| id | category | severity | fix | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in sorted(ruleset, key=lambda r: r.id):
        spec = rule.spec
        fixable = "yes" if _is_fixable(rule) else ""
        lines.append(
            f"| [{spec.id}]({spec.id}.md) | {spec.category} | {spec.severity.label} | "
            f"{fixable} | {_summary_cell(spec.summary)} |"
        )
    return "\n".join(lines) + "\n"


def _is_fixable(rule: Rule) -> bool:
    return bool(getattr(rule.matcher, "fixable", False))


def generated_files(ruleset: RuleSet) -> dict[str, str]:
    """File name -> content for the whole docs/rules folder."""
    files = {
        f"{rule.id}.md": render_rule_doc(rule.spec, fixable=_is_fixable(rule)) for rule in ruleset
    }
    files[INDEX_NAME] = render_index(ruleset)
    return files


def stale_files(folder: Path, expected: Mapping[str, str]) -> list[str]:
    """Names of files in `folder` that differ from, are missing from, or are not in `expected`."""
    stale = [
        name
        for name, content in expected.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != content
    ]
    if folder.is_dir():
        stale += sorted(p.name for p in folder.glob("*.md") if p.name not in expected)
    return sorted(stale)


def write_docs(folder: Path, expected: Mapping[str, str]) -> list[str]:
    """Bring `folder` up to date; return the names written or removed. Unchanged files are not
    rewritten (their mtime stays), pages of removed rules are deleted."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale_files(folder, expected)
    for name in changed:
        target = folder / name
        if name in expected:
            target.write_text(expected[name], encoding="utf-8", newline="\n")
        else:
            target.unlink()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    from linter.rules import load_rules

    parser = argparse.ArgumentParser(
        prog="python -m linter.docs", description="Generate docs/rules/ from the built-in rules."
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="DIR", help="(re)generate the rule docs in DIR")
    action.add_argument("--check", metavar="DIR", help="exit 1 if the rule docs in DIR are stale")
    args = parser.parse_args(argv)
    expected = generated_files(load_rules())
    if args.write:
        changed = write_docs(Path(args.write), expected)
        print(f"{len(changed)} file(s) updated in {args.write}; {len(expected)} in all")
        return 0
    stale = stale_files(Path(args.check), expected)
    if stale:
        print(f"stale rule docs in {args.check}: {', '.join(stale)}; {REGENERATE_HINT}")
        return 1
    print(f"rule docs in {args.check} are up to date ({len(expected)} files)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
