"""Markdown: which spans are prose, found with markdown-it-py's block tokens plus column work.

The prose view starts all blank and only the lines of markdown-it's `inline` tokens (paragraph,
heading and table-cell text) are copied in, so everything else (front matter, fenced and indented
code, tags, reference definitions, thematic breaks, setext underlines) stays blank without
a rule for each. Inside those lines, container markers (`>`, list bullets, `#`, table pipes) and
inline non-prose (code spans, autolinks, raw HTML and comments, link targets, bare URLs) are
blanked by a single left-to-right scan of the source, so every offset stays an offset in the file.
The text of an HTML block outside lists and block quotes is prose too, found by the HTML parser.

Most articles are only headings, paragraphs, flat lists, fenced code and thematic breaks: for
them `_simple_blocks` finds the same blocks line by line, and markdown-it is not imported
(~50 ms of a pre-commit run).

markdown-it's `maxNesting` bounds its recursion: text nested deeper than `_MAX_NESTING` block
containers is not parsed into tokens, so it is not linted (and cannot raise RecursionError).
"""

from __future__ import annotations

import re
from functools import cache

from linter.document import Block, Link, Span, trimmed
from linter.markup import ParsedMarkup, blank
from linter.markup.text import URL
from linter.record import record

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_MAX_NESTING = 100
# Container markers kept per line for markdown-it (each `- ` nests two levels), and how often
# the parse restarts after hitting _MAX_NESTING before the rest is linted as plain lines.
_MAX_MARKERS = 40
_MAX_RESTARTS = 20
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

# Front matter: YAML between `---` lines (closed by `---` or `...`) or TOML between `+++` lines.
_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_YAML_FIELD = re.compile(r"(title|description)[ \t]*:[ \t]*(.*?)[ \t]*$")
_TOML_FIELD = re.compile(r"(title|description)[ \t]*=[ \t]*(.*?)[ \t]*$")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*$")
FRONT_MATTER_FIELDS: tuple[str, ...] = ("title", "description")

# Line prefixes: block-quote markers on any line; list markers (and a task box) only on the line
# where a list item starts, so a continuation line like "2019. It rained" keeps its text.
_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]*)*")
_ITEM_PREFIX = re.compile(
    r"[ \t]*(?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)*(?:\[[ xX]\](?=[ \t]|$))?"
)
_ONE_MARKER = re.compile(r"[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*")
_ATX_OPEN = re.compile(r"#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")

# Inline HTML as CommonMark defines it, plus autolinks.
# A JSX attribute value in MDX, `data={[{ name: "x" }]}`: braces nested up to three deep.
_BRACED = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_ATTRIBUTE = (
    r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`{]+|'[^']*'|"[^"]*"|"""
    + _BRACED
    + r"))?)"
)
# An MDX import or export statement at the top level (`import { Chart } from './chart'`,
# `export const meta = {...}`): code up to the next blank line. Lower case, as JavaScript
# writes it, so a sentence that starts with "Import duties" is prose.
_ESM_EXPORT = re.compile(r"export[ \t]+(?:const|let|var|function|default|class|async|\{)")
_FENCE = re.compile(r"[ ]{0,3}(?:```|~~~)")
_INLINE_HTML = re.compile(
    r"<!--[\s\S]*?-->"
    r"|<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<\?[\s\S]*?\?>"
    r"|<![A-Za-z][^>]*>"
    r"|<!\[CDATA\[[\s\S]*?\]\]>"
    r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"
    r"|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*>"
)
_COMMENT = re.compile(r"<!--[\s\S]*?-->")
# A run of emphasis asterisks: opening (before a word, not after one) or closing (after a word
# or punctuation, not before a word).
_EMPHASIS = re.compile(r"(?<![\w*\\])\*{1,3}(?=[^\s*])|(?<=[^\s*\\])\*{1,3}(?![\w*])")
# Inline HTML elements whose content is code or not text: from the opening tag to the closing
# one, all of it is blanked, as a code span is ("<code>Caf\u00c3\u00a9</code>" is a fixture).
_CODE_ELEMENT = re.compile(
    r"<(code|kbd|samp|var|tt|pre|script|style|textarea|math|svg)(?![\w-])", re.I
)
# `{` opens an MDX comment, `{/* ... */}`: MDX 2 refuses HTML comments, so this is where an
# MDX author writes notes and article-lint directives (blanked, and read as a comment).
_INLINE_SPECIAL = re.compile(r"[\\`<\[\]{]")
_MDX_COMMENT_END = re.compile(r"\*/[ \t]*\}")
_TABLE_PIPE = re.compile(r"(?<!\\)\|")
# `(destination "title")` as CommonMark allows it (one level of balanced parentheses in a bare
# destination), and a `[label]`; repeats are bounded so a failed match gives up quickly.
_ESCAPED = r"\\."
_BARE_DESTINATION = rf"(?:[^\s()<>\\]|{_ESCAPED}|\((?:[^\s()\\]|{_ESCAPED}){{0,2000}}\)){{0,2000}}"
_ANGLE_DESTINATION = rf"<(?:[^<>\\\r\n]|{_ESCAPED}){{0,2000}}>"
_TITLE = (
    rf"""(?:"(?:[^"\\]|{_ESCAPED}){{0,2000}}"|'(?:[^'\\]|{_ESCAPED}){{0,2000}}'"""
    rf"""|\((?:[^()\\]|{_ESCAPED}){{0,2000}}\))"""
)
_LINK_TARGET = re.compile(
    rf"\([ \t]*(?:\r\n|\n|\r)?[ \t]*(?:{_ANGLE_DESTINATION}|{_BARE_DESTINATION})"
    rf"(?:\s{{1,100}}{_TITLE})?\s{{0,100}}\)",
    re.DOTALL,
)
_LINK_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}\]", re.DOTALL)


