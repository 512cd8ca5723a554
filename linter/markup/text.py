"""Plain text: URLs and e-mail addresses are not prose; paragraphs are separated by blank lines.

A file with no blank line at all (one paragraph per line, as pasted from a CMS) gets a paragraph
per line, so that a heading line and the line after it do not merge into one paragraph.
"""

from __future__ import annotations

import re

from linter.document import Block, Span
from linter.markup import ParsedMarkup

URL = re.compile(
    r"""\b(?:https?://|www\.)[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]|\b[\w.+-]+@[\w-]+\.[\w.-]+\w"""
)
_BLANK_LINES = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)\s*")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def blank_pattern(text: str, pattern: re.Pattern[str]) -> str:
    """The text with every match of `pattern` replaced by spaces (line breaks kept)."""
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), text)


def paragraph_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks of text[start:end]: split at blank lines, or at every line break when
    the span has no blank line but several lines."""
    end = len(text) if end is None else end
    separator = _BLANK_LINES if _BLANK_LINES.search(text, start, end) else _LINE_BREAK
    blocks: list[Block] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        if match.start() > cursor and text[cursor : match.start()].strip():
            blocks.append(Block(cursor, match.start(), "paragraph"))
        cursor = match.end()
    if cursor < end and text[cursor:end].strip():
        blocks.append(Block(cursor, end, "paragraph"))
    return blocks


# Suppression directives in plain text: an HTML comment anywhere, or a line of its own that
# starts with `#` (see linter.suppress). Both are blanked: they are not prose.
DIRECTIVE_COMMENT = re.compile(r"<!--[\s\S]*?-->|^[ \t]*#[ \t]*article-lint-[^\r\n]*", re.MULTILINE)


def parse_text(text: str) -> ParsedMarkup:
    comments = [Span(m.start(), m.end()) for m in DIRECTIVE_COMMENT.finditer(text)]
    prose = blank_pattern(text, URL)
    if comments:
        prose = blank_pattern(prose, DIRECTIVE_COMMENT)
    return ParsedMarkup(
        prose=prose, blocks=tuple(paragraph_blocks(prose)), comments=tuple(comments)
    )
