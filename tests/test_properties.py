"""Properties that must hold for any input (hypothesis).

- Linting arbitrary text in every format with the built-in rules never raises; every finding
  lies inside the file, its `match` is the text at its line/column span, findings are sorted,
  and two runs give the same findings.
- Decoding arbitrary bytes never raises (except to skip a binary file), and an invalid-byte error
  points at the U+FFFD that replaced the byte.
- The RE2 adapter used for user rules finds the same spans as Python's `re`.

`HYPOTHESIS_PROFILE=long pytest tests/test_properties.py` runs many more examples.
"""

from __future__ import annotations

import codecs
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from linter.document import FORMATS, Document
from linter.engine import lint_document
from linter.patterns import phrase_alternation
from linter.rules import RuleSet
from linter.safe_regex import compile_untrusted, untrusted_patterns
from linter.sources import BINARY_PROBE, BinaryFileError, decode

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
PROFILE = settings(
    max_examples=3000 if LONG else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces that exercise the markup parsers and the rules: markup syntax, line endings, BOM-ish
# and invisible characters, mojibake, entities, and phrases the built-in rules flag.
FRAGMENTS = [
    *"<>`[]()#*_|!-:\"'&;\\/",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    " ",
    "\ufeff",
    "\u200b",
    "\u00ad",
    "\ufffd",
    "\x85",
    "\u2028",
    "â€™",
    "Ã©",
    "donât",
    "&amp;#8217;",
    "&rsquo;",
    "&nbsp;",
    "café",
    "---\ntitle: A game-changing launch\n---\n",
    "# ",
    "> ",
    "- ",
    "1. ",
    "```",
    "    code",
    "[link](http://example.com/a?b=c)",
    "https://example.com/x.",
    "<a href='http://x.org'>",
    "</a>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<p>",
    "<br/>",
    "<h1>",
    "|a|b|\n|-|-|\n",
    "12%",
    "according to the registry",
    "Strap in",
    "game-changing",
    "world-class",
    "jaw-dropping",
    "unmatched",
    "experts agree",
    "is poised to",
    "could revolutionize",
    "buy now",
    "use code SAVE20",
    "sponsored",
    "clinically proven",
    "thousands of teams",
    " the ",
    "word",
    ".",
    ". ",
    "!",
    "?",
    "article-lint: disable",
    "<!-- article-lint-disable -->",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.characters(codec="utf-8")), max_size=80
).map("".join)


def line_starts(text: str) -> list[int]:
    """Offsets where lines start, splitting at \\r\\n, \\n or \\r as editors do."""
    return [0, *(m.end() for m in re.finditer(r"\r\n|\n|\r", text))]


def offset_of(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


@pytest.mark.parametrize("fmt", FORMATS)
@PROFILE
@given(text=texts)
def test_lint_never_raises_and_findings_point_at_their_match(
    builtin_rules: RuleSet, fmt: str, text: str
) -> None:
    doc = Document.from_text(text, path=f"post.{fmt}", fmt=fmt)
    findings = lint_document(doc, builtin_rules)
    starts = line_starts(text)
    for finding in findings:
        assert 1 <= finding.line <= finding.end_line <= len(starts), finding
        assert finding.column >= 1 and finding.end_column >= 1
        start = offset_of(starts, finding.line, finding.column)
        end = offset_of(starts, finding.end_line, finding.end_column)
        # a column never runs past the end of its own line (line break excluded)
        line_end = starts[finding.line] if finding.line < len(starts) else len(text)
        assert start <= line_end and start <= end <= len(text), finding
        assert text[start:end] == finding.match, finding
    assert findings == sorted(findings)
    again = lint_document(Document.from_text(text, path=f"post.{fmt}", fmt=fmt), builtin_rules)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in findings]


@PROFILE
@given(data=st.binary(max_size=400), bom=st.sampled_from([b"", codecs.BOM_UTF8]))
@example(data=codecs.BOM_UTF16_BE + b"\x00\x00\x00\x00", bom=b"")
def test_decode_never_raises_and_locates_the_first_bad_byte(data: bytes, bom: bytes) -> None:
    try:
        source = decode(bom + data, "x.txt")
    except BinaryFileError:
        assert not bom and b"\x00" in data[:BINARY_PROBE]
        return
    for problem in source.problems:
        assert problem.line is not None
        column = int(re.search(r"column (\d+)", problem.message).group(1))  # type: ignore[union-attr]
        starts = line_starts(source.text)
        assert source.text[offset_of(starts, problem.line, column)] == "\ufffd"
    utf16 = not bom and data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if not source.problems and not utf16:  # a UTF-16 BOM makes it UTF-16 (tested below)
        assert source.text == data.decode("utf-8")


@PROFILE
@given(text=st.text(max_size=200), encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]))
def test_decode_round_trips_text_with_a_bom(text: str, encoding: str) -> None:
    bom: dict[str, bytes] = {
        "utf-8": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }
    try:
        encoded = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates cannot be written in a file
        return
    # UTF-16 LE text that starts with U+0000 begins with the UTF-32 LE mark; if the rest also
    # reads as UTF-32, the bytes are ambiguous, and UTF-32 wins (linter/sources.py).
    ambiguous = encoding == "utf-16-le" and text.startswith("\x00") and len(encoded) % 4 == 2
    assume(not ambiguous or len(text) == 1 or not _valid_utf32(encoded[2:]))
    source = decode(bom[encoding] + encoded, "x.txt")
    assert (source.text, source.problems, source.bom) == (text, [], True)


def _valid_utf32(body: bytes) -> bool:
    try:
        body.decode("utf-32-le")
    except UnicodeDecodeError:
        return False
    return True


PHRASES = ["best", "game-changing", "game", r"\w+ly amazing", "café", "!!", "a.b.", r"\d+%"]
with untrusted_patterns():  # as while a user's rule is built (no look-ahead guards)
    ALTERNATION = phrase_alternation(PHRASES)
SAFE = compile_untrusted(ALTERNATION)
PYTHON = re.compile(ALTERNATION, re.IGNORECASE)
pieces = st.lists(
    st.one_of(
        st.sampled_from(["best", "game", "-changing", "café", "ly amazing", "!!", "a.b.", "5%"]),
        st.sampled_from(list(" -_.,é\u00ad\n\r\tÑ\u0663")),
        # Not unassigned code points: RE2's Unicode tables are newer than Python 3.11's, so a
        # letter added in Unicode 15 (e.g. U+31350) is a word character to RE2 only.
        st.characters(exclude_categories=["Cn", "Cs"]),
    ),
    max_size=40,
).map("".join)


@PROFILE
@given(text=pieces, window=st.tuples(st.integers(0, 200), st.integers(0, 200)))
# The text's start (`^`) stood for the start guard of a match one character before the window.
@example(text="!!!!", window=(1, 3))
def test_re2_adapter_finds_the_same_spans_as_re(text: str, window: tuple[int, int]) -> None:
    start, end = sorted(window)

    def spans(pattern: Any, *args: int) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text, *args)]

    assert spans(SAFE) == spans(PYTHON)
    assert spans(SAFE, start, end) == spans(PYTHON, start, end)
    found, expected = SAFE.search(text, start, end), PYTHON.search(text, start, end)
    assert (found and found.span()) == (expected and expected.span())
