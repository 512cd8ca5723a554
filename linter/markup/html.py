"""HTML: text content is prose, found with the standard library's `html.parser`.

The prose view starts all blank; each run of text data outside non-prose elements (script, style,
pre, code, ...) is copied back in at its own offset, so tags, attributes and comments stay blank.
Entities are kept as written (`&amp;` stays five characters), so positions are the file's.
Block-level elements become Blocks; `<title>` and `<meta name="description" content=...>` become
the `title` and `description` fields (as Markdown front matter does). The `alt` text of an
`<img>` is prose too (someone using a screen reader hears it; Markdown's `![alt](...)` is linted
the same way), read in place as part of the block around it.

The parser keeps an explicit element stack (no recursion), with the few implied end tags that
matter for blocks (`<p>` closed by the next block, `<li>` by the next `<li>`, cells by cells).
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser

from linter.document import Block, Link, Span, trimmed
from linter.markup import ParsedMarkup

# Elements whose content is not prose.
SKIPPED = frozenset(
    {"script", "style", "pre", "code", "kbd", "samp", "textarea", "template", "svg", "math"}
)
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block-level elements -> Block kind. A paragraph-like element inside a list item, cell or
# quote takes the kind of that container (as Markdown does), see `_kind`.
BLOCK_KINDS: dict[str, str] = {
    **dict.fromkeys(_HEADINGS, "heading"),
    "li": "list",
    "dt": "list",
    "dd": "list",
    "td": "table",
    "th": "table",
    "caption": "table",
    "blockquote": "blockquote",
    "title": "title",
    **dict.fromkeys(
        (
            "p",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "aside",
            "nav",
            "figure",
            "figcaption",
            "ul",
            "ol",
            "dl",
            "table",
            "tr",
            "tbody",
            "thead",
            "tfoot",
            "body",
            "html",
            "head",
            "form",
            "fieldset",
            "details",
            "summary",
            "address",
            "hr",
            "br",
        ),
        "paragraph",
    ),
}
_CONTAINER_KINDS = ("heading", "table", "list", "blockquote", "title")
# Opening one of these closes an open <p> (HTML's implied end tags, simplified).
_CLOSES_P = frozenset(BLOCK_KINDS) - {"br", "body", "html", "head"}
_SIBLING_CLOSERS: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tr": frozenset({"tr", "td", "th"}),
}
# Where a sibling search stops (an inner list's <li> must not close the outer one).
_SCOPE_STOPS = frozenset({"ul", "ol", "dl", "table", "tbody", "thead", "tfoot"})
_CONTENT_ATTRIBUTE = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_ALT_ATTRIBUTE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


class _ProseParser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.chars = [c if c in "\r\n" else " " for c in text]
        # html.parser counts lines by "\n" only; map its (line, column) back to offsets with
        # the same rule, whatever the file's line breaks are.
        self.newline_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        # (tag, element serial) for every open element.
        self.stack: list[tuple[str, int]] = []
        self.serial = 0
        self.skip_depth = 0
        self.runs: list[tuple[int, int, int, str]] = []  # start, end, block serial, kind
        self.comments: list[Span] = []
        self.front_matter: dict[str, Span] = {}
        # Open <a href> elements (element serial, where their text starts, the href) and the
        # links closed.
        self.anchors: list[tuple[int, int, str]] = []
        self.links: list[Link] = []

    def current_offset(self) -> int:
        line, column = self.getpos()
        return self.newline_starts[line - 1] + column

    # -- element stack -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta_description(attrs)
        elif tag == "img":
            self._image_alt()
        if tag in VOID:
            return
        if tag in _CLOSES_P:
            self._close_open("p", frozenset({"p"}))
        closers = _SIBLING_CLOSERS.get(tag)
        if closers:
            self._close_open(tag, closers)
        self.serial += 1
        self.stack.append((tag, self.serial))
        if tag in SKIPPED:
            self.skip_depth += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None and not self.skip_depth:
                start = self.current_offset() + len(self.get_starttag_text() or "")
                self.anchors.append((self.serial, start, href.strip()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta_description(attrs)
        elif tag == "img":
            self._image_alt()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.anchors:
            self._close_anchor()
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                for popped, _ in self.stack[depth:]:
                    if popped in SKIPPED:
                        self.skip_depth -= 1
                del self.stack[depth:]
                return

    def _close_anchor(self) -> None:
        """Record the link an `</a>` closes, if the innermost open <a> is one with an href."""
        innermost = next((serial for tag, serial in reversed(self.stack) if tag == "a"), None)
        if innermost is not None and innermost == self.anchors[-1][0]:
            _serial, start, href = self.anchors.pop()
            self.links.append(Link(Span(start, self.current_offset()), href))

    def _close_open(self, tag: str, closers: frozenset[str]) -> None:
        """Pop an open sibling (an unclosed <li>, <p>, <td>) before `tag` opens."""
        for depth in range(len(self.stack) - 1, -1, -1):
            name = self.stack[depth][0]
            if name in closers:
                self.handle_endtag(name)
                return
            if name in _SCOPE_STOPS or (tag == "p" and name in BLOCK_KINDS and name != "p"):
                return

    # -- text -----------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        self._text(len(data))

    def handle_entityref(self, name: str) -> None:
        start = self.current_offset()
        end = self.text.find(";", start, start + len(name) + 2)
        self._text((end + 1 - start) if end >= 0 else len(name) + 1)

    def handle_charref(self, name: str) -> None:
        start = self.current_offset()
        end = self.text.find(";", start, start + len(name) + 3)
        self._text((end + 1 - start) if end >= 0 else len(name) + 2)

    def _text(self, length: int) -> None:
        if length:
            start = self.current_offset()
            self._prose_run(start, start + length)

    def _prose_run(self, start: int, end: int) -> None:
        """Copy text[start:end] into the prose view, in the innermost block around it."""
        if self.skip_depth:
            return
        self.chars[start:end] = self.text[start:end]
        serial, kind = self._block()
        if kind == "paragraph" and self._in_head():
            return  # stray text in <head> (other than <title>) is not article prose
        self.runs.append((start, end, serial, kind))

    def _in_head(self) -> bool:
        return any(tag == "head" for tag, _ in self.stack)

    def _block(self) -> tuple[int, str]:
        """The serial of the innermost block element holding the text, and the block's kind."""
        serial = 0
        kind = "paragraph"
        for tag, tag_serial in reversed(self.stack):
            tag_kind = BLOCK_KINDS.get(tag)
            if tag_kind is None:
                continue
            if not serial:
                serial, kind = tag_serial, tag_kind
            if tag_kind in _CONTAINER_KINDS:
                return serial, tag_kind
        return serial, kind

    def handle_comment(self, data: str) -> None:
        start = self.current_offset()
        self.comments.append(Span(start, start + len(data) + 7))

    def _meta_description(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if (
            values.get("name") or ""
        ).lower() != "description" or "description" in self.front_matter:
            return
        value = self._attribute_value(_CONTENT_ATTRIBUTE)
        if value is not None:
            self.chars[value.start : value.end] = self.text[value.start : value.end]
            self.front_matter["description"] = value

    def _image_alt(self) -> None:
        """Read an `<img alt>` text as prose of the block the image is in (none in <head>,
        whose stray text is not article prose either)."""
        value = self._attribute_value(_ALT_ATTRIBUTE)
        if value is not None and not self._in_head():
            self._prose_run(value.start, value.end)

    def _attribute_value(self, attribute: re.Pattern[str]) -> Span | None:
        """Where the value of `attribute` lies in the start tag just read (None if absent or
        empty). From the tag's source, not `attrs`: those are unescaped, so not the file's."""
        start = self.current_offset()
        match = attribute.search(self.get_starttag_text() or "")
        if match is None:
            return None
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        value_start, value_end = start + match.start(group), start + match.end(group)
        return Span(value_start, value_end) if value_start < value_end else None


# `<![` not followed by a name it knows: Python 3.11's html.parser raises AssertionError on it
# (found by the property test with `<![ `; `<![foo[` too). The parser is fed a copy with that
# `<` made a space, same length, so it reads the rest as text; offsets and the prose copied
# from `text` are unchanged.
_MALFORMED_SECTION = re.compile(
    r"<(?=!\[(?!(?i:cdata|temp|ignore|include|rcdata|if|else|endif)(?![\w.-])))"
)


def parse_html(text: str) -> ParsedMarkup:
    parser = _ProseParser(text)
    parser.feed(_MALFORMED_SECTION.sub(" ", text) if "<![" in text else text)
    parser.close()
    blocks: list[Block] = []
    previous_serial = -1
    for start, end, serial, kind in parser.runs:
        if blocks and serial == previous_serial:
            blocks[-1] = Block(blocks[-1].start, end, kind)
        else:
            blocks.append(Block(start, end, kind))
        previous_serial = serial
    trimmed = [b for b in (_trim(parser.chars, b) for b in blocks) if b is not None]
    front_matter = dict(parser.front_matter)
    for block in trimmed:
        if block.kind == "title" and "title" not in front_matter:
            front_matter["title"] = Span(block.start, block.end)
    if "description" in front_matter:
        span = front_matter["description"]
        index = bisect.bisect_left([b.start for b in trimmed], span.start)
        trimmed.insert(index, Block(span.start, span.end, "description"))
    return ParsedMarkup(
        prose="".join(parser.chars),
        blocks=tuple(trimmed),
        front_matter=front_matter,
        comments=tuple(parser.comments),
        links=tuple(_trimmed_link(parser.chars, link) for link in parser.links),
    )


def _trimmed_link(chars: list[str], link: Link) -> Link:
    """`link` with its text span trimmed of the white space (and blanked tags) around it."""
    start, end = trimmed(chars, link.text.start, link.text.end)
    return Link(Span(start, end), link.target)


def _trim(chars: list[str], block: Block) -> Block | None:
    start, end = trimmed(chars, block.start, block.end)
    return Block(start, end, block.kind) if start < end else None
