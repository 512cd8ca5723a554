"""Markdown, HTML and plain-text prose views: what is linted, where findings point, blocks."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from linter.cli import main
from linter.document import Document
from linter.markup import parse_markup

_LINE_BREAK = re.compile(r"\r\n|\n|\r")

BUZZ_RULE = """\
extends: existence
category: hype
message: "'{match}' is buzz"
tokens:
  - revolutionary
  - game changer
"""
HEADING_RULE = """\
extends: existence
category: style
message: "'{match}' in a heading"
scope: heading
tokens: [amazing]
"""
TITLE_RULE = """\
extends: existence
category: style
message: "'{match}' in the title"
scope: title
tokens: [amazing]
"""


@pytest.fixture()
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "t"
    pack.mkdir(parents=True)
    (pack / "Buzz.yaml").write_text(BUZZ_RULE, encoding="utf-8")
    (pack / "HeadingWord.yaml").write_text(HEADING_RULE, encoding="utf-8")
    (pack / "TitleWord.yaml").write_text(TITLE_RULE, encoding="utf-8")
    return tmp_path / "rules"


def lint_json(path: Path, rules_dir: Path, *extra: str) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "--no-config",
            "--no-builtin-rules",
            "--rules",
            str(rules_dir),
            "-f",
            "json",
            "-j",
            "1",
            *list(extra),
            str(path),
        ],
        stdout=out,
        stderr=err,
    )
    assert code in (0, 1), err.getvalue()
    findings = json.loads(out.getvalue())
    assert (code == 1) == bool(findings)
    return findings


def raw_span(raw: str, finding: dict) -> str:
    """The raw text at a finding's 1-based line/column span (the file's own line breaks)."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(raw)]
    start = starts[finding["line"] - 1] + finding["column"] - 1
    end = starts[finding["end_line"] - 1] + finding["end_column"] - 1
    return raw[start:end]


def assert_offsets_right(path: Path, findings: list[dict]) -> None:
    raw = path.read_bytes().decode("utf-8")
    for finding in findings:
        assert raw_span(raw, finding) == finding["match"], finding


MARKDOWN = """\
---
title: "An amazing revolutionary launch"
description: revolutionary stuff
---
# An amazing heading

Prose says revolutionary once, and [a game changer](https://x.example/revolutionary "t").
Code `revolutionary()` and <span class="revolutionary">x</span> and <https://revolutionary.example>
and https://example.com/revolutionary-path plus <!-- revolutionary --> and ![img](revolutionary.png)
and [ref link][revolutionary] too.

```python
revolutionary = "game changer"
```

    revolutionary indented code

<div class="revolutionary">
revolutionary html block
</div>

[revolutionary]: https://example.com/revolutionary "revolutionary title"

> A revolutionary quote
> - amazing list in quote

| amazing col | other |
|-------------|-------|
| revolutionary cell | game changer |
"""


