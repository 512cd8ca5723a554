"""Phrases across white space: a space in a rule's phrase matches a hard-wrapped line break, two
spaces, a tab or the blanks where inline markup was; a match never runs from one block into the
next (paragraph, heading, list item, table cell)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from linter.cli import main
from linter.examples import _MARK, check_example
from linter.patterns import SPACE_RUN, compile_phrases, flexible_fragment
from linter.rules import RuleSet

PACK = {
    "Cliche.yaml": """\
extends: existence
category: hype
message: "'{match}' is a cliché"
tokens:
  - power move
  - game[- ]changer
  - (?:bold|brave) new world
""",
    "Experts.yaml": """\
extends: substitution
category: style
message: "Use '{suggestion}' instead of '{match}'"
safe: true
swap:
  in order to: to
""",
}


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "t"
    pack.mkdir(parents=True)
    for name, text in PACK.items():
        (pack / name).write_text(text, encoding="utf-8")
    return tmp_path / "rules"


def lint(rules_dir: Path, path: Path, *extra: str) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), "-f", "json", *extra,
         str(path)],
        stdout=out, stderr=err,
    )  # fmt: skip
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


S = SPACE_RUN  # any run of white space


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("power move", rf"power{S}move"),
        ("a  b", rf"a{S}b"),  # a run of spaces is one run of white space
        ("x ?y", r"x\s*y"),  # an optional space stays optional
        ("x {0,1}y", r"x\s*y"),
        ("x +y", r"x\s+y"),
        ("game[- ]changer", rf"game(?:-|{S})changer"),
        ("[ -]?x y", rf"(?:-|{S})?x{S}y"),
        (r"a\ b[ \t]c", r"a\ b[ \t]c"),  # an escaped space and a class mean what they say
        ("(?<=[.!?] )so it goes", rf"(?<=[.!?] )so{S}it{S}goes"),  # look-behinds keep a width
        ("(?x) a b", "(?x) a b"),  # verbose patterns: spaces are not characters there
    ],
)
def test_spaces_of_a_fragment_match_any_white_space(fragment: str, expected: str) -> None:
    assert flexible_fragment(fragment) == expected
    re.compile(expected)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a power move", ["power move"]),
        ("a power\nmove", ["power\nmove"]),
        ("a power\r\n   move", ["power\r\n   move"]),
        ("a power  \tmove", ["power  \tmove"]),
        ("a game changer, a game-changer", ["game changer", "game-changer"]),
        ("a bold\nnew world", ["bold\nnew world"]),
        ("a powermove", []),
    ],
)
def test_compiled_phrases_match_across_white_space(text: str, found: list[str]) -> None:
    pattern = compile_phrases(["power move", "game[- ]changer", "(?:bold|brave) new world"])
    assert [m.group() for m in pattern.finditer(text)] == found


def test_hard_wrapped_and_marked_up_phrases_are_found(rules_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text(
        "It was a power\nmove, they said.\n\nIt was a **power** move.\n\n"
        "It was a power  move.\n\nWe wrote it in order\nto ship.\n",
        encoding="utf-8",
    )
    findings = lint(rules_dir, article)
    assert [(f["line"], f["column"], f["end_line"], f["rule"]) for f in findings] == [
        (1, 10, 2, "t.Cliche"),
        (4, 12, 4, "t.Cliche"),
        (6, 10, 6, "t.Cliche"),
        (8, 13, 9, "t.Experts"),
    ]
    # The message quotes the match on one line; the JSON match is the text as it stands.
    assert findings[0]["message"] == "'power move' is a cliché"
    lint(rules_dir, article, "--fix")
    assert "We wrote it to ship." in article.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("post.md", "It was a power\n\nmove, they said.\n"),  # a paragraph break
        ("post.md", "# A power\n\nMove fast, they said.\n"),  # a heading into its paragraph
        ("post.md", "- power\n- move\n"),  # two list items
        ("post.md", "| power | move |\n|---|---|\n| a | b |\n"),  # two table cells
        ("post.html", "<td>power</td><td>move</td>\n"),
        ("post.txt", "It was a power\n\nmove, they said.\n"),
        ("post.txt", "Ingredients: power\nmove\n"),  # plain text without blank lines: a line each
    ],
)
def test_a_phrase_never_runs_from_one_block_into_the_next(
    rules_dir: Path, tmp_path: Path, name: str, text: str
) -> None:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    assert lint(rules_dir, article) == []


def test_builtin_examples_still_flag_when_hard_wrapped(builtin_rules: RuleSet) -> None:
    """Each flag example of a built-in rule, its first marked space made a line break (a
    hard-wrapped Markdown paragraph), still flags the same span: phrases, links, sentences
    read by the models and the article-level rules alike. (An ATX heading cannot be wrapped.)"""
    wrapped = 0
    failures = []
    for rule in builtin_rules:
        for example in rule.spec.examples.flag:
            if example.lstrip().startswith("#") or not any(
                " " in m.group(1) for m in _MARK.finditer(example)
            ):
                continue
            if check_example(rule, "flag", example, builtin_rules, fmt="markdown") is not None:
                continue  # an example written for plain text
            moved = _MARK.sub(lambda m: "[[" + m.group(1).replace(" ", "\n", 1) + "]]", example)
            wrapped += 1
            problem = check_example(rule, "flag", moved, builtin_rules, fmt="markdown")
            if problem is not None:
                failures.append(f"{rule.id}: {problem}")
    assert wrapped > 1500
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("fmt", "text", "sentences"),
    [
        # A soft wrap before a capital no longer ends the sentence.
        ("markdown", "Shares of Acme rose on the London\nStock Exchange today.\n",
         ["Shares of Acme rose on the London Stock Exchange today."]),
        ("html", "<p>Shares of Acme rose on the London\n  Stock Exchange today.</p>",
         ["Shares of Acme rose on the London   Stock Exchange today."]),
        ("text", "Shares of Acme rose sharply on the busy London\nStock Exchange today.\n\nNext.\n",
         ["Shares of Acme rose sharply on the busy London Stock Exchange today.", "Next."]),
        # In plain text, short lines and list items keep their line breaks.
        ("text", "Ingredients\nFlour\nSugar\n\nNext.\n",
         ["Ingredients", "Flour", "Sugar", "Next."]),
        ("text", "We bought the following things at the market today:\n- flour\n- sugar\n\nX.\n",
         ["We bought the following things at the market today:\n- flour\n- sugar", "X."]),
    ],
)  # fmt: skip
def test_a_hard_wrapped_paragraph_reads_as_one_line(
    fmt: str, text: str, sentences: list[str]
) -> None:
    from linter.document import Document

    doc = Document.from_text(text, fmt=fmt)
    assert len(doc.prose) == len(text)
    assert [doc.prose[s.start : s.end] for s in doc.sentences] == sentences


def test_a_quotation_wrapped_over_two_lines_is_still_a_mention(tmp_path: Path) -> None:
    """A report quoting an advert's claim is not making it, wrapped or not."""
    article = tmp_path / "review.md"
    article.write_text(
        "The manufacturer's marketing describes it as \"the safest\nrollator ever made\". We "
        "found no\nindependent test data to support that.\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-cache", "--select", "claims", str(article)], stdout=out, stderr=err)
    assert code == 0, out.getvalue()


