"""Superset patterns: a Python `re` pattern rewritten for RE2 so that it matches wherever the
original does (and possibly more), for the prefilter (linter/prefilter.py) to find, in one fast
linear-time pass, every stretch of a document where a rule's own regex could start a match.

Python's `re` tries a pattern at every position of the text; with lookbehinds, word-boundary
checks and alternations of hundreds of phrases that costs a microsecond or so per position, per
rule. RE2 runs a DFA over the text at tens to hundreds of MB/s. It cannot run our patterns
(lookarounds, lazy repeats), but it can run a *superset* of each: drop every zero-width
assertion, make repeats greedy, widen huge counted repeats to open ones. A match of the original
at position p is then a match of the superset at p, so the positions where RE2's matches lie
cover every place the original can match, and `re` need only be tried there.

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
from typing import Any

# Counted repeats above this are widened to open ones (RE2 unrolls counted repeats), and so are
# repeats whose unrolled body would be longer than _MAX_UNROLLED characters of pattern.
_MAX_COUNT = 100
_MAX_UNROLLED = 600
# Characters of RE2 pattern one path through a pattern may spend before the rest of it is cut.
PATH_BUDGET = 800
_MIN_BUDGET = 100
# A path is cut only once it surely consumes this many characters (else it would match often).
MIN_WIDTH = 5
_UNLIMITED = 1 << 40
MAX_SUPERSET = 40_000
# What stands for any character above U+00FF in the Latin-1 view of the text.
PLACEHOLDER = ord("?")
ALL_BYTES = frozenset(range(256))


class Untranslatable(Exception):
    """The pattern uses something with no RE2 superset here (back-references, conditionals)."""


def _sre() -> tuple[Any, Any]:
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


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
    def __init__(self, flags: int) -> None:
        self.parser, self.sre = _sre()
        self.flags = flags

    def sequence(
        self,
        items: Sequence[tuple[Any, Any]],
        icase: bool,
        dotall: bool,
        budget: int,
        width: int = 0,
    ) -> tuple[str, bool]:
        """RE2 text for a sequence, and whether it was cut short. Once a path through the
        pattern has spent `budget` (see `_cost`) and surely consumes MIN_WIDTH characters
        (`width`: what it surely consumed before this sequence), the rest of it is dropped:
        whatever matches the whole sequence at a position also matches a prefix of it there,
        so the cut pattern is still a superset, and a much smaller RE2 program when a rule
        spells out long phrase families. A cut after fewer characters would match too often
        to narrow anything down."""
        out: list[str] = []
        for op, av in items:
            if budget <= 0 and width >= MIN_WIDTH:
                return "".join(out), True
            text, cut = self.item(op, av, icase, dotall, budget, width)
            after = width + self.min_width(op, av)
            if cut and after < MIN_WIDTH:
                # Some way through the item (an optional part, a short alternative) ends the
                # path too early: keep the item whole.
                text, cut = self.item(op, av, icase, dotall, _UNLIMITED, width)
            out.append(text)
            budget -= _cost(text)
            width = after
            if cut:
                return "".join(out), True
        return "".join(out), False

    def min_width(self, op: Any, av: Any) -> int:
        """The fewest characters the parse item can match."""
        sre = self.sre
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            return 1
        if op is sre.SUBPATTERN:
            return sum(self.min_width(o, a) for o, a in av[3].data)
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return sum(self.min_width(o, a) for o, a in av.data)
        if op is sre.BRANCH:
            return min(sum(self.min_width(o, a) for o, a in b.data) for b in av[1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
            return min(av[0], _MAX_COUNT) * sum(self.min_width(o, a) for o, a in av[2].data)
        return 0

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

    def item(
        self, op: Any, av: Any, icase: bool, dotall: bool, budget: int, width: int
    ) -> tuple[str, bool]:
        """RE2 text for one parse item, and whether the path was cut short inside it."""
        sre = self.sre
        if op is sre.LITERAL:
            if av < 128 and chr(av).isalnum() and (not icase or av not in _folds_out()):
                # RE2 folds an ASCII letter as `re` does (its case context follows ours).
                return chr(av), False
            codes = self.literal(av, icase)
            if len(codes) == 1:
                return (" " if av == 32 else _byte(next(iter(codes)))), False
            return _class(codes), False
        if op is sre.NOT_LITERAL:
            return _class((set(ALL_BYTES) - self.literal(av, icase)) | {PLACEHOLDER}), False
        if op is sre.ANY:
            return _class(set(ALL_BYTES) if dotall else set(ALL_BYTES) - {10}), False
        if op is sre.IN:
            return _class(self.class_codes(av, icase)), False
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
            body, cut = self.sequence(sub.data, inner, dotall, budget, width)
            # RE2's case context must follow ours: ASCII letters are left to its folding.
            opening = "(?:" if inner == icase else "(?i:" if inner else "(?-i:"
            return opening + body + ")", cut
        if op is sre.BRANCH:
            parts = [self.sequence(b.data, icase, dotall, budget, width) for b in av[1]]
            return "(?:" + "|".join(text for text, _cut in parts) + ")", any(c for _t, c in parts)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
            low, high, sub = av
            text, cut = self.sequence(sub.data, icase, dotall, budget, width)
            body = "(?:" + text + ")"
            if cut:  # the path ends inside the body: its first repetition is all that is left
                return body + ("?" if low == 0 else ""), True
            low = min(low, _MAX_COUNT)
            unbounded = high is sre.MAXREPEAT or high == sre.MAXREPEAT
            if not unbounded and high > 1 and len(body) * high > _MAX_UNROLLED:
                low = min(low, 1)  # RE2 would copy the body `high` times: widen instead
                unbounded = True
            if unbounded or high > _MAX_COUNT:
                return body + ("*" if low == 0 else "+" if low == 1 else f"{{{low},}}"), False
            if low == high:
                return (body + f"{{{low}}}" if low != 1 else body), False
            return body + f"{{{low},{high}}}", False
        if op is getattr(sre, "ATOMIC_GROUP", None):
            text, cut = self.sequence(av.data, icase, dotall, budget, width)
            return "(?:" + text + ")", cut
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return "", False  # zero-width: leaving it out only widens the pattern
        raise Untranslatable(str(op))


def translate(pattern: re.Pattern[str]) -> bytes | None:
    """An RE2 (Latin-1) pattern matching a superset of `pattern`'s matches, as bytes; None if
    it cannot be written. Long patterns are cut shorter per path until the result costs at most
    MAX_SUPERSET (see `_cost`): RE2 needs a few hundred bytes of memory per instruction."""
    budget = PATH_BUDGET
    while True:
        found = _translate(pattern, budget)
        if found is None or _cost(found) <= MAX_SUPERSET or budget <= _MIN_BUDGET:
            return found
        budget //= 2


_CLASS = re.compile(r"\[[^\]]*\]")


def _cost(text: str | bytes) -> int:
    """Roughly the RE2 instructions a piece of translated pattern compiles to: its length,
    counting a byte class (spelled out range by range) as one."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return len(_CLASS.sub("x", text))


def _translate(pattern: re.Pattern[str], path_budget: int) -> bytes | None:
    parser, _sre_constants = _sre()
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.ASCII | re.LOCALE):
        return None
    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
        translator = _Translator(pattern.flags)
        body, _cut = translator.sequence(
            tree.data,
            bool(pattern.flags & re.IGNORECASE),
            bool(pattern.flags & re.DOTALL),
            path_budget,
        )
    except (Untranslatable, RecursionError, re.error):
        return None
    if pattern.flags & re.IGNORECASE:
        body = "(?i)" + body
    return body.encode("latin-1")


def latin1_view(text: str) -> bytes:
    """`text` as RE2 sees it: one byte per character, `?` for anything above U+00FF."""
    return text.encode("latin-1", "replace")