@record
class _Lines:
    """Line geometry of the raw text: start and end (before the line break) of every line."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        starts, ends = [0], []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        return cls(starts, ends)


@cache
def _block_parser() -> MarkdownIt:
    """One parser per process. Only block tokens are used (inline spans are found by the column
    scan below), so markdown-it's inline pass is switched off: it was 60% of the parse time.
    Imported here, on first use: a file of headings and paragraphs never needs it."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable("table")
    parser.core.ruler.disable("inline")
    return parser


def parse_markdown(text: str) -> ParsedMarkup:
    lines = _Lines.of(text)
    raw_lines = [text[s:e] for s, e in zip(lines.starts, lines.ends, strict=True)]
    chars = [c if c in "\r\n" else " " for c in text]
    blocks: list[Block] = []
    comments: list[Span] = []

    front_end = _front_matter_end(raw_lines)
    front_matter = _front_matter_fields(text, raw_lines, lines, front_end)
    if "import" in text or "export" in text:
        _drop_esm_lines(raw_lines, front_end)
    for name, span in front_matter.items():
        chars[span.start : span.end] = text[span.start : span.end]
        blocks.append(Block(span.start, span.end, name))

    simple = _simple_blocks(raw_lines, front_end)
    if simple is not None:
        for first, last, kind in simple:
            _copy_inline(
                chars, text, lines, blocks, comments, first, last, kind,
                {first} if kind == "list" else frozenset(), atx=kind == "heading",
            )
    else:
        _collect_with_markdown_it(raw_lines, text, lines, chars, blocks, comments, front_end)
    blocks.sort(key=lambda b: b.start)
    prose = "".join(chars)
    return ParsedMarkup(
        prose=prose,
        blocks=tuple(blocks),
        front_matter=front_matter,
        comments=tuple(comments),
        links=_links(text, prose),
    )


# The text of an inline link, `[text](`, without brackets inside; it may be wrapped over lines
# of one paragraph, not run over a blank line.
_LINK_TEXT = re.compile(r"(?<!!)\[((?:[^\[\]\r\n]|\r?\n(?![ \t]*\r?\n)){1,500})\]\(")


