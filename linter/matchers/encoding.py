"""encoding: flag text damaged by a wrong decoding step (mojibake, lost bytes, stray controls).

One rule type with several detectors, picked by the rule's `detect:` key, so each kind of damage
is its own rule (own severity, message and examples) while they share one per-document analysis:

- `mojibake`: UTF-8 read in a single-byte code page (`Theyâ€™re`, `CafÃ©`, double layers).
  A cheap regex finds a lead character followed by a continuation character (as bytes
  0xC2-0xF4 and 0x80-0xBF read in the code pages ftfy can undo); only the words around those
  pairs go to `ftfy.fix_encoding`, and only a fix that re-decodes UTF-8 counts, so curly quotes,
  dashes and accented words are never touched.
- `lossy-punctuation`: a curly apostrophe or quotation mark (E2 80 99, E2 80 9C, ...) read in
  a single-byte code page whose trailing bytes were then dropped, leaving one wrong letter
  (`isnāt`, `donât`, `âWeâre thrilled,â`). Told apart from real letters by the word's shape
  (ASCII + English contraction suffix, or a letter where quotation marks go), an English context
  window, and, for the weaker shapes, the same damage in a contraction elsewhere in the text.
- `replacement-character`: U+FFFD, a character lost for good.
- `control-character`: C0/C1 control characters; C1 ones usually stand for Windows-1252
  punctuation (`\\x92` is `’`).
- `invisible-character`: zero-width characters and soft hyphens inside Latin-script words.
- `html-entity`: entities in plain-text files (`&rsquo;`); markup files may use them.
- `double-escaped-entity`: `&amp;#8217;`, `&amp;quot;` in any format.

Every detector pre-scans with one compiled regex, so a clean document costs a few linear scans;
ftfy is imported only when a mojibake candidate is found.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator

from linter.document import Document
from linter.entities import ENTITY, ENTITY_BODY
from linter.matchers.base import Matcher
from linter.model import Hit
from linter.record import record
from linter.rules import RuleSpec

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar

DETECTORS: tuple[str, ...] = (
    "mojibake",
    "lossy-punctuation",
    "replacement-character",
    "control-character",
    "invisible-character",
    "html-entity",
    "double-escaped-entity",
)

# The single-byte code pages ftfy knows how to undo (its CHARMAP_ENCODINGS, with Python's strict
# codecs; bytes a code page leaves undefined are covered by the C1 range below).
_CODE_PAGES: tuple[str, ...] = (
    "latin-1",
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859-2",
    "mac-roman",
    "cp437",
)


def _decoded_chars(first: int, last: int) -> str:
    """Every character the bytes first..last decode to in any of the code pages."""
    chars: set[str] = set()
    for code_page in _CODE_PAGES:
        for byte in range(first, last + 1):
            try:
                chars.add(bytes([byte]).decode(code_page))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(chars))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@functools.cache
def _mojibake_pair() -> re.Pattern[str]:
    """A UTF-8 lead byte (0xC2-0xF4) followed by a continuation byte (0x80-0xBF), as read in
    some single-byte code page: the signature of mojibake. Legit text rarely has such a pair,
    and when it does ftfy decides. Built on first use (ten codecs and 500 escapes: a few ms
    that a run over ASCII text never needs)."""
    return re.compile(
        _char_class(_decoded_chars(0xC2, 0xF4))
        + _char_class(_decoded_chars(0x80, 0xBF) + "".join(map(chr, range(0x80, 0xA0))))
    )


@functools.cache
def _continuation() -> re.Pattern[str]:
    """A UTF-8 continuation byte (0x80-0xBF) as read in some single-byte code page."""
    return re.compile(
        _char_class(_decoded_chars(0x80, 0xBF) + "".join(map(chr, range(0x80, 0xA0))))
    )


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# What byte 0xE2 (the first byte of U+2019 in UTF-8) reads as in the single-byte code pages
# where this damage is seen: â (Latin-1, Windows-1250/1252/1254/1256/1258), ā (Windows-1257,
# ISO 8859-13), в (Windows-1251), β (Windows-1253), ג (Windows-1255), ‚ (Mac Roman), Γ (CP437),
# Ô (CP850), โ (CP874); Â and Ā for text in capitals. Left out: т (CP866, ISO 8859-5) and Б
# (KOI8), rare code pages whose letters are so frequent in Russian text that scanning for them
# would cost every Russian article more than they are worth.
_LOSSY_LETTERS = "âāвβג‚ΓÔโÂĀ"
_LOSSY_SET = frozenset(_LOSSY_LETTERS)
# The letters that also stand for lost quotation marks and dashes. Only Latin ones: a lone `в`
# is a Russian word and a lone `β` a Greek letter in a formula.
_QUOTE_LETTERS = frozenset("âā")
_CONTRACTION_SUFFIX = re.compile(r"(t|s|re|ve|ll|d|m)(?!\w)", re.IGNORECASE)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# The words each contraction attaches to: a closed class, so a match is strong evidence.
_NEGATABLE = _word_set(
    "is are was were do does did ca could wo would should have has had must need ai might sha "
    "dare ought"
)
_CONTRACTION_HOSTS: dict[str, frozenset[str]] = {
    "re": _word_set("you we they who what there here where how why"),
    "ve": _word_set("i you we they who could would should might must what"),
    "ll": _word_set("i you he she it we they that there who what this"),
    "d": _word_set("i you he she it we they who that there what"),
    "m": frozenset({"i"}),
    "s": _word_set("it that let he she what who there here where how why this everyone nobody"),
}
# Size of the text buckets whose language decides a lossy apostrophe (the candidate's bucket
# and its two neighbours are read).
_CONTEXT_RADIUS = 200
_WORD = re.compile(r"[^\W\d_]+")

_C1 = re.compile("[\x80-\x9f]")
# C0 controls other than tab, line feed, form feed and carriage return; DEL; C1 controls.
_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
_INVISIBLE_NAMES = {
    "\u00ad": "soft hyphen (U+00AD)",
    "\u200b": "zero-width space (U+200B)",
    "\u200c": "zero-width non-joiner (U+200C)",
    "\u200d": "zero-width joiner (U+200D)",
    "\u2060": "word joiner (U+2060)",
    "\ufeff": "byte-order mark (U+FEFF)",
}
# Every single character some detector starts from, so one scan of the document serves them all.
_TRIGGER = re.compile("[" + _CONTROLS + "".join(_INVISIBLE_NAMES) + "\ufffd" + _LOSSY_LETTERS + "]")
_DOUBLE_ESCAPED = re.compile(r"&amp;(?:amp;)*" + ENTITY_BODY)
# Characters whose entity must stay escaped in markup (suggest the single entity there).
_MARKUP_SPECIAL = frozenset('<>&"')
# Mojibake words are short; longer runs without a space are cut to this many characters each
# side of the suspicious pair, so one enormous token cannot make the rule slow.
_MAX_TOKEN_REACH = 64
# Punctuation that ends a mojibake report (the damage is reported as the word between).
_EDGE_PUNCTUATION = frozenset(".,;:!?()[]{}<>\"'*_`")


class EncodingMatcher(Matcher):
    extends = "encoding"
    reads_metadata = True
    message_fields = frozenset({"advice", "mark", "char"})
    keys: ClassVar[dict[str, str]] = {
        "detect": "the kind of damage to find: " + ", ".join(DETECTORS),
        "safe": "the suggestions are safe for --fix to apply unreviewed (default true)",
        "english_words": "lossy-punctuation: common English words that show a passage is "
        "English (list or {file: ...})",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        if not opts.has("detect"):
            choices = ", ".join(DETECTORS)
            raise opts.error(f"missing required key (one of: {choices})", "detect")
        self.detect = opts.choice("detect", DETECTORS, "mojibake")
        self.safe = opts.boolean("safe", True)
        words = opts.strings("english_words")
        if words and self.detect != "lossy-punctuation":
            raise opts.error("only a lossy-punctuation rule uses this key", "english_words")
        self.english_words = frozenset(w.lower() for w in words) or _DEFAULT_ENGLISH_WORDS

    @property
    def fixable(self) -> bool:  # type: ignore[override]
        return self.safe

    def hits(self, doc: Document) -> Iterator[Hit]:
        text = doc.prose
        if self.detect == "mojibake":
            yield from mojibake_hits(doc)
        elif self.detect == "lossy-punctuation":
            yield from lossy_punctuation_hits(text, self.english_words, _scan(doc))
        elif self.detect == "replacement-character":
            yield from _replacement_hits(doc)
        elif self.detect == "control-character":
            yield from _control_hits(doc)
        elif self.detect == "invisible-character":
            yield from _invisible_hits(doc)
        elif self.detect == "html-entity":
            if doc.fmt == "text":
                yield from _entity_hits(doc, double_escaped=False)
        else:
            yield from _entity_hits(doc, double_escaped=True)


# --- mojibake ---------------------------------------------------------------------------------


class _Scan:
    """What the detectors share about one document, each part computed when first needed:
    where the trigger characters are (one regex pass for all detectors) and the mojibake (the
    control and replacement-character rules skip characters that are part of it)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def triggers(self) -> dict[str, list[int]]:
        """Positions of trigger characters by kind: lossy, replacement, invisible, control."""
        found: dict[str, list[int]] = {
            "lossy": [],
            "replacement": [],
            "invisible": [],
            "control": [],
        }
        for match in _TRIGGER.finditer(self.text):
            char = match.group()
            if char == "\ufffd":
                kind = "replacement"
            elif char in _INVISIBLE_NAMES:
                kind = "invisible"
            elif char in _LOSSY_SET:
                kind = "lossy"
            else:
                kind = "control"
            found[kind].append(match.start())
        return found

    @functools.cached_property
    def mojibake(self) -> tuple[Hit, ...]:
        if self.text.isascii():  # a C-speed check that spares clean ASCII text the pair scan
            return ()
        return tuple(_find_mojibake(self.text))

    @functools.cached_property
    def mojibake_spans(self) -> list[tuple[int, int]]:
        return [(hit.start, hit.end) for hit in self.mojibake]


