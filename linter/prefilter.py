"""A literal prefilter: run a rule's regex only near the words it cannot match without.

Almost all lint time is each rule's regex scanning the whole prose of every document. Most rules
can only match where one of a few words occurs ("staggering", "record-breaking", ...), so:

1. At load time, `derive` reads the regex parse tree of the one pattern a rule's hits all lie on
   (`Matcher.gate_pattern`) and works out *required literals*: strings such that every match of
   the pattern contains one of them, each with `pre`, the furthest a match can start before it.
   Widths of unbounded repeats are kept symbolic: a run of `\\s` is at most the document's
   longest white-space run, a run of a class without white space (`[\\w-]*`) its longest
   non-space run; anything else unbounded (`.*`, `[^"]+`) makes a bound unknown.
2. At lint time, `plan` scans the prose once, with one case-insensitive trie regex of every
   gated rule's literals inside a look-ahead (so overlapping literals are all seen), and gives
   each rule the windows where a match could start. A rule with no literal in the document is
   skipped; the others run only over their windows (`prose_matches`), with the exact results of
   a full `finditer`: see `_windowed` for why.

3. Once a process has linted 256 KB (an archive run, not a pre-commit run on one file), a rule
   whose pattern has an RE2 superset (linter/superset.py) is gated by it instead: RE2 finds, in
   one linear pass, the ranges where that superset matches, every start of the rule's own
   matches lies in one of them (`_superset_starts`), and the rule's regex is tried there only.
   That is several times faster than the literal windows, which are wider and come from a
   scan costing more than all the RE2 passes together; compiling the supersets costs ~0.1 s.
   The same gates serve the scans a rule makes besides its own pattern: its evidence looked
   for over a paragraph or the whole article (`gated_search`) and its exceptions
   (`gated_spans`).

The literals are a superset test: case-sensitive patterns are gated by a caseless scan, and a
rule whose pattern cannot be analysed (or whose literals would be too common to help) simply
always runs. `ARTICLE_LINT_NO_PREFILTER=1` (or `LintOptions(prefilter=False)`) switches the
prefilter off, a debugging aid: the findings must be byte-identical either way.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence

from linter.patterns import _memo_for, is_regex, repeat_ops, scan_spans, sre_modules, trie_regex
from linter.record import field, record
from linter.superset import latin1_view, translate, translate_marked

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

    from linter.document import Document, Span
    from linter.rules import Rule, RuleSet

# A width bound `const + ws * W_s + nws * W_n`, where W_s and W_n are a document's longest run
# of white space and of non-white-space characters; None means unbounded (unknown).
Form = tuple[int, int, int]

_ZERO: Form = (0, 0, 0)
_ONE: Form = (1, 0, 0)
# More alternative strings than this from one part of a pattern: treat it as not literal.
_MAX_STRINGS = 64
# Literals shorter than this (after trimming spaces) are too common to gate on.
_MIN_LITERAL = 3
# Words so common that a literal made only of them would make almost every paragraph a candidate.
_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "may",
        "more",
        "most",
        "much",
        "my",
        "no",
        "not",
        "now",
        "of",
        "on",
        "one",
        "or",
        "our",
        "out",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def _add(a: Form | None, b: Form | None) -> Form | None:
    if a is None or b is None:
        return None
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _scale(a: Form | None, times: int) -> Form | None:
    return None if a is None else (a[0] * times, a[1] * times, a[2] * times)


def _max(a: Form | None, b: Form | None) -> Form | None:
    if a is None or b is None:
        return None
    return (max(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2]))


def evaluate(form: Form | None, longest_space: int, longest_word: int) -> int | None:
    if form is None:
        return None
    return form[0] + form[1] * longest_space + form[2] * longest_word


@record(frozen=True)
class Literal:
    """A string every match of some pattern branch contains, and how far before it a match can
    start (`pre`) at most."""

    text: str
    pre: Form | None


@record(frozen=True)
class Gate:
    """What the prefilter knows about one rule's gating pattern."""

    # None in a gate restored from a pickle (see __reduce__): derive them again if needed.
    literals: tuple[Literal, ...] | None
    # Furthest a match (with its look-aheads and boundary checks) can read past its start.
    reach: Form | None

    def __reduce__(self) -> tuple[Any, ...]:
        # The literals only serve to build a scanner, and the rule cache stores the scanner
        # built from them: pickled, they were ~6,000 objects and 3 ms of every warm start.
        return Gate, (None, self.reach)


