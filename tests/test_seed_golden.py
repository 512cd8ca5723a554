"""The seed article's required findings, checked through the CLI's JSON output.

Expected lines and columns are computed from the file text (by finding each phrase), so the test
pins what the issue asks for, not whatever the rules happen to print today.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linter.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED_RELATIVE = "seeds/000_6168d3e40d533a2a.txt"
SEED = REPO / SEED_RELATIVE
SEED_TEXT = SEED.read_text(encoding="utf-8")
# A damaged apostrophe: the lossy `ā` that replaced `’` between two letters (Theyāre, isnāt).
DAMAGED_APOSTROPHE = re.compile(r"(?<=[^\W\d_])ā(?=[^\W\d_])")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
CONTENT_CATEGORIES = ("encoding", "unsupported-claim", "speculation", "sponsored", "hype")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


LINE_STARTS = _line_starts(SEED_TEXT)


def _position(offset: int) -> tuple[int, int]:
    """1-based line and character column of an offset in the seed."""
    line = max(i for i, start in enumerate(LINE_STARTS) if start <= offset)
    return line + 1, offset - LINE_STARTS[line] + 1


def _offset(line: int, column: int) -> int:
    return LINE_STARTS[line - 1] + column - 1


def _span(finding: dict[str, Any]) -> tuple[int, int]:
    """A finding's half-open character span in the seed (end_column is exclusive)."""
    return (
        _offset(finding["line"], finding["column"]),
        _offset(finding["end_line"], finding["end_column"]),
    )


def _run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seed_findings() -> list[dict[str, Any]]:
    code, out, err = _run_cli("--format", "json", str(SEED))
    assert code == 1, err
    findings = json.loads(out)
    assert isinstance(findings, list)
    return findings


def _of(findings: list[dict[str, Any]], category: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["category"] == category]


def test_seed_text_is_the_one_the_issue_describes() -> None:
    # If the seed file changed, every expectation below would be about another article.
    assert len(DAMAGED_APOSTROPHE.findall(SEED_TEXT)) == 41
    assert SEED_TEXT.splitlines()[12].startswith("Want your project in front of cryptoā")


def test_exactly_one_encoding_finding_per_damaged_apostrophe(
    seed_findings: list[dict[str, Any]],
) -> None:
    encoding = _of(seed_findings, "encoding")
    damaged = [m.start() for m in DAMAGED_APOSTROPHE.finditer(SEED_TEXT)]
    assert len(encoding) == 41
    covered: list[int] = []
    for finding in encoding:
        start, end = _span(finding)
        inside = [offset for offset in damaged if start <= offset < end]
        assert len(inside) == 1, f"{finding} covers {len(inside)} damaged apostrophes"
        covered.extend(inside)
        assert "’" in (finding["suggestion"] or ""), finding
        assert "ā" in finding["match"]
    assert sorted(covered) == damaged


def test_encoding_findings_point_at_the_damaged_letter(
    seed_findings: list[dict[str, Any]],
) -> None:
    # Positions as an editor would look them up: line and character column of each `ā`.
    expected = [_position(m.start()) for m in DAMAGED_APOSTROPHE.finditer(SEED_TEXT)]
    reported = []
    for finding in _of(seed_findings, "encoding"):
        start, end = _span(finding)
        offset = SEED_TEXT.index("ā", start, end)
        reported.append(_position(offset))
        assert finding["line"] == _position(start)[0]
    assert sorted(reported) == expected


# (category, line, phrase, occurrence of the phrase in the file)
REQUIRED = [
    ("unsupported-claim", 11, "the jaw-dropping trade figures", 1),
    ("speculation", 3, "set to redefine", 1),
    ("speculation", 4, "is likely to be the fuel", 1),
    ("speculation", 5, "shaping up to be", 1),
    ("speculation", 5, "The speculated BRICS currency", 1),
    ("speculation", 10, "could redefine", 1),
    (
        "sponsored",
        13,
        "Want your project in front of cryptoās top minds? Feature it in our next industry report",
        1,
    ),
    ("hype", 1, "power move", 1),
    ("hype", 12, "masterclass", 1),
    ("hype", 4, "ace up their sleeves", 1),
]


@pytest.mark.parametrize(
    ("category", "line", "phrase", "occurrence"),
    REQUIRED,
    ids=[f"{c}-{p[:24]}" for c, _, p, _ in REQUIRED],
)
def test_required_finding_on_the_right_line_and_columns(
    seed_findings: list[dict[str, Any]], category: str, line: int, phrase: str, occurrence: int
) -> None:
    start = -1
    for _ in range(occurrence):
        start = SEED_TEXT.index(phrase, start + 1)
    end = start + len(phrase)
    phrase_line, phrase_column = _position(start)
    assert phrase_line == line  # the issue's line number agrees with the file
    matching = [
        f
        for f in _of(seed_findings, category)
        if f["line"] == line and _span(f)[0] < end and start < _span(f)[1]
    ]
    nearby = [
        (f["line"], f["column"], f["rule"], f["match"])
        for f in seed_findings
        if f["line"] == line and f["category"] != "encoding"
    ]
    assert matching, f"no {category} finding over {phrase!r} at {line}:{phrase_column}; {nearby}"
    for finding in matching:
        # The reported match is the text at the reported columns.
        f_start, f_end = _span(finding)
        assert SEED_TEXT[f_start:f_end] == finding["match"]


def test_real_process_gives_the_same_json_and_exit_code(
    seed_findings: list[dict[str, Any]],
) -> None:
    script = Path(sys.executable).parent / "article-lint"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "linter"]
    completed = subprocess.run(
        [*command, "--format", "json", SEED_RELATIVE],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    from_process = json.loads(completed.stdout)
    assert [(f["line"], f["column"], f["rule"]) for f in from_process] == [
        (f["line"], f["column"], f["rule"]) for f in seed_findings
    ]
    assert all(f["path"] == SEED_RELATIVE for f in from_process)


NEUTRAL_CONTROLS = [
    "seeds/neutral/02_wire_port_traffic.txt",
    "seeds/neutral/05_api_docs.md",
    "seeds/neutral/09_latviesu_riga.txt",
]


def test_neutral_controls_give_no_content_finding_and_exit_0() -> None:
    paths = [str(REPO / p) for p in NEUTRAL_CONTROLS]
    code, out, err = _run_cli("--format", "json", "--ignore", "readability", *paths)
    findings = json.loads(out)
    content = [f for f in findings if f["category"] in CONTENT_CATEGORIES]
    assert content == [], content
    assert code == 0, (findings, err)