_SCANS: weakref.WeakKeyDictionary[Document, _Scan] = weakref.WeakKeyDictionary()


def _scan(doc: Document) -> _Scan:
    scan = _SCANS.get(doc)
    if scan is None or scan.text is not doc.prose:
        scan = _Scan(doc.prose)
        _SCANS[doc] = scan
    return scan


def mojibake_hits(doc: Document) -> tuple[Hit, ...]:
    return _scan(doc).mojibake


def _in_mojibake(doc: Document, start: int, end: int) -> bool:
    spans = _scan(doc).mojibake_spans
    index = bisect.bisect_right(spans, (start, end)) - 1
    return any(s < end and start < e for s, e in spans[max(index, 0) : index + 2])


def _token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of non-blank characters around text[start:end], at most _MAX_TOKEN_REACH
    characters beyond it on each side. Only ASCII white space separates tokens: a no-break
    space is often part of the damage (`Â\\xa0`)."""
    left_limit = max(0, start - _MAX_TOKEN_REACH)
    right_limit = min(len(text), end + _MAX_TOKEN_REACH)
    left = start
    while left > left_limit and text[left - 1] not in " \t\r\n\f\v":
        left -= 1
    right = end
    while right < right_limit and text[right] not in " \t\r\n\f\v":
        right += 1
    return left, right


def _find_mojibake(text: str) -> Iterator[Hit]:
    if text.isascii():
        return
    covered_until = 0
    for pair in _mojibake_pair().finditer(text):
        if pair.start() < covered_until:
            continue
        left, right = _token_bounds(text, pair.start(), pair.end())
        covered_until = right
        hit = _repair_token(text, left, right)
        if hit is None:
            # A correct quote mark or bracket glued to the word (“donâ€™t”) is not damage, and
            # makes the whole token undecodable: try the word alone.
            inner_left, inner_right = _without_marks(text, left, right, pair.start(), pair.end())
            if (inner_left, inner_right) != (left, right):
                hit = _repair_token(text, inner_left, inner_right)
        if hit is None:
            # A correct non-ASCII letter in the same word (`â€œZürich`) cannot be re-decoded
            # with the damage: try the damaged characters alone.
            run_end = pair.end()
            while run_end < min(right, pair.end() + 2) and _continuation().match(text, run_end):
                run_end += 1
            if (pair.start(), run_end) != (left, right):
                hit = _repair_token(text, pair.start(), run_end)
        if hit is None:
            # Last, what ftfy leaves alone as not bad enough, on the word without its marks.
            inner_left, inner_right = _without_marks(text, left, right, pair.start(), pair.end())
            hit = _repair_token(text, inner_left, inner_right, redecode=True)
        if hit is not None:
            yield hit


_OPENING_MARKS = "“‘\"'(["
_CLOSING_MARKS = "”’\"')].,;:!?"


def _without_marks(text: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """text[left:right] without the punctuation around the word, never cutting into the
    damaged pair text[start:end] (a garbled em dash ends in ”: "â€”")."""
    while left < start and text[left] in _OPENING_MARKS:
        left += 1
    while right > end and text[right - 1] in _CLOSING_MARKS and text[right - 2] != "€":
        right -= 1
    return left, right


def _repair_token(text: str, left: int, right: int, *, redecode: bool = False) -> Hit | None:
    """A hit for the damaged word(s) in text[left:right] if ftfy (or, with `redecode`, a
    strict decoding) can re-decode them as UTF-8."""
    repair = _repair(text[left:right], redecode=redecode)
    if repair is None:
        return None
    start, end, suggestion = repair
    advice = _advice(suggestion) if suggestion is not None else "a character was lost for good"
    return Hit(left + start, left + end, suggestion=suggestion, fields={"advice": advice})


@functools.lru_cache(maxsize=4096)
def _repair(token: str, *, redecode: bool = False) -> tuple[int, int, str | None] | None:
    """(start, end, repaired text or None if a character is lost) of the damage in a token,
    by ftfy, or with `redecode` by a strict decoding where ftfy leaves the token alone.
    Cached: damaged articles repeat the same few words (`itâ€™s`, `donâ€™t`)."""
    import ftfy  # lazily: importing ftfy costs tens of milliseconds a clean file need not pay

    fixed, steps = ftfy.fix_encoding_and_explain(token)
    if not _decoded_utf8(token, fixed, steps) and _C1.search(token):
        # Some tools mix Latin-1 and Windows-1252 (`itâ€\x99s`): read C1 controls as
        # Windows-1252 first, as browsers do, and try again.
        fixed, steps = ftfy.fix_encoding_and_explain(ftfy.fixes.fix_c1_controls(token))
    if not _decoded_utf8(token, fixed, steps):
        if not redecode:
            return None  # not mojibake (a lone C1 control is the control-character rule's)
        # ftfy judges by how bad the token looks and leaves some plain mojibake alone
        # (`â–º` for ►, `ÅžiÅŸli` for Şişli): decode it strictly, where the result is plausible.
        redecoded = _redecoded_cp1252(token)
        if redecoded is None:
            return None
        fixed = redecoded
    prefix = _common_prefix(token, fixed)
    suffix = _common_prefix(token[prefix:][::-1], fixed[prefix:][::-1])
    start, end = prefix, len(token) - suffix
    # Report the whole token, less ASCII punctuation around it: `CafÃ©` -> `Café` and
    # `Â£5` -> `£5` read better than `Ã©` -> `é` and `Â` -> ``.
    while start > 0 and token[start - 1] not in _EDGE_PUNCTUATION:
        start -= 1
    while end < len(token) and token[end] not in _EDGE_PUNCTUATION:
        end += 1
    repaired = fixed[start : len(fixed) - (len(token) - end)]
    # ftfy writes U+FFFD for bytes a lossy decoder already replaced: that character is unknown.
    return start, end, None if "\ufffd" in repaired else repaired


# Where a character that UTF-8 spells with 2, 3 or 4 bytes may come from when ftfy's heuristics
# pass over it: Latin letters of European languages (U+00C0-U+017F; `Åž` -> `Ş`), and
# punctuation, arrows, shapes and symbols (`â–º` -> `►`). Not CJK: a correct `café…”` reads as
# the bytes of a Chinese character, and no English article carries one spelled that way.
_PLAUSIBLE_REDECODED = (
    (0x00C0, 0x017F),
    (0x2010, 0x205E),
    (0x20A0, 0x20C0),
    (0x2100, 0x214F),
    (0x2190, 0x23FF),
    (0x2500, 0x27BF),
    (0x1F300, 0x1FAFF),
)


def _cp1252_byte(char: str) -> int | None:
    """The byte a Windows-1252 reader turned into this character (a C1 control is its own)."""
    if "\x80" <= char <= "\x9f":
        return ord(char)
    try:
        encoded = char.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return encoded[0]


def _sequence_length(lead: int | None) -> int:
    """How many bytes a UTF-8 sequence starting with byte `lead` has (0: not a lead byte)."""
    if lead is None or lead < 0xC2 or lead > 0xF4:
        return 0
    return 2 if lead <= 0xDF else 3 if lead <= 0xEF else 4


def _redecoded_cp1252(token: str) -> str | None:
    """The token with each Windows-1252 reading of a UTF-8 sequence decoded back, or None if
    it has none or one decodes to an implausible character. A Latin letter counts only inside
    a word (`ÅžiÅŸli`, `wÅ‚asny`; see `_inside_word`)."""
    pieces: list[str] = []
    changed = False
    index = 0
    while index < len(token):
        length = _sequence_length(_cp1252_byte(token[index]))
        sequence = [_cp1252_byte(char) for char in token[index : index + length]]
        if length and len(sequence) == length and all(
            byte is not None and 0x80 <= byte <= 0xBF for byte in sequence[1:]
        ):
            try:
                decoded = bytes(sequence).decode("utf-8")  # type: ignore[arg-type]
            except UnicodeDecodeError:
                return None
            if not any(low <= ord(decoded) <= high for low, high in _PLAUSIBLE_REDECODED):
                return None
            if ord(decoded) <= 0x17F and not _inside_word(token, index, index + length):
                return None
            pieces.append(decoded)
            changed = True
            index += length
            continue
        pieces.append(token[index])
        index += 1
    return "".join(pieces) if changed else None


def _inside_word(token: str, start: int, end: int) -> bool:
    """Whether token[start:end] reads as a letter inside a word: a letter follows it, or its
    continuation is itself a letter (`ž`) and a letter precedes it. Punctuation glued to the end
    of a word in capitals (`MARQUÉ…`, `PÅ…`) is correct text, and so is a quotation mark."""
    continuation = token[start + 1 : end]
    if any(char in _QUOTE_MARKS for char in continuation):
        return False
    if token[end : end + 1].isalpha():
        return True
    return continuation.isalpha() and token[start - 1 : start].isalpha()


_QUOTE_MARKS = frozenset("‘’“”")


def _decoded_utf8(token: str, fixed: str, steps: list[tuple[str, str]]) -> bool:
    """Whether ftfy's fix re-decoded UTF-8 (not only reinterpreted C1 controls)."""
    return fixed != token and any(
        action == "decode" and codec.startswith("utf-8") for action, codec in steps
    )


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