class _Analyser:
    def __init__(self) -> None:
        self.parser, self.sre = sre_modules()
        sre = self.sre
        self.single = {sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY}
        self.repeats = repeat_ops(sre)
        self.groups = {sre.SUBPATTERN}
        atomic = getattr(sre, "ATOMIC_GROUP", None)
        self.atomic = atomic
        # Memos by parse-tree node (alive while the analyser is): big alternations nest deep,
        # and a sequence's widths and strings are asked for again by every enclosing part.
        self._widths: dict[tuple[int, bool], Form | None] = {}
        self._strings: dict[int, set[str] | None] = {}

    # -- widths --------------------------------------------------------------------------

    def width(self, items: Sequence[tuple[Any, Any]], *, looks: bool) -> Form | None:
        """Upper bound of the characters `items` consume (`looks`: also count look-ahead
        bodies as if consumed, bounding how far the matcher reads)."""
        total: Form | None = _ZERO
        for op, av in items:
            total = _add(total, self.item_width(op, av, looks=looks))
            if total is None:
                return None
        return total

    def item_width(self, op: Any, av: Any, *, looks: bool) -> Form | None:
        if op in self.single:
            return _ONE
        key = (id(av), looks)
        if key not in self._widths:
            self._widths[key] = self._item_width(op, av, looks=looks)
        return self._widths[key]

    def _item_width(self, op: Any, av: Any, *, looks: bool) -> Form | None:
        sre = self.sre
        if op is sre.SUBPATTERN:
            return self.width(av[3].data, looks=looks)
        if self.atomic is not None and op is self.atomic:
            return self.width(av.data, looks=looks)
        if op is sre.BRANCH:
            found: Form | None = _ZERO
            for branch in av[1]:
                found = _max(found, self.width(branch.data, looks=looks))
            return found
        if op in self.repeats:
            _low, high, body = av
            if high is not sre.MAXREPEAT and high != sre.MAXREPEAT:
                return _scale(self.width(body.data, looks=looks), high)
            kind = self.run_kind(body.data)
            if kind == "space":
                return (0, 1, 0)
            if kind == "word":
                return (0, 0, 1)
            return None
        if op is sre.AT:
            return _ONE if looks else _ZERO  # a boundary check reads the next character
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, body = av
            if direction < 0 or not looks:
                return _ZERO  # a look-behind reads backwards: never past the match
            return self.width(body.data, looks=True)
        return None  # back-references, conditionals: unknown

    def run_kind(self, items: Sequence[tuple[Any, Any]]) -> str | None:
        """'space' if `items` is one character that is always white space, 'word' if one that
        never is, else None."""
        sre = self.sre
        while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
            items = items[0][1][3].data
        if len(items) != 1:
            return None
        op, av = items[0]
        if op is sre.LITERAL:
            return "space" if chr(av).isspace() else "word"
        if op is not sre.IN:
            return None
        kinds: set[str | None] = set()
        for part, value in av:
            if part is sre.LITERAL:
                kinds.add("space" if chr(value).isspace() else "word")
            elif part is sre.RANGE:
                inside = [c for c in _spaces() if value[0] <= ord(c) <= value[1]]
                kinds.add("word" if not inside else None)
            elif part is sre.CATEGORY:
                name = str(value)
                if name in ("CATEGORY_SPACE", "CATEGORY_UNI_SPACE"):
                    kinds.add("space")
                elif name in (
                    "CATEGORY_WORD",
                    "CATEGORY_UNI_WORD",
                    "CATEGORY_DIGIT",
                    "CATEGORY_UNI_DIGIT",
                    "CATEGORY_NOT_SPACE",
                    "CATEGORY_UNI_NOT_SPACE",
                ):
                    kinds.add("word")
                else:
                    kinds.add(None)
            else:  # NEGATE and anything unusual
                kinds.add(None)
        return kinds.pop() if len(kinds) == 1 else None

    # -- finite string sets ----------------------------------------------------------------

    def strings(self, items: Sequence[tuple[Any, Any]]) -> set[str] | None:
        """Every string `items` can match, lowercased, if few and free of anything but
        literals, small classes, alternations and optional parts; else None."""
        found = {""}
        for op, av in items:
            part = self.item_strings(op, av)
            if part is None:
                return None
            found = {a + b for a in found for b in part}
            if len(found) > _MAX_STRINGS:
                return None
        return found

    def item_strings(self, op: Any, av: Any) -> set[str] | None:
        if op is self.sre.LITERAL:
            return _literal_char(av)
        if id(av) not in self._strings:
            self._strings[id(av)] = self._item_strings(op, av)
        found = self._strings[id(av)]
        return None if found is None else set(found)

    def _item_strings(self, op: Any, av: Any) -> set[str] | None:
        sre = self.sre
        if op is sre.LITERAL:
            return _literal_char(av)
        if op is sre.IN:
            chars: set[str] = set()
            for part, value in av:
                single = _literal_char(value) if part is sre.LITERAL else None
                if single is None:
                    return None
                chars |= single
            return chars if len(chars) <= 8 else None
        if op is sre.SUBPATTERN:
            return self.strings(av[3].data)
        if op is sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                part = self.strings(branch.data)
                if part is None:
                    return None
                union |= part
            return union if len(union) <= _MAX_STRINGS else None
        if op in self.repeats:
            low, high, body = av
            if high is sre.MAXREPEAT or high == sre.MAXREPEAT or high > 2:
                return None
            part = self.strings(body.data)
            if part is None:
                return None
            out: set[str] = set()
            for count in range(low, high + 1):
                layer = {""}
                for _ in range(count):
                    layer = {a + b for a in layer for b in part}
                out |= layer
            return out if len(out) <= _MAX_STRINGS else None
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
            return {""}  # zero-width: adds no characters
        return None

    # -- required literals -------------------------------------------------------------------

    def required(self, items: Sequence[tuple[Any, Any]]) -> list[Literal] | None:
        """Literals one of which every match of the sequence `items` contains, chosen among the
        sequence's parts for rarity; None if no part has any."""
        candidates: list[list[Literal]] = []
        offset: Form | None = _ZERO
        index = 0
        while index < len(items):
            # A run of parts with finite string sets: their concatenations are literals.
            run_start = index
            run: set[str] = {""}
            while index < len(items):
                part = self.item_strings(*items[index])
                if part is None:
                    break
                joined = {a + b for a in run for b in part}
                if len(joined) > _MAX_STRINGS:
                    break
                run = joined
                index += 1
            if index > run_start:
                candidates.append([Literal(s, offset) for s in sorted(run)])
                offset = _add(offset, self.width(items[run_start:index], looks=False))
                continue
            op, av = items[index]
            inner = self.item_required(op, av)
            if inner is not None:
                candidates.append([Literal(lit.text, _add(offset, lit.pre)) for lit in inner])
            offset = _add(offset, self.item_width(op, av, looks=False))
            index += 1
        best: list[Literal] | None = None
        best_rank: tuple[int, int, int, int] | None = None
        for candidate in candidates:
            rank = _rank(candidate)
            if best_rank is None or rank > best_rank:
                best, best_rank = candidate, rank
        return best

    def item_required(self, op: Any, av: Any) -> list[Literal] | None:
        sre = self.sre
        if op is sre.SUBPATTERN:
            return self.required(av[3].data)
        if self.atomic is not None and op is self.atomic:
            return self.required(av.data)
        if op is sre.BRANCH:
            union: list[Literal] = []
            for branch in av[1]:
                found = self.required(branch.data)
                if found is None:
                    return None
                union.extend(found)
            return union
        if op in self.repeats:
            low, _high, body = av
            return self.required(body.data) if low >= 1 else None
        return None