def _links(text: str, prose: str) -> tuple[Link, ...]:
    """The inline links whose text is prose: `[text](destination "title")` where the scan above
    kept the `[` and the text and blanked the `](...)` (so not in code, not an image)."""
    if "](" not in text:
        return ()
    found: list[Link] = []
    for match in _LINK_TEXT.finditer(text):
        low, high = match.span(1)
        if prose[low - 1] != "[" or prose[high] != " ":
            continue
        target = _LINK_TARGET.match(text, high + 1)
        if target is None:
            continue
        inside = text[high + 2 : target.end() - 1].strip()
        if inside.startswith("<"):
            destination = inside[1 : inside.find(">")]
        else:
            destination = inside.split(maxsplit=1)[0] if inside else ""
        found.append(Link(Span(low, high), destination))
    return tuple(found)


def _collect_with_markdown_it(
    raw_lines: list[str],
    text: str,
    lines: _Lines,
    chars: list[str],
    blocks: list[Block],
    comments: list[Span],
    front_end: int,
) -> None:
    """Copy the prose of the lines after the front matter into `chars`, as markdown-it's block
    tokens place it (`_collect`)."""
    # markdown-it sees the front matter as blank lines, so its line numbers stay ours. A run of
    # container markers deeper than markdown-it may nest is cut short in its copy of the line
    # (the prose view is built from our own text, so columns do not depend on its copy).
    source = ["" if i < front_end else _clamp_markers(line) for i, line in enumerate(raw_lines)]
    first_line = front_end
    restarts = 0
    while first_line < len(raw_lines):
        body = "\n".join("" if i < first_line else line for i, line in enumerate(source))
        tokens = _block_parser().parse(body)
        cut = _nesting_cut(tokens)
        _collect(tokens, text, lines, chars, blocks, comments, before=cut)
        if cut is None:
            break
        # markdown-it dropped everything from the too-deep container on: lint that line flat
        # and parse again after it (a few times; then the rest is linted as plain lines).
        _flat_lines(chars, text, lines, blocks, comments, cut, cut + 1)
        first_line = cut + 1
        restarts += 1
        if restarts >= _MAX_RESTARTS:
            _flat_lines(chars, text, lines, blocks, comments, first_line, len(raw_lines))
            break


# The lines `_simple_blocks` knows without markdown-it. A line that may open anything else
# (block quote, indented code, HTML, table, setext underline, reference definition, a nested or
# empty list item) sends the whole file to markdown-it.
_BULLET_ITEM = re.compile(r"[-+*] {1,4}(?=[^ \t])")
_ORDERED_ITEM = re.compile(r"(\d{1,9})([.)]) {1,4}(?=[^ \t])")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
_THEMATIC_BREAK = re.compile(r"(?:\*[ ]*){3,}|(?:_[ ]*){3,}|(?:-[ ]*){3,}")
# What may open a block where paragraph text would go ("**Note:**", "_aside_", "+44 20" and
# "2020 was" are text; "* ", "2020. " and "---" are not); a `|` may make a table row and a
# `]:` a reference definition anywhere on the line.
_NOT_PARAGRAPH = re.compile(
    r"[>=<:|\t]|[-*_+](?:[ \t]|$)|[-=]+[ \t]*$|\d{1,9}[.)](?:[ \t]|$)|.*(?:\||\]:)"
)
# The same inside a list item's first line, where a heading or a code fence may open too.
_ITEM_OPENS_BLOCK = re.compile(
    r"[>=<:|\t]|[-*+](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|`{3}|~{3}|\d{1,9}[.)](?:[ \t]|$)|.*(?:\||\]:)"
)