# --- lossy punctuation ------------------------------------------------------------------------


@record(frozen=True, slots=True)
class _LossyCandidate:
    """One damaged letter read as the punctuation it replaced, reported with its word."""

    start: int  # the reported span: the damaged letter with the word it belongs to
    end: int
    damage_start: int  # the damaged letter (and a surviving `€`, if any)
    damage_end: int
    replacement: str | None  # None where the lost mark cannot be known (a dash: – or —)
    # True for a contraction whose stem is a closed class (isn't, they're, it's), or a mark
    # whose second byte survived as `€` (`decade,â€`): strong evidence on its own.
    # Possessives (`Indiaās`), quotes and dashes need that evidence elsewhere in the document.
    closed_class: bool
    # The letter the mark became, which tells the code page the text went through.
    letter: str


def lossy_punctuation_hits(
    text: str, english_words: frozenset[str], scan: _Scan | None = None
) -> Iterator[Hit]:
    positions = (scan or _Scan(text)).triggers["lossy"]
    candidates = list(_lossy_candidates(text, english_words, positions))
    if not candidates:
        return
    context = _LossyContext(
        text,
        english_words,
        [c.damage_start for c in candidates],
        [c.damage_start for c in candidates if c.closed_class],
    )
    # The weaker kinds count only where the same letter also replaced the apostrophe of a
    # closed-class contraction (`isnāt`, `itās`) in English text: a transliterated `Vedās` or a
    # Greek `β` in a clean article is left alone.
    proven_letters = {
        c.letter for c in candidates if c.closed_class and context.looks_english(c.start, True)
    }
    accepted = [
        c
        for c in candidates
        if c.letter in proven_letters and context.looks_english(c.start, c.closed_class)
    ]
    yield from _merged_lossy_hits(text, accepted)