@functools.lru_cache(maxsize=4096)
def _char(code: int) -> str | None:
    char = chr(code)
    if not (char.isascii() or not char.isalpha()) or len(char.lower()) != 1:
        return None
    return char.lower()


def _literal_char(code: int) -> set[str] | None:
    # Only ASCII and caseless characters: the caseless literal scan folds them exactly as `re`
    # does, while `str.lower` of a cased non-ASCII letter may differ from `re`'s folding (the
    # dotted capital I lowers to two characters).
    char = _char(code)
    return None if char is None else {char}


@functools.cache
def _spaces() -> str:
    """Every white-space character (none lies above U+3000). Only the rule analysis needs them:
    computed at first use, not at import (1.5 ms of every run)."""
    return "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace())


@functools.lru_cache(maxsize=65536)
def _quality(text: str) -> int:
    """How rare a literal is likely to be in prose: 0 for useless, else its length (a long
    content word is rarer than a short one or a run of common words)."""
    stripped = text.strip(" -'’")
    words = re.findall(r"[a-z0-9]+", stripped)
    if len(stripped) < _MIN_LITERAL or not words or all(w in _STOPWORDS for w in words):
        return 0
    longest = max((len(w) for w in words if w not in _STOPWORDS), default=0)
    return min(len(stripped), longest + 2) if longest >= _MIN_LITERAL else 1


@functools.lru_cache(maxsize=65536)
def _scannable(text: str) -> bool:
    # ASCII or caseless characters only: lowercasing the text then folds them exactly as `re`.
    return bool(text) and all(c.isascii() or not c.isalpha() for c in text)


def _rank(literals: list[Literal]) -> tuple[int, int, int, int]:
    if not literals or not all(_scannable(lit.text) for lit in literals):
        return (-1, 0, 0, 0)
    worst = min(_quality(lit.text) for lit in literals)
    bucket = 0 if worst == 0 else 1 if worst < 5 else 2 if worst < 8 else 3
    # A literal a match may start any distance before gives no windows, only a per-document
    # verdict: prefer bounded ones unless they are useless.
    bounded = all(lit.pre is not None for lit in literals)
    return (int(bucket > 0), int(bounded), bucket, -len(literals))


def derive(pattern: object) -> Gate | None:
    """The required literals of a compiled `re` pattern, or None if it cannot be gated."""
    if not is_regex(pattern) or not isinstance(pattern.pattern, str):  # type: ignore[attr-defined]
        return None
    try:
        analyser = _Analyser()
        parsed = analyser.parser.parse(pattern.pattern, pattern.flags)
        literals = analyser.required(parsed.data)
        if literals is None or _rank(literals)[0] <= 0:
            return None
        reach = analyser.width(parsed.data, looks=True)
    except Exception:  # the private parser changed, or a construct we do not model: no gate
        return None
    unique = {(lit.text, lit.pre): lit for lit in literals}
    return Gate(tuple(unique.values()), _add(reach, (2, 0, 0)))


# --------------------------------------------------------------------------------------------
# Lint time
# --------------------------------------------------------------------------------------------


def enabled() -> bool:
    return os.environ.get("ARTICLE_LINT_NO_PREFILTER", "") in ("", "0")


@record
class _Scanner:
    """The combined literal scan of the gated rules of a RuleSet (usable for any subset of it:
    `--select` and `--ignore` filter the loaded set). Built once, and kept in the rule cache,
    because compiling the trie of a few thousand literals costs ~0.1 s."""

    # The rules it was built for (held, so that their ids stay theirs).
    rules: tuple[Rule, ...]
    gates: tuple[Gate | None, ...]
    # One trie of every literal in a look-ahead, case-sensitive, for the lowercased prose.
    lower_regex: re.Pattern[str] | None
    # literal -> (rule position, the max `pre` of that rule's literals that are a prefix of it,
    # the shortest such literal's length): where the literal starts is a candidate for them.
    owners: dict[str, tuple[tuple[int, Form | None, int], ...]]
    # The same trie, caseless: only for text holding a character `re` folds onto ASCII.
    _caseless: re.Pattern[str] | None = None
    # Per rule, its gate pattern rewritten as an RE2 superset (linter/superset.py), or None.
    supersets: tuple[bytes | None, ...] = ()
    # Per rule, whether its superset differs in its linear form (superset.translate_marked).
    spanning: tuple[bool, ...] = ()
    # Those supersets compiled, in this process only (RE2 objects do not pickle).
    _compiled: list[Any] | None = field(default=None, repr=False, compare=False)
    # The linear supersets (superset.translate), compiled when a paragraph first needs them.
    _linear: list[Any] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_compiled"] = state["_linear"] = None
        return state

    def linear_supersets(self) -> list[Any]:
        """Per rule, its linear superset compiled (the ordinary one where they are the same;
        None where the rule has no superset). Translated here, not kept in the rule cache: few
        runs meet a paragraph of LONG_PARAGRAPH characters."""
        if self._linear is None:
            compiled = self.compiled_supersets()
            by_source: dict[bytes | None, Any] = dict(zip(self.supersets, compiled, strict=True))
            linear: list[Any] = []
            for rule, spans, superset in zip(self.rules, self.spanning, compiled, strict=True):
                pattern_of = getattr(rule.matcher, "gate_pattern", None)
                if superset is None or pattern_of is None or not spans:
                    linear.append(superset)
                    continue
                own = translate(pattern_of(), linear=True)
                if own not in by_source:
                    by_source[own] = _compile_superset(own)
                linear.append(by_source[own])
            self._linear = linear
        return self._linear

    def compiled_supersets(self) -> list[Any]:
        if self._compiled is None:
            # One compiled regex per distinct source: rules sharing a pattern share its superset
            # (and `plan` then searches it once per document).
            by_source: dict[bytes | None, Any] = {}
            for source in self.supersets:
                if source not in by_source:
                    by_source[source] = _compile_superset(source)
            self._compiled = [by_source[source] for source in self.supersets]
        return self._compiled

    @property
    def caseless(self) -> re.Pattern[str]:
        if self._caseless is None:
            assert self.lower_regex is not None
            self._caseless = re.compile(self.lower_regex.pattern, re.IGNORECASE)
        return self._caseless

    def covers(self, ruleset: RuleSet) -> bool:
        members = {id(rule) for rule in self.rules}
        return all(id(rule) in members for rule in ruleset)


