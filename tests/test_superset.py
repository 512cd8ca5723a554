"""RE2 supersets (linter/superset.py): every place a rule's `re` pattern can start a match must
lie inside the ranges its superset reports, or the prefilter would lose findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter import prefilter
from linter.document import Document
from linter.engine import LintOptions, lint_document
from linter.prefilter import _compile_superset, _superset_starts, _windowed, rule_superset
from linter.rules import RuleSet, load_rules
from linter.sources import read_source
from linter.superset import latin1_view, translate, translate_marked

REPO = Path(__file__).resolve().parent.parent


def starts(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    compiled = _compile_superset(translate(pattern))
    assert compiled is not None, pattern.pattern
    return _superset_starts(compiled, latin1_view(text))


def assert_covers(pattern: re.Pattern[str], text: str) -> None:
    ranges = starts(pattern, text)
    for position in range(len(text) + 1):
        if pattern.match(text, position) is not None:
            assert any(low <= position <= high for low, high in ranges), (
                pattern.pattern,
                text,
                position,
            )
    windows = [(low, high, len(text)) for low, high in ranges]
    # The superset matches no empty string, so neither does the pattern: `_windowed` applies.
    assert [m.span() for m in _windowed(pattern, text, windows)] == [
        m.span() for m in pattern.finditer(text)
    ]


# -- (a) the translation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        # Letters whose case partner lies above U+00FF: the long s, the Kelvin sign, ÿ/Ÿ, µ/μ.
        (r"(?i)strasse", "die Straſſe ist lang"),
        (r"(?i)\bkelvin\b", "273 \u212aelvin"),
        (r"(?i)ÿes", "\u0178es"),
        (r"(?i)µm", "5 \u03bcm and 5 \u039cm"),
        # Characters above U+00FF in the pattern and in the text.
        (r"it[’']s", "it’s and it's"),
        (r"“[^”]{3,600}”", "he said “this is fine” twice"),
        (r"[\w-]+\s+agree", "Experts agree; Ekspertų agree; 専門家 agree"),
        (r"(?<![\w-])the\s+best(?![\w-])", "THE BEST the  best thebest"),
        (r"\d+\s*%", "٣٤ % and 12%"),
        (r"(?i:ok)\s+(?-i:No)", "OK No ok no"),
        (r"(?s)a.b|c.d", "a\nb c\nd"),
        (r"[^a-z ]{2}", "ab ÉÉ 中文 ??"),
        (r"x{150}", "x" * 200),
    ],
)
def test_supersets_cover_every_match(pattern: str, text: str) -> None:
    assert_covers(re.compile(pattern), text)


def test_a_back_reference_cuts_the_superset_there() -> None:
    # RE2 has no back references: the superset stops before one, and still covers every match.
    pattern = re.compile(r"There are (?P<noun>[a-z]+) you [a-z]+ and (?P=noun) you")
    assert translate(pattern) is not None
    assert_covers(pattern, "There are places you visit and places you love.")
    assert_covers(pattern, "There are hotels you stay in and hotels you fall into.")
    assert starts(pattern, "No such pair here.") == []


def test_a_superset_matching_nothing_is_refused() -> None:
    # Everything optional: RE2 would report an empty match at every position.
    assert _compile_superset(translate(re.compile(r"(?<!x)a?"))) is None


_ATOMS = ["abc", "bca", "ab", "a", "ſ", "K", "é", "’"]
_ATOMS += [r"\s+", r"\w*", r"[ab]", r"[^b ]", ".", r"\b"]
# Open repeats that run across sentences: the linear supersets cut the path there.
_ATOMS += [r"[^!\n]*", r".+"]
# Text pieces: the long s and the Kelvin sign fold onto ASCII; "?" is the Latin-1 placeholder.
_PIECES = ["abc", "bca", "ab", "a", "b", " ", "  ", "\n", "AB", "ſ", "\u212a", "k", "É", "é"]
_PIECES += ["’", "?", ". "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=3).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            inner.map(lambda x: f"(?:{x})?"),
            inner.map(lambda x: f"(?:{x}){{1,2}}?"),
            inner.map(lambda x: f"(?<![\\w-])(?:{x})(?![\\w-])"),
            inner.map(lambda x: f"(?i:{x})"),
            inner.map(lambda x: f"(?=a)(?:{x})"),
        )

    return st.recursive(st.sampled_from(_ATOMS), extend, max_leaves=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_patterns(), text=_TEXT, ignorecase=st.booleans())
@example(pattern="ab", text="\u212a AB ab", ignorecase=True)
@example(pattern="(?i:ſ)", text="s S ſ", ignorecase=False)
@pytest.mark.parametrize("linear", [False, True])
def test_random_patterns_are_covered(
    pattern: str, text: str, ignorecase: bool, linear: bool
) -> None:
    compiled = re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    source = translate(compiled, linear=linear)
    superset = _compile_superset(source)
    if superset is None:  # untranslatable, or matches the empty string: the rule is not gated
        return
    ranges = _superset_starts(superset, latin1_view(text))
    for position in range(len(text) + 1):
        if compiled.match(text, position) is not None:
            assert any(low <= position <= high for low, high in ranges), (pattern, text, position)


def test_long_matches_keep_every_start_and_narrow_windows() -> None:
    # Superset matches running on past the next start ("buy ... buy ... now") used to be taken
    # whole; a long one now gives its start only, and the next search begins one later.
    pattern = re.compile(r"(?<![\w-])buy\b[^.!?]{0,60}?\bnow\b", re.IGNORECASE)
    text = "Buy one, buy two, and then buy now. Nothing to buy here."
    ranges = starts(pattern, text)
    assert sum(high - low + 1 for low, high in ranges) < 12  # starts, not the sentence
    assert_covers(pattern, text)


class _SearchOnly:
    """An RE2 regex seen only through its public `search` (another binding version)."""

    def __init__(self, compiled: object) -> None:
        self.search = compiled.search  # type: ignore[attr-defined]


class _CountingSearch(_SearchOnly):
    def __init__(self, compiled: object) -> None:
        super().__init__(compiled)
        self.calls = 0
        search = self.search

        def counted(view: bytes, position: int) -> object:
            self.calls += 1
            return search(view, position)

        self.search = counted


def test_a_match_running_to_the_end_of_a_paragraph_is_not_searched_again_from_each_start() -> None:
    # `[^!\n]{0,150}` is too long to unroll, so the superset runs on to the paragraph's end:
    # searching again from every "buy" inside it would be quadratic in the paragraph's length.
    pattern = re.compile(r"\bbuy\b[^!\n]{0,150}?\bnow\b", re.IGNORECASE)
    text = "buy it, " * 2000 + "then act now"
    superset = _CountingSearch(_compile_superset(translate(pattern)))
    ranges = _superset_starts(superset, latin1_view(text))
    assert superset.calls <= 3
    assert_covers(pattern, text)
    assert ranges


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_patterns(), text=_TEXT)
def test_public_search_gives_the_same_starts(pattern: str, text: str) -> None:
    superset = _compile_superset(translate(re.compile(pattern, re.IGNORECASE)))
    if superset is None:
        return
    view = latin1_view(text)
    assert _superset_starts(_SearchOnly(superset), view) == _superset_starts(superset, view)


@settings(
    max_examples=200,
    deadline=None,
    # The one patched attribute is the same for every example.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pattern=_patterns(), text=_TEXT, bounds=st.tuples(st.integers(0, 40), st.integers(0, 40)))
@example(pattern="ab", text="xab", bounds=(0, 2))  # the match runs past `end`
@example(pattern="ab", text="abxab", bounds=(1, 4))  # the match starts before `start`
@example(pattern="ab", text="abxab", bounds=(1, 5))
def test_gated_search_answers_as_search(
    pattern: str, text: str, bounds: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    start, end = min(bounds), max(bounds)
    monkeypatch.setattr(prefilter, "_planned", prefilter.RE2_WORTH_COMPILING)
    expected = compiled.search(text, start, end) is not None
    assert prefilter.gated_search(compiled, text, start, end) == expected


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pattern=_patterns(), text=_TEXT)
@example(pattern="ab", text="ab xab abab")
def test_gated_spans_are_finditer_spans(
    pattern: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    monkeypatch.setattr(prefilter, "_planned", prefilter.RE2_WORTH_COMPILING)
    text = "".join(text)  # a new string: the per-text memo must not answer from another run
    assert prefilter.gated_spans(compiled, text) == [m.span() for m in compiled.finditer(text)]


# -- (b) the built-in rules give identical findings through either gate -------------------------


def _articles() -> list[Path]:
    roots = [REPO / "seeds", REPO / "bench" / "blind", REPO / "bench" / "heldout"]
    roots.append(REPO / "bench" / "corpus" / "1mb")  # generated by bench/bench.py, if present
    return [
        p
        for root in roots
        if root.is_dir()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".txt", ".html", ".htm", ".markdown")
    ]


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    rules = load_rules()
    prefilter.prepare(rules)
    return rules


def test_builtin_rules_mostly_have_supersets(ruleset: RuleSet) -> None:
    gated = [r for r in ruleset if r.matcher.gate_pattern() is not None]
    with_superset = [r for r in gated if _compile_superset(rule_superset(r.matcher)) is not None]
    assert len(with_superset) >= len(gated) * 0.9


def test_a_repeat_running_across_sentences_is_cut_from_the_linear_superset() -> None:
    # A widened "[^!\n]{0,150}" keeps RE2 reading to the paragraph's end after each match, as
    # long as the alternative holding it might still complete: the linear form stops there.
    crossing = re.compile(r"(?i)\b(?:buy|text)\b[^!\n]{0,150}?\bnow\b|\btext\s+\w+")
    source, spans = translate_marked(crossing)
    assert spans and source is not None and b"*" in source
    linear = translate(crossing, linear=True)
    # The first alternative ends at its verb; the second, which cannot cross, is kept whole.
    assert linear is not None and linear.startswith(b"(?i)(?:(?:buy|text)|text(?:[")
    assert linear.count(b"+") == 2 and b"*" not in linear
    # A repeat that stops at a full stop does not run across sentences: nothing to cut.
    within = re.compile(r"(?i)\bbuy\b[^.!?\n]{0,150}?\bnow\b")
    assert translate_marked(within)[1] is False
    assert translate(within, linear=True) == translate(within)


@pytest.mark.parametrize("gates", ["superset", "linear", "literal"])
def test_identical_findings_through_each_gate(
    gates: str, ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefilter, "RE2_WORTH_COMPILING", 0 if gates != "literal" else 10**18)
    if gates == "linear":  # every document planned as if it were one long paragraph
        monkeypatch.setattr(prefilter, "LONG_PARAGRAPH", 0)
    articles = _articles()
    assert articles
    used = 0
    for path in articles:
        try:
            text = read_source(str(path)).text
        except Exception:  # an unreadable sample is the sources module's concern
            continue
        doc = Document.from_text(text, path=str(path))
        planned = prefilter.plan(doc, ruleset)
        used += len(planned.starts) if gates != "literal" else len(planned.occurrences)
        if gates == "literal":
            assert not planned.starts
        on = lint_document(doc, ruleset)
        off = lint_document(
            Document.from_text(text, path=str(path)), ruleset, LintOptions(prefilter=False)
        )
        assert on == off, path
    assert used  # the gate under test really ran


def test_expect_turns_the_superset_gates_on_from_the_first_document(
    ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefilter, "_planned", 0)
    text = "Experts agree it is the best deal on the market. Book your free demo today!"
    assert not prefilter.plan(Document.from_text(text), ruleset).starts  # a small run: literals
    prefilter.expect(ruleset, 100)  # too little text ahead to pay for compiling
    assert not prefilter.plan(Document.from_text(text), ruleset).starts
    prefilter.expect(ruleset, 10 * prefilter.RE2_WORTH_COMPILING)
    assert prefilter.plan(Document.from_text(text), ruleset).starts


def test_a_big_run_builds_the_literal_scan_once_before_a_pool_forks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With --no-cache (or a rule set the cache does not hold) there is no literal scan yet;
    # each worker of a pool would otherwise build its own after its first 512 KB.
    from linter import parallel

    fresh = load_rules()  # new Rule objects: no scan restored or built for them
    monkeypatch.setattr(prefilter, "_linted", 0)
    assert not prefilter.wanted(fresh, "")
    prefilter.expect(fresh, prefilter.WORTH_BUILDING - 1)
    assert fresh not in prefilter._scanners
    sizes: list[int] = []
    monkeypatch.setattr(prefilter, "expect", lambda _ruleset, size: sizes.append(size))
    monkeypatch.setattr(parallel, "lint_paths", lambda *args, **kwargs: iter(()))
    paths = []
    for index in range(3):
        path = tmp_path / f"a{index}.txt"
        path.write_text("word " * (prefilter.WORTH_BUILDING // 10), encoding="utf-8")
        paths.append(str(path))
    list(parallel.lint_paths_parallel(paths, fresh, jobs=1))
    assert sizes and sizes[0] >= prefilter.WORTH_BUILDING  # the walk over sizes went far enough
    monkeypatch.undo()
    monkeypatch.setattr(prefilter, "_linted", 0)
    prefilter.expect(fresh, prefilter.WORTH_BUILDING)
    assert fresh in prefilter._scanners and prefilter.wanted(fresh, "")