def _merged_lossy_hits(text: str, accepted: list[_LossyCandidate]) -> Iterator[Hit]:
    """One hit per run of overlapping candidates: `âWeâre` is an opening quote and a
    contraction, reported once as `“We’re`."""
    group: list[_LossyCandidate] = []
    group_end = 0
    for candidate in accepted:  # already in text order
        if group and candidate.start < group_end:
            group.append(candidate)
            group_end = max(group_end, candidate.end)
            continue
        if group:
            yield _lossy_hit(text, group, group_end)
        group, group_end = [candidate], candidate.end
    if group:
        yield _lossy_hit(text, group, group_end)


def _repaired(
    text: str, start: int, end: int, damages: Iterable[tuple[int, int, str | None]]
) -> str | None:
    """text[start:end] with each damaged (start, end) span replaced by its repair, in order;
    None when any repair is unknown."""
    pieces: list[str] = []
    cursor = start
    for damage_start, damage_end, replacement in damages:
        if replacement is None:
            return None
        pieces.append(text[cursor:damage_start])
        pieces.append(replacement)
        cursor = damage_end
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _lossy_hit(text: str, group: list[_LossyCandidate], end: int) -> Hit:
    start = group[0].start
    suggestion = _repaired(
        text, start, end, ((c.damage_start, c.damage_end, c.replacement) for c in group)
    )
    marks = {"\u2019": "apostrophe", "\u201c": "quotation mark", "\u201d": "quotation mark"}
    kinds = dict.fromkeys(marks.get(c.replacement or "", "dash") for c in group)
    return Hit(
        start,
        end,
        suggestion=suggestion,
        fields={"mark": " and ".join(kinds), "advice": _advice(suggestion)},
    )


