"""Character references in HTML and Markdown: read as their characters, reported as written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.entities import decode_entities


def lint_json(*paths: Path, extra: tuple[str, ...] = ()) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    main(["--no-cache", "--format", "json", *extra, *map(str, paths)], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def at_their_positions(path: Path, findings: list[dict[str, object]]) -> bool:
    """Every finding's line and column point at its `match` in the file as written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in findings:
        line, column, match = finding["line"], finding["column"], finding["match"]
        assert isinstance(line, int) and isinstance(column, int) and isinstance(match, str)
        if not lines[line - 1][column - 1 :].startswith(match.split("\n")[0]):
            return False
    return True


@pytest.mark.parametrize("name", ["page.html", "post.md"])
def test_references_inside_words_no_longer_hide_phrases(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    body = (
        "You&#8217;ll wish you had bought it. Don&rsquo;t miss out! It is a game&nbsp;changer."
    )
    path.write_text(f"<p>{body}</p>\n" if name.endswith(".html") else body + "\n")
    findings = lint_json(path)
    matches = {(f["rule"], f["match"]) for f in findings}
    assert ("speculation.ReaderForecast", "You&#8217;ll wish you had bought") in matches
    assert ("sponsored.UndisclosedCallToAction", "Don&rsquo;t miss out") in matches
    assert ("hype.PromoCliche", "game&nbsp;changer") in matches
    assert at_their_positions(path, findings)
    # The message quotes the words as a reader sees them.
    [forecast] = [f for f in findings if f["rule"] == "speculation.ReaderForecast"]
    assert "'You’ll wish you had bought'" in str(forecast["message"])


def test_markup_references_and_quotes_in_tags_stay_as_written() -> None:
    text = '<p title="it&#39;s">A &lt;b&gt; tag, don&#39;t &amp; won&#x2019;t.</p>'
    decoding = decode_entities(text, "html")
    assert decoding is not None
    assert decoding.text == '<p title="it&#39;s">A &lt;b&gt; tag, don\'t &amp; won’t.</p>'
    # Back to the file's positions: a decoded character's start is its reference's start.
    apostrophe = decoding.text.index("'t &amp;")
    assert decoding.original_offset(apostrophe) == text.index("&#39;t &amp;")
    assert decoding.original_offset(apostrophe + 1) == text.index("t &amp;")
    assert decoding.original_offset(len(decoding.text)) == len(text)
    # Plain text is not decoded (a reference there is damage: encoding.HtmlEntity), nor are
    # line breaks, invisible characters or unknown names.
    assert decode_entities("don&#8217;t", "text") is None
    assert decode_entities("a&#10;b&#8203;c&bogus;d&#0;", "markdown") is None


def test_fix_in_a_page_with_references_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>Caf&eacute; news: Theyâ€™re open, and it&#8217;s CafÃ© time.</p>\n")
    out, err = io.StringIO(), io.StringIO()
    main(["--no-cache", "--fix", "--select", "encoding", str(path)], stdout=out, stderr=err)
    assert path.read_text() == (
        "<p>Caf&eacute; news: They’re open, and it&#8217;s Café time.</p>\n"
    )


def test_markdown_keeps_references_to_ascii_and_leading_spaces() -> None:
    # CommonMark never reads a reference as markup: decoded first, these would open a fence, a
    # code span, or (four no-break spaces at a line's start) an indented code block.
    for text in ("Intro.\n\n&#96;&#96;&#96;\n\nText.\n", "Don&#96;t, it&#96;s.\n", "&#42;a&#42;\n"):
        assert decode_entities(text, "markdown") is None, text
    decoding = decode_entities("&nbsp;&nbsp;&nbsp;&nbsp;A game&nbsp;changer.\n", "markdown")
    assert decoding is not None
    assert decoding.text == "\xa0\xa0\xa0\xa0A game changer.\n"
    # In HTML the same ASCII references are text, outside tags and comments.
    html_text = "<p>Don&#39;t</p><!-- a &#45;&#45; b --><p title='&#39;'>x</p>"
    decoding = decode_entities(html_text, "html")
    assert decoding is not None
    assert decoding.text == "<p>Don't</p><!-- a &#45;&#45; b --><p title='&#39;'>x</p>"


def test_fix_reports_what_a_plain_run_reports_after_fixing(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("Itâ€™s here. Don&rsquo;t miss out on this game&nbsp;changer.\n")
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-cache", "--fix", "-q", str(path)], stdout=out, stderr=err)
    assert path.read_text() == "It’s here. Don&rsquo;t miss out on this game&nbsp;changer.\n"
    assert code == 1
    assert {line.split(" ")[2] for line in out.getvalue().splitlines()} == {
        "sponsored.UndisclosedCallToAction",
        "hype.PromoCliche",
    }
