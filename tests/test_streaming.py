"""Streamed output (text, json, github): printed file by file, only counts kept.

The streamed text must be exactly what rendering the whole report at once gives (the formats'
`render`, which the other report tests pin down), `--output` must stay atomic while streaming,
and the session must not hold the findings it has printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import linter.report.session as session_module
from linter.cli import build_parser, main
from linter.model import Finding, Severity
from linter.report import Report, Tally, formatter
from linter.report.github import render as render_github
from linter.report.json_format import render as render_json
from linter.report.progress import Progress
from linter.report.session import OutputSession
from linter.report.text import render as render_text
from linter.rules import RuleSet, load_rules
from linter.runner import FileResult, lint_paths
from linter.sources import iter_paths

RULES = {
    "Hype.yaml": """\
extends: existence
category: hype
severity: warning
summary: Test hype phrases.
message: "'{match}' is hype: \\"really\\" \\\\ 100%"
tokens:
  - power move
  - masterclass
""",
    "Scam.yaml": """\
extends: existence
category: sponsored
severity: error
summary: Test error rule.
message: "'{match}' is bad"
tokens:
  - scam
""",
    "Swap.yaml": """\
extends: substitution
category: style
severity: info
summary: Test safe substitution.
message: "Use '{suggestion}' instead of '{match}'"
safe: true
swap:
  utilize: use
""",
}

TEXTS = [
    "A power move.\n",
    "Nothing to see here.\n",
    "Café ünïcode — a masterclass, a scam.\nWe utilize a power move.\n",
    'Quotes "power move" and a back\\slash scam.\n',
]


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "t"
    pack.mkdir(parents=True)
    for name, text in RULES.items():
        (pack / name).write_text(text, encoding="utf-8")
    return tmp_path / "rules"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """60 files in two folders, some with no finding; the working folder is tmp_path/work."""
    work = tmp_path / "work"
    for index in range(60):
        folder = work / "docs" / ("b" if index % 3 else "a")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{index:02}.md").write_text(TEXTS[index % len(TEXTS)], encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return work


def run(rules_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--no-builtin-rules", "--rules", str(rules_dir), "--jobs", "1", *argv],
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def collected(rules_dir: Path, *paths: str) -> Report:
    """The whole run's Report, built the non-streamed way: every finding in a list."""
    ruleset = load_rules([rules_dir], builtin=False)
    report = Report(root=os.getcwd(), rules=tuple(rule.spec for rule in ruleset))
    for result in lint_paths(list(iter_paths(paths, errors=report.errors)), ruleset):
        report.files += 1
        report.paths.append(result.path)
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
    return report


def test_json_stream_is_the_one_dump_of_all_findings(rules_dir: Path, corpus: Path) -> None:
    code, out, _ = run(rules_dir, "--format", "json", "docs")
    assert code == 1
    report = collected(rules_dir, "docs")
    assert len(report.findings) > 50
    expected = json.dumps([f.to_dict() for f in report.findings], indent=2, ensure_ascii=False)
    assert out == expected + "\n"  # same bytes, not only the same data
    assert out == render_json(report)
    assert json.loads(out) == [f.to_dict() for f in report.findings]


def test_json_stream_with_no_findings_is_an_empty_list(rules_dir: Path, corpus: Path) -> None:
    code, out, _ = run(rules_dir, "--format", "json", "docs/b/f01.md")
    assert code == 0
    assert out == "[]\n" == json.dumps([], indent=2) + "\n"


def test_json_statistics_stream(rules_dir: Path, corpus: Path) -> None:
    code, out, _ = run(rules_dir, "--format", "json", "--statistics", "docs")
    assert code == 1
    report = collected(rules_dir, "docs")
    report.statistics = True
    assert out == render_json(report)
    assert {row["rule"] for row in json.loads(out)} == {"t.Hype", "t.Scam", "t.Swap"}


