"""The literal prefilter (linter/prefilter.py) must never change a finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter import prefilter
from linter.document import Document
from linter.engine import LintOptions, lint_document
from linter.prefilter import Gate, _Runs, _windowed, _windows, derive
from linter.rules import RuleSet, load_rules
from linter.sources import read_source

REPO = Path(__file__).resolve().parent.parent


def texts(gate: Gate | None) -> set[str]:
    assert gate is not None
    return {lit.text for lit in gate.literals}


# -- (a) required literals ---------------------------------------------------------------------


def test_alternation_is_the_union_of_its_branches() -> None:
    gate = derive(re.compile(r"(?<![\w-])(?:staggering|whopping)\s+growth(?![\w-])", re.I))
    assert texts(gate) == {"staggering", "whopping"}
    assert gate is not None and all(lit.pre == (0, 0, 0) for lit in gate.literals)


def test_a_branch_without_literal_spoils_the_alternation() -> None:
    assert derive(re.compile(r"(?:staggering|\w+)", re.I)) is None
    # ... unless another part of the sequence has one.
    assert texts(derive(re.compile(r"(?:staggering|\w+) growth", re.I))) == {" growth"}


def test_optional_parts_are_not_required() -> None:
    assert texts(derive(re.compile(r"(?:amazing\s+)?bargain", re.I))) == {"bargain"}
    assert derive(re.compile(r"(?:amazing)?", re.I)) is None
    assert texts(derive(re.compile(r"(?:super)+deal", re.I))) <= {"super", "superdeal", "deal"}


def test_small_classes_expand_and_large_ones_do_not() -> None:
    assert texts(derive(re.compile(r"organi[sz]ation", re.I))) == {"organisation", "organization"}
    assert derive(re.compile(r"\d+x", re.I)) is None  # "x" alone is too common
    assert derive(re.compile(r"[a-z]+", re.I)) is None


def test_ignorecase_and_case_sensitive_patterns_give_lowercase_literals() -> None:
    assert texts(derive(re.compile(r"Record Sales", re.I))) == {"record sales"}
    assert texts(derive(re.compile(r"Record Sales"))) == {"record sales"}


def test_look_arounds_are_zero_width() -> None:
    assert derive(re.compile(r"(?=launch)\w+", re.I)) is None
    assert texts(derive(re.compile(r"(?<=buy )tickets(?! later)", re.I))) == {"tickets"}


def test_stopwords_and_short_literals_do_not_gate() -> None:
    assert derive(re.compile(r"(?:the|and)\s+\w+", re.I)) is None
    assert derive(re.compile(r"ab|cd", re.I)) is None


def test_cased_non_ascii_letters_are_never_literals() -> None:
    # "İ" lowers to two characters and "ſ" matches "s" caselessly: keep them out of literals.
    gate = derive(re.compile(r"İstanbul", re.I))
    assert gate is None or all(lit.text.isascii() for lit in gate.literals)


def test_pre_bounds_count_what_comes_before_the_literal() -> None:
    gate = derive(re.compile(r"(?:is|are)\s+skyrocketing", re.I))
    assert gate is not None
    (lit,) = gate.literals
    assert lit.text == "skyrocketing" and lit.pre == (3, 1, 0)  # "are" + one white-space run


def test_unbounded_non_run_repeats_have_no_bound() -> None:
    gate = derive(re.compile(r".*skyrocketing", re.I))
    assert gate is not None and [lit.pre for lit in gate.literals] == [None]


def test_the_fold_table_is_complete() -> None:
    """Every non-ASCII character `re` matches to an ASCII letter caselessly is in
    `_FOLDS_TO_ASCII` (so the lowercased fast scan is never used on such a text)."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    folding = [
        chr(c)
        for c in range(128, 0x110000)
        if not 0xD800 <= c < 0xE000 and letters.fullmatch(chr(c))
    ]
    assert folding and all(prefilter._FOLDS_TO_ASCII.fullmatch(c) for c in folding)


# -- (b) property: every match contains a literal, and windowed scans equal finditer ------------

_ATOMS = ["abc", "bca", "cab", "abab", "cc", "a", r"\s+", r"\w*", r"[ab]", r"[abc ]", ".", r"\b"]


def _patterns() -> st.SearchStrategy[str]:
    atom = st.sampled_from(_ATOMS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            inner.map(lambda x: f"(?:{x})?"),
            inner.map(lambda x: f"(?:{x}){{1,2}}"),
            inner.map(lambda x: f"(?:{x})+"),
            inner.map(lambda x: f"(?<![\\w-])(?:{x})(?![\\w-])"),
            inner.map(lambda x: f"(?=a)(?:{x})"),
            # Something before the literal, so that matches start before it (the `pre` bound).
            st.tuples(st.sampled_from(_PREFIXES), inner).map("".join),
        )

    return st.recursive(atom, extend, max_leaves=8)


_PREFIXES = [r"\s+", r"\w*", r"[ab]\s", ".", r"(?:\s*\w+){0,2}\s", "a ", r"[\w-]+\s+"]
_TEXT = st.lists(
    st.sampled_from(["abc", "bca", "cab", "abab", "a", "b", "c", " ", "   ", "\n", "AB", "ſ", "K"]),
    max_size=25,
).map("".join)


