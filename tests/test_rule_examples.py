"""Every built-in rule's own YAML examples: flag examples must hit exactly the [[marked]] spans,
pass examples must give no finding from that rule. One parametrised test runs them all."""

from __future__ import annotations

import re

import pytest

from linter.document import Document
from linter.engine import lint_document
from linter.rules import RuleSet, load_rules

# A mark opens at the last "[[" of a run, so "[[[text]]](url)" marks the text of a Markdown link.
_MARK = re.compile(r"\[\[(?!\[)(.+?)\]\]", re.S)
RULES = load_rules()


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


def _cases() -> list[object]:
    cases = []
    for rule in RULES:
        for index, example in enumerate(rule.spec.examples.flag):
            cases.append(pytest.param(rule.id, "flag", example, id=f"{rule.id}-flag-{index}"))
        for index, example in enumerate(rule.spec.examples.passing):
            cases.append(pytest.param(rule.id, "pass", example, id=f"{rule.id}-pass-{index}"))
    return cases


@pytest.mark.parametrize(("rule_id", "kind", "example"), _cases())
def test_rule_example(rule_id: str, kind: str, example: str) -> None:
    rule = RULES.get(rule_id)
    assert rule is not None
    text, expected = unmark(example)
    # Examples are prose in a plain-text article (Markdown for a rule type that reads markup);
    # the [[ ]] marks must not survive unmarking.
    # A fallback rule looks where the other rules found nothing, and may weigh what they found
    # (Matcher.fallback), and a rule with `context: promotional` reports only where they mark
    # the article as promotional: their examples run with the whole built-in set, as in a lint.
    in_context = rule.matcher.fallback or rule.spec.context != "any"
    ruleset = RULES if in_context else RuleSet((rule,))
    document = Document.from_text(text, fmt=rule.matcher.example_format)
    findings = [f for f in lint_document(document, ruleset) if f.rule == rule_id]
    spans = sorted((f.offset, f.end_offset) for f in findings)
    if kind == "flag":
        assert expected, f"{rule_id}: flag example has no [[marked]] span: {example!r}"
        assert spans == sorted(expected), (
            f"{rule_id} should flag {[text[s:e] for s, e in expected]} "
            f"but flagged {[text[s:e] for s, e in spans]} in {text!r}"
        )
    else:
        assert spans == [], f"{rule_id} should not flag {[text[s:e] for s, e in spans]} in {text!r}"


def test_every_rule_has_examples() -> None:
    missing = [
        r.id
        for r in RULES
        if not (r.spec.examples.flag and r.spec.examples.passing) and r.spec.extends != "metric"
    ]
    assert missing == [], f"rules without both flag and pass examples: {missing}"


def test_unmark_reports_spans() -> None:
    text, spans = unmark("a [[bc]] d [[e]]")
    assert text == "a bc d e"
    assert [text[s:e] for s, e in spans] == ["bc", "e"]
    text, spans = unmark("see [[[the offer]]](https://example.com)")
    assert text == "see [the offer](https://example.com)"
    assert [text[s:e] for s, e in spans] == ["the offer"]