def _simple_blocks(raw_lines: list[str], first: int) -> list[tuple[int, int, str]] | None:
    """The inline blocks (first line, last line, kind) of the lines from `first` on, when they
    are nothing but ATX headings, paragraphs, flat list items (one level, each one paragraph
    with its lazy continuation lines), fenced code, thematic breaks and blank lines: what
    `_collect` makes of markdown-it's tokens for them, without importing markdown-it (~50 ms of
    a pre-commit run). None when a line may be anything else: markdown-it then parses it.

    Where CommonMark's reading depends on context this does not track (an ordered item other
    than "1." straight after text, an indented line in a list, "---" under text), the answer is
    None rather than a guess; tests/test_markup.py checks the result against markdown-it's."""
    found: list[tuple[int, int, str]] = []
    open_first, open_kind = -1, ""  # the paragraph or list item being read
    previous_blank = True
    in_list = False  # the last block was a list item (until a blank line and other text)
    ordered_delimiter = ""  # "." or ")" when the line before was an ordered item
    fence = ""  # the open code fence's opening run of backticks or tildes

    def close(last: int) -> None:
        nonlocal open_first
        if open_first >= 0:
            found.append((open_first, last, open_kind))
            open_first = -1

    for index in range(first, len(raw_lines)):
        line = raw_lines[index]
        if fence:
            body = line.lstrip(" ")
            run = len(body) - len(body.lstrip(fence[0]))
            if len(line) - len(body) <= 3 and run >= len(fence) and not body[run:].strip(" \t"):
                fence = ""
            continue
        if _blank(line):
            close(index - 1)
            previous_blank, ordered_delimiter = True, ""
            continue
        if line[0] == " ":
            # Indented: only an ATX heading or paragraph text outside a list, never code.
            body = line.lstrip(" ")
            if len(line) - len(body) > 3 or in_list or _NOT_PARAGRAPH.match(body):
                return None
            if body.startswith(("```", "~~~", "*", "_", "+", "[")):
                return None
        if _THEMATIC_BREAK.fullmatch(line.rstrip(" ")):
            if not previous_blank:
                return None  # under text, "---" makes a setext heading
            close(index - 1)
            in_list, previous_blank = False, False
            continue
        opening = _FENCE_OPEN.fullmatch(line)
        if opening:
            if opening.group(1)[0] == "`" and "`" in opening.group(2):
                return None  # a code span, not a fence
            close(index - 1)
            fence = opening.group(1)
            in_list, previous_blank, ordered_delimiter = False, False, ""
            continue
        if _ATX_OPEN.match(line.lstrip(" ")):
            close(index - 1)
            found.append((index, index, "heading"))
            in_list, previous_blank, ordered_delimiter = False, False, ""
            continue
        item = _BULLET_ITEM.match(line) or _ORDERED_ITEM.match(line)
        if item:
            delimiter = item.group(2) if item.re is _ORDERED_ITEM else ""
            # Only "1." may interrupt a paragraph; "2." after text may be the text going on.
            if delimiter and not previous_blank and item.group(1) != "1" and (
                delimiter != ordered_delimiter
            ):
                return None
            if _ITEM_OPENS_BLOCK.match(line, item.end()) or _THEMATIC_BREAK.fullmatch(
                line[item.end() :].rstrip(" ")
            ):
                return None  # a nested block inside the item
            close(index - 1)
            open_first, open_kind = index, "list"
            in_list, previous_blank, ordered_delimiter = True, False, delimiter
            continue
        if _NOT_PARAGRAPH.match(line) or (line[0] == "[" and "]" not in line):
            return None
        if previous_blank or open_first < 0:
            close(index - 1)
            open_first, open_kind = index, "paragraph"
            in_list = False
        # else: the open paragraph or item goes on (a lazy continuation line in an item)
        previous_blank, ordered_delimiter = False, ""
    close(len(raw_lines) - 1)
    return found


def _blank(line: str) -> bool:
    """A blank line as CommonMark has it: spaces and tabs only (a no-break space is text)."""
    return not line.strip(" \t")


def _is_esm_start(line: str) -> bool:
    """`import x from "y"`, `import "y"`, `export const ...`: at the start of the line, as
    JavaScript writes them (lower case: a sentence starting "Import duties" is prose)."""
    if line.startswith("import ") or line.startswith("import\t"):
        rest = line[7:].lstrip(" \t")
        return rest.startswith(("'", '"')) or (" from " in rest and rest.rstrip().endswith(
            ("'", '"', "';", '";')
        ))
    return _ESM_EXPORT.match(line) is not None


def _drop_esm_lines(raw_lines: list[str], first: int) -> None:
    """Blank MDX import/export statements at the top level (each up to the next blank line)
    in `raw_lines`, so they are read as blank lines and never become prose. Lines inside a
    fenced code block are left alone: an `export` there is code already, and blanking the
    block's closing fence would leave it open over the rest of the file."""
    index, inside, fenced = first, False, False
    previous_blank = True
    while index < len(raw_lines):
        line = raw_lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            inside = False
        elif fenced:
            pass
        elif _blank(line):
            inside = False
        elif inside or (previous_blank and _is_esm_start(line)):
            inside = True
            raw_lines[index] = ""
        previous_blank = _blank(line)
        index += 1