def _occurrences(gate: Gate, text: str) -> list[tuple[int, tuple[int, int, int] | None, int]]:
    hits = []
    for lit in gate.literals:
        for m in re.finditer(f"(?=({re.escape(lit.text)}))", text, re.IGNORECASE):
            hits.append((m.start(), lit.pre, len(lit.text)))
    return hits


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_patterns(), text=_TEXT, ignorecase=st.booleans())
# Matches that start well before their literal, across long white space, and in a row.
@example(pattern=r"\s+abab", text="x   abab", ignorecase=True)
@example(pattern=r"(?:\s*\w+){0,2}\sabc", text="ab cab abc abc", ignorecase=True)
@example(pattern=r"[\w-]+\s+abc(?!\w)", text="ab-ab  \n  ABC  c abc abcc", ignorecase=False)
@example(pattern=r"(?:abc|bca)(?:\s+cab)?", text="abcabc bca cab ſ abc", ignorecase=True)
@example(pattern=r"(?:\w+\s+){1,3}abab\s+\w+", text="cabcab   cabcab abab   bcab", ignorecase=True)
def test_every_match_contains_a_literal(pattern: str, text: str, ignorecase: bool) -> None:
    compiled = re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    gate = derive(compiled)
    if gate is None:
        return
    for start in range(len(text) + 1):
        m = compiled.match(text, start)
        if m is not None:
            found = m.group()
            assert any(
                re.search(re.escape(lit.text), found, re.IGNORECASE) for lit in gate.literals
            ), (pattern, text, found)
    hits = _occurrences(gate, text)
    windows = _windows(hits, gate.reach, _Runs(text), len(text)) if hits else []
    assert [m.span() for m in _windowed(compiled, text, windows)] == [
        m.span() for m in compiled.finditer(text)
    ], (pattern, text)


# -- (c) the built-in rules give byte-identical findings with and without ---------------------


def _articles() -> list[Path]:
    roots = [REPO / "seeds", REPO / "bench" / "blind", REPO / "bench" / "heldout"]
    roots.append(REPO / "bench" / "corpus" / "1mb")  # generated by bench/bench.py, if present
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(
                p
                for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix in (".md", ".txt", ".html", ".htm", ".markdown")
            )
    return found


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    rules = load_rules()
    prefilter.prepare(rules)  # else the first ~0.5 MB of text are linted without it
    return rules


def test_builtin_rules_are_mostly_gated(ruleset: RuleSet) -> None:
    gated = [r for r in ruleset if prefilter.rule_gate(r.matcher) is not None]
    assert len(gated) >= len(ruleset) // 2


def test_identical_findings_with_and_without_prefilter(ruleset: RuleSet) -> None:
    articles = _articles()
    assert articles
    for path in articles:
        try:
            text = read_source(str(path)).text
        except Exception:  # an unreadable sample is the sources module's concern
            continue
        on = lint_document(Document.from_text(text, path=str(path)), ruleset)
        off = lint_document(
            Document.from_text(text, path=str(path)), ruleset, LintOptions(prefilter=False)
        )
        assert on == off, path


def test_small_runs_skip_building_the_scan() -> None:
    rules = load_rules()  # not prepared: deriving and compiling would cost more than it saves
    before = prefilter._linted
    assert not prefilter.wanted(rules, "short text") or before >= prefilter.WORTH_BUILDING
    prefilter.prepare(rules)
    assert prefilter.wanted(rules, "short text")


def test_environment_switch(monkeypatch: pytest.MonkeyPatch, ruleset: RuleSet) -> None:
    monkeypatch.setenv("ARTICLE_LINT_NO_PREFILTER", "1")
    assert not prefilter.enabled()
    monkeypatch.setenv("ARTICLE_LINT_NO_PREFILTER", "0")
    assert prefilter.enabled()


def test_gates_survive_the_rule_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.cache import load_rules_cached

    monkeypatch.setenv("ARTICLE_LINT_CACHE_DIR", str(tmp_path))
    load_rules_cached()
    second = load_rules_cached()  # from the pickle
    assert list(tmp_path.glob("rules-*.pickle"))
    for rule in second:
        # Restored with the rule, not derived again: its reach, not its literals (they only
        # serve to build the literal scan, which is restored whole).
        assert "_prefilter_gate" in rule.matcher.__dict__
        restored = rule.matcher.__dict__["_prefilter_gate"]
        fresh = derive(rule.matcher.gate_pattern())
        assert (restored is None) == (fresh is None)
        if fresh is not None:
            assert restored.reach == fresh.reach and restored.literals is None
            # Asked for (to build a scan for another rule set), the literals are derived again.
            assert prefilter.rule_gate(rule.matcher) == fresh
    assert prefilter._scanners.get(second) is not None  # the literal scan, restored too
    text = "Demand is skyrocketing, experts say. Record-breaking orders! Buy now."
    assert lint_document(Document.from_text(text), second) == lint_document(
        Document.from_text(text), second, LintOptions(prefilter=False)
    )
