"""A decoded article: its raw text, a same-length prose view, line starts, blocks and sentences.

The prose view is the raw text with everything that is not prose (code, tags, URLs, front matter)
replaced by spaces, newlines kept. Line breaks inside a paragraph are spaces too, and quotations
in single marks get double ones (`double_single_quotes`), so that every rule reads one kind.
Every offset in it is an offset in the raw text, so a match in the prose view maps to a line and
column of the original file with one bisect, and a rule that needs the raw text (an evidence
link, an encoding check) reads it at the same offsets.
"""

from __future__ import annotations

import bisect
import gc
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import PurePath

from linter.model import PROMOTIONAL_CATEGORIES
from linter.record import field, record

FORMATS: tuple[str, ...] = ("text", "markdown", "html")

_EXTENSION_FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Where lines end: \r\n, \n or a lone \r (old Mac files), so columns stay right in all three.
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def format_for_path(path: str) -> str:
    """The document format implied by a file name; anything unknown is plain text."""
    return _EXTENSION_FORMATS.get(PurePath(path).suffix.lower(), "text")


def line_starts(text: str) -> list[int]:
    """The offset of each line of `text` (after `\\r\\n`, `\\n` or `\\r`)."""
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    return starts


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, given the text's `line_starts`."""
    line_index = bisect.bisect_right(starts, offset) - 1
    return line_index + 1, offset - starts[line_index] + 1


@record(frozen=True, slots=True)
class Block:
    """A span of prose of one kind: paragraph, heading, list item, table cell, block quote, ..."""

    start: int
    end: int
    kind: str = "paragraph"


@record(frozen=True, slots=True)
class Span:
    start: int
    end: int