def _copy_inline(
    chars: list[str],
    text: str,
    lines: _Lines,
    blocks: list[Block],
    comments: list[Span],
    first: int,
    last: int,
    kind: str,
    item_lines: set[int] | frozenset[int] = frozenset(),
    atx: bool = False,
) -> None:
    """Copy the prose of lines first..last (one inline token of markdown-it's) into `chars`
    and record its block: container markers (list markers on `item_lines`), an ATX heading's
    `#` marks (`atx`) and inline non-prose are blanked."""
    for line in range(first, last + 1):
        _copy_line(chars, text, lines, line, line in item_lines)
    if atx:
        _blank_atx_markers(chars, lines, first)
    start, end = lines.starts[first], lines.ends[last]
    comments.extend(_blank_inline(chars, start, end))
    block = _trimmed_block(chars, start, end, kind)
    if block is not None:
        blocks.append(block)


def _collect(
    tokens: list[Token],
    text: str,
    lines: _Lines,
    chars: list[str],
    blocks: list[Block],
    comments: list[Span],
    *,
    before: int | None,
) -> None:
    """Copy the prose of markdown-it's inline tokens into `chars` and record their blocks;
    tokens starting at or after line `before` are left for the next parse."""
    item_lines = {t.map[0] for t in tokens if t.type == "list_item_open" and t.map}
    containers: list[str] = []
    table_rows_done: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open"):
            containers.append("blockquote" if token.type == "blockquote_open" else "list")
        elif token.type in ("blockquote_close", "list_item_close"):
            if containers:
                containers.pop()
        elif token.type == "html_block" and token.map:
            start, end = lines.starts[token.map[0]], lines.ends[token.map[1] - 1]
            comments.extend(Span(m.start(), m.end()) for m in _COMMENT.finditer(text, start, end))
            if not containers and (before is None or token.map[0] < before):
                _copy_html_block(chars, text, start, end, blocks)
        elif token.type == "inline" and token.map:
            if before is not None and token.map[0] >= before:
                continue
            opener = tokens[index - 1].type if index else ""
            first, last = token.map[0], token.map[1] - 1
            if opener in ("th_open", "td_open"):
                if first in table_rows_done:
                    continue
                table_rows_done.add(first)
                kind = "table"
            elif opener == "heading_open":
                kind = "heading"
                last = first if tokens[index - 1].markup.startswith("#") else last
            else:
                kind = containers[-1] if containers else "paragraph"
            if kind == "table":
                for line in range(first, last + 1):
                    _copy_line(chars, text, lines, line, line in item_lines)
                start, end = lines.starts[first], lines.ends[last]
                comments.extend(_blank_inline(chars, start, end))
                blocks.extend(_table_cells(chars, start, end))
            else:
                atx = kind == "heading" and tokens[index - 1].markup.startswith("#")
                _copy_inline(
                    chars, text, lines, blocks, comments, first, last, kind, item_lines, atx
                )


def _copy_html_block(
    chars: list[str], text: str, start: int, end: int, blocks: list[Block]
) -> None:
    """Copy the prose of a raw HTML block (`<p>...</p>` or `<div>` between Markdown paragraphs)
    into `chars`, as the HTML parser finds it (tags, comments and scripts stay blank), and record
    its blocks. One inside a list or a block quote is left blank: its lines carry the container's
    markers, which are not HTML."""
    from linter.markup.html import parse_html

    parsed = parse_html(text[start:end])
    for offset, char in enumerate(parsed.prose):
        if char not in " \r\n":
            chars[start + offset] = char
    blocks.extend(Block(start + b.start, start + b.end, b.kind) for b in parsed.blocks)


def _nesting_cut(tokens: list[Token]) -> int | None:
    """The line where markdown-it hit maxNesting and stopped parsing, if it did."""
    for token in tokens:
        if token.nesting == 1 and token.level >= _MAX_NESTING - 1 and token.map:
            return token.map[0]
    return None


