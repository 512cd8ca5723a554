"""Rule documentation, generated from the rule's own YAML (summary, why, options, examples).

The same text is printed by `article-lint explain RULE` and written to docs/rules/.
"""

from __future__ import annotations

import re

from linter.rules import RuleSpec

_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)


def render_rule_doc(spec: RuleSpec) -> str:
    lines = [
        f"# {spec.id} ({spec.name})",
        "",
        f"Category: {spec.category} · severity: {spec.severity.label} · type: {spec.extends}",
        "",
        "## What it does",
        "",
        spec.summary,
        "",
    ]
    if spec.why:
        lines += ["## Why is this bad", "", spec.why.strip(), ""]
    if spec.examples.flag:
        lines += ["## Flagged", ""]
        lines += ["- " + _MARK.sub(r"**\1**", ex) for ex in spec.examples.flag]
        lines.append("")
    if spec.examples.passing:
        lines += ["## Fine", ""]
        lines += [f"- {ex}" for ex in spec.examples.passing]
        lines.append("")
    if spec.link:
        lines += [f"More: {spec.link}", ""]
    return "\n".join(lines)
