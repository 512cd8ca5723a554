"""The findings cache (linter/results.py): an unchanged file is not linted again, and anything
its findings depend on (its text, its name, the rules, the config) makes it be linted afresh."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest

import linter.cli
import linter.results
import linter.runner
from linter.cli import main

pytestmark = pytest.mark.findings_cache

HYPE = """\
extends: existence
category: hype
summary: Test hype.
message: "'{match}' is hype"
tokens:
  - power move
  - masterclass
"""
ARTICLE = "# Launch\n\nThis launch is a power move. It is also a masterclass.\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARTICLE_LINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "rc"
    pack.mkdir(parents=True)
    (pack / "Hype.yaml").write_text(HYPE, encoding="utf-8")
    return tmp_path / "rules"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    path = work / "post.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(rules_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--no-builtin-rules", "--rules", str(rules_dir), "--no-config", *argv],
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def no_linting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every document actually linted (a file served from the cache is not)."""
    linted: list[str] = []
    real = linter.runner.lint_document

    def recording(doc, ruleset, options, **keywords):  # type: ignore[no-untyped-def]
        linted.append(doc.path)
        return real(doc, ruleset, options, **keywords)

    monkeypatch.setattr(linter.runner, "lint_document", recording)
    return linted


def matches(output: str) -> list[str]:
    return [finding["match"] for finding in json.loads(output)]