def _clamp_markers(line: str) -> str:
    """`line` with its leading run of `>` and list markers cut to `_MAX_MARKERS` markers."""
    prefix = _ITEM_PREFIX.match(line)
    if prefix is None or prefix.end() < _MAX_MARKERS:
        return line
    markers = list(_ONE_MARKER.finditer(line, 0, prefix.end()))
    if len(markers) <= _MAX_MARKERS:
        return line
    return line[: markers[_MAX_MARKERS - 1].end()] + line[prefix.end() :]


def _flat_lines(
    chars: list[str],
    text: str,
    lines: _Lines,
    blocks: list[Block],
    comments: list[Span],
    first: int,
    stop: int,
) -> None:
    """Lint lines [first, stop) as plain paragraphs, one a line, markers and inline code blanked
    (the fallback for text nested deeper than markdown-it parses)."""
    for line in range(first, stop):
        _copy_inline(chars, text, lines, blocks, comments, line, line, "paragraph", {line})


def _copy_line(chars: list[str], text: str, lines: _Lines, line: int, starts_item: bool) -> None:
    """Copy one source line into the prose view, without its container markers."""
    start, end = lines.starts[line], lines.ends[line]
    prefix = (_ITEM_PREFIX if starts_item else _QUOTE_PREFIX).match(text, start, end)
    body_start = prefix.end() if prefix else start
    chars[body_start:end] = text[body_start:end]


def _blank_atx_markers(chars: list[str], lines: _Lines, line: int) -> None:
    start, end = lines.starts[line], lines.ends[line]
    row = "".join(chars[start:end])
    body = len(row) - len(row.lstrip(" \t"))
    opening = _ATX_OPEN.match(row, body)
    if opening:
        blank(chars, start + opening.start(), start + opening.end())
    closing = _ATX_CLOSE.search(row, opening.end() if opening else body)
    if closing:
        blank(chars, start + closing.start(), start + closing.end())


def _trimmed_block(chars: list[str], start: int, end: int, kind: str) -> Block | None:
    start, end = trimmed(chars, start, end)
    return Block(start, end, kind) if start < end else None


def _table_cells(chars: list[str], start: int, end: int) -> list[Block]:
    """One `table` block per cell of a row; the pipes between cells are blanked."""
    row = "".join(chars[start:end])
    cells: list[Block] = []
    cursor = 0
    for pipe in [*_TABLE_PIPE.finditer(row), None]:
        stop = pipe.start() if pipe else len(row)
        cell = _trimmed_block(chars, start + cursor, start + stop, "table")
        if cell is not None:
            cells.append(cell)
        if pipe:
            chars[start + pipe.start()] = " "
            cursor = pipe.end()
    return cells


def _blank_inline(chars: list[str], start: int, end: int) -> list[Span]:
    """Blank code spans, inline HTML, autolinks, link targets and bare URLs in chars[start:end].

    Scans the (marker-free) prose once, left to right, honouring backslash escapes outside code
    spans as CommonMark does. Returns the spans of HTML comments (where directives may live).
    """
    segment = "".join(chars[start:end])
    comments: list[Span] = []
    size = len(segment)
    i = 0
    while i < size:
        # Jump straight to the next character that can start inline markup (a Python loop over
        # every character was the parser's hot spot); the branches below are unchanged.
        special = _INLINE_SPECIAL.search(segment, i)
        if special is None:
            break
        i = special.start()
        char = segment[i]
        if char == "\\":
            i += 2
        elif char == "`":
            run = _run_length(segment, i, "`")
            close = _closing_backticks(segment, i + run, run)
            if close is None:
                i += run
            else:
                blank(chars, start + i, start + close)
                i = close
        elif char == "<":
            match = _INLINE_HTML.match(segment, i)
            if match:
                tag_end = match.end()
                if match.group().startswith("<!--"):
                    comments.append(Span(start + match.start(), start + match.end()))
                elif not match.group().endswith("/>"):
                    element = _CODE_ELEMENT.match(match.group())
                    if element is not None:
                        close = re.compile(rf"</{element.group(1)}\s*>", re.I).search(
                            segment, tag_end
                        )
                        tag_end = close.end() if close is not None else tag_end
                blank(chars, start + i, start + tag_end)
                i = tag_end
            else:
                i += 1
        elif char == "]" and i + 1 < size and segment[i + 1] in "([":
            close = _link_target_end(segment, i + 1)
            if close is None:
                i += 1
            else:
                blank(chars, start + i, start + close)
                i = close
        elif char == "{":
            is_comment = segment.startswith("{/*", i)
            close = _MDX_COMMENT_END.search(segment, i + 3) if is_comment else None
            if close is None:
                i += 1
            else:
                comments.append(Span(start + i, start + close.end()))
                blank(chars, start + i, start + close.end())
                i = close.end()
        elif char == "[" and segment.startswith("[^", i):  # footnote reference
            close = segment.find("]", i)
            if close < 0:
                i += 1
            else:
                blank(chars, start + i, start + close + 1)
                i = close + 1
        else:
            i += 1
    blanked = "".join(chars[start:end])
    for match in URL.finditer(blanked):
        blank(chars, start + match.start(), start + match.end())
    if "*" in blanked:
        # Emphasis asterisks are markup, not text: "a **power** move" is "a   power   move"
        # to the rules, as "a <b>power</b> move" is in HTML. An asterisk with white space on
        # both sides ("2 * 3") or inside a word stays.
        for match in _EMPHASIS.finditer(blanked):
            blank(chars, start + match.start(), start + match.end())
    return comments


