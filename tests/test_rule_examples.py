"""Every built-in rule's own YAML examples: flag examples must hit exactly the [[marked]] spans,
pass examples must give no finding from that rule. One parametrised test runs them all."""

from __future__ import annotations

import pytest

from linter.examples import check_example, unmark
from linter.rules import load_rules

RULES = load_rules()


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
    problem = check_example(rule, kind, example, RULES)
    assert problem is None, f"{rule_id}: {problem}"


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