def test_markdown_lints_prose_only_and_points_at_the_file(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    findings = lint_json(path, rules_dir)
    assert_offsets_right(path, findings)
    by_rule = {(f["rule"], f["line"], f["match"]) for f in findings}
    assert by_rule == {
        ("t.HeadingWord", line_of(MARKDOWN, "# An amazing"), "amazing"),  # heading scope
        ("t.TitleWord", line_of(MARKDOWN, "title:"), "amazing"),  # front-matter title only
        # The default scope takes in the title and description too, for a phrase rule.
        ("t.Buzz", line_of(MARKDOWN, "title:"), "revolutionary"),
        ("t.Buzz", line_of(MARKDOWN, "description:"), "revolutionary"),
        ("t.Buzz", line_of(MARKDOWN, "Prose says"), "revolutionary"),  # paragraph text
        ("t.Buzz", line_of(MARKDOWN, "Prose says"), "game changer"),  # link text stays prose
        ("t.Buzz", line_of(MARKDOWN, "> A revolutionary"), "revolutionary"),  # block quote
        # an HTML block's text (not its tag's attribute)
        ("t.Buzz", line_of(MARKDOWN, "revolutionary html block"), "revolutionary"),
        ("t.Buzz", line_of(MARKDOWN, "| revolutionary cell"), "revolutionary"),  # table cell
        ("t.Buzz", line_of(MARKDOWN, "| revolutionary cell"), "game changer"),
    }


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line starting with `fragment`."""
    lines = _LINE_BREAK.split(text)
    return next(i for i, line in enumerate(lines, 1) if line.startswith(fragment))


def position_of(text: str, fragment: str, word: str) -> tuple[int, int]:
    """1-based line and column of `word` inside the first occurrence of `fragment`."""
    offset = text.index(fragment) + fragment.index(word)
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


def test_markdown_block_kinds_and_front_matter() -> None:
    doc = Document.from_text(MARKDOWN, path="a.md")
    kinds = [(b.kind, doc.raw[b.start : b.end]) for b in doc.blocks]
    assert ("title", "An amazing revolutionary launch") in kinds
    assert ("description", "revolutionary stuff") in kinds
    assert ("heading", "An amazing heading") in kinds
    assert ("blockquote", "A revolutionary quote") in kinds
    assert ("list", "amazing list in quote") in kinds
    assert ("table", "amazing col") in kinds
    assert ("table", "game changer") in kinds
    assert doc.raw[doc.front_matter["title"].start : doc.front_matter["title"].end] == (
        "An amazing revolutionary launch"
    )
    # Blocks never overlap and are sorted (block_at bisects them).
    for before, after in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert before.end <= after.start


def test_markdown_html_blocks_are_prose_outside_lists_and_quotes() -> None:
    text = (
        "Intro.\n\n<p>This is game-changing.</p>\n\n<div class=\"x\">\n<p>Experts <b>agree</b>."
        "</p>\n<script>var a = 'power move';</script>\n<!-- a power move -->\n</div>\n\n"
        "> <p>quoted power move</p>\n"
    )
    doc = Document.from_text(text, path="a.md")
    blocks = [(b.kind, doc.prose[b.start : b.end]) for b in doc.blocks]
    assert ("paragraph", "This is game-changing.") in blocks
    assert ("paragraph", "Experts    agree    .") in blocks
    # Tags, scripts and comments stay blank; inside a block quote the HTML is not parsed.
    assert "power move" not in doc.prose and "var" not in doc.prose and "<" not in doc.prose
    assert len(doc.prose) == len(text)
    for before, after in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert before.end <= after.start


def test_inline_code_elements_in_markdown_are_not_prose() -> None:
    """`<code>`, `<kbd>`, `<script>`, `<pre>` inside a Markdown paragraph, list item or quote
    are code, as a backtick span is: nothing in them is linted or fixed."""
    text = (
        'The fixture is <code>assert s == "CafÃ©"</code> exactly.\n\n'
        "- Sample: <CODE class=x>CafÃ©</CODE> here\n\n"
        "> Press <kbd>game-changing</kbd> then <script>x='power move'</script> go.\n\n"
        "A <b>power</b> move, an unclosed <code>and the rest, and <code/> power.\n"
    )
    doc = Document.from_text(text, path="a.md")
    assert len(doc.prose) == len(text)
    for code in ("Caf", "game-changing", "power move", "assert"):
        assert code not in doc.prose, code
    assert "exactly." in doc.prose and "Sample:" in doc.prose and "then" in doc.prose
    # Other inline tags are markup around prose; an unclosed <code> hides only its tag.
    assert "power     move" in doc.prose and "and the rest" in doc.prose


def test_mdx_imports_exports_and_jsx_props_are_code() -> None:
    text = (
        "import { Callout } from '../components/game-changing'\n"
        "export const meta = { title: 'A game-changing title',\n  tagline: 'game-changing' }\n\n"
        "Some prose with a power move.\n\n"
        "<Chart data={[{ name: 'game-changing', value: 3 }]} />\n\n"
        "Import duties rose by a game-changing 3%, exports too.\n"
    )
    doc = Document.from_text(text, path="a.mdx")
    assert len(doc.prose) == len(text)
    assert doc.prose.count("game-changing") == 1  # the sentence, not the code
    assert "Some prose with a power move." in doc.prose
    assert "Import duties rose by a game-changing 3%, exports too." in doc.prose


def test_export_inside_a_fenced_block_leaves_the_fence_alone() -> None:
    """Blanking an `export` line inside a code block once took its closing fence with it, so
    the rest of the file was read as code and never linted."""
    text = (
        "Intro.\n\n```js\nimport React from \"react\";\n\nexport default function App() {\n"
        "  return null;\n}\n```\n\nThis is a power move.\n"
    )
    doc = Document.from_text(text, path="a.md")
    assert "This is a power move." in doc.prose
    assert "import" not in doc.prose and "return" not in doc.prose
    from linter.markup.markdown import _is_esm_start

    assert not _is_esm_start("import" + " " * 5000 + "x")  # no regex to backtrack in
    assert _is_esm_start("import { Chart } from './chart'") and _is_esm_start('import "x.css";')
    assert not _is_esm_start("import duties rose, from 3% to 5%.")


def test_emphasis_asterisks_are_markup_but_arithmetic_is_text() -> None:
    text = "It was a **power** move, *really*. 2 * 3 = 6 and a*b and \\*this\\* stay.\n"
    doc = Document.from_text(text, path="a.md")
    expected = "It was a   power   move,  really . 2 * 3 = 6 and a*b and \\*this\\* stay.\n"
    assert doc.prose == expected


def test_sentences_do_not_cross_blocks() -> None:
    doc = Document.from_text("# Heading with no stop\n\nFirst sentence here\n", path="a.md")
    sentences = [doc.prose[s.start : s.end] for s in doc.sentences]
    assert sentences == ["Heading with no stop", "First sentence here"]
    html = Document.from_text("<h1>Heading</h1><p>body text</p>", path="a.html")
    assert [html.prose[s.start : s.end] for s in html.sentences] == ["Heading", "body text"]


HTML = (
    "<html><head><title>An amazing page</title>\r\n"
    '<meta name="description" content="revolutionary summary">\r\n'
    "<style>.revolutionary { color: red }</style></head>\r\n"
    '<body><h1 class="revolutionary">Amazing &amp; revolutionary</h1>\r\n'
    "<p>Caf&eacute; is a game changer. <!-- revolutionary --> <code>revolutionary</code>\r\n"
    "<pre>revolutionary\r\n</pre><script>var revolutionary = 1;</script>\r\n"
    '<ul><li>revolutionary item<li>second <a href="/revolutionary">link</a></ul>\r\n'
    "<table><tr><td>cell<td>revolutionary cell</table></body></html>\r\n"
)


def test_html_lints_text_content_only(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode("utf-8"))
    findings = lint_json(path, rules_dir)
    assert_offsets_right(path, findings)
    got = {(f["rule"], (f["line"], f["column"]), f["match"]) for f in findings}
    assert got == {
        ("t.TitleWord", position_of(HTML, "An amazing page", "amazing"), "amazing"),
        ("t.Buzz", position_of(HTML, '"revolutionary summary', "revolutionary"), "revolutionary"),
        ("t.HeadingWord", position_of(HTML, ">Amazing &amp;", "Amazing"), "Amazing"),
        ("t.Buzz", position_of(HTML, "&amp; revolutionary", "revolutionary"), "revolutionary"),
        ("t.Buzz", position_of(HTML, "a game changer", "game changer"), "game changer"),
        ("t.Buzz", position_of(HTML, "<li>revolutionary", "revolutionary"), "revolutionary"),
        ("t.Buzz", position_of(HTML, "<td>revolutionary", "revolutionary"), "revolutionary"),
    }


def test_html_blocks() -> None:
    doc = Document.from_text(HTML, path="a.html")
    kinds = [(b.kind, doc.raw[b.start : b.end]) for b in doc.blocks]
    assert kinds[:3] == [
        ("title", "An amazing page"),
        ("description", "revolutionary summary"),
        ("heading", "Amazing &amp; revolutionary"),
    ]
    assert ("list", "revolutionary item") in kinds
    assert ("table", "revolutionary cell") in kinds
    assert [k for k, _ in kinds].count("list") == 2  # the implied </li> starts a new block


def test_html_image_alt_text_is_prose_of_its_block(tmp_path: Path, rules_dir: Path) -> None:
    """An <img alt> is read as Markdown's ![alt](...) is: in place, in the block around it;
    not in <pre>, <code> or <head>, and only the alt attribute (not src or title)."""
    page = (
        '<html><head><img alt="revolutionary head"></head><body>\n'
        '<p>Before <img src="revolutionary.png" title="revolutionary"\n'
        "  alt='A revolutionary view'> after.</p>\n"
        '<figure><img alt=revolutionary/><figcaption>Plain.</figcaption></figure>\n'
        '<pre><img alt="revolutionary code"></pre><img alt=""></body></html>\n'
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    findings = lint_json(path, rules_dir)
    assert_offsets_right(path, findings)
    got = [((f["line"], f["column"]), f["match"]) for f in findings if f["rule"] == "t.Buzz"]
    assert got == [
        (position_of(page, "A revolutionary view", "revolutionary"), "revolutionary"),
        (position_of(page, "alt=revolutionary", "revolutionary"), "revolutionary"),
    ]
    doc = Document.from_text(page, path="a.html")
    paragraph = next(b for b in doc.blocks if "Before" in doc.raw[b.start : b.end])
    assert "after." in doc.raw[paragraph.start : paragraph.end]  # one block, not split


def link_texts(doc: Document) -> list[tuple[str, str]]:
    return [(doc.raw[link.text.start : link.text.end], link.target) for link in doc.links]


MARKDOWN_LINKS = (
    "Read [the offer](https://shop.example/go/x?tag=a-21 \"Title\"), today, or\n"
    "[the other one](<https://a.example/b c>).\n\n"
    "Not an image ![alt](pic.png), code `[x](y)`, a [reference][1] or a bare [bracket].\n\n"
    "```\n[in code](https://z.example)\n```\n"
)
HTML_LINKS = (
    '<p>Book <a class="cta" href=" https://x.example/book?promo=N ">  your <b>room</b> </a>.'
    '<code><a href="https://z.example">in code</a></code> <a name="top">anchor</a>'
    ' <a href="https://y.example/2">second</a></p>\n'
)


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        # Not an image, code, a reference link or a bracket; the title is not the destination.
        (
            MARKDOWN_LINKS,
            "a.md",
            [
                ("the offer", "https://shop.example/go/x?tag=a-21"),
                ("the other one", "https://a.example/b c"),
            ],
        ),
        # Not a link in code or a nameless anchor; the text trimmed to its prose.
        (
            HTML_LINKS,
            "a.html",
            [
                ("your <b>room", "https://x.example/book?promo=N"),
                ("second", "https://y.example/2"),
            ],
        ),
        ("See [x](https://y.example).\n", "a.txt", []),
    ],
)
def test_links_are_recorded_with_their_destinations(
    text: str, path: str, expected: list[tuple[str, str]]
) -> None:
    assert link_texts(Document.from_text(text, path=path)) == expected


LINK_RULE = """\
extends: link
category: sponsored
message: "'{match}' is a tagged link"
target: ['[?&]tag=']
unless: [affiliate links]
"""


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("post.md", "Buy [the kettle](https://shop.example/k?tag=me-21) now.\n"),
        ("post.html", '<p>Buy <a href="https://shop.example/k?tag=me-21">the kettle</a>.</p>\n'),
    ],
)
def test_a_link_rule_reports_the_link_text_unless_the_document_says_so(
    tmp_path: Path, name: str, article: str
) -> None:
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "Tagged.yaml").write_text(LINK_RULE, encoding="utf-8")
    path = tmp_path / name
    path.write_text(article, encoding="utf-8")
    findings = lint_json(path, tmp_path / "rules")
    assert [(f["rule"], f["match"], f["column"]) for f in findings] == [
        ("mine.Tagged", "the kettle", article.index("the kettle") + 1)
    ]
    path.write_text("This post contains affiliate links. " + article, encoding="utf-8")
    assert lint_json(path, tmp_path / "rules") == []


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_line_breaks_keep_columns_right(
    tmp_path: Path, rules_dir: Path, newline: str, suffix: str
) -> None:
    lines = ["First line.", "", "Then a revolutionary move, a game changer.", "x revolutionary"]
    if suffix == ".html":
        lines = ["<p>First line.</p>", "<p>Then a revolutionary move,", "a game changer.</p>"]
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(newline.join(lines).encode("utf-8"))
    findings = lint_json(path, rules_dir)
    assert findings
    assert_offsets_right(path, findings)
    first = findings[0]
    assert (first["line"], first["column"]) == ((3, 8) if suffix != ".html" else (2, 11))


def test_deep_nesting_does_not_crash(tmp_path: Path, rules_dir: Path) -> None:
    quotes = tmp_path / "quotes.md"
    quotes.write_text(">" * 10_000 + " revolutionary\n\nA revolutionary end.\n", encoding="utf-8")
    lists = tmp_path / "lists.md"
    lists.write_text(
        "- " * 10_000 + "revolutionary\n\n" + "> - " * 5_000 + "x\n\nA revolutionary end.\n",
        encoding="utf-8",
    )
    html = tmp_path / "deep.html"
    html.write_text("<div>" * 10_000 + "revolutionary" + "</div>" * 10_000, encoding="utf-8")
    for path in (quotes, lists, html):
        findings = lint_json(path, rules_dir)
        assert_offsets_right(path, findings)
        assert any(f["match"] == "revolutionary" for f in findings), path


def test_plain_text_blanks_urls() -> None:
    parsed = parse_markup("See https://example.com/revolutionary now.\n", "text")
    assert "revolutionary" not in parsed.prose
    assert parsed.prose.startswith("See ")


_MARKUP_ALPHABET = st.sampled_from(
    [*list("ab >-*#|`<>![]()\\:=/\"'&;\r\n\t0.1"), "<!--", "-->", "```", "---", "<p>", "</p>"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_MARKUP_ALPHABET, max_size=80).map("".join), st.sampled_from(["markdown", "html"]))
@example("<![ ", "html")  # html.parser of Python 3.11 raised AssertionError on it
@example("<p>a <![ b</p>\n\n", "markdown")
@example("<p>Hi <![foo[ x ]]> there</p>", "html")
def test_prose_view_keeps_length_and_line_breaks(text: str, fmt: str) -> None:
    parsed = parse_markup(text, fmt)
    assert len(parsed.prose) == len(text)
    for raw_char, prose_char in zip(text, parsed.prose, strict=False):
        assert (raw_char in "\r\n") == (prose_char in "\r\n")
        assert prose_char in (raw_char, " ") or raw_char in "\r\n"
    for before, after in zip(parsed.blocks, parsed.blocks[1:], strict=False):
        assert before.end <= after.start


# A file of ATX headings, paragraphs, flat lists, fenced code and thematic breaks is parsed
# without markdown-it (linter/markup/markdown.py, `_simple_blocks`); its result must be exactly
# markdown-it's.
_WORDS = st.lists(
    st.sampled_from([
        "word", "power move", "`code span`", "<!-- note -->", "[link](https://x.example)",
        "*emphasis*", "**strong**", "&amp;", "“quoted”", "end.", "é", "\\#", "https://a.example/b",
        "<b>bold</b>", "#", "trailing ##", "2019.", "- dash", "1. one",
    ]),
    max_size=6,
)
_PLAIN_LINE = st.one_of(
    st.just(""),
    st.just("   "),
    st.just("\u00a0"),  # a no-break space is text, not a blank line
    st.just(" \t "),
    st.builds(
        lambda indent, hashes, body, closing: f"{indent}{hashes}{body}{closing}",
        st.sampled_from(["", " ", "  ", "   "]),
        st.sampled_from(["", "", "# ", "## ", "###### ", "####### ", "#", "#hashtag "]),
        _WORDS.map(lambda words: " ".join(["Word", *words])),  # a line may not open another block
        st.sampled_from(["", "", " #", " ##", "  "]),
    ),
)
# Lines of the other blocks `_simple_blocks` reads, and some that it must leave to markdown-it
# (a nested item, an indented line, a setext underline, a quote) wherever they fall.
_BLOCK_LINE = st.one_of(
    _PLAIN_LINE,
    st.builds(
        lambda marker, gap, first, words: f"{marker}{gap}{first} {' '.join(words)}",
        st.sampled_from(["-", "*", "+", "1.", "2.", "1)", "3)", "10.", "-", "*"]),
        st.sampled_from([" ", " ", "  ", "    ", "     ", "\t"]),
        st.sampled_from(["Item", "**Bold:**", "[x]", "[ ]", "[link](https://x.example)", "- nested",
                         "> quoted", "# heading", "```", "***", "2. two", "`code`", "", "_it_"]),
        _WORDS,
    ),
    st.sampled_from([
        "```", "```python", "~~~", "````", "``` not `a` fence", "  ```", "---", "***", "* * *",
        "___", "- - -", "--", "-", "===", "**Bold line**", "*Italic line.*", "_aside_",
        "+44 20 7946 0000", "2020 was a year", "2020. It rained", "[Click here](https://x.example)",
        "[ref]: https://x.example", "> quote", "    code", "  continued", "   indented text",
        "<div>", "a | b", ":--", "[unclosed label", "\tTabbed",
    ]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PLAIN_LINE, max_size=12),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_headings_and_paragraphs_parse_as_markdown_it_would(
    lines: list[str], newline: str, front_matter: bool
) -> None:
    from linter.markup import markdown

    text = newline.join((["---", "title: A post", "---"] if front_matter else []) + lines)
    raw = [text[s:e] for s, e in zip(*_line_bounds(text), strict=True)]
    assert markdown._simple_blocks(raw, markdown._front_matter_end(raw)) is not None
    _assert_as_markdown_it(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_BLOCK_LINE, max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_lists_fences_and_breaks_parse_as_markdown_it_would(
    lines: list[str], newline: str
) -> None:
    _assert_as_markdown_it(newline.join(lines))


def _assert_as_markdown_it(text: str) -> None:
    from linter.markup import markdown

    fast = markdown.parse_markdown(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "_simple_blocks", lambda *_args: None)
        assert fast == markdown.parse_markdown(text)


def _line_bounds(text: str) -> tuple[list[int], list[int]]:
    from linter.markup.markdown import _Lines

    lines = _Lines.of(text)
    return lines.starts, lines.ends


@pytest.mark.parametrize(
    "line",
    ["- item", "* **Bold:** item", "1. item", "```", "~~~", "***", "**Bold**", "_aside_",
     "2020 was a year", "[Click here](https://x.example) to read"],
)
def test_lists_fences_and_emphasis_lines_need_no_markdown_it(line: str) -> None:
    from linter.markup import markdown

    assert markdown._simple_blocks(["# Title", "", line], 0) is not None


@pytest.mark.parametrize(
    "line",
    ["> quote", "    code", "\tcode", "<div>", "a | b", "===", "[ref]: https://x.example", ":--",
     "- - nested", "- > quote", "-     code in an item", "- ```"],
)
def test_any_other_block_goes_to_markdown_it(line: str) -> None:
    from linter.markup import markdown

    assert markdown._simple_blocks(["# Title", "", line], 0) is None


def test_builtin_phrase_and_encoding_rules_read_the_front_matter_title() -> None:
    # A headline is where hype and mojibake are seen first; models of sentences stay out.
    from linter.engine import lint_text
    from linter.matchers import matcher_class
    from linter.rules import load_rules

    text = (
        '---\ntitle: "A game-changing launch, Theyâ€™re here"\nlayout: post\n---\n\n'
        "The launch went well.\n"
    )
    found = {(f.rule, f.line, f.match) for f in lint_text(text, load_rules(), path="post.md")}
    assert found == {
        ("hype.PromoCliche", 2, "game-changing"),
        ("encoding.Mojibake", 2, "Theyâ€™re"),
    }
    readers = {kind for kind in ("existence", "substitution", "encoding", "evidence",
                                 "classifier", "occurrence", "metric", "link")
               if matcher_class(kind).reads_metadata}
    assert readers == {"existence", "substitution", "encoding"}
