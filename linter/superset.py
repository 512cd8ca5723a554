"""Superset patterns: a Python `re` pattern rewritten for RE2 so that it matches wherever the
original does (and possibly more), for the prefilter (linter/prefilter.py) to find, in one fast
linear-time pass, every stretch of a document where a rule's own regex could start a match.

Python's `re` tries a pattern at every position of the text; with lookbehinds, word-boundary
checks and alternations of hundreds of phrases that costs a microsecond or so per position, per
rule. RE2 runs a DFA over the text at tens to hundreds of MB/s. It cannot run our patterns
(lookarounds, lazy repeats), but it can run a *superset* of each: drop every zero-width
assertion, make repeats greedy, widen huge counted repeats to open ones, and cut a path through
the pattern short once it is selective enough (a match of the whole is a match of its prefix),
so that rules spelling out thousands of phrase variants stay a program RE2 can hold. A match of
the original at position p is then a match of the superset at p, so the positions where RE2's
matches lie cover every place the original can match, and `re` need only be tried there.

The text is handed to RE2 as Latin-1 bytes (`str.encode('latin-1', 'replace')`): one byte per
character, so RE2's offsets are the string's, classes stay a handful of byte ranges (UTF-8
classes over all of Unicode make programs 10x larger and slow to compile), and every character
above U+00FF becomes `?`. The superset therefore lets `?` through wherever a character above
U+00FF could match: in classes, for literals above U+00FF, and, case-insensitively, for the few
Latin-1 letters whose case partner lies above U+00FF (`s`/`ſ`, `k`/`K`, `ÿ`/`Ÿ`, `µ`/`μ`...).

`translate` returns None for what it cannot rewrite (back-references, conditionals); the
prefilter then falls back to its literal gate for that rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from linter.patterns import repeat_ops, sre_modules

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

# Costs below are lengths of RE2 pattern text, a byte class counting one (see _Translator).
# Counted repeats above _MAX_COUNT are widened to open ones (RE2 unrolls counted repeats), and
# so are repeats whose unrolled body would cost more than _MAX_UNROLLED. (Keeping long counted
# repeats of broad classes, "[^.!?]{0,120}", tightens the superset but makes RE2's DFA track a
# counter per start: on a 300 KB paragraph with no line break its cache thrashed and searches
# fell back to the NFA, 20x slower. A widened one can match up to the paragraph's end instead;
# prefilter._superset_starts keeps such long matches whole.)
_MAX_COUNT = 100
_MAX_UNROLLED = 600
# What one path through a pattern may spend before the rest of it is cut; halved (down to
# _MIN_BUDGET) until the whole superset costs at most MAX_SUPERSET, which keeps RE2's program
# and DFA within prefilter._RE2_MAX_MEM (measured on the built-in rules: docs/performance.md).
PATH_BUDGET = 800
_MIN_BUDGET = 100
MAX_SUPERSET = 40_000
# A path is cut only once it surely consumes this many characters (else it would match often).
MIN_WIDTH = 5
_UNLIMITED = 1 << 40
# What stands for any character above U+00FF in the Latin-1 view of the text.
PLACEHOLDER = ord("?")
ALL_BYTES = frozenset(range(256))


class Untranslatable(Exception):
    """The pattern uses something with no RE2 superset here (back-references, conditionals)."""


@functools.cache
def _fold_partners(char: str) -> frozenset[int]:
    """Latin-1 code points `re` matches to `char` under IGNORECASE (itself included if Latin-1)."""
    pattern = re.compile(re.escape(char), re.IGNORECASE)
    return frozenset(b for b in range(256) if pattern.fullmatch(chr(b)))


@functools.cache
def _folds_out() -> frozenset[int]:
    """Latin-1 code points that `re` matches, under IGNORECASE, to some character above U+00FF."""
    found: set[int] = set()
    for code in range(0x100, 0x2C00):  # every cased character folding onto Latin-1 lies here
        char = chr(code)
        if char.lower() != char or char.upper() != char or code in (0x17F, 0x212A):
            found |= _fold_partners(char)
    for char in ("\u212a", "\u212b", "\u1e9e"):  # Kelvin, Angstrom, capital sharp s
        found |= _fold_partners(char)
    return frozenset(found)


@functools.cache
def _category(name: str) -> frozenset[int] | None:
    """Latin-1 code points in an `sre` category (None: not one we know)."""
    expression = {
        "CATEGORY_DIGIT": r"\d",
        "CATEGORY_NOT_DIGIT": r"\D",
        "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S",
        "CATEGORY_WORD": r"\w",
        "CATEGORY_NOT_WORD": r"\W",
        "CATEGORY_UNI_DIGIT": r"\d",
        "CATEGORY_UNI_NOT_DIGIT": r"\D",
        "CATEGORY_UNI_SPACE": r"\s",
        "CATEGORY_UNI_NOT_SPACE": r"\S",
        "CATEGORY_UNI_WORD": r"\w",
        "CATEGORY_UNI_NOT_WORD": r"\W",
    }.get(name)
    if expression is None:
        return None
    pattern = re.compile(expression)
    return frozenset(b for b in range(256) if pattern.fullmatch(chr(b)))


def _byte(code: int) -> str:
    return f"\\x{code:02x}"


def _class(codes: frozenset[int] | set[int]) -> str:
    """An RE2 byte class for `codes` (never empty: an empty class matches nothing)."""
    if len(codes) == 256:
        return "[\\x00-\\xff]"
    if not codes:
        return "[^\\x00-\\xff]"
    ordered = sorted(codes)
    parts: list[str] = []
    start = previous = ordered[0]
    for code in [*ordered[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        parts.append(_byte(start) if start == previous else f"{_byte(start)}-{_byte(previous)}")
        start = previous = code
    return "[" + "".join(parts) + "]"


class _Translator:
    """Writes the RE2 superset of one parsed pattern. Each part is returned with whether the
    path through it was cut short and its cost: its length as RE2 pattern text, a byte class
    (spelled out range by range) counting one, which grows with the program RE2 compiles."""

    def __init__(self, *, linear: bool = False) -> None:
        # Linear: no open repeat that can run across sentences (see `translate`).
        self.linear = linear
        # Whether an open repeat that can run across sentences was written (not when linear).
        self.spans_sentences = False
        self.parser, self.sre = sre_modules()
        sre = self.sre
        self.single = {sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN}
        self.repeats = repeat_ops(sre)
        self.atomic = getattr(sre, "ATOMIC_GROUP", None)
        # Memos by parse-tree node (alive as long as the translator): phrase families nest
        # deep, and enclosing parts ask again for the same widths and whole translations.
        self._widths: dict[tuple[int, Any], int] = {}
        self._whole: dict[tuple[int, Any, bool, bool], tuple[str, bool, int]] = {}

    def sequence(
        self,
        items: Sequence[tuple[Any, Any]],
        icase: bool,
        dotall: bool,
        budget: int,
        width: int = 0,
    ) -> tuple[str, bool, int]:
        """A sequence. Once a path through the pattern has spent `budget` and surely consumes
        MIN_WIDTH characters (`width`: what it surely consumed before this sequence), the rest
        of it is dropped: whatever matches the whole sequence at a position also matches a
        prefix of it there, so the cut pattern is still a superset, and a much smaller RE2
        program when a rule spells out long phrase families. A cut after fewer characters would
        match too often to narrow anything down."""
        out: list[str] = []
        spent = 0
        for op, av in items:
            if spent >= budget and width >= MIN_WIDTH:
                return "".join(out), True, spent
            text, cut, cost = self.item(op, av, icase, dotall, budget - spent, width)
            after = width + self.min_width(op, av)
            if cut and after < MIN_WIDTH:
                # Some way through the item (an optional part, a short alternative) would end
                # the path too early: keep the item whole.
                text, cut, cost = self.whole(op, av, icase, dotall)
            out.append(text)
            spent += cost
            width = after
            if cut:
                return "".join(out), True, spent
        return "".join(out), False, spent

    def whole(self, op: Any, av: Any, icase: bool, dotall: bool) -> tuple[str, bool, int]:
        """The item translated with no cut inside it."""
        key = (id(av), op, icase, dotall)
        found = self._whole.get(key)
        if found is None:
            found = self.item(op, av, icase, dotall, _UNLIMITED, MIN_WIDTH)
            self._whole[key] = found
        return found

    def min_width(self, op: Any, av: Any) -> int:
        """The fewest characters the parse item can match."""
        if op in self.single:
            return 1
        key = (id(av), op)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self._min_width(op, av)
        return found

    def _sequence_width(self, items: Sequence[tuple[Any, Any]]) -> int:
        return sum(self.min_width(o, a) for o, a in items)

    def _min_width(self, op: Any, av: Any) -> int:
        sre = self.sre
        if op is sre.SUBPATTERN:
            return self._sequence_width(av[3].data)
        if op is self.atomic:
            return self._sequence_width(av.data)
        if op is sre.BRANCH:
            return min(self._sequence_width(b.data) for b in av[1])
        if op in self.repeats:
            return min(av[0], _MAX_COUNT) * self._sequence_width(av[2].data)
        return 0

    def _spans_sentences(self, sub: Any) -> bool:
        """Whether a repeat of `sub` can run on through a sentence's end: its characters
        include a space, a full stop and a letter."""
        codes = self._consumed(sub.data)
        return {32, 46, 97} <= codes

    def _consumed(self, items: Sequence[tuple[Any, Any]]) -> set[int]:
        """Every byte some character matched by `items` may be (case folded as written)."""
        sre = self.sre
        codes: set[int] = set()
        for op, av in items:
            if op is sre.LITERAL:
                codes |= self.literal(av, True)
            elif op is sre.NOT_LITERAL:
                codes |= set(ALL_BYTES) - {av}
            elif op is sre.ANY:
                codes |= set(ALL_BYTES)
            elif op is sre.IN:
                codes |= self.class_codes(av, True)
            elif op is sre.SUBPATTERN:
                codes |= self._consumed(av[3].data)
            elif op is sre.BRANCH:
                for branch in av[1]:
                    codes |= self._consumed(branch.data)
            elif op in self.repeats:
                codes |= self._consumed(av[2].data)
            elif op is self.atomic:
                codes |= self._consumed(av.data)
        return codes

    def literal(self, code: int, icase: bool) -> set[int]:
        """The bytes a literal character may appear as in the Latin-1 view."""
        if not icase:
            return {code} if code < 256 else {PLACEHOLDER}
        found = set(_fold_partners(chr(code)))
        if code >= 256 or code in _folds_out():
            found.add(PLACEHOLDER)
        return found

    def class_codes(self, items: Sequence[tuple[Any, Any]], icase: bool) -> set[int]:
        sre = self.sre
        negate = bool(items) and items[0][0] is sre.NEGATE
        codes: set[int] = set()
        for op, av in items[1:] if negate else items:
            if op is sre.LITERAL:
                codes |= self.literal(av, icase)
            elif op is sre.RANGE:
                low, high = av
                for code in range(low, min(high, 255) + 1):
                    codes |= self.literal(code, icase)
                if high > 255:
                    codes.add(PLACEHOLDER)
                    if icase:
                        codes |= _folds_out()
            elif op is sre.CATEGORY:
                members = _category(str(av))
                if members is None:
                    return set(ALL_BYTES)
                codes |= members
                codes.add(PLACEHOLDER)  # every category holds characters above U+00FF
            else:
                return set(ALL_BYTES)
        if negate:
            # `?` may stand for a character the class does not exclude: always let it through.
            return (set(ALL_BYTES) - codes) | {PLACEHOLDER}
        return codes

    def single_class(
        self, branches: Sequence[Any], icase: bool, dotall: bool
    ) -> set[int] | None:
        r"""The bytes of an alternation whose every branch is one character (zero-width
        assertions aside), as one class; else None. `(?:[^.!?]|\.(?=\w)){0,120}` is then one
        class repeated, which RE2 can unroll, instead of a group too costly to unroll whose
        repeat would be widened to an open one that runs on through whole paragraphs."""
        sre = self.sre
        codes: set[int] = set()
        for branch in branches:
            consuming = [
                (op, av)
                for op, av in branch.data
                if op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
            ]
            if len(consuming) != 1 or consuming[0][0] not in self.single:
                return None
            op, av = consuming[0]
            if op is sre.LITERAL:
                codes |= self.literal(av, icase)
            elif op is sre.NOT_LITERAL:
                codes |= (set(ALL_BYTES) - self.literal(av, icase)) | {PLACEHOLDER}
            elif op is sre.ANY:
                codes |= set(ALL_BYTES) if dotall else set(ALL_BYTES) - {10}
            else:
                codes |= self.class_codes(av, icase)
        return codes

    def item(
        self, op: Any, av: Any, icase: bool, dotall: bool, budget: int, width: int
    ) -> tuple[str, bool, int]:
        sre = self.sre
        if op is sre.LITERAL:
            if av < 128 and chr(av).isalnum() and (not icase or av not in _folds_out()):
                # RE2 folds an ASCII letter as `re` does (its case context follows ours).
                return chr(av), False, 1
            codes = self.literal(av, icase)
            if len(codes) == 1:
                text = " " if av == 32 else _byte(next(iter(codes)))
                return text, False, len(text)
            return _class(codes), False, 1
        if op is sre.NOT_LITERAL:
            return _class((set(ALL_BYTES) - self.literal(av, icase)) | {PLACEHOLDER}), False, 1
        if op is sre.ANY:
            return _class(set(ALL_BYTES) if dotall else set(ALL_BYTES) - {10}), False, 1
        if op is sre.IN:
            return _class(self.class_codes(av, icase)), False, 1
        if op is sre.SUBPATTERN:
            _group, add, remove, sub = av
            inner = icase
            if add & re.IGNORECASE:
                inner = True
            if remove & re.IGNORECASE:
                inner = False
            if add & re.DOTALL:
                dotall = True
            if remove & re.DOTALL:
                dotall = False
            body, cut, cost = self.sequence(sub.data, inner, dotall, budget, width)
            # RE2's case context must follow ours: ASCII letters are left to its folding.
            opening = "(?:" if inner == icase else "(?i:" if inner else "(?-i:"
            return opening + body + ")", cut, cost + len(opening) + 1
        if op is sre.BRANCH:
            merged = self.single_class(av[1], icase, dotall)
            if merged is not None:
                return _class(merged), False, 1
            parts = [self.sequence(b.data, icase, dotall, budget, width) for b in av[1]]
            return (
                "(?:" + "|".join(text for text, _cut, _cost in parts) + ")",
                any(cut for _text, cut, _cost in parts),
                sum(cost for _text, _cut, cost in parts) + len(parts) + 3,
            )
        if op in self.repeats:
            low, high, sub = av
            text, cut, cost = self.sequence(sub.data, icase, dotall, budget, width)
            body = "(?:" + text + ")"
            cost += 4
            if cut:  # the path ends inside the body: its first repetition is all that is left
                return body + ("?" if low == 0 else ""), True, cost
            low = min(low, _MAX_COUNT)
            unbounded = high is sre.MAXREPEAT or high == sre.MAXREPEAT
            if not unbounded and high > 1 and cost * high > _MAX_UNROLLED:
                low = min(low, 1)  # RE2 would copy the body `high` times: widen instead
                unbounded = True
            if (unbounded or high > _MAX_COUNT) and self._spans_sentences(sub):
                if self.linear:
                    # The path ends here: the body once if it must match, else nothing.
                    return (body if low else ""), True, (cost if low else 0)
                self.spans_sentences = True
            if unbounded or high > _MAX_COUNT:
                suffix = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
                return body + suffix, False, cost * max(low, 1)
            if low == high:
                return (body + f"{{{low}}}" if low != 1 else body), False, cost * low
            return body + f"{{{low},{high}}}", False, cost * high
        if op is self.atomic:
            text, cut, cost = self.sequence(av.data, icase, dotall, budget, width)
            return "(?:" + text + ")", cut, cost + 4
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return "", False, 0  # zero-width: leaving it out only widens the pattern
        if op is sre.GROUPREF:
            # A backreference ("There are (?P<n>[a-z]+) you ... and (?P=n) you"): RE2 has none,
            # so the path is cut here, as `sequence` cuts a long one; what comes before it is
            # still a superset.
            return "", True, 0
        raise Untranslatable(str(op))


def translate(pattern: re.Pattern[str], *, linear: bool = False) -> bytes | None:
    """An RE2 (Latin-1) pattern matching a superset of `pattern`'s matches, as bytes; None if
    it cannot be written. Long patterns are cut shorter per path until the result costs at
    most MAX_SUPERSET (see `_Translator`): RE2 needs a few hundred bytes per instruction, and a
    DFA budget that grows with the program (prefilter._RE2_MAX_MEM).

    `linear`: also cut each path at an open repeat that can run across sentences (such as a
    widened "[^\n!;]{0,80}"), so that no search for it is dearer than the match it finds. RE2
    returns the leftmost-first match: while such a repeat, started by an earlier alternative
    at or before a match, can still complete, RE2 reads on, to the paragraph's end. Searched
    from each start in a paragraph of 1 MB that was quadratic (prefilter.LONG_PARAGRAPH); the
    cut superset is less selective, so it is used only there."""
    return translate_marked(pattern, linear=linear)[0]


def translate_marked(
    pattern: re.Pattern[str], *, linear: bool = False
) -> tuple[bytes | None, bool]:
    """`translate(pattern)`, and whether the superset holds an open repeat that can run across
    sentences, i.e. whether its linear form differs."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.ASCII | re.LOCALE):
        return None, False
    return _translate(pattern.pattern, pattern.flags, linear)


@functools.lru_cache(maxsize=256)  # rules sharing one pattern (the two call-to-action rules)
def _translate(source: str, flags: int, linear: bool = False) -> tuple[bytes | None, bool]:
    parser, _constants = sre_modules()
    try:
        items = parser.parse(source, flags).data
        budget = PATH_BUDGET
        while True:
            translator = _Translator(linear=linear)
            body, _cut, cost = translator.sequence(
                items, bool(flags & re.IGNORECASE), bool(flags & re.DOTALL), budget
            )
            if cost <= MAX_SUPERSET or budget <= _MIN_BUDGET:
                break
            budget //= 2
    except (Untranslatable, RecursionError, re.error):
        return None, False
    if flags & re.IGNORECASE:
        body = "(?i)" + body
    return body.encode("latin-1"), translator.spans_sentences


def latin1_view(text: str) -> bytes:
    """`text` as RE2 sees it: one byte per character, `?` for anything above U+00FF."""
    return text.encode("latin-1", "replace")
