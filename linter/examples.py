"""A rule's own examples, checked: each `flag` example must be hit at exactly its [[marked]]
spans, each `pass` example not at all. tests/test_rule_examples.py runs the built-in rules'
examples through `check_example`; `article-lint test-rules --rules DIR` runs a user's.
"""

from __future__ import annotations

import re

from linter.document import Document
from linter.engine import lint_document
from linter.rules import Rule, RuleSet

# A mark opens at the last "[[" of a run, so "[[[text]]](url)" marks the text of a Markdown link.
_MARK = re.compile(r"\[\[(?!\[)(.+?)\]\]", re.S)


def unmark(example: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip [[...]] marks; return the plain text and the marked spans in it."""
    spans: list[tuple[int, int]] = []
    plain: list[str] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(example):
        before = example[cursor : match.start()]
        plain.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(1))))
        plain.append(match.group(1))
        length += len(match.group(1))
        cursor = match.end()
    plain.append(example[cursor:])
    return "".join(plain), spans


def check_example(
    rule: Rule, kind: str, example: str, everything: RuleSet, *, fmt: str | None = None
) -> str | None:
    """What is wrong with one example of `rule` (`kind` "flag" or "pass"), or None.

    Examples are prose in a plain-text article (Markdown for a rule type that reads markup;
    `fmt` overrides). A
    fallback rule looks where the other rules found nothing and may weigh what they found, and
    a rule with `context: promotional` reports only where they mark the article promotional:
    those run with `everything` loaded, as in a lint; the others alone.
    """
    text, expected = unmark(example)
    in_context = rule.matcher.fallback or rule.spec.context != "any"
    ruleset = everything if in_context else RuleSet((rule,))
    document = Document.from_text(text, fmt=fmt or example_format(rule))
    findings = [f for f in lint_document(document, ruleset) if f.rule == rule.id]
    spans = sorted((f.offset, f.end_offset) for f in findings)
    flagged = [text[start:end] for start, end in spans]
    if kind == "flag":
        if not expected:
            return f"flag example has no [[marked]] span: {example!r}"
        if spans != sorted(expected):
            wanted = [text[start:end] for start, end in sorted(expected)]
            return f"should flag {wanted} but flagged {flagged} in {text!r}"
        return None
    if spans:
        return f"should not flag {flagged} in {text!r}"
    return None


# Scopes that only Markdown (or HTML) marks out: a rule limited to them reads its examples as
# Markdown ("# [[Synergy]] wins" is a heading there, a plain line in a text file).
_MARKUP_SCOPES = frozenset({"heading", "list", "blockquote", "table", "title", "description"})


def example_format(rule: Rule) -> str:
    """The format `rule`'s examples are read in: its matcher's, or Markdown when the rule is
    limited to headings, lists, quotes, tables or the front matter."""
    if rule.spec.scope & _MARKUP_SCOPES:
        return "markdown"
    return rule.matcher.example_format


def check_rule(rule: Rule, everything: RuleSet) -> list[str]:
    """Every problem with `rule`'s examples, each as `<file>:<line>: <rule> <kind> example <n>:
    <problem>`, the line being the example's in the rule file."""
    problems = []
    spec = rule.spec
    examples = spec.examples
    if not examples.flag and not examples.passing:
        line = spec.line_of("examples") or 1
        return [
            f"{spec.source}:{line}: {rule.id}: no examples to check; give it some, "
            "`examples: {flag: [\"... [[marked]] ...\"], pass: [\"...\"]}`"
        ]
    for kind, items in (("flag", examples.flag), ("pass", examples.passing)):
        for index, example in enumerate(items, 1):
            if kind == "pass" and unmark(example)[1]:
                problem: str | None = (
                    "a pass example has a [[marked]] span; marks belong in flag examples: "
                    f"{example!r}"
                )
            else:
                problem = check_example(rule, kind, example, everything)
            if problem is not None:
                line = spec.line_of("examples", kind, index - 1) or spec.line_of("examples") or 1
                problems.append(
                    f"{spec.source}:{line}: {rule.id}: {kind} example {index}: {problem}"
                )
    return problems