def _lossy_candidates(
    text: str, english_words: frozenset[str], positions: list[int]
) -> Iterator[_LossyCandidate]:
    for position in positions:
        char = text[position]
        # Sometimes only the last byte was dropped and 0x80 survived as `€` (`itâ€s`).
        surviving_byte = text.startswith("€", position + 1)
        damage_end = position + 2 if surviving_byte else position + 1
        before = text[position - 1] if position > 0 else " "
        after = text[damage_end] if damage_end < len(text) else " "
        quote_letter = char in _QUOTE_LETTERS
        if before in _ASCII_LETTERS:
            stem_start = position - 1
            while stem_start > 0 and text[stem_start - 1] in _ASCII_LETTERS:
                stem_start -= 1
            preceding = text[stem_start - 1] if stem_start > 0 else " "
            if preceding.isalnum() and preceding not in _LOSSY_SET:
                continue  # the word goes on with a non-ASCII letter or digit: not English
            if preceding in "_'’":
                continue
            contraction = _contraction(text, stem_start, position, damage_end, char, surviving_byte)
            if contraction is not None:
                yield contraction
            elif quote_letter and _ends_quote(after):
                # A closing mark after a word: `market,â` is handled below; `Smithsâ house`
                # is a plural possessive, anything else a closing quotation mark.
                stem = text[stem_start:position]
                following = text[damage_end + 1 : damage_end + 2]
                mark = "\u2019" if stem[-1] in "sS" and following.islower() else "\u201d"
                yield _LossyCandidate(
                    stem_start, damage_end, position, damage_end, mark, surviving_byte, char
                )
        elif not quote_letter:
            continue
        elif before in ".,;:!?" and _ends_quote(after):
            word_start = position - 1
            while word_start > 0 and (
                text[word_start - 1].isascii() and text[word_start - 1].isalnum()
            ):
                word_start -= 1
            yield _LossyCandidate(
                word_start, damage_end, position, damage_end, "\u201d", surviving_byte, char
            )
        elif before.isspace() or before in "([":
            if after.isspace() or after in ".,;:":
                # A lost dash: en or em, nobody can tell.
                yield _LossyCandidate(
                    position, damage_end, position, damage_end, None, surviving_byte, char
                )
                continue
            word_end = damage_end
            while word_end < len(text) and text[word_end] in _ASCII_LETTERS:
                word_end += 1
            word = text[damage_end:word_end]
            if (after.isascii() and (after.isupper() or after.isdigit())) or (
                len(word) >= 3 and word.lower() in english_words
            ):
                yield _LossyCandidate(
                    position,
                    max(word_end, damage_end),
                    position,
                    damage_end,
                    "\u201c",
                    surviving_byte,
                    char,
                )


