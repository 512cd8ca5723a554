"""Character references in HTML and Markdown, read as the characters they stand for.

A web page exported from a CMS spells its apostrophes and dashes as references (`You&#8217;ll`,
`Don&rsquo;t`, `game&nbsp;changer`, `now &mdash; don't`). The rules match words, so a reference
inside a word hid the phrase from them (`You&#8217;ll wish` was not `You’ll wish`). Before a
markup file is parsed, each reference that stands for one ordinary character is replaced by it;
the findings on that text are then moved back to the file's own positions, so lines, columns,
`match` and `--fix` all refer to the file as written.

Left as written: every reference inside a tag or comment (`title='it&#39;s'` would end the
attribute early; the prose view blanks tags anyway), `&lt; &gt; &amp;` (decoding them would make
markup), references to line breaks, controls and invisible characters, and unknown names. In
Markdown, references to ASCII characters stay too: CommonMark never reads a reference as markup,
but decoded before parsing, `&#96;` or `&#42;` would open a code span or emphasis. A no-break space
after a word becomes a space, as the rules' phrases are written with spaces (elsewhere it stays a
no-break space: four at the start of a Markdown line would make an indented code block).
Plain-text files are not decoded: there a reference is damage, and encoding.HtmlEntity says so.
"""

from __future__ import annotations

import bisect
import re

from linter.document import line_starts, position, starts_inside
from linter.model import Finding
from linter.record import record, replace

# The formats whose text may spell characters as references.
MARKUP_FORMATS = frozenset({"html", "markdown"})
# What follows the `&` of a character reference (a double-escaped one has `&amp;` before it).
ENTITY_BODY = r"(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
ENTITY = re.compile("&" + ENTITY_BODY)
_KEPT = frozenset("<>&\ufffd")
# A tag or comment, roughly: text such as "a < b > c" is taken for one too, which only leaves
# its references as written.
_TAG = re.compile(r"<[^<>]*>")


@record(frozen=True, slots=True)
class EntityDecoding:
    """A file's text with its references decoded, and the way back to the file's positions."""

    text: str  # the decoded text, which is linted
    original: str  # the file's text
    # For the i-th decoded reference: its offset in `text`, and how many characters all the
    # references up to and including it were longer than the one character each became.
    decoded_at: tuple[int, ...]
    shrunk_by: tuple[int, ...]

    def original_offset(self, offset: int) -> int:
        """The file's offset of `offset` in the decoded text (a decoded character's start is
        its reference's start; the offset after it is the offset after the reference)."""
        before = bisect.bisect_left(self.decoded_at, offset)
        return offset + (self.shrunk_by[before - 1] if before else 0)

    def original_finding(self, finding: Finding, line_starts: list[int]) -> Finding:
        """`finding` (on the decoded text) at the file's own positions; `line_starts` are the
        original text's (`line_starts(original)`). Lines are the same: no reference to a line
        break is decoded."""
        start = self.original_offset(finding.offset)
        end = self.original_offset(finding.end_offset)
        line, column = position(line_starts, start)
        end_line, end_column = position(line_starts, end)
        return replace(
            finding,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            match=self.original[start:end],
            offset=start,
            end_offset=end,
        )

    def original_findings(self, findings: list[Finding]) -> list[Finding]:
        starts = line_starts(self.original)
        return [self.original_finding(finding, starts) for finding in findings]


def decode_entities(text: str, fmt: str) -> EntityDecoding | None:
    """`text` with its character references decoded, or None when there is none to decode
    (or `fmt` is not a markup format)."""
    if fmt not in MARKUP_FORMATS or "&" not in text:
        return None
    pieces: list[str] = []
    decoded_at: list[int] = []
    shrunk_by: list[int] = []
    copied = 0  # text[:copied] is in pieces
    length = 0  # of the decoded text so far
    shrunk = 0
    tags: list[tuple[int, int]] | None = None  # found on the first reference to decode
    markdown = fmt == "markdown"
    for match in ENTITY.finditer(text):
        char = _character(match.group())
        if char is None or (markdown and char.isascii()):
            continue
        start, end = match.span()
        if tags is None:
            tags = [tag.span() for tag in _TAG.finditer(text)]
        if starts_inside(tags, start):
            continue
        if char == "\xa0":
            # The character before, as decoded (the previous reference's, right after one).
            before = text[start - 1] if start > copied else (pieces[-1] if pieces else "")
            if before and not before.isspace():
                char = " "  # "game&nbsp;changer" is the phrase "game changer"
        pieces.append(text[copied:start])
        length += start - copied
        pieces.append(char)
        decoded_at.append(length)
        length += 1
        shrunk += end - start - 1
        shrunk_by.append(shrunk)
        copied = end
    if not decoded_at:
        return None
    pieces.append(text[copied:])
    return EntityDecoding("".join(pieces), text, tuple(decoded_at), tuple(shrunk_by))


def _character(reference: str) -> str | None:
    """The one ordinary character `reference` stands for, or None to leave it as written."""
    import html  # on first use: its table of 2,000 names is not every run's to pay for

    char = html.unescape(reference)
    if len(char) != 1 or char in _KEPT:
        return None
    # Other spaces, line breaks, controls and invisible characters would move lines or hide
    # damage.
    if char == "\xa0" or (char.isprintable() and not char.isspace()):
        return char
    return None