def test_text_stream_keeps_file_order_then_summary(rules_dir: Path, corpus: Path) -> None:
    code, out, _ = run(rules_dir, "docs")
    assert code == 1
    report = collected(rules_dir, "docs")
    assert out == render_text(report)
    lines = out.splitlines()
    assert lines[-1].startswith(f"Found {len(report.findings)} problems")
    assert f"in 45 of {report.files} files" in lines[-1]  # f01, f05, ... have no finding
    paths = [line.split(":", 1)[0] for line in lines[:-1]]
    assert paths == [f.path for f in report.findings]
    assert paths.index("docs/a/f00.md") < paths.index("docs/b/f02.md")  # folder order kept
    # --statistics and --quiet still work on the counts alone.
    _, quiet, _ = run(rules_dir, "--quiet", "docs")
    assert quiet.splitlines() == lines[:-1]
    _, stats, _ = run(rules_dir, "--statistics", "docs")
    report.statistics = True
    assert stats == render_text(report)


def test_github_stream_matches_render(rules_dir: Path, corpus: Path) -> None:
    code, out, _ = run(rules_dir, "--format", "github", "docs", "missing.md")
    assert code == 2
    lines = out.splitlines()
    assert lines[-1] == "::error file=missing.md::missing.md: no such file or folder"
    report = collected(rules_dir, "docs")
    assert "\n".join(lines[:-1]) + "\n" == render_github(report)