_scanners: weakref.WeakKeyDictionary[RuleSet, _Scanner | None] = weakref.WeakKeyDictionary()
# Scanners of loaded rule sets, most recent last, for the filtered sets made from them.
_recent: list[_Scanner] = []


# Text linted by this process so far, and how much of it makes deriving the literals and
# compiling their scan (about a second for the built-in rules) worth it when the rule cache did
# not provide them (--no-cache, a changed rule): a pre-commit run on one small file is not.
_linted = 0
WORTH_BUILDING = 512 * 1024


def wanted(ruleset: RuleSet, text: str) -> bool:
    """Whether to prefilter `text`: always once the scan is ready, else once enough text was
    linted to pay for building it."""
    global _linted
    if ruleset in _scanners or any(scanner.covers(ruleset) for scanner in _recent):
        return True
    _linted += len(text)
    return _linted >= WORTH_BUILDING


def prepare(ruleset: RuleSet) -> _Scanner | None:
    """The scanner for `ruleset`, built now (for the rule cache to keep) if need be."""
    return _scanner(ruleset)


def adopt(ruleset: RuleSet, scanner: object) -> None:
    """Use a scanner restored from the rule cache for `ruleset` and the sets filtered from it."""
    if isinstance(scanner, _Scanner) and scanner.covers(ruleset):
        _scanners[ruleset] = scanner
        _remember(scanner)


def _remember(scanner: _Scanner) -> None:
    _recent.append(scanner)
    del _recent[:-4]


def _scanner(ruleset: RuleSet) -> _Scanner | None:
    if ruleset in _scanners:
        return _scanners[ruleset]
    for candidate in reversed(_recent):
        if candidate.covers(ruleset):
            _scanners[ruleset] = candidate
            return candidate
    rules = tuple(ruleset)
    gates = tuple(rule_gate(rule.matcher) for rule in rules)
    by_text: dict[str, list[tuple[int, Form | None]]] = {}
    for index, gate in enumerate(gates):
        for lit in gate.literals if gate is not None else ():
            by_text.setdefault(lit.text, []).append((index, lit.pre))
    owners: dict[str, tuple[tuple[int, Form | None, int], ...]] = {}
    for text in by_text:
        merged: dict[int, tuple[Form | None, int]] = {}
        for cut in range(1, len(text) + 1):
            for index, pre in by_text.get(text[:cut], ()):
                old = merged.get(index)
                merged[index] = (pre, cut) if old is None else (_max(old[0], pre), old[1])
        owners[text] = tuple((i, pre, length) for i, (pre, length) in merged.items())
    marked = [rule_superset_marked(rule.matcher) for rule in rules]
    supersets = tuple(source for source, _spans in marked)
    scanner = (
        _Scanner(
            rules,
            gates,
            re.compile(f"(?=({trie_regex(sorted(by_text))}))") if by_text else None,
            owners,
            supersets=supersets,
            spanning=tuple(spans for _source, spans in marked),
        )
        if by_text or any(supersets)
        else None
    )
    _scanners[ruleset] = scanner
    if scanner is not None:
        _remember(scanner)
    return scanner


def rule_gate(matcher: object) -> Gate | None:
    """The matcher's gate, derived once and kept on it (and so in the pickled rule cache)."""
    cached = getattr(matcher, "_prefilter_gate", _UNSET)
    if cached is _UNSET or (isinstance(cached, Gate) and cached.literals is None):
        pattern_of = getattr(matcher, "gate_pattern", None)
        cached = derive(pattern_of()) if pattern_of is not None else None
        with contextlib.suppress(AttributeError):  # a matcher with __slots__: derive each time
            matcher._prefilter_gate = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[no-any-return]


def rule_superset(matcher: object) -> bytes | None:
    """The matcher's gate pattern as an RE2 superset, derived once and kept on it."""
    return rule_superset_marked(matcher)[0]


def rule_superset_marked(matcher: object) -> tuple[bytes | None, bool]:
    """`rule_superset`, and whether its linear form differs (superset.translate_marked)."""
    cached = getattr(matcher, "_prefilter_superset", _UNSET)
    if cached is _UNSET:
        pattern_of = getattr(matcher, "gate_pattern", None)
        pattern = pattern_of() if pattern_of is not None else None
        cached = translate_marked(pattern) if is_regex(pattern) else (None, False)
        with contextlib.suppress(AttributeError):
            matcher._prefilter_superset = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[no-any-return]