def test_a_second_run_gives_the_same_report_without_linting_the_file(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    first = run(rules_dir, "--format", "json", str(article))
    assert no_linting == [str(article)]
    assert matches(first[1]) == ["power move", "masterclass"]
    second = run(rules_dir, "--format", "json", str(article))
    assert second == first  # exit code, report and errors, byte for byte
    assert no_linting == [str(article)]  # not linted the second time
    assert list(cache.glob("results-*"))
    code, text, _ = run(rules_dir, str(article))  # text format, from the stored findings
    assert code == 1 and f"{article}:3:18: warning: rc.Hype [hype] 'power move' is hype" in text
    assert no_linting == [str(article)]


def test_a_changed_file_is_linted_again(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    run(rules_dir, str(article))
    article.write_text(ARTICLE.replace("power move", "careful plan"), encoding="utf-8")
    _, out, _ = run(rules_dir, "--format", "json", str(article))
    assert matches(out) == ["masterclass"]
    assert len(no_linting) == 2


def test_the_same_text_under_another_name_is_linted_and_reported_under_its_own_name(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    run(rules_dir, str(article))
    copy = article.with_name("copy.md")
    copy.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = run(rules_dir, "--format", "json", str(copy))
    assert {finding["path"] for finding in json.loads(out)} == {str(copy)}
    assert len(no_linting) == 2


def test_an_edited_rule_invalidates_the_stored_findings(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    run(rules_dir, str(article))
    rule = rules_dir / "rc" / "Hype.yaml"
    rule.write_text(HYPE.replace("  - masterclass\n", ""), encoding="utf-8")
    _, out, _ = run(rules_dir, "--format", "json", str(article))
    assert matches(out) == ["power move"]
    assert len(no_linting) == 2


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("accept: [power move]\n", ["masterclass"]),
        ("severity:\n  rc.Hype: error\n", ["power move", "masterclass"]),
        ("rule-options:\n  rc.Hype:\n    tokens: [masterclass]\n", ["masterclass"]),
        ("ignore: [rc.Hype]\n", []),
    ],
)
def test_a_changed_config_invalidates_the_stored_findings(
    cache: Path,
    rules_dir: Path,
    article: Path,
    no_linting: list[str],
    config: str,
    expected: list[str],
) -> None:
    out, err = io.StringIO(), io.StringIO()
    base = ["--no-builtin-rules", "--rules", str(rules_dir), "--format", "json", str(article)]
    main(base, stdout=out, stderr=err)
    (article.parent / ".article-lint.yaml").write_text(config, encoding="utf-8")
    out = io.StringIO()
    main(base, stdout=out, stderr=err)
    report = json.loads(out.getvalue())
    assert [finding["match"] for finding in report] == expected
    if "severity" in config:
        assert {finding["severity"] for finding in report} == {"error"}
    assert len(no_linting) == 2


def test_no_cache_neither_reads_nor_writes_findings(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    run(rules_dir, "--no-cache", str(article))
    assert not list(cache.glob("results-*"))
    run(rules_dir, str(article))
    run(rules_dir, "--no-cache", str(article))
    assert len(no_linting) == 3


def test_a_damaged_entry_is_a_miss(
    cache: Path, rules_dir: Path, article: Path, no_linting: list[str]
) -> None:
    first = run(rules_dir, str(article))
    for entry in cache.glob("results-*/*/*"):
        entry.write_bytes(b"\x00garbage")
    assert run(rules_dir, str(article)) == first
    assert len(no_linting) == 2


def test_a_cache_that_cannot_be_written_is_still_read(
    cache: Path,
    rules_dir: Path,
    article: Path,
    no_linting: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = run(rules_dir, str(article))
    # A cache folder owned by someone else or read-only (chmod means nothing to root, who runs
    # these tests in CI): marking it used fails, and so would any write.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "touch", refuse)
    monkeypatch.setattr(linter.results.os, "replace", refuse)
    assert run(rules_dir, str(article)) == first  # served from the stored findings
    changed = article.with_name("other.md")
    changed.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(rules_dir, str(changed))  # a miss: linted, nothing stored, no error
    assert code == 1 and "power move" in out and err == ""
    assert no_linting == [str(article), str(changed)]
    assert not list(cache.glob("results-*/*/.tmp-*"))


def test_a_list_named_by_rule_options_is_part_of_the_key(
    cache: Path, rules_dir: Path, article: Path, tmp_path: Path
) -> None:
    words = tmp_path / "words.txt"
    words.write_text("masterclass\n", encoding="utf-8")
    (article.parent / ".article-lint.yaml").write_text(
        f"rule-options:\n  rc.Hype:\n    tokens: {{file: {words}}}\n", encoding="utf-8"
    )
    base = ["--no-builtin-rules", "--rules", str(rules_dir), "--format", "json", str(article)]
    out = io.StringIO()
    main(base, stdout=out, stderr=io.StringIO())
    assert matches(out.getvalue()) == ["masterclass"]
    words.write_text("power move\n", encoding="utf-8")
    out = io.StringIO()
    main(base, stdout=out, stderr=io.StringIO())
    assert matches(out.getvalue()) == ["power move"]


def test_an_edited_base_rule_invalidates_a_rule_built_on_it(
    cache: Path, tmp_path: Path, article: Path
) -> None:
    base_pack = tmp_path / "base" / "pa"
    base_pack.mkdir(parents=True)
    (base_pack / "Base.yaml").write_text(HYPE.replace("  - masterclass\n", ""), encoding="utf-8")
    derived_pack = tmp_path / "derived" / "pb"
    derived_pack.mkdir(parents=True)
    (derived_pack / "Derived.yaml").write_text("based_on: pa.Base\n", encoding="utf-8")
    argv = ["--no-builtin-rules", "--rules", str(tmp_path / "base"), "--rules",
            str(tmp_path / "derived"), "--select", "pb", "--no-config", "--format", "json",
            str(article)]  # fmt: skip
    out = io.StringIO()
    main(argv, stdout=out, stderr=io.StringIO())
    assert matches(out.getvalue()) == ["power move"]
    (base_pack / "Base.yaml").write_text(HYPE.replace("  - power move\n", ""), encoding="utf-8")
    out = io.StringIO()
    main(argv, stdout=out, stderr=io.StringIO())
    assert matches(out.getvalue()) == ["masterclass"]


def test_a_rule_edited_during_a_run_is_linted_afresh_next_time(
    cache: Path, rules_dir: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = linter.cli._result_store
    rule = rules_dir / "rc" / "Hype.yaml"

    def edit_then_key(batch):  # type: ignore[no-untyped-def]
        # The rules are loaded; the rule changes before this run's findings are stored.
        rule.write_text(HYPE.replace("  - power move\n", ""), encoding="utf-8")
        return real(batch)

    monkeypatch.setattr(linter.cli, "_result_store", edit_then_key)
    _, out, _ = run(rules_dir, "--format", "json", str(article))
    assert matches(out) == ["power move", "masterclass"]  # this run used the rules it loaded
    monkeypatch.setattr(linter.cli, "_result_store", real)
    _, out, _ = run(rules_dir, "--format", "json", str(article))
    assert matches(out) == ["masterclass"]  # not the findings of the old rule


def test_setup_folders_in_use_are_kept_and_old_ones_pruned(tmp_path: Path) -> None:
    now = time.time()
    for index in range(12):
        folder = tmp_path / f"results-{index:02d}"
        folder.mkdir()
        (folder / ".last-used").touch()
        age = 0 if index < 10 else 30 * 24 * 3600  # ten in use this week, two a month old
        os.utime(folder / ".last-used", (now - age, now - age))
    linter.results._prune(tmp_path, now)
    assert len(list(tmp_path.glob("results-*"))) == 10  # the two old ones, beyond 8, go
    linter.results._prune(tmp_path, now + 8 * 24 * 3600)  # a week later: the 8 newest stay
    assert len(list(tmp_path.glob("results-*"))) == 8


def test_old_entries_and_left_over_temporary_files_are_swept(tmp_path: Path) -> None:
    now = time.time()
    sub = tmp_path / "ab"
    sub.mkdir()
    ages = {"fresh": 0, "stale": 40 * 24 * 3600, ".tmp-1-2-x": 2 * 3600, ".tmp-3-4-y": 60}
    for name, age in ages.items():
        (sub / name).write_bytes(b"")
        os.utime(sub / name, (now - age, now - age))
    linter.results._sweep(tmp_path, now)
    assert sorted(p.name for p in sub.iterdir()) == [".tmp-3-4-y", "fresh"]


def test_a_cache_path_that_is_a_file_is_not_used(
    tmp_path: Path, rules_dir: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ARTICLE_LINT_CACHE_DIR", str(blocker))
    code, out, err = run(rules_dir, str(article))
    assert code == 1 and "power move" in out and err == ""


def test_standard_input_is_never_cached(
    cache: Path, rules_dir: Path, no_linting: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
        code, out, _ = run(rules_dir, "-")
        assert code == 1 and "power move" in out
    assert len(no_linting) == 2
    assert not list(cache.glob("results-*/*/*"))


def test_clean_deletes_rule_and_findings_caches(
    cache: Path, rules_dir: Path, article: Path
) -> None:
    run(rules_dir, str(article))
    assert list(cache.iterdir())
    out = io.StringIO()
    assert main(["clean"], stdout=out) == 0
    assert out.getvalue() == (
        f"article-lint: removed 1 compiled rule set(s) and the stored findings of 1 setup(s) "
        f"from {cache}\n"
    )
    assert not list(cache.glob("results-*")) and not list(cache.glob("rules-*.pickle"))