def _ends_quote(after: str) -> bool:
    return after.isspace() or after in ".,;:!?)]"


def _contraction(
    text: str, stem_start: int, position: int, damage_end: int, letter: str, strong: bool
) -> _LossyCandidate | None:
    suffix = _CONTRACTION_SUFFIX.match(text, damage_end)
    if suffix is None:
        return None
    stem = text[stem_start:position]
    ending = suffix.group(1).lower()
    if ending == "t":
        if not stem.lower().endswith("n") or stem.lower()[:-1] not in _NEGATABLE:
            return None
        closed = True
    else:
        closed = stem.lower() in _CONTRACTION_HOSTS[ending]
        if not closed and ending != "s":
            return None
        # `Adairâs`: a name in English letters + `âs` is a possessive (none in 150 MB of this
        # machine's UTF-8 text), unlike `-ās`, a Latvian ending and a transliteration (`Vedās`).
        # Only a capitalised stem of three letters or more: Romanian has `râs` (laughter).
        closed = closed or (
            letter == "â" and len(stem) >= 3 and stem[0].isupper() and stem[1:].islower()
        )
    return _LossyCandidate(
        stem_start, suffix.end(), position, damage_end, "\u2019", closed or strong, letter.lower()
    )


class _LossyContext:
    """Decides whether the text around a candidate reads as English. The text is cut into
    buckets of _CONTEXT_RADIUS characters whose word counts are computed once each, so many
    candidates in one passage (a Latvian text is full of `-ās` words) cost no more than one
    pass over it."""

    def __init__(
        self,
        text: str,
        english_words: frozenset[str],
        damage_starts: list[int],
        closed_class_starts: list[int],
    ) -> None:
        self.text = text
        self.english_words = english_words
        self.damage_starts = damage_starts
        self.closed_class_starts = closed_class_starts
        self._buckets: dict[int, tuple[int, int, int]] = {}
        # Candidates in one bucket share a window, hence a verdict (per kind of candidate).
        self._decisions: dict[tuple[int, bool], bool] = {}

    def _bucket(self, index: int) -> tuple[int, int, int]:
        """(words, English words, non-ASCII letters) of one bucket."""
        counts = self._buckets.get(index)
        if counts is None:
            start = index * _CONTEXT_RADIUS
            words = _WORD.findall(self.text, start, start + _CONTEXT_RADIUS)
            english = sum(1 for w in words if w.lower() in self.english_words)
            non_ascii = sum(1 for w in words if not w.isascii() for c in w if ord(c) > 127)
            counts = (len(words), english, non_ascii)
            self._buckets[index] = counts
        return counts

    def looks_english(self, position: int, closed_class: bool) -> bool:
        """Enough common English words around `position`, and few non-ASCII letters other
        than the damaged marks themselves (Latvian has `dienās` but also ē, ī, š, ...)."""
        middle = position // _CONTEXT_RADIUS
        decided = self._decisions.get((middle, closed_class))
        if decided is None:
            decided = self._decide(middle, closed_class)
            self._decisions[(middle, closed_class)] = decided
        return decided

    def _decide(self, middle: int, closed_class: bool) -> bool:
        first, last = max(0, middle - 1), middle + 1
        word_count = english = non_ascii = 0
        for index in range(first, last + 1):
            words, english_words, letters = self._bucket(index)
            word_count += words
            english += english_words
            non_ascii += letters
        if word_count == 0:
            return False
        left, right = first * _CONTEXT_RADIUS, (last + 1) * _CONTEXT_RADIUS
        # A damaged word (`isnāt`) has one non-ASCII letter, the damage; its stem is an English
        # function word when the contraction is a closed-class one.
        damaged = _count_between(self.damage_starts, left, right)
        english += _count_between(self.closed_class_starts, left, right)
        foreign_density = max(0, non_ascii - damaged) / word_count
        english_share = english / word_count
        if closed_class:
            return english_share >= 0.15 and foreign_density <= 0.15
        return english_share >= 0.25 and foreign_density <= 0.05