def _run_length(text: str, index: int, char: str) -> int:
    end = index
    while end < len(text) and text[end] == char:
        end += 1
    return end - index


def _closing_backticks(text: str, index: int, run: int) -> int | None:
    """End of the backtick run of exactly `run` backticks closing a code span, if any."""
    while True:
        found = text.find("`" * run, index)
        if found < 0:
            return None
        length = _run_length(text, found, "`")
        if length == run:
            return found + run
        index = found + length


def _link_target_end(text: str, index: int) -> int | None:
    """End of `(destination "title")` or `[label]` starting at text[index], or None.

    One anchored regex with bounded repeats: a failed attempt costs a few characters, so a line
    full of `](` that open nothing stays linear.
    """
    match = (_LINK_TARGET if text[index] == "(" else _LINK_LABEL).match(text, index)
    return match.end() if match else None


def _front_matter_end(raw_lines: list[str]) -> int:
    """Number of lines the front matter takes at the top of the file (0 if none)."""
    if not raw_lines:
        return 0
    first = raw_lines[0].lstrip("\ufeff").rstrip()
    closers = _FRONT_MATTER_FENCES.get(first)
    if closers is None:
        return 0
    for index in range(1, len(raw_lines)):
        if raw_lines[index].rstrip() in closers:
            return index + 1
    return 0


def _front_matter_fields(
    text: str, raw_lines: list[str], lines: _Lines, front_end: int
) -> dict[str, Span]:
    """Spans of the values of top-level `title` and `description` in the front matter."""
    if not front_end:
        return {}
    field = _TOML_FIELD if raw_lines[0].lstrip("\ufeff").startswith("+") else _YAML_FIELD
    found: dict[str, Span] = {}
    for index in range(1, front_end - 1):
        match = field.match(raw_lines[index])
        if match is None or match.group(1) in found:
            continue
        base = lines.starts[index]
        value_start, value_end = base + match.start(2), base + match.end(2)
        value = match.group(2)
        if _BLOCK_SCALAR.match(value) and field is _YAML_FIELD:
            # A folded or literal block: the value is the indented lines that follow.
            last = index
            while last + 1 < front_end - 1 and (
                not raw_lines[last + 1].strip() or raw_lines[last + 1][:1] in " \t"
            ):
                last += 1
            if last == index:
                continue
            value_start = lines.starts[index + 1]
            value_end = lines.ends[last]
            while value_start < value_end and text[value_start] in " \t\r\n":
                value_start += 1
            while value_end > value_start and text[value_end - 1] in " \t\r\n":
                value_end -= 1
        elif len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
            value_start, value_end = value_start + 1, value_end - 1
        if value_start < value_end:
            found[match.group(1)] = Span(value_start, value_end)
    return found
