"""Output formats (--format text/json/sarif/github/junit/gitlab), --color, --statistics,
--quiet, --output and the progress bar, seen from the command line.

The rules are a small test-only pack written to a temporary folder, so these tests do not move
when the built-in rules change.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.cli import main
from linter.model import FINDING_FIELDS, Finding, Severity
from linter.report import Fingerprints, Report, artifact_uri, use_color
from linter.report.github import escape_data, escape_property
from linter.report.junit import render as render_junit
from linter.report.progress import MIN_FILES, Progress, progress_wanted

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

RULES = {
    "Hype.yaml": """\
extends: existence
category: hype
severity: warning
summary: Test hype phrases.
message: "'{match}' is hype"
why: Hype informs nobody.
link: https://example.com/rules/hype
tokens:
  - power move
  - masterclass
examples:
  flag:
    - "A [[power move]]."
  pass:
    - "A power cable."
""",
    "Scam.yaml": """\
extends: existence
category: sponsored
severity: error
summary: Test error rule.
message: "'{match}': 100% bad, really: a, b"
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


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "t"
    pack.mkdir(parents=True)
    for name, text in RULES.items():
        (pack / name).write_text(text, encoding="utf-8")
    return tmp_path / "rules"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return work


def run(rules_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-builtin-rules", "--rules", str(rules_dir), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(path: str, text: str) -> str:
    Path(path).write_text(text, encoding="utf-8")
    return path


ARTICLE = "Café ünïcode — a power move.\nWe utilize a scam.\n"


# --- text -----------------------------------------------------------------------------------


def test_text_lines_summary_and_quiet(rules_dir: Path, workdir: Path) -> None:
    write("sub/a.md", ARTICLE)
    code, out, _ = run(rules_dir, "sub/a.md")
    assert code == 1
    lines = out.splitlines()
    # Each line names its severity after the position, as gcc and mypy do.
    assert lines[:3] == [
        "sub/a.md:1:18: warning: t.Hype [hype] 'power move' is hype",
        "sub/a.md:2:4: info: t.Swap [style] Use 'use' instead of 'utilize' (suggestion: use)",
        "sub/a.md:2:14: error: t.Scam [sponsored] 'scam': 100% bad, really: a, b",
    ]
    assert lines[-1].startswith("Found 3 problems (1 error, 1 warning, 1 info) in 1 of 1 file")
    assert "1 fixable with --fix" in lines[-1]
    code, quiet, _ = run(rules_dir, "--quiet", "sub/a.md")
    assert code == 1
    assert quiet.splitlines() == lines[:-1]


def test_color_always_never_and_auto(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    assert "\033[" in run(rules_dir, "--color", "always", "a.md")[1]
    assert "\033[" not in run(rules_dir, "--color", "never", "a.md")[1]
    # auto on a StringIO (not a terminal): no colour.
    assert "\033[" not in run(rules_dir, "a.md")[1]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_control_characters_of_a_file_do_not_reach_the_terminal() -> None:
    from linter.report.github import finding_line as github_line
    from linter.report.text import finding_line as text_line

    finding = Finding(
        "a.md", 1, 3, 1, 9, "r.Rule", "hype", Severity.WARNING, "'\x1b[2J\x07x' is hype", "x"
    )
    for line in (text_line(finding), text_line(finding, color=True), github_line(finding, None)):
        assert "\x07" not in line and "\x1b[2J" not in line
        assert "\\x1b[2J\\x07x" in line


def test_a_line_break_in_a_file_name_keeps_one_finding_on_one_line() -> None:
    from linter.report.text import finding_line as text_line

    finding = Finding("a\nb\t.md", 1, 3, 1, 9, "r.Rule", "hype", Severity.WARNING, "m", "x")
    assert text_line(finding) == "a\\x0ab\\x09.md:1:3: warning: r.Rule [hype] m"


def test_use_color_honours_no_color_and_terminal() -> None:
    assert use_color("auto", _Tty(), {}) is True
    assert use_color("auto", _Tty(), {"NO_COLOR": "1"}) is False
    assert use_color("auto", io.StringIO(), {}) is False
    assert use_color("always", io.StringIO(), {"NO_COLOR": "1"}) is True
    assert use_color("never", _Tty(), {}) is False


def test_statistics_text_and_json(rules_dir: Path, workdir: Path) -> None:
    write("a.md", "power move, masterclass, power move. We utilize it.\n")
    code, out, _ = run(rules_dir, "--statistics", "a.md")
    assert code == 1
    rows = out.splitlines()
    assert rows[0].split() == ["3", "t.Hype", "[hype]"]
    assert rows[1].split()[:3] == ["1", "t.Swap", "[style]"]
    assert "(1 fixable)" in rows[1]
    code, out, _ = run(rules_dir, "--statistics", "--format", "json", "a.md")
    assert json.loads(out) == [
        {"rule": "t.Hype", "category": "hype", "severity": "warning", "count": 3, "fixable": 0},
        {"rule": "t.Swap", "category": "style", "severity": "info", "count": 1, "fixable": 1},
    ]
    code, _, err = run(rules_dir, "--statistics", "--format", "sarif", "a.md")
    assert code == 2 and "--statistics" in err


def test_statistics_count_a_rule_at_each_severity_a_config_gives_it(
    rules_dir: Path, workdir: Path
) -> None:
    write("a.md", "power move, power move.\n")
    Path("drafts").mkdir()
    write("drafts/b.md", "power move.\n")
    write("drafts/.article-lint.yaml", "severity:\n  t.Hype: info\n")
    code, out, _ = run(rules_dir, "--statistics", "--format", "json", "a.md", "drafts/b.md")
    assert code == 1
    assert [(row["rule"], row["severity"], row["count"]) for row in json.loads(out)] == [
        ("t.Hype", "warning", 2),
        ("t.Hype", "info", 1),
    ]
    _, out, _ = run(rules_dir, "--statistics", "a.md", "drafts/b.md")
    assert [row.split() for row in out.splitlines()[:2]] == [
        ["2", "t.Hype", "[hype,", "warning]"],
        ["1", "t.Hype", "[hype,", "info]"],
    ]


def test_output_file_is_written_instead_of_stdout(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    _, expected, _ = run(rules_dir, "--format", "json", "a.md")
    Path("report.json").write_text("old", encoding="utf-8")
    code, out, _ = run(rules_dir, "--format", "json", "--output", "report.json", "a.md")
    assert code == 1
    assert out == ""
    assert Path("report.json").read_text(encoding="utf-8") == expected
    assert sorted(os.listdir(".")) == ["a.md", "report.json", "sub"]  # no temp file left


def test_output_into_missing_folder_is_an_error(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    code, _, err = run(rules_dir, "--output", "nope/report.txt", "a.md")
    assert code == 2
    assert "cannot write the report" in err


def test_output_through_a_symlink_keeps_the_link(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    Path("real.txt").write_text("old", encoding="utf-8")
    Path("link.txt").symlink_to("real.txt")
    assert run(rules_dir, "--output", "link.txt", "a.md")[0] == 1
    assert Path("link.txt").is_symlink()
    assert "t.Hype" in Path("real.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_into_a_named_pipe_writes_into_it(rules_dir: Path, workdir: Path) -> None:
    # Renaming a temporary file over it would replace the pipe (or /dev/null) with a file.
    write("a.md", ARTICLE)
    os.mkfifo("pipe")
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(Path("pipe").read_text("utf-8")))
    reader.start()
    code = run(rules_dir, "--output", "pipe", "a.md")[0]
    reader.join(timeout=30)
    assert code == 1
    assert stat.S_ISFIFO(os.stat("pipe").st_mode)
    assert "t.Hype" in received[0]


def test_output_over_an_input_file_is_refused(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    code, _, err = run(rules_dir, "--output", "a.md", "a.md")
    assert code == 2
    assert "a.md: the report would overwrite this input file" in err
    assert Path("a.md").read_text(encoding="utf-8") == ARTICLE


# --- json -----------------------------------------------------------------------------------


def test_json_has_exactly_the_documented_fields(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    _, out, _ = run(rules_dir, "--format", "json", "a.md")
    data = json.loads(out)
    assert [tuple(item) for item in data] == [FINDING_FIELDS] * 3
    assert data[0]["column"] == 18 and data[0]["end_column"] == 28


# --- sarif ----------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(rules_dir: Path, workdir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    write("sub/a.md", ARTICLE)
    code, out, _ = run(rules_dir, "--format", "sarif", "sub/a.md", "missing.md")
    assert code == 2  # the missing file is an input error, reported as a notification
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)

    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert set(rules) == {"t.Hype", "t.Scam", "t.Swap"}
    hype = rules["t.Hype"]
    assert hype["name"] == "hype"
    assert hype["shortDescription"]["text"] == "Test hype phrases."
    assert hype["fullDescription"]["text"] == "Hype informs nobody."
    assert hype["helpUri"] == "https://example.com/rules/hype"
    assert [rules[r]["defaultConfiguration"]["level"] for r in ("t.Hype", "t.Scam", "t.Swap")] == [
        "warning",
        "error",
        "note",
    ]
    first = run_["results"][0]
    assert first["ruleId"] == "t.Hype"
    assert run_["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "t.Hype"
    assert first["level"] == "warning"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "sub/a.md"
    # 'power move' starts at character 18 of line 1 ("Café ünïcode — a " is 17 characters),
    # whatever its UTF-8 or UTF-16 width.
    assert location["region"] == {
        "startLine": 1,
        "startColumn": 18,
        "endLine": 1,
        "endColumn": 28,
        "snippet": {"text": "power move"},
    }
    assert not run_["invocations"][0]["executionSuccessful"]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert "missing.md" in notes[0]["message"]["text"]


def test_sarif_empty_run_is_valid(rules_dir: Path, workdir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    write("a.md", "Nothing to see.\n")
    code, out, _ = run(rules_dir, "--format", "sarif", "a.md")
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    assert log["runs"][0]["results"] == []


def test_artifact_uri_is_relative_with_forward_slashes(tmp_path: Path) -> None:
    assert artifact_uri("sub\\dir\\a b.md") == "sub/dir/a%20b.md"
    assert artifact_uri("./a.md") == "a.md"
    root = str(tmp_path)
    assert artifact_uri(os.path.join(root, "x", "y.md"), root) == "x/y.md"
    assert artifact_uri("/elsewhere/y.md", root) == "file:///elsewhere/y.md"
    # A relative path that leaves the folder is made absolute too, as docs/output.md says.
    outside = os.path.join("..", "y.md")
    assert artifact_uri(outside, root) == "file://" + os.path.abspath(outside).replace(os.sep, "/")


# --- github ---------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_workflow_commands(rules_dir: Path, workdir: Path) -> None:
    write("sub/a, b.md", ARTICLE)
    code, out, _ = run(rules_dir, "--format", "github", "sub/a, b.md")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::warning file=sub/a%2C b.md,line=1,col=18,endLine=1,endColumn=28,"
        "title=t.Hype [hype]::'power move' is hype"
    )
    assert lines[1].startswith("::notice file=sub/a%2C b.md,line=2,col=4,")
    assert lines[1].endswith("::Use 'use' instead of 'utilize' (suggestion: use)")
    assert lines[2].startswith("::error ")
    assert lines[2].endswith("::'scam': 100%25 bad, really: a, b")
    assert len(lines) == 3  # no summary line: every line is a command


# --- junit ----------------------------------------------------------------------------------


def test_junit_is_valid_xml_with_a_failure_per_finding(rules_dir: Path, workdir: Path) -> None:
    write("a.md", ARTICLE)
    write("clean.md", "Nothing here.\n")
    code, out, _ = run(rules_dir, "--format", "junit", "a.md", "clean.md")
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"a.md", "clean.md"}
    failures = suites["a.md"].findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["t.Hype", "t.Swap", "t.Scam"]
    assert failures[2].get("message") == "'scam': 100% bad, really: a, b"
    clean_cases = suites["clean.md"].findall("testcase")
    assert len(clean_cases) == 1 and not list(clean_cases[0])


def test_junit_shows_a_skipped_binary_file_as_skipped(rules_dir: Path, workdir: Path) -> None:
    Path("image.md").write_bytes(b"\x89PNG\x00\x00")
    code, out, _ = run(rules_dir, "--format", "junit", "image.md")
    assert code == 0
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("skipped") == "1"
    skipped = suite.find("testcase/skipped")
    assert skipped is not None and "binary file" in (skipped.get("message") or "")


def test_junit_escapes_markup_and_control_characters() -> None:
    finding = Finding(
        path="a<b>&.md",
        line=1,
        column=1,
        end_line=1,
        end_column=3,
        rule="enc.Mojibake",
        category="encoding",
        severity=Severity.ERROR,
        message='bad "\x01" & <tag>',
        match="\x01x",
    )
    out = render_junit(Report(findings=[finding], files=1, paths=["a<b>&.md"]))
    root = ET.fromstring(out.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'bad "\ufffd" & <tag>'
    assert root.find("testsuite").get("name") == "a<b>&.md"  # type: ignore[union-attr]


# --- gitlab ---------------------------------------------------------------------------------


def test_gitlab_code_quality(rules_dir: Path, workdir: Path) -> None:
    write("sub/a.md", ARTICLE)
    code, out, _ = run(rules_dir, "--format", "gitlab", "sub/a.md")
    assert code == 1
    issues = json.loads(out)
    assert [i["severity"] for i in issues] == ["minor", "info", "major"]
    first = issues[0]
    assert first["check_name"] == "t.Hype"
    assert first["description"] == "t.Hype: 'power move' is hype"
    assert first["location"] == {"path": "sub/a.md", "lines": {"begin": 1, "end": 1}}
    assert len({i["fingerprint"] for i in issues}) == 3
    # Lines inserted above: same fingerprints, new line numbers.
    write("sub/a.md", "Intro.\n\nMore intro.\n\n" + ARTICLE)
    moved = json.loads(run(rules_dir, "--format", "gitlab", "sub/a.md")[1])
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in issues]
    assert moved[0]["location"]["lines"]["begin"] == 5


def test_a_file_keeps_its_path_and_fingerprints_however_it_is_named(
    rules_dir: Path, workdir: Path
) -> None:
    write("sub/a.md", ARTICLE)
    seen = set()
    for named in (".", "./", "sub", "./sub/a.md", str(workdir / "sub" / "a.md")):
        code, out, _ = run(rules_dir, "--format", "gitlab", named)
        assert code == 1, named
        issues = json.loads(out)
        seen.add(tuple(i["fingerprint"] for i in issues))
        if not os.path.isabs(named):
            assert {i["location"]["path"] for i in issues} == {"sub/a.md"}, named
            assert run(rules_dir, named)[1].startswith("sub/a.md:1:"), named
    assert len(seen) == 1
    # Outside the working folder, relative with `../` (an absolute path would change with the
    # checkout's location).
    from linter.model import relative_to

    (workdir / "other").mkdir()
    os.chdir(workdir / "other")
    assert relative_to(str(workdir / "sub" / "a.md"), os.getcwd()) == "../sub/a.md"
    os.chdir(workdir)


def test_relative_path_drops_a_leading_dot_slash_only() -> None:
    from linter.report import relative_path

    assert [relative_path(p) for p in ("./a.md", ".//a.md", "././b/a.md", "./", "../a.md")] == [
        "a.md", "a.md", "b/a.md", "./", "../a.md"
    ]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_keeps_every_format_valid(
    rules_dir: Path, workdir: Path
) -> None:
    name = os.fsdecode(b"bad\xff.md")
    write(name, ARTICLE)
    for fmt in ("json", "gitlab", "sarif"):
        code, out, err = run(rules_dir, "--format", fmt, ".")
        assert (code, err) == (1, ""), fmt
        out.encode("utf-8")  # no lone surrogate: the output is valid UTF-8
        assert json.loads(out), fmt
    paths = {f["path"] for f in json.loads(run(rules_dir, "--format", "json", ".")[1])}
    assert paths == {"bad\ufffd.md"}
    sarif = json.loads(run(rules_dir, "--format", "sarif", ".")[1])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}  # fmt: skip
    assert uris == {"bad%FF.md"}  # the name's own byte
    code, _, err = run(rules_dir, "--baseline", "b.json", "--update-baseline", ".")
    assert code == 0 and "recorded 3 findings" in err
    assert '"path": "bad\\\\xff.md"' in Path("b.json").read_text(encoding="utf-8")
    assert run(rules_dir, "--baseline", "b.json", ".")[0] == 0  # and it matches the file


def test_stable_fingerprints_distinguish_repeats() -> None:
    def at(line: int) -> Finding:
        return Finding("a.md", line, 1, line, 5, "r", "hype", Severity.WARNING, "m", "scam")

    fingerprints = Fingerprints()
    first, second = fingerprints.of(at(1)), fingerprints.of(at(2))
    assert first != second
    again = Fingerprints()  # a later run, lines moved
    assert [again.of(at(10)), again.of(at(20))] == [first, second]


# --- progress -------------------------------------------------------------------------------


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert progress_wanted(MIN_FILES, _Tty(), {}) is True
    assert progress_wanted(MIN_FILES - 1, _Tty(), {}) is False
    assert progress_wanted(MIN_FILES, io.StringIO(), {}) is False
    assert progress_wanted(MIN_FILES, _Tty(), {"CI": "true"}) is False


def test_progress_draws_and_erases_itself() -> None:
    stream = io.StringIO()
    with Progress(stream, 4) as bar:
        for _ in range(4):
            bar.advance()
    text = stream.getvalue()
    assert "\r[" in text and "4/4 files" in text
    assert text.endswith("\r\033[K")
    silent = io.StringIO()
    with Progress(silent, 4, enabled=False) as bar:
        bar.advance()
    assert silent.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(rules_dir: Path, workdir: Path) -> None:
    for index in range(MIN_FILES):
        write(f"sub/f{index:02}.md", "A power move.\n")
    code, out, err = run(rules_dir, "sub")
    assert code == 1
    assert f"in {MIN_FILES} of {MIN_FILES} files" in out
    assert "\r" not in err


def _run_on_terminal(command: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    """Run `command` with stderr on a pseudo-terminal; (exit code, stdout, what stderr drew)."""
    import subprocess

    master, slave = os.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=60)
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return done.returncode, done.stdout, seen


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_real_terminal_but_not_in_ci(rules_dir: Path, workdir: Path) -> None:
    import sys

    for index in range(MIN_FILES):
        write(f"sub/f{index:02}.md", "A power move.\n")
    executable = Path(sys.executable).with_name("article-lint")
    command = [str(executable), "--no-builtin-rules", "--rules", str(rules_dir), "sub"]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    code, stdout, seen = _run_on_terminal(command, env)
    assert code == 1
    assert f"{MIN_FILES}/{MIN_FILES} files".encode() in seen
    assert seen.endswith(b"\r\x1b[K")  # erased at the end
    assert b"\r" not in stdout  # the report itself is untouched
    code, _, seen = _run_on_terminal(command, {**env, "CI": "true"})
    assert code == 1
    assert b" files" not in seen