# RE2's memory budget per superset. The DFA is built lazily, state by state, so what a process
# really uses stays well below it (see docs/performance.md); a budget too tight for a large
# program (16-32 MB for ~50,000 instructions) makes RE2 throw its DFA away again and again and
# fall back to a 100x slower NFA. superset.MAX_SUPERSET keeps programs small enough for this.
# At 64 MB the call-to-action superset (the largest) still flushed its DFA over and over on
# ordinary articles: the plan over a 10 MB corpus took 2.15 s warm, against 1.10 s at 128 MB,
# with the same resident memory (only the states really built are allocated).
_RE2_MAX_MEM = 128 << 20


def _compile_superset(source: bytes | None) -> Any:
    """An RE2 regex for a superset, or None (no RE2, it does not compile, or it matches the
    empty string and so would make the whole text a window)."""
    if source is None:
        return None
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.max_mem = _RE2_MAX_MEM
    options.log_errors = False
    options.never_capture = True
    try:
        compiled = re2.compile(source, options)
    except re2.error:
        return None
    return None if compiled.search(b"") is not None else compiled


_UNSET = object()
_FOLD: dict[str, str] = {}


def _fold(text: str) -> str:
    """`text` (matched case-insensitively by the ASCII/caseless literal scan) as the literal it
    matched: non-ASCII characters that `re` folds onto ASCII letters (the long s, the Kelvin
    sign, dotted and dotless I) are mapped back."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        if char.isascii():
            out.append(char.lower())
            continue
        if char not in _FOLD:
            _FOLD[char] = next(
                (a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.I)), char
            )
        out.append(_FOLD[char])
    return "".join(out)


def _owners_of(
    owners: dict[str, tuple[tuple[int, Form | None, int], ...]], literal: str
) -> tuple[tuple[int, Form | None, int], ...]:
    # Last resort for a folding `_fold` does not know: every literal the match is an instance of.
    found: list[tuple[int, Form | None, int]] = []
    for text, owned in owners.items():
        if len(text) == len(literal) and re.fullmatch(re.escape(text), literal, re.IGNORECASE):
            found.extend(owned)
    return tuple(found)


@record
class Plan:
    """Per document: which gated rules can match, and the windows their pattern runs over."""

    skip: set[int] = field(default_factory=set)
    # rule index -> (sorted start windows [a, b] inclusive, end position for searches), or None
    # when the windows would cover so much of the text that one plain scan is cheaper
    windows: dict[int, list[tuple[int, int, int]] | None] = field(default_factory=dict)
    # rule index -> sorted (start, end) of its literal occurrences (literal gates only)
    occurrences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    # rule index -> sorted [a, b] ranges every match start lies in (superset gates only)
    starts: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def rule_windows(self, index: int, rule: Rule) -> RuleWindows | None:
        """What the matchers of rule `index` read from `Document.gate` (None: no windows, the
        rule scans the whole document or was skipped)."""
        if index not in self.windows:
            return None
        return RuleWindows(
            rule.matcher.gate_pattern(),
            self.windows[index],
            self.occurrences.get(index),
            self.starts.get(index),
        )


# Text planned by this process so far, and how much of it pays for compiling the RE2 supersets
# (~0.25 s for the built-in rules): a pre-commit run on one small file uses the literal gates.
_planned = 0
RE2_WORTH_COMPILING = 256 * 1024


def expect(ruleset: RuleSet, size: int) -> None:
    """A run is about to lint `size` characters (bytes, roughly) with `ruleset`: when that pays
    for them, use the RE2 gates from the first document on, and compile them now. Also build
    the literal scan now if the rule cache did not provide it and the run will need it: once,
    here, rather than in every worker of a pool after its first 512 KB."""
    global _planned
    if size < RE2_WORTH_COMPILING or not enabled():
        return
    scanner = _scanner(ruleset) if size >= WORTH_BUILDING or wanted(ruleset, "") else None
    if scanner is not None and scanner.supersets:
        _planned = max(_planned, RE2_WORTH_COMPILING)
        scanner.compiled_supersets()


def plan(doc: Document, ruleset: RuleSet) -> Plan:
    global _planned
    scanner = _scanner(ruleset)
    result = Plan()
    if scanner is None:
        return result
    text = doc.prose
    _planned += len(text)
    supersets = (
        (
            scanner.linear_supersets()
            if _long_paragraphs(text, _memo_for(text))
            else scanner.compiled_supersets()
        )
        if scanner.supersets and _planned >= RE2_WORTH_COMPILING
        else None
    )
    # The scanner may be that of a larger set this one was filtered from: its positions.
    position = {id(rule): index for index, rule in enumerate(scanner.rules)}
    literal_rules: list[tuple[int, int]] = []
    view: bytes | None = None
    # Rules sharing one pattern (the two call-to-action rules) share its compiled superset.
    starts_of: dict[int, list[tuple[int, int]]] = {}
    for index, rule in enumerate(ruleset):
        own = position[id(rule)]
        superset = supersets[own] if supersets is not None else None
        if superset is None:
            if scanner.gates[own] is not None:
                literal_rules.append((index, own))
            continue
        if view is None:
            view = _latin1_view_of(text)
        starts = starts_of.get(id(superset))
        if starts is None:
            starts = starts_of[id(superset)] = _superset_starts(superset, view)
        if not starts:
            result.skip.add(index)
            continue
        result.starts[index] = starts
        covered = _MATCH_COST * sum(high - low + 1 for low, high in starts)
        result.windows[index] = (
            [(low, high, len(text)) for low, high in starts]
            if covered < _MAX_COVER * len(text)
            else None
        )
    if literal_rules and scanner.lower_regex is not None:
        _plan_literals(text, scanner, literal_rules, result)
    return result


# A paragraph this long is planned with the linear supersets (superset.translate): the
# ordinary ones can read on to the paragraph's end from every start, which on one paragraph
# of 1 MB (a text file with no line breaks) cost 50 s against 11 s for the same text in lines.
LONG_PARAGRAPH = 32 * 1024


def _has_long_paragraph(text: str) -> bool:
    if len(text) < LONG_PARAGRAPH:
        return False
    start = 0
    while True:
        end = text.find("\n", start)
        if (len(text) if end < 0 else end) - start >= LONG_PARAGRAPH:
            return True
        if end < 0:
            return False
        start = end + 1


def _superset_starts(superset: Any, view: bytes) -> list[tuple[int, int]]:
    """Merged [a, b] ranges holding every position where `superset` can start a match in
    `view`.

    RE2 reports the leftmost match: none starts between the search position and its start.
    A short match [s, e] is kept whole (end included: the next search starts there), covering
    any start inside it. A longer one would cover too much (a phrase family's superset matches
    run on through "[^.!?]{1,60}" and the like, and windows over them soon cover the whole
    text), so only its start is kept and the next search begins one character later: every
    start is then listed exactly, for one more RE2 search per start. A very long match is kept
    whole again: searching it over from each start would cost its length each time.
    """
    merged: list[list[int]] = []
    position = 0
    leftmost = _leftmost_finder(superset, view)
    while True:
        span = leftmost(position)
        if span is None:
            break
        low, high = span
        if _SHORT_MATCH < high - low <= _LONG_MATCH:
            high = low
            position = low + 1
        else:
            position = high if high > low else low + 1
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def _leftmost_finder(superset: Any, view: bytes) -> Any:
    """`position -> (start, end) of the leftmost match from position, or None`. The binding's
    public `search` wraps each call in a generator and a match object, three times the cost
    of the search itself on short articles; its `_regexp.Match` is used when it is there."""
    raw = getattr(getattr(superset, "_regexp", None), "Match", None)
    anchor = _unanchored()
    if raw is None or anchor is None:

        def public(position: int) -> tuple[int, int] | None:
            found = superset.search(view, position)
            return None if found is None else found.span()  # type: ignore[no-any-return]

        return public
    size = len(view)

    def direct(position: int) -> tuple[int, int] | None:
        span = raw(anchor, view, position, size)[0]
        return None if span[0] < 0 else span  # type: ignore[no-any-return]

    return direct


@functools.cache
def _unanchored() -> Any:
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None
    return getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)


# A superset match longer than _SHORT_MATCH contributes its start only, unless it is longer
# than _LONG_MATCH: a widened `[^.!?\n]*` runs on to the end of its paragraph, and in one
# huge paragraph it would be found again from each start inside it (quadratic in the
# paragraph's length: 71x the time for 10x the text); it is kept whole instead. Ordinary
# paragraphs are shorter, so their starts stay exact (see `_superset_starts`).
_SHORT_MATCH = 8
_LONG_MATCH = 2000


def _plan_literals(
    text: str, scanner: _Scanner, rules: list[tuple[int, int]], result: Plan
) -> None:
    """Windows from the literal scan, for the rules in `rules` (index in the linted set, index
    in the scanner)."""
    found: dict[int, list[tuple[int, Form | None, int]]] = {}
    owners = scanner.owners
    assert scanner.lower_regex is not None
    lowered = text.lower() if text.isascii() or not _FOLDS_TO_ASCII.search(text) else None
    if lowered is not None and len(lowered) == len(text):
        matches = scanner.lower_regex.finditer(lowered)
        fold = False
    else:
        matches = scanner.caseless.finditer(text)
        fold = True
    # Positions per literal first: the per-match Python work is most of the plan's cost.
    positions: dict[str, list[int]] = {}
    for match in matches:
        literal = match.group(1)
        spot = positions.get(literal)
        if spot is None:
            positions[literal] = [match.start()]
        else:
            spot.append(match.start())
    for literal, starts in positions.items():
        owned = owners.get(literal) if not fold else None
        if owned is None:
            owned = (
                owners.get(literal.lower())
                or owners.get(_fold(literal))
                or _owners_of(owners, literal)
            )
        for own, pre, length in owned:
            found.setdefault(own, []).extend([(p, pre, length) for p in starts])
    runs: _Runs | None = None
    for index, own in rules:
        gate = scanner.gates[own]
        assert gate is not None
        hits = found.get(own)
        if not hits:
            result.skip.add(index)
            continue
        hits.sort()
        result.occurrences[index] = [(p, p + length) for p, _pre, length in hits]
        if runs is None:
            runs = _Runs(text)
        windows = _windows(hits, gate.reach, runs, len(text))
        # Searching window by window costs more per character than one finditer: when the
        # windows cover most of the text, scan it whole (same matches). Windows tried position
        # by position (no search end: see `_windowed`) cost more per position still.
        covered = sum(
            end - low if end < len(text) else _MATCH_COST * (high - low + 1)
            for low, high, end in windows
        )
        result.windows[index] = windows if covered < _MAX_COVER * len(text) else None


_MAX_COVER = 0.5
_MATCH_COST = 4


# The non-ASCII characters `re` matches to an ASCII letter under IGNORECASE (dotted and dotless
# I, the long s, the Kelvin sign; checked in tests/test_prefilter.py): text holding one is
# scanned caselessly instead of lowercased.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
# White-space runs longer than this are recorded with their place; shorter ones are the floor.
_SHORT_SPACE = 2
_SPACE_RUN = re.compile(r"\s{3,}")  # longer than _SHORT_SPACE


class _Runs:
    """Where a document's long white-space runs are, and its longest non-space run: what a
    `\\s+` or `[\\w-]+` inside a match can span. The prose view blanks markup into long runs
    of spaces, so the longest run near an occurrence is used, not the document's."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for match in _SPACE_RUN.finditer(text):
            self.starts.append(match.start())
            self.ends.append(match.end())
        self.longest_word = max(map(len, text.split()), default=0)
        self.longest_space = max(
            (e - s for s, e in zip(self.starts, self.ends, strict=True)), default=_SHORT_SPACE
        )

    def space_in(self, low: int, high: int) -> int:
        """The longest white-space run inside text[low:high] (clipped to it)."""
        index = bisect.bisect_right(self.ends, low)
        longest = _SHORT_SPACE
        while index < len(self.starts) and self.starts[index] < high:
            longest = max(longest, min(self.ends[index], high) - max(self.starts[index], low))
            index += 1
        return longest