def trimmed(text: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """[start, end) of `text` (a string, or a markup parser's list of characters) less the
    white space at its ends; empty (start == end) if that is all it holds."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@record(frozen=True, slots=True)
class Link:
    """A hyperlink in the markup: the span of its text in the file, and where it points (the
    destination as written: a Markdown `(url)`, an HTML `href`)."""

    text: Span
    target: str


@record(eq=False)
class Document:
    """One article, ready for the rules. Built by `Document.from_text`."""

    path: str
    raw: str
    prose: str
    fmt: str = "text"
    blocks: tuple[Block, ...] = ()
    # Fields from front matter (e.g. title, description) with the span of their values.
    front_matter: dict[str, Span] = field(default_factory=dict)
    # Inline links (Markdown `[text](url)`, HTML `<a href>`), in order; plain text has none.
    links: tuple[Link, ...] = ()
    # Comment spans outside code (see ParsedMarkup.comments): where suppression directives live.
    comments: tuple[Span, ...] = ()
    # Set by the engine around one rule's run: where that rule's gate pattern can match
    # (a `prefilter.RuleWindows`), so the matcher scans only there. None: scan everything.
    gate: object = field(default=None, repr=False)
    # Set by the engine around a fallback rule's run (`Matcher.fallback`): the merged, sorted
    # spans that the other rules of its category flagged, where it has nothing to add.
    covered: list[tuple[int, int]] | None = field(default=None, repr=False)
    # Set by the engine around the runs of the rules that weigh the article as a whole (the
    # fallbacks, `context: promotional` rules): (category, start, end) of every finding the
    # other rules made in the document, then also those of the fallbacks' first run.
    context_findings: tuple[tuple[str, int, int], ...] = field(default=(), repr=False)

    def reads_as_promotional(
        self,
        categories: frozenset[str] = PROMOTIONAL_CATEGORIES,
        min_findings: int = 3,
        min_categories: int = 2,
        min_density: float = 4.0,
        min_unquoted: int = 2,
    ) -> bool:
        """Whether the findings of the other rules (`context_findings`) mark this document as a
        promotional article: at least `min_findings` distinct spans in `categories`, in at least
        `min_categories` of them, and at least `min_density` per 1,000 words, of which at least
        `min_unquoted` lie outside quotations. Neutral articles rarely reach the bar
        (docs/quality.md); the sentence models flag from a lower score there, and rules with
        `context: promotional` report only there.

        Quoted findings count (an advertorial's testimonials are part of its pitch), but not
        alone: a regulator's ruling or a court report that quotes an advert's claims at length
        says nothing promotional in its own words."""
        spans = {(s, e) for c, s, e in self.context_findings if c in categories}
        found = {c for c, _s, _e in self.context_findings if c in categories}
        return (
            len(spans) >= min_findings
            and len(found) >= min_categories
            and len(spans) * 1000 >= min_density * self.word_count
            and self._unquoted_spans(spans) >= min_unquoted
        )

    def _unquoted_spans(self, spans: set[tuple[int, int]]) -> int:
        """How many of `spans` hold a word outside quotations and interview answers."""
        from linter.textmodel import unquoted_words_in

        return sum(1 for start, end in spans if unquoted_words_in(self, start, end))

    @classmethod
    def from_text(cls, text: str, *, path: str = "<text>", fmt: str | None = None) -> Document:
        from linter.markup import parse_markup

        fmt = fmt or format_for_path(path)
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        with collection_paused():
            parsed = parse_markup(text, fmt)
        if len(parsed.prose) != len(text):  # the one invariant every markup module must keep
            raise AssertionError(f"{fmt} markup changed the text length")
        return cls(
            path=path,
            raw=text,
            prose=double_single_quotes(join_soft_wraps(parsed.prose, parsed.blocks, fmt)),
            fmt=fmt,
            blocks=parsed.blocks,
            front_matter=dict(parsed.front_matter),
            comments=parsed.comments,
            links=parsed.links,
        )

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.raw)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        return position(self.line_starts, offset)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans over the prose view, computed once and shared by every rule."""
        spans: list[Span] = []
        for block in self.blocks:
            spans.extend(split_sentences(self.prose, block.start, block.end))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding `offset`, or None if it lies outside all prose."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].start <= offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def sentence_before(self, sentence: Span) -> Span | None:
        """The sentence just before `sentence` in the same line of prose (nothing but spaces
        between them), or None."""
        index = bisect.bisect_right(self._sentence_starts, sentence.start) - 2
        if index < 0:
            return None
        previous = self.sentences[index]
        gap = self.prose[previous.end : sentence.start]
        return previous if not gap.strip(" \t") else None

    @cached_property
    def block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def within_one_block(self, start: int, end: int) -> bool:
        """Whether [start, end) does not run into a block after the one it starts in (blank
        space after a block, a closing `*` blanked or a tag, is still that block's), nor over
        a line break that `join_soft_wraps` kept (a plain-text list or table row)."""
        following = bisect.bisect_right(self.block_starts, start)
        if following < len(self.blocks) and end > self.blocks[following].start:
            return False
        return "\n" not in self.prose[start:end]

    def block_at(self, offset: int) -> Block | None:
        """The block (paragraph, heading, ...) holding `offset`."""
        index = bisect.bisect_right(self.block_starts, offset) - 1
        if index >= 0 and self.blocks[index].start <= offset < self.blocks[index].end:
            return self.blocks[index]
        return None

    @cached_property
    def mentions(self) -> list[tuple[int, int]]:
        """Quotations that mention words to talk about them (linter/mentions.py), sorted."""
        from linter.mentions import mention_spans

        return mention_spans(self.prose)

    @cached_property
    def word_count(self) -> int:
        return len(_WORD.findall(self.prose))


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a parse or a lint. Both allocate many objects
    that live until the document is done (tokens, sentences, features, hits) and leave no
    garbage cycles: a collection in the middle only walks them, and on a megabyte document the
    walks made the cost grow faster than the text (bench/bench.py, linearity). Nested use is
    fine; the collector runs again, as before, once the outermost block ends."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_WORD = re.compile(r"\w+(?:['’]\w+)*")

# Terminal punctuation with any closing quotes or brackets after it (linter/readability.py
# counts sentences with it too).
SENTENCE_STOP = r"""[.!?…]+["'”’)\]]*"""
# A sentence ends at terminal punctuation (with any closing quotes or brackets) followed by
# white space, or at a line break before a line that starts like a new sentence. One linear
# scan per block; no backtracking over the paragraph.
_SENTENCE_END = re.compile(
    SENTENCE_STOP + r"(?=\s)"  # terminal punctuation before white space
    r"""|(?<=[^\s,;(\-–—])[ \t]*(?=\r?\n[ \t]*["“‘(\[]?[A-Z0-9])"""  # line break before a capital
)
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "fig",
        "approx",
        "est",
        "dept",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
    ]
)


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same characters as `spans` (spans that
    touch are joined too)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies wholly inside one of `spans` (sorted, not overlapping)."""
    at = bisect.bisect_right(spans, (start, math.inf)) - 1  # the last span starting <= start
    return at >= 0 and end <= spans[at][1]


def starts_inside(spans: list[tuple[int, int]], start: int) -> bool:
    """Whether a match starting at `start` starts inside one of `spans` (sorted, not
    overlapping): a match that begins in mentioned words is about them, wherever it ends
    ('“Advertisement feature” is acceptable' matched from "Advertisement feature")."""
    at = bisect.bisect_right(spans, (start, math.inf)) - 1  # the last span starting <= start
    return at >= 0 and start < spans[at][1]


# A line break and the blanks around it, inside a paragraph.
# (It starts only where a run of blanks starts: tried at every blank of a long run, it would
# scan the rest of the run each time, quadratic in the run's length.)
_LINE_BREAK_RUN = re.compile(r"(?<![ \t])[ \t]*\r?\n[ \t]*(?=\S)")
# In plain text, a line that starts like a table row (a number, then a gap) or a list item
# is a line of its own.
_TABLE_ROW = re.compile(r"[\d.]+(?: {2}|\t)")
_LIST_ITEM_START = re.compile(r"(?:[-*+•·–—]|\d{1,3}[.)])\s|" + _TABLE_ROW.pattern)
# In plain text, a line this long was wrapped; a shorter one may be a line of its own (a list,
# an address, a heading over its paragraph).
_WRAPPED_LINE = 40


def join_soft_wraps(prose: str, blocks: tuple[Block, ...] | list[Block], fmt: str) -> str:
    """`prose` with each line break inside a block made a space: a hard-wrapped paragraph then
    reads, to every rule, as the same paragraph on one line (a phrase, a quotation or a
    sentence is not cut where the editor wrapped it). CommonMark renders such a soft line
    break as a space, and so does HTML. In plain text a line break is kept where the line
    before is short or the next line starts like a list item. Offsets are unchanged."""
    if "\n" not in prose or not blocks:
        return prose
    pieces: list[str] = []
    cursor = 0
    text_format = fmt == "text"
    index = 0
    for match in _LINE_BREAK_RUN.finditer(prose):
        start, end = match.span()
        while index < len(blocks) and blocks[index].end <= start:
            index += 1
        if index == len(blocks):
            break
        block = blocks[index]
        if not (block.start <= start and end < block.end):
            continue  # between blocks
        if text_format:
            line_start = max(prose.rfind("\n", block.start, start) + 1, block.start)
            if start - line_start < _WRAPPED_LINE or _LIST_ITEM_START.match(prose, end):
                continue
            indent = line_start
            while indent < start and prose[indent] in " \t":
                indent += 1
            if _TABLE_ROW.match(prose, indent):
                continue
        pieces.append(prose[cursor:start])
        pieces.append(" " * (end - start))
        cursor = end
    if not pieces:
        return prose
    pieces.append(prose[cursor:])
    return "".join(pieces)


# A quotation in single marks, as British newspapers and many style guides write them
# ("jailed over 'guaranteed returns' scheme", "‘It’s the best,’ she said"): an opening mark with
# no letter before it and a letter or digit after, a closing one after a letter, digit or
# punctuation with no letter after it, on one line; not an elision ("the '90s", "'til"). An
# apostrophe inside ("‘it’s”, "don't") is part of the quotation when a letter follows it; a
# quotation that holds a double one is left.
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'‘’])['‘](?=[^\W_])(?!(?:\d0s|em|n|til|cause|tis|twas|bout|round)\b)"
    r"((?:[^'‘’\n\"“”]|['’](?=[^\W\d_])){1,320}?)"
    r"(?<=[\w.,!?%)])['’](?![\w'‘’])"
)


def double_single_quotes(prose: str) -> str:
    """`prose` with each quotation in single marks given double ones, which is what every rule,
    mention pattern and sentence model reads as a quotation. Offsets are unchanged (one mark
    for one), and findings quote the raw text, so users see their own marks."""
    if "'" not in prose and "‘" not in prose:
        return prose
    return _SINGLE_QUOTED.sub(_doubled, prose)


def _doubled(match: re.Match[str]) -> str:
    return f"“{match.group(1)}”"


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans of text[start:end], trimmed of surrounding white space."""
    spans: list[Span] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if match.group().startswith("."):
            word_start = text.rfind(" ", cursor, match.start()) + 1
            word = text[max(word_start, cursor) : match.start()].lower().lstrip("(\"'“‘")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        _append_trimmed(spans, text, cursor, stop)
        cursor = stop
    _append_trimmed(spans, text, cursor, end)
    return spans


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    start, end = trimmed(text, start, end)
    if start < end:
        spans.append(Span(start, end))