def _count_between(sorted_positions: list[int], left: int, right: int) -> int:
    return bisect.bisect_left(sorted_positions, right) - bisect.bisect_left(sorted_positions, left)


# --- single characters ------------------------------------------------------------------------


@record(frozen=True, slots=True)
class _CharDamage:
    """Damaged characters text[start:end], what they should be (None: unknown), and a name."""

    start: int
    end: int
    replacement: str | None
    name: str


def _word_hits(text: str, damages: Iterator[_CharDamage]) -> Iterator[Hit]:
    """One hit per word holding damaged characters (`It\x92s`, `Sup\u200bport`): the word is
    what a reader can find, and the message can quote it. Damage in one word (`\x93yes\x94`)
    makes one hit, whose suggestion is the word repaired (None if a piece is unknown)."""
    group: list[_CharDamage] = []
    group_start = group_end = 0
    for damage in damages:
        left, right = _word_bounds(text, damage.start, damage.end)
        if group and left <= group_end:
            group.append(damage)
            group_end = max(group_end, right)
            continue
        if group:
            yield _word_hit(text, group_start, group_end, group)
        group, group_start, group_end = [damage], left, right
    if group:
        yield _word_hit(text, group_start, group_end, group)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left_limit = max(0, start - _MAX_TOKEN_REACH)
    right_limit = min(len(text), end + _MAX_TOKEN_REACH)
    left, right = start, end
    while left > left_limit and text[left - 1].isalnum():
        left -= 1
    while right < right_limit and text[right].isalnum():
        right += 1
    return left, right


def _word_hit(text: str, start: int, end: int, damages: list[_CharDamage]) -> Hit:
    suggestion = _repaired(text, start, end, ((d.start, d.end, d.replacement) for d in damages))
    names = " and ".join(dict.fromkeys(d.name for d in damages))
    return Hit(
        start, end, suggestion=suggestion, fields={"char": names, "advice": _advice(suggestion)}
    )


def _advice(suggestion: str | None) -> str:
    """The end of a message: what to write instead (messages quote it as `{advice}`)."""
    if suggestion is None:
        return "correct it by hand"
    if not suggestion:
        return "remove it"
    return f"it should read '{suggestion}'"


def _replacement_hits(doc: Document) -> Iterator[Hit]:
    text = doc.prose
    damages = (
        _CharDamage(position, position + 1, None, "the replacement character U+FFFD")
        for position in _scan(doc).triggers["replacement"]
        if not _in_mojibake(doc, position, position + 1)
    )
    yield from _word_hits(text, damages)


