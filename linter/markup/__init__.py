"""Which spans of a file are prose. One module per format; each returns a same-length prose view.

Every parser keeps one invariant: `len(prose) == len(text)` and every newline stays where it was,
so offsets in the prose view are offsets in the file (the idea behind correct line/column).
"""

from __future__ import annotations

from collections.abc import Mapping

from linter.document import Block, Link, Span
from linter.record import field, record


@record(frozen=True)
class ParsedMarkup:
    prose: str
    blocks: tuple[Block, ...]
    front_matter: Mapping[str, Span] = field(default_factory=dict)
    # Spans of comments (HTML `<!-- -->`, or plain-text directive lines) outside code, where
    # inline suppression directives may live; a directive shown inside a code block is inert.
    comments: tuple[Span, ...] = ()
    # Inline links: the span of each link's text and its destination (Document.links).
    links: tuple[Link, ...] = ()


def parse_markup(text: str, fmt: str) -> ParsedMarkup:
    """Dispatch to the parser for `fmt`, imported only when a file of that format is linted."""
    if fmt == "markdown":
        from linter.markup.markdown import parse_markdown

        return parse_markdown(text)
    if fmt == "html":
        from linter.markup.html import parse_html

        return parse_html(text)
    from linter.markup.text import parse_text

    return parse_text(text)


def blank(chars: list[str], start: int, end: int) -> None:
    """Replace chars[start:end] by spaces, keeping line breaks (the prose-view primitive)."""
    for index in range(start, end):
        if chars[index] not in "\r\n":
            chars[index] = " "
