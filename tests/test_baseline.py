"""--baseline FILE / --update-baseline: accept today's findings, report only new ones, and
recognise old findings after lines move."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.baseline import Baseline, finding_keys
from linter.cli import main
from linter.engine import lint_text
from linter.rules import load_rules

HYPE = """\
extends: existence
category: hype
summary: Test hype.
message: "'{match}' is hype"
tokens:
  - power move
  - masterclass
"""

ARTICLE = "# Title\n\nIntro text here.\n\nIt is a power move by the firm.\n"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "bl"
    pack.mkdir(parents=True)
    (pack / "Hype.yaml").write_text(HYPE, encoding="utf-8")
    return tmp_path / "rules"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(rules_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-builtin-rules", "--rules", str(rules_dir), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def findings_in(out: str) -> list[str]:
    return [line for line in out.splitlines() if not line.startswith("Found ")]


def test_a_missing_baseline_is_an_error_not_a_pass(rules_dir: Path, workdir: Path) -> None:
    # It used to be created and the run passed: a baseline never committed, or a typo in its
    # name in a CI job, let every finding through with exit 0.
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 2 and out == ""
    assert "baseline.json: baseline file not found; create it with --update-baseline" in err
    assert not Path("baseline.json").exists()


def test_update_baseline_creates_it_and_the_run_passes(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    assert code == 0
    assert findings_in(out) == []
    assert "recorded 1 finding in baseline.json" in err
    data = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    [entry] = data["findings"]
    assert (entry["path"], entry["rule"], entry["match"], entry["count"]) == (
        "a.md",
        "bl.Hype",
        "power move",
        1,
    )
    assert "line" not in entry  # line numbers are not part of the identity


def test_old_finding_stays_suppressed_when_lines_move(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    moved = "# Title\n\nA new paragraph.\n\nAnd another one.\n\n" + ARTICLE.split("\n\n", 1)[1]
    Path("a.md").write_text(moved, encoding="utf-8")
    code, out, _ = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 0
    assert findings_in(out) == []
    assert "1 more in the baseline" in out


def test_new_finding_is_reported(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    Path("a.md").write_text("New: a masterclass.\n\n" + ARTICLE, encoding="utf-8")
    code, out, _ = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 1
    assert findings_in(out) == ["a.md:1:8: warning: bl.Hype [hype] 'masterclass' is hype"]


def test_a_second_copy_of_a_baselined_finding_is_new(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text("A power move.\n", encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    Path("a.md").write_text("A power move.\n\nA power move.\n", encoding="utf-8")
    code, out, _ = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 1
    assert findings_in(out) == ["a.md:3:3: warning: bl.Hype [hype] 'power move' is hype"]


def test_same_phrase_in_an_edited_sentence_is_new(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    Path("a.md").write_text(ARTICLE.replace("by the firm", "by the rival"), encoding="utf-8")
    code, _, _ = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 1


def test_rewrapping_the_sentence_keeps_it_suppressed(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    Path("a.md").write_text(ARTICLE.replace("power move by", "power move\nby"), encoding="utf-8")
    assert run(rules_dir, "--baseline", "baseline.json", "a.md")[0] == 0


def test_baseline_paths_do_not_depend_on_the_working_folder(
    rules_dir: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "docs").mkdir()
    Path("docs/a.md").write_text(ARTICLE, encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "docs/a.md")
    monkeypatch.chdir(workdir / "docs")
    assert run(rules_dir, "--baseline", "../baseline.json", "a.md")[0] == 0


def test_update_baseline_rewrites_it_stably(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    Path("b.md").write_text("A masterclass. A power move. A masterclass.\n", encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    code, _, _ = run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "b.md", "a.md")
    assert code == 0
    first = Path("baseline.json").read_bytes()
    entries = json.loads(first)["findings"]
    assert [(e["path"], e["match"], e["count"]) for e in entries] == sorted(
        [("a.md", "power move", 1), ("b.md", "masterclass", 2), ("b.md", "power move", 1)]
    )
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md", "b.md")
    assert Path("baseline.json").read_bytes() == first  # same findings, same bytes


CLAIM = """\
extends: existence
category: unsupported-claim
summary: Test claim.
message: "'{match}' is a claim"
tokens: [guaranteed]
"""


def test_update_baseline_keeps_the_files_and_rules_it_did_not_check(
    rules_dir: Path, workdir: Path
) -> None:
    # A pre-commit run passes only the staged files, and --select runs some rules: the
    # entries of the rest stay in the baseline.
    (rules_dir / "bl" / "Claim.yaml").write_text(CLAIM, encoding="utf-8")
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    Path("b.md").write_text("A masterclass, guaranteed.\n", encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md", "b.md")
    Path("b.md").write_text("A power move, guaranteed.\n", encoding="utf-8")
    code, _, err = run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "b.md")
    assert code == 0
    assert "recorded 2 findings in baseline.json (1 more kept" in err

    def entries() -> list[tuple[str, str, str]]:
        data = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
        return [(e["path"], e["rule"], e["match"]) for e in data["findings"]]

    assert entries() == [
        ("a.md", "bl.Hype", "power move"),
        ("b.md", "bl.Claim", "guaranteed"),
        ("b.md", "bl.Hype", "power move"),
    ]
    Path("b.md").write_text("A masterclass.\n", encoding="utf-8")
    update = ("--baseline", "baseline.json", "--update-baseline")
    run(rules_dir, *update, "--select", "bl.Hype", "b.md")
    assert entries() == [
        ("a.md", "bl.Hype", "power move"),
        ("b.md", "bl.Claim", "guaranteed"),  # not run: kept
        ("b.md", "bl.Hype", "masterclass"),
    ]


def test_update_baseline_drops_the_entries_of_deleted_files(
    rules_dir: Path, workdir: Path
) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    Path("gone.md").write_text("A masterclass.\n", encoding="utf-8")
    run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md", "gone.md")
    Path("gone.md").unlink()
    code, _, err = run(rules_dir, "--baseline", "baseline.json", "--update-baseline", "a.md")
    assert code == 0
    assert "recorded 1 finding in baseline.json (the entries of 1 deleted file dropped)" in err
    data = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in data["findings"]] == ["a.md"]


def test_update_baseline_keeps_files_reached_through_a_symlinked_baseline_folder(
    rules_dir: Path, workdir: Path
) -> None:
    # "ci/../docs/b.md" is docs/b.md as the path was made relative, though ci is a link.
    Path("docs").mkdir()
    Path("docs/a.md").write_text(ARTICLE, encoding="utf-8")
    Path("docs/b.md").write_text(ARTICLE, encoding="utf-8")
    Path("elsewhere/ci").mkdir(parents=True)
    Path("ci").symlink_to(Path("elsewhere/ci").resolve())
    run(rules_dir, "--baseline", "ci/baseline.json", "--update-baseline", "docs")
    code, _, err = run(rules_dir, "--baseline", "ci/baseline.json", "--update-baseline",
                       "docs/a.md")
    assert code == 0 and "deleted" not in err
    assert run(rules_dir, "--baseline", "ci/baseline.json", "docs")[0] == 0


def test_diff_writes_no_baseline(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    for flags in ((), ("--update-baseline",)):
        run(rules_dir, "--diff", "--baseline", "baseline.json", *flags, "a.md")
        assert not Path("baseline.json").exists(), flags


def test_broken_baseline_is_an_error(rules_dir: Path, workdir: Path) -> None:
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    Path("baseline.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(rules_dir, "--baseline", "baseline.json", "a.md")
    assert code == 2
    assert "baseline.json" in err and "not valid JSON" in err
    code, _, err = run(rules_dir, "--update-baseline", "a.md")
    assert code == 2 and "--baseline" in err


def test_finding_keys_ignore_line_numbers(rules_dir: Path) -> None:
    ruleset = load_rules([rules_dir], builtin=False)
    text = "It is a power move.\n"
    shifted = "\n\n\nIt is a power move.\n"
    keys = finding_keys(lint_text(text, ruleset, path="a.md"), text, base_dir=".")
    moved = finding_keys(lint_text(shifted, ruleset, path="a.md"), shifted, base_dir=".")
    assert keys == moved
    baseline = Baseline.from_keys(keys)
    assert Baseline.from_json(baseline.to_json(), "b.json").counts == baseline.counts