def test_plain_text_table_rows_are_not_joined() -> None:
    from linter.document import Document

    text = (
        "  4941  9.0.0346  :horizontal modifier not fully supported, could be clearer\n"
        "  4584  9.0.0549  duplicated code in calling a :def function\n"
    )
    doc = Document.from_text(text + "\nNext.\n", fmt="text")
    assert doc.prose.count("\n") == text.count("\n") + 2


def test_markup_inside_a_phrase_is_never_replaced_by_a_fix(
    rules_dir: Path, tmp_path: Path
) -> None:
    article = tmp_path / "post.md"
    original = "We came in **order** to win.\n\nWe came *in order* to win.\n"
    article.write_text(original, encoding="utf-8")
    findings = lint(rules_dir, article, "--select", "t.Experts")
    assert [f["suggestion"] for f in findings] == [None, None]  # reported, not fixable
    lint(rules_dir, article, "--fix")
    assert article.read_text(encoding="utf-8") == original


def test_words_around_code_are_not_one_phrase(rules_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text(
        "A power `sudo` move.\n\nA power <code>x</code> move.\n\nA power <kbd>K</kbd> move.\n",
        encoding="utf-8",
    )
    assert lint(rules_dir, article) == []


def test_a_bold_button_line_is_still_a_call_to_action() -> None:
    from linter.document import Document
    from linter.engine import lint_document
    from linter.rules import load_rules

    text = (
        "This game-changing ring is a power move. Experts agree it is the best on the "
        "market.\n\n**Find your size →**\n"
    )
    found = lint_document(Document.from_text(text, fmt="markdown"), load_rules())
    assert ("sponsored.ImperativeCallToAction", "Find your size →") in {
        (f.rule, f.match) for f in found
    }


def test_line_breaks_are_found_from_the_start_of_their_blank_run() -> None:
    """Tried at every blank of a long run, the line-break pattern was quadratic in its length
    (100,000 spaces: 70 s); it now starts only where a run starts."""
    from linter.document import _LINE_BREAK_RUN

    text = "word" + " " * 50 + "\n  next"
    assert [m.start() for m in _LINE_BREAK_RUN.finditer(text)] == [4]
    assert _LINE_BREAK_RUN.search(" " * 1000 + "x") is None
