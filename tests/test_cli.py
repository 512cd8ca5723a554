"""The CLI as a user meets it: output lines, JSON fields, exit codes, rule listing, errors."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import pytest

from linter.cli import main
from linter.model import FINDING_FIELDS

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_6168d3e40d533a2a.txt"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_seed_fails_with_clickable_lines() -> None:
    code, out, _ = run(str(SEED))
    assert code == 1
    first = out.splitlines()[0]
    path, line, column, rest = first.split(":", 3)
    assert path == str(SEED) and int(line) >= 1 and int(column) >= 1
    assert rest.startswith(" ") and "[" in rest  # ` rule [category] message`
    assert out.splitlines()[-1].startswith("Found ")


def test_json_has_exactly_the_documented_fields() -> None:
    code, out, _ = run("--format", "json", str(SEED))
    findings = json.loads(out)
    assert code == 1 and findings
    for finding in findings:
        assert tuple(finding) == FINDING_FIELDS
        assert finding["severity"] in ("error", "warning", "info")
        lines = SEED.read_text(encoding="utf-8").splitlines()
        if finding["line"] == finding["end_line"]:
            text = lines[finding["line"] - 1][finding["column"] - 1 : finding["end_column"] - 1]
            assert text == finding["match"]


def test_a_match_across_a_line_break_is_one_output_line(tmp_path: Path) -> None:
    article = tmp_path / "wrapped.md"
    article.write_text("The board met, and experts\nagree the plan is sound.\n")
    code, out, _ = run(str(article))
    lines = out.splitlines()
    assert code == 1 and lines[-1].startswith("Found ")
    assert all(line.startswith(f"{article}:") for line in lines[:-1])  # one line a finding
    found = [line for line in lines if "claims.VagueAttribution" in line]
    assert found and "'experts agree'" in found[0]
    # The JSON keeps the text as it is in the file.
    _, out, _ = run("--format", "json", str(article))
    matches = [f["match"] for f in json.loads(out) if f["rule"] == "claims.VagueAttribution"]
    assert matches == ["experts\nagree"]


def test_clean_article_exits_zero(tmp_path: Path) -> None:
    article = tmp_path / "notes.md"
    article.write_text("# Release notes\n\nVersion 2.3 fixes a crash when the settings file is "
                       "empty. Thanks to everyone who reported it.\n")
    code, out, err = run(str(article))
    assert (code, err) == (0, "")
    assert out.startswith("Found 0 problems")


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("It was a power move by the board.\n")
    assert run(str(article))[0] == 1
    assert run("--fail-on", "error", str(article))[0] == 0


def test_infos_are_shown_but_fail_the_run_only_with_fail_on_info(tmp_path: Path) -> None:
    # A disclosure is reported as an info, so editors see it; disclosing is not a failure.
    article = tmp_path / "post.md"
    article.write_text(
        "This article contains affiliate links; we may earn a commission.\n\n"
        "The council approved the budget on Tuesday.\n"
    )
    code, out, _ = run(str(article))
    assert code == 0 and "info: sponsored.Disclosure" in out
    assert run("--fail-on", "info", str(article))[0] == 1


def test_paths_and_options_in_any_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for article in (first, second):
        article.write_text("It was a power move by the board.\n")
    code, out, err = run("-q", str(first), "--fail-on", "error", str(second))
    assert (code, err) == (0, "")  # both linted, and --fail-on applied: warnings only
    assert [line.split(":")[0] for line in out.splitlines()] == [str(first), str(second)]
    # A file named twice, or found again in its folder, is linted once.
    code, out, err = run("-q", str(first), str(first), str(tmp_path))
    assert [line.split(":")[0] for line in out.splitlines()] == [str(first), str(second)]
    # ... and so is one file under two names, reported under the first.
    monkeypatch.chdir(tmp_path / "..")
    relative = os.path.join(tmp_path.name, "a.txt")
    code, out, err = run("-q", relative, str(first))
    assert [line.split(":")[0] for line in out.splitlines()] == [relative]
    monkeypatch.undo()
    # `--` still ends the options: a file whose name starts with a dash.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-dash.txt").write_text("It was a power move by the board.\n")
    code, out, err = run("-q", "--", "-dash.txt")
    assert (code, err) == (1, "") and out.startswith("-dash.txt:1:10: ")


def test_a_run_with_no_rules_is_an_error_not_a_pass(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("It was a power move by the board.\n")
    code, out, err = run("--no-builtin-rules", str(article))
    assert (code, out) == (2, "")
    assert err.startswith("article-lint: error: no rules loaded")
    # --select and --ignore leaving no rule: an error, or CI would pass having checked nothing.
    code, out, err = run("--select", "readability", "--ignore", "readability", str(article))
    assert (code, out) == (2, "")
    assert err.startswith("article-lint: error: --select and --ignore (with the config's) leave")
    # ... and an empty --select (an unset shell variable) is refused, not read as "all rules".
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as stopped:
        run("--select", "", str(article))
    assert stopped.value.code == 2 and "got nothing" in stderr.getvalue()
    # An empty --ignore (an empty list in a script) ignores nothing, harmlessly.
    assert run("--ignore", "", str(article))[0] == 1
    # A config that turns every rule off for these files: its choice, but said.
    (tmp_path / ".article-lint.yaml").write_text("ignore: [all]\n")
    code, out, err = run(str(article))
    assert (code, err) == (0, "article-lint: warning: select and ignore leave no rules to run; "
                           "nothing is checked\n")
    (tmp_path / ".article-lint.yaml").unlink()
    # Selecting a directive finding alone checks the suppression comments: no warning.
    code, out, err = run(
        "--select", "article-lint.unused-suppression", "--report-unused-suppressions", str(article)
    )
    assert (code, err) == (0, "")
    # Rule files put in the --rules folder itself, not in a pack folder below it.
    loose = tmp_path / "myrules"
    loose.mkdir()
    (loose / "Agree.yaml").write_text(
        "extends: existence\nmessage: '{match}'\ncategory: style\ntokens: [agree]\n"
    )
    code, out, err = run("--no-cache", "--rules", str(loose), str(article))
    assert code == 2
    assert "a rule file goes in" in err and "<pack>/<Rule>.yaml" in err and "Agree.yaml" in err
    # ... and beside a pack, where it would be ignored as silently.
    (loose / "house").mkdir()
    (loose / "house" / "Fine.yaml").write_text((loose / "Agree.yaml").read_text())
    code, out, err = run("--no-cache", "--rules", str(loose), str(article))
    assert code == 2
    assert "a rule file goes in" in err and "Agree.yaml" in err and "no rule packs" not in err


def test_help_selector_examples_name_real_rules(tmp_path: Path) -> None:
    from linter.cli import build_parser

    epilog = " ".join((build_parser().epilog or "").split())
    rule_id = re.search(r"rule id \(([\w.]+)\)", epilog)
    name = re.search(r"rule name \(([\w-]+)\)", epilog)
    assert rule_id and name
    article = tmp_path / "post.txt"
    article.write_text("It was a game-changing move by the board.\n")
    for selector in (rule_id.group(1), name.group(1)):
        code, out, err = run("--select", selector, "-q", str(article))
        assert (code, err) == (1, ""), selector
        assert out.count("\n") == 1 and rule_id.group(1) in out


def test_select_and_ignore_by_category(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("It was a power move by the board.\n")
    _, out, _ = run("--format", "json", "--ignore", "hype", str(article))
    assert all(f["category"] != "hype" for f in json.loads(out))
    _, out, _ = run("--format", "json", "--select", "hype", str(article))
    assert {f["category"] for f in json.loads(out)} == {"hype"}


def test_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("Plain.\n")
    code, _, err = run("--select", "no-such-rule", str(article))
    assert code == 2 and "no-such-rule" in err


def test_missing_path_is_an_error_but_others_are_linted(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("It was a power move.\n")
    code, out, err = run(str(tmp_path / "missing.md"), str(article))
    assert code == 2
    assert "missing.md" in err and "post.txt:1:" in out


def test_broken_rule_names_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "Bad.yaml").write_text(
        "extends: existence\nmessage: x\ncategory: hype\ntokens:\n  - fine\n  - '(unclosed'\n")
    article = tmp_path / "post.txt"
    article.write_text("Plain.\n")
    code, _, err = run("--rules", str(tmp_path), str(article))
    assert code == 2
    assert f"{pack / 'Bad.yaml'}:6:" in err and "tokens" in err


def test_user_rule_defaults_id_and_severity(tmp_path: Path) -> None:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "NoSynergy.yaml").write_text(
        "extends: existence\nmessage: \"Avoid '{match}'\"\ncategory: style\ntokens: [synergy]\n")
    article = tmp_path / "post.txt"
    article.write_text("We love synergy.\n")
    code, out, _ = run("--format", "json", "--rules", str(tmp_path), "--select", "house",
                       str(article))
    [finding] = json.loads(out)
    assert code == 1
    assert (finding["rule"], finding["severity"], finding["message"]) == (
        "house.NoSynergy", "warning", "Avoid 'synergy'")
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 9, 16)


def test_rules_command_lists_every_rule_with_category() -> None:
    code, out, _ = run("rules")
    assert code == 0
    from linter.rules import load_rules

    for rule in load_rules():
        assert any(line.startswith(rule.id) and rule.spec.category in line
                   for line in out.splitlines()), rule.id


def test_help_explains_exit_codes() -> None:

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["--help"])
    text = out.getvalue()
    for needle in ("exit codes:", "--fail-on", "--select", "--rules", "--format"):
        assert needle in text
    from linter.sources import DEFAULT_EXTENSIONS

    listed = set(re.findall(r"\.\w+", text.split("folders recursively:")[1].split(")")[0]))
    assert listed == DEFAULT_EXTENSIONS  # what a folder walk lints, all of it


def test_config_and_no_config_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "post.txt"
    article.write_text("Plain text.\n")
    with pytest.raises(SystemExit) as stopped:
        run("--config", str(tmp_path / "c.yaml"), "--no-config", str(article))
    assert stopped.value.code == 2
    assert "not allowed with argument --config" in capsys.readouterr().err


def test_test_rules_checks_a_users_examples(tmp_path: Path) -> None:
    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "Buzz.yaml").write_text(
        "extends: existence\ncategory: hype\nmessage: \"'{match}' is buzz\"\ntokens: [synergy]\n"
        "examples:\n  flag:\n    - 'We love [[synergy]].'\n    - 'We want [[teamwork]].'\n"
        "  pass:\n    - 'We need synergy.'\n    - 'We need a plan.'\n"
    )
    rules = ["test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules")]
    code, out, _ = run(*rules)
    assert code == 1
    source = pack / "Buzz.yaml"
    assert out.splitlines() == [  # each at its example's line in the rule file
        f"{source}:8: house.Buzz: flag example 2: should flag ['teamwork'] but flagged [] "
        "in 'We want teamwork.'",
        f"{source}:10: house.Buzz: pass example 1: should not flag ['synergy'] in "
        "'We need synergy.'",
        "4 examples of 1 rule checked; 2 failed.",
    ]
    (pack / "Buzz.yaml").write_text(
        "extends: existence\ncategory: hype\nmessage: \"'{match}' is buzz\"\ntokens: [synergy]\n"
        "examples:\n  flag: ['We love [[synergy]].']\n  pass: ['We need a plan.']\n"
    )
    assert run(*rules) == (0, "2 examples of 1 rule checked; 0 failed.\n", "")


def test_version_prints_the_package_version() -> None:

    from linter import __version__

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert out.getvalue() == f"article-lint {__version__}\n"


def test_no_paths_is_a_usage_error() -> None:
    code, _, err = run()
    assert code == 2 and "no files given" in err


def test_stdin_filename_names_the_findings_and_picks_the_format() -> None:
    import subprocess
    import sys

    article = "# Launch\n\nIt is a power move.\n\n```\npower move in a code block\n```\n"
    completed = subprocess.run(
        [sys.executable, "-m", "linter", "--format", "json", "--select", "hype",
         "--stdin-filename", "post.md", "-"],
        input=article, capture_output=True, text=True, timeout=60,
    )
    findings = json.loads(completed.stdout)
    assert completed.returncode == 1, completed.stderr
    # Markdown because of the name: the code block is not prose, so one finding, not two.
    assert [(f["path"], f["line"], f["column"]) for f in findings] == [("post.md", 3, 9)]


def test_the_command_exits_quickly_with_all_its_output_written(tmp_path: Path) -> None:
    """`article-lint` ends with os._exit after `main` (linter.cli.run): nothing may be lost."""
    import subprocess
    import sys

    seeds = str(Path(__file__).resolve().parent.parent / "seeds")
    report = tmp_path / "report.json"
    written = subprocess.run(
        [sys.executable, "-m", "linter", "--format", "json", "-o", str(report), seeds],
        capture_output=True, text=True, timeout=120,
    )
    printed = subprocess.run(
        [sys.executable, "-m", "linter", "--quiet", seeds],
        capture_output=True, text=True, timeout=120,
    )
    assert written.returncode == printed.returncode == 1, written.stderr + printed.stderr
    findings = json.loads(report.read_text(encoding="utf-8"))
    assert len(findings) > 100
    assert len(printed.stdout.splitlines()) == len(findings)
    assert printed.stdout.endswith("\n")


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_a_stdout_that_cannot_spell_the_messages_still_gets_the_whole_report(
    output_format: str,
) -> None:
    """A Windows redirect (cp1252) or PYTHONIOENCODING=ascii: the seed's messages hold 'cliché'
    and 'ā'. Text escapes what the stream cannot encode; JSON and SARIF are written in UTF-8."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", newline="")
    err = io.StringIO()
    code = main(["--format", output_format, str(SEED)], stdout=out, stderr=err)
    out.flush()
    assert code == 1, err.getvalue()
    if output_format == "text":
        text = raw.getvalue().decode("ascii")  # nothing but ASCII was written
        assert "clich\\xe9" in text and text.splitlines()[-1].startswith("Found ")
    else:
        document = json.loads(raw.getvalue().decode("utf-8"))
        messages = json.dumps(document, ensure_ascii=False)
        assert "cliché" in messages


