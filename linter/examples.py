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
    document = Document.from_text(text, fmt=fmt or rule.matcher.example_format)
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


def check_rule(rule: Rule, everything: RuleSet) -> list[str]:
    """Every problem with `rule`'s examples, each as `<kind> <n>: <problem>`."""
    problems = []
    examples = rule.spec.examples
    for kind, items in (("flag", examples.flag), ("pass", examples.passing)):
        for index, example in enumerate(items, 1):
            problem = check_example(rule, kind, example, everything)
            if problem is not None:
                problems.append(f"{kind} example {index}: {problem}")
    return problems