def _run_lengths(text: str) -> tuple[int, int]:
    """The longest run of white space and of other characters in `text`."""
    runs = _Runs(text)
    return runs.longest_space, runs.longest_word


def _bound(form: Form, runs: _Runs, low: int, high: int) -> int:
    """`form` evaluated for a stretch known to lie inside text[low:high]: a run inside it is no
    longer than the longest run there, so a first, document-wide bound is narrowed once."""
    if not form[1]:
        return form[0] + form[2] * runs.longest_word
    return form[0] + form[1] * runs.space_in(low, high) + form[2] * runs.longest_word


def _windows(
    hits: list[tuple[int, Form | None, int]], reach: Form | None, runs: _Runs, size: int
) -> list[tuple[int, int, int]]:
    """Merged windows of positions where a match may start, each with the end position its
    searches may stop at (the text's end when a match may read any distance)."""
    wide = (runs.longest_space, runs.longest_word)
    spans: list[tuple[int, int]] = []
    for p, pre, _length in hits:
        if pre == _ZERO:  # the literal starts the match
            spans.append((p, p))
            continue
        if pre is None:  # a match may start any distance before: from the text's start
            spans.append((0, p))
            continue
        first = max(0, p - (evaluate(pre, *wide) or 0))
        spans.append((max(0, p - _bound(pre, runs, first, p)), p))
    spans.sort()
    merged: list[list[int]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    if reach is None:
        return [(low, high, size) for low, high in merged]
    extra = evaluate(reach, *wide) or 0
    windows = []
    for low, high in merged:
        # A match starting in [low, high] reads inside text[low:high + extra] at most.
        end = high + _bound(reach, runs, low, min(size, high + extra))
        windows.append((low, high, min(size, end)))
    return windows


@record(frozen=True)
class RuleWindows:
    """Where one rule may match in one document: its gate pattern, the windows a match can
    start in and the literal occurrences. The engine hangs it on `Document.gate` for the
    duration of that rule's run; it is never shared between documents or threads."""

    pattern: object
    windows: list[tuple[int, int, int]] | None  # None: the windows would cover too much
    occurrences: list[tuple[int, int]] | None  # literal gates: where the literals are
    starts: list[tuple[int, int]] | None = None  # superset gates: ranges every match starts in


def _gate_for(doc: Document, pattern: object) -> RuleWindows | None:
    gate = doc.gate
    if isinstance(gate, RuleWindows) and gate.pattern is pattern:
        return gate
    return None


def prose_matches(doc: Document, pattern: Any) -> Iterator[re.Match[str]]:
    """`pattern.finditer(doc.prose)`, exactly, run only over the windows the prefilter found
    for it when the engine has any for this document."""
    gate = _gate_for(doc, pattern)
    if gate is not None and gate.windows is not None:
        return _windowed(pattern, doc.prose, gate.windows)
    return pattern.finditer(doc.prose)  # type: ignore[no-any-return]


def gated_search(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """`bool(pattern.search(text, start, end))`, computed once per text, pattern and span
    (rules sharing a unit and an evidence list share the answer). Where the RE2 gates are on,
    `re` is tried only where the pattern's superset can start a match: a rule that looks for
    a disclosure anywhere in the article otherwise pays a full `re` scan of it per article
    (the disclosure list has no literal prefix for `re` to skip ahead with)."""
    memo = _memo_for(text)
    key = ("gated-search", pattern.pattern, pattern.flags, start, end)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _gated_search(pattern, text, start, end, memo)
    return bool(found)


def _gated_search(
    pattern: re.Pattern[str], text: str, start: int, end: int, memo: dict[Any, Any]
) -> bool:
    gate = _search_gate(pattern, _long_paragraphs(text, memo))
    if gate is None:
        return pattern.search(text, start, end) is not None
    starts = _memo_starts(gate, pattern, text, memo)
    # Every position where a match within [start, end) can start lies in a range: try those.
    # The superset has no assertions, so where it can start does not depend on `end`. Once
    # they come to more than one plain search costs, search the rest of the span instead.
    budget = _MAX_COVER * (end - start) / _MATCH_COST
    index = max(bisect.bisect_right(starts, (start, len(text))) - 1, 0)
    while index < len(starts) and starts[index][0] < end:
        low, high = starts[index]
        first, last = max(low, start), min(high, end - 1)
        budget -= last - first + 1
        if budget < 0:
            return pattern.search(text, first, end) is not None
        for position in range(first, last + 1):
            if pattern.match(text, position, end) is not None:
                return True
        index += 1
    return False


def gated_spans(pattern: Any, text: str) -> list[tuple[int, int]]:
    """`scan_spans(pattern, text)`, with `re` tried only where the pattern's superset can
    start a match when the RE2 gates are on: a rule's `exceptions`, scanned over the whole
    document once the rule has a match there, cost a full `re` pass per document."""
    memo = _memo_for(text)
    gate = _search_gate(pattern, _long_paragraphs(text, memo)) if is_regex(pattern) else None
    if gate is None:
        return scan_spans(pattern, text)
    key = ("finditer", type(pattern), pattern.pattern, pattern.flags)  # scan_spans's own key
    spans = memo.get(key)
    if spans is None:
        starts = _memo_starts(gate, pattern, text, memo)
        if _MATCH_COST * sum(high - low + 1 for low, high in starts) >= _MAX_COVER * len(text):
            return scan_spans(pattern, text)  # one plain scan is cheaper than the windows
        windows = [(low, high, len(text)) for low, high in starts]
        spans = memo[key] = [match.span() for match in _windowed(pattern, text, windows)]
    return spans  # type: ignore[no-any-return]


def _memo_starts(
    gate: Any, pattern: re.Pattern[str], text: str, memo: dict[Any, Any]
) -> list[tuple[int, int]]:
    """`_superset_starts` of `gate` over `text`, once per text and pattern."""
    key = ("superset-starts", pattern.pattern, pattern.flags, _long_paragraphs(text, memo))
    starts = memo.get(key)
    if starts is None:
        starts = memo[key] = _superset_starts(gate, _latin1_view_of(text))
    return starts  # type: ignore[no-any-return]


def _latin1_view_of(text: str) -> bytes:
    """`latin1_view(text)`, once per text: the plan and the gated scans of its rules share it."""
    memo = _memo_for(text)
    view = memo.get("latin1-view")
    if view is None:
        view = memo["latin1-view"] = latin1_view(text)
    return view  # type: ignore[no-any-return]


# Supersets of patterns searched through `gated_search`, by source and flags (None: no gate).
_search_gates: dict[tuple[str, int], Any] = {}


def _search_gate(pattern: re.Pattern[str], linear: bool = False) -> Any:
    """The compiled superset of `pattern` (its linear form for a text with a long paragraph),
    when the RE2 gates are on (else None: plain `re`)."""
    if _planned < RE2_WORTH_COMPILING or not enabled():
        return None
    key = (pattern.pattern, pattern.flags, linear)
    if key not in _search_gates:
        _search_gates[key] = _compile_superset(translate(pattern, linear=linear))
    return _search_gates[key]


def _long_paragraphs(text: str, memo: dict[Any, Any]) -> bool:
    """Whether `text` has a paragraph of LONG_PARAGRAPH characters, once per text."""
    found = memo.get("long-paragraph")
    if found is None:
        found = memo["long-paragraph"] = _has_long_paragraph(text)
    return bool(found)


def prose_spans(doc: Document, pattern: Any) -> list[tuple[int, int]]:
    """`scan_spans(pattern, doc.prose)` (shared by rules with the same pattern), windowed."""
    gate = _gate_for(doc, pattern)
    if gate is not None and gate.windows is not None:
        windows = gate.windows
        memo = _memo_for(doc.prose)
        key = ("finditer", type(pattern), pattern.pattern, getattr(pattern, "flags", None))
        spans = memo.get(key)
        if spans is None:
            spans = [m.span() for m in _windowed(pattern, doc.prose, windows)]
            memo[key] = spans
        return spans  # type: ignore[return-value]
    return scan_spans(pattern, doc.prose)


def candidate_units(doc: Document, pattern: Any, units: Iterable[Span]) -> Iterator[Span]:
    """The `units` (sentences, paragraphs) holding one of the pattern's literals whole: a match
    inside a unit contains one, so the others cannot have any."""
    units = iter(units)
    gate = _gate_for(doc, pattern)
    if gate is not None and gate.occurrences is None and gate.starts is not None:
        yield from _units_holding_starts(units, gate.starts)
        return
    if gate is None or not gate.occurrences:
        yield from units
        return
    occurrences = gate.occurrences
    index = 0
    for unit in units:
        while index < len(occurrences) and occurrences[index][0] < unit.start:
            index += 1
        look = index
        while look < len(occurrences) and occurrences[look][0] < unit.end:
            if occurrences[look][1] <= unit.end:
                yield unit
                break
            look += 1


def _units_holding_starts(units: Iterator[Span], starts: list[tuple[int, int]]) -> Iterator[Span]:
    """The units one of the [a, b] start ranges reaches into: a match inside a unit starts in
    it, and every match start lies in a range."""
    index = 0
    for unit in units:
        while index < len(starts) and starts[index][1] < unit.start:
            index += 1
        if index < len(starts) and starts[index][0] < unit.end:
            yield unit


# Windows narrower than this are tried position by position with `match`.
_MATCH_LOOP = 8


def _windowed(
    pattern: Any, text: str, windows: list[tuple[int, int, int]]
) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, looked for only in `windows`.

    Every match starts inside a window (it contains a literal, and starts at most `pre` before
    it). A match's outcome at a position does not depend on where the search began (look-behinds
    see before it), so the full scan's matches are found by searching the windows in order from
    the end of the previous match. A search stops at the window's end position, past which no
    match starting in the window reads (`reach`), so it finds every match the full scan would;
    a match it finds is checked with `pattern.match` on the whole text, because a look-ahead
    cut short by the end position can succeed where it would fail.
    """
    cursor = 0
    size = len(text)
    for low, high, end in windows:
        position = max(low, cursor)
        if high - position < _MATCH_LOOP or end >= size:
            # A narrow window (one position for a pattern that starts with its literal), or
            # one with no search end (a search could run on to the text's end): try each start
            # on the whole text.
            while position <= high:
                found = pattern.match(text, position)
                if found is None:
                    position += 1
                    continue
                yield found
                cursor = position = found.end()
            continue
        while position <= high:
            found = pattern.search(text, position, end)
            if found is None or found.start() > high:
                break
            start = found.start()
            if end < size:
                found = pattern.match(text, start)
                if found is None:
                    position = start + 1
                    continue
            # Never empty: a gated pattern's matches contain a literal of 3 or more characters.
            yield found
            cursor = position = found.end()