GERMAN_NEWS = (
    "# Bundestag beschließt Haushaltsgesetz\n\nDer Deutsche Bundestag hat am Donnerstag nach "
    "mehrstündiger Debatte das Haushaltsbegleitgesetz für das kommende Jahr mit den Stimmen der "
    "Regierungsfraktionen verabschiedet. Die Oppositionsparteien kritisierten insbesondere die "
    "vorgesehenen Kürzungen bei den Verkehrsinfrastrukturinvestitionen sowie die Verschiebung "
    "der Digitalisierungsförderung. Nach Angaben des Bundesfinanzministeriums sollen die "
    "Gesamtausgaben des Bundes im nächsten Haushaltsjahr auf rund 476 Milliarden Euro steigen.\n"
)


def test_english_readability_formulas_leave_a_german_article_alone(tmp_path: Path) -> None:
    """Flesch reading ease scored German at 4.3 ("hard to read"), and failed the build; a
    sentence's length in words means the same in any language, and is still checked."""
    from linter.readability import measure

    article = tmp_path / "haushalt.md"
    article.write_text(GERMAN_NEWS, encoding="utf-8")
    code, out, _ = run("--no-cache", str(article))
    assert code == 0 and "readability.HardToRead" not in out, out
    body = GERMAN_NEWS.split("\n\n", 1)[1]
    assert measure(body, "flesch_reading_ease") is None
    assert measure(body, "words_per_sentence") is not None