def _control_hits(doc: Document) -> Iterator[Hit]:
    text = doc.prose
    yield from _word_hits(text, _control_damages(doc, text))


def _control_damages(doc: Document, text: str) -> Iterator[_CharDamage]:
    for position in _scan(doc).triggers["control"]:
        char = text[position]
        replacement = None
        if 0x80 <= ord(char) <= 0x9F:
            if _in_mojibake(doc, position, position + 1):
                continue  # part of `â€\x9d`: the mojibake rule reports it
            try:  # what Windows-1252 (and every browser) shows for this byte
                replacement = char.encode("latin-1").decode("cp1252")
            except UnicodeDecodeError:
                replacement = None  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined there too
        yield _CharDamage(position, position + 1, replacement, f"U+{ord(char):04X}")


def _is_latin_word_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum()
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def _invisible_hits(doc: Document) -> Iterator[Hit]:
    text = doc.prose
    yield from _word_hits(text, _invisible_damages(doc, text, _scan(doc).triggers["invisible"]))


def _invisible_damages(doc: Document, text: str, positions: list[int]) -> Iterator[_CharDamage]:
    for start in positions:
        char = text[start]
        if _in_mojibake(doc, start, start + 1):
            # The soft hyphen of `Ã\xad` (í read as Windows-1252) is half of a mojibake pair:
            # the mojibake rule repairs it, and deleting it first (by --fix) would leave `Ã`.
            continue
        if char == "\ufeff":
            # A byte-order mark is never text; only the very first character may be one.
            if start == 0:
                continue
        elif not (
            0 < start < len(text) - 1
            and _is_latin_word_char(text[start - 1])
            and _is_latin_word_char(text[start + 1])
        ):
            # Outside Latin-script words these characters have jobs: joiners build emoji and
            # Indic or Persian spellings, zero-width spaces separate Thai words.
            continue
        yield _CharDamage(start, start + 1, "", _INVISIBLE_NAMES[char])


# --- HTML entities ----------------------------------------------------------------------------


def _decode_entity(entity: str) -> str | None:
    """The character an entity stands for, or None if it is not a real entity."""
    body = entity[1:-1]
    if body.startswith("#"):
        try:
            code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        except ValueError:
            return None
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        if 0x80 <= code <= 0x9F:  # as browsers do: &#146; is Windows-1252's ’
            try:
                return bytes([code]).decode("cp1252")
            except UnicodeDecodeError:
                return None
        return chr(code)
    import html.entities  # only once an entity turns up: the table is a 5 ms import

    return html.entities.html5.get(body + ";")


def _entity_hits(doc: Document, *, double_escaped: bool) -> Iterator[Hit]:
    # Entities are found in the raw text: a markup parser may blank or pad them in the prose
    # view. A match whose first character the prose view blanked is inside code or a tag.
    raw, prose = doc.raw, doc.prose
    if "&" not in raw:
        return
    pattern = _DOUBLE_ESCAPED if double_escaped else ENTITY
    for match in pattern.finditer(raw):
        start, end = match.span()
        if prose[start] != "&":
            continue
        if double_escaped:
            single = _single_escape(match.group())
            char = _decode_entity(single)
            if char is None:
                continue
            # In markup the single entity is right for characters that must stay escaped.
            keep_escaped = doc.fmt != "text" and char in _MARKUP_SPECIAL
            yield Hit(start, end, suggestion=single if keep_escaped else char)
        else:
            if match.group() == "&amp;" and _DOUBLE_ESCAPED.match(raw, start):
                continue  # the double-escaped-entity rule's
            char = _decode_entity(match.group())
            if char is not None:
                yield Hit(start, end, suggestion=char)


def _single_escape(entity: str) -> str:
    """`&amp;amp;#8217;` -> `&#8217;`: every layer of `&amp;` escaping removed."""
    while entity.startswith("&amp;") and len(entity) > len("&amp;"):
        entity = "&" + entity[len("&amp;") :]
    return entity


# Common English function words: a passage where they are frequent is English.
_DEFAULT_ENGLISH_WORDS: frozenset[str] = _word_set(
    """
    the and of that this with for was were are have has had not but from they their them
    there what which who whom will would could should about into than then just been being
    because when where while also some more most very only other such these those its our
    your you we he she his her him by at an or as if be can all one up out over after before
    between through against here how why each both any many much does did doing let make like
    well even still yet said says new been it is in to on a i my me us no so do
    """
)