def test_output_file_streams_atomically(
    rules_dir: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("report.json").write_text("old", encoding="utf-8")
    os.chmod("report.json", 0o640)
    seen: list[tuple[str, list[str]]] = []
    real_add = OutputSession.add

    def add_and_look(self: OutputSession, result: FileResult, **kwargs: object) -> None:
        real_add(self, result, **kwargs)  # type: ignore[arg-type]
        temporary = [name for name in os.listdir(".") if name.endswith(".article-lint.tmp")]
        seen.append((Path("report.json").read_text(encoding="utf-8"), temporary))

    monkeypatch.setattr(OutputSession, "add", add_and_look)
    code, out, _ = run(rules_dir, "--format", "json", "--output", "report.json", "docs")
    assert code == 1 and out == ""
    assert len(seen) == 60
    # While the run goes on, the old report stays whole and the new one grows elsewhere.
    assert all(old == "old" and len(temporary) == 1 for old, temporary in seen)
    monkeypatch.setattr(OutputSession, "add", real_add)
    _, expected, _ = run(rules_dir, "--format", "json", "docs")
    assert Path("report.json").read_text(encoding="utf-8") == expected
    assert os.stat("report.json").st_mode & 0o777 == 0o640  # permission bits kept
    assert sorted(os.listdir(".")) == ["docs", "report.json"]  # no temporary file left


def test_interrupted_run_leaves_the_old_report(
    rules_dir: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("report.txt").write_text("old", encoding="utf-8")
    real_add = OutputSession.add
    calls = 0

    def add_then_interrupt(self: OutputSession, result: FileResult, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 30:
            raise KeyboardInterrupt
        real_add(self, result, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(OutputSession, "add", add_then_interrupt)
    code, _, err = run(rules_dir, "--output", "report.txt", "docs")
    assert code == 130 and "interrupted" in err
    assert Path("report.txt").read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(".")) == ["docs", "report.txt"]


def test_report_write_error_is_reported_and_cleaned_up(
    rules_dir: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linter.report.output import AtomicOutput

    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    real_init = AtomicOutput.__init__

    def init_then_fill(self: AtomicOutput, path: str) -> None:
        real_init(self, path)
        assert self.stream is not None
        self.stream.close()
        self.stream = FullDisk()

    monkeypatch.setattr(AtomicOutput, "__init__", init_then_fill)
    code, _, err = run(rules_dir, "--output", "report.txt", "docs")
    assert code == 2
    assert "cannot write the report: No space left on device" in err
    assert sorted(os.listdir(".")) == ["docs"]


# --- the session keeps counts, not findings --------------------------------------------------


def _finding(path: str, line: int, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=5,
        rule="t.Hype",
        category="hype",
        severity=severity,
        message="hype",
        match="hype",
    )


def _session(fmt: str, out: io.StringIO, *extra: str) -> tuple[OutputSession, Report]:
    args: argparse.Namespace = build_parser().parse_args(["--format", fmt, *extra, "x.md"])
    args.fail_on = "info"
    report = Report()
    session = OutputSession(args, report, RuleSet([]), out, io.StringIO(), total_files=3)
    return session, report


@pytest.mark.parametrize("fmt", ["sarif", "junit", "gitlab"])
def test_ci_formats_stream_the_report_they_would_render(
    rules_dir: Path, corpus: Path, fmt: str
) -> None:
    code, out, _ = run(rules_dir, "--format", fmt, "docs", "missing.md")
    assert code == 2
    report = collected(rules_dir, "docs", "missing.md")
    assert len(report.findings) > 50 and len(report.errors) == 1
    assert out == formatter(fmt)(report)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab"])
def test_streaming_session_holds_counts_only(fmt: str) -> None:
    out = io.StringIO()
    session, report = _session(fmt, out)
    printed = []
    for index in range(3):
        path = f"f{index}.md"
        findings = [_finding(path, line) for line in range(1, 101)]
        session.add(FileResult(path, findings=findings))
        printed.append(len(out.getvalue()))
        # Printed as soon as the file was added, and not kept.
        assert report.findings == []
        assert report.paths == []
        assert isinstance(report.tally, Tally)
        assert report.tally.total == 100 * (index + 1)
        assert len(report.tally.paths_with_findings) == index + 1
    assert printed[0] > 0 and printed[0] < printed[1] < printed[2]
    assert session.finish() == 1  # the exit code comes from the counts
    assert report.findings == []


def test_junit_spools_each_file_and_writes_the_totals_first() -> None:
    out = io.StringIO()
    session, report = _session("junit", out)
    for index in range(3):
        path = f"f{index}.md"
        session.add(FileResult(path, findings=[_finding(path, line) for line in range(1, 101)]))
        assert report.findings == [] and report.paths == []  # on disk, not in memory
    session.add(FileResult("clean.md"))
    assert out.getvalue() == ""  # the root's totals are known only at the end
    assert session.finish() == 1
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("301", "300", "0")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["f0.md", "f1.md", "f2.md", "clean.md"]
    assert len(suites[0].findall("testcase/failure")) == 100


def test_tally_matches_the_findings() -> None:
    findings = [
        _finding("a.md", 1, Severity.ERROR),
        _finding("a.md", 2),
        _finding("b.md", 1, Severity.INFO),
    ]
    tally = Tally.of(findings)
    assert tally.total == 3
    assert tally.by_severity == {Severity.ERROR: 1, Severity.WARNING: 1, Severity.INFO: 1}
    assert tally.paths_with_findings == {"a.md", "b.md"}
    counts = {(rule, severity): r.count for (rule, severity), r in tally.rules.items()}
    assert counts == {
        ("t.Hype", Severity.ERROR): 1,
        ("t.Hype", Severity.WARNING): 1,
        ("t.Hype", Severity.INFO): 1,
    }


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_erased_before_streamed_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()  # stdout and stderr on one terminal
    monkeypatch.setattr(session_module, "progress_wanted", lambda *args, **kwargs: True)
    args = build_parser().parse_args(["--color", "never", "x.md"])
    args.fail_on = "info"
    session = OutputSession(args, Report(), RuleSet([]), screen, screen, total_files=60)
    assert isinstance(session.progress, Progress) and session.progress.enabled
    session.add(FileResult("a.md"))  # draws the bar
    session.add(FileResult("b.md", findings=[_finding("b.md", 1)]))
    text = screen.getvalue()
    bar_end = text.index(" files")
    erase = text.index("\r\033[K", bar_end)
    # The finding is not printed over the bar.
    assert text.index("b.md:1:1: warning: t.Hype") > erase
    session.finish()