def test_a_sentence_ending_in_a_closing_quote_ends_for_the_readability_counts(
    tmp_path: Path,
) -> None:
    """'remain available." She added' is two sentences: counted as one, a news paragraph of
    two quoted sentences was reported as averaging 57 words."""
    from linter.readability import measure

    quoted = (
        'Judge Ellen Marsh said the company "cannot avoid its record-keeping obligations by '
        "describing waiting time as something other than work when its own app required drivers "
        'to remain available." She added that the ruling did not decide whether the drivers are '
        "employees or independent contractors, a question still pending in a separate case."
    )
    words_per_sentence = measure(quoted, "words_per_sentence")
    assert words_per_sentence is not None and 25 < words_per_sentence < 30  # 54 words, 2 sentences
    article = tmp_path / "ruling.md"
    article.write_text(quoted + "\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "--select", "readability", str(article))
    assert (code, out.count("readability.LongSentences")) == (0, 0), out


@pytest.mark.parametrize(
    "rule", ["article-lint.unknown-directive", "article-lint.unused-suppression"]
)
def test_explain_documents_the_directive_findings_too(rule: str) -> None:
    """They appear in reports like any rule's finding, so `explain` must know them."""
    code, out, err = run("explain", rule)
    assert (code, err) == (0, "")
    assert out.startswith(f"# {rule}\n") and "Category: style" in out


def test_options_that_would_be_silently_dropped_are_errors(tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text("It was a power move.\n", encoding="utf-8")
    code, out, err = run("--fix", "--diff", str(article))
    assert (code, out) == (2, "") and "give one" in err
    assert article.read_text(encoding="utf-8") == "It was a power move.\n"
    code, _, err = run("--stdin-filename", "x.md", str(article))
    assert code == 2 and "pass '-'" in err


def test_a_folder_with_nothing_to_lint_is_said(tmp_path: Path) -> None:
    (tmp_path / "script.py").write_text("print('a power move')\n", encoding="utf-8")
    code, out, err = run(str(tmp_path))
    assert code == 0 and "in 0 of 0 files" in out
    assert f"warning: no files to lint (Markdown, text or HTML) under {tmp_path}" in err
