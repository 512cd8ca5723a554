"""The findings cache (linter/results.py): an unchanged file is not linted again, and anything
its findings depend on (its text, its name, the rules, the config) makes it be linted afresh."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

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
    assert code == 1 and f"{article}:3:18: rc.Hype [hype] 'power move' is hype" in text
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


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_cache_folder_is_not_used(
    cache: Path, rules_dir: Path, article: Path
) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        code, out, err = run(rules_dir, str(article))
    finally:
        cache.chmod(0o700)
    assert code == 1 and "power move" in out and err == ""


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
    assert f"from {cache}" in out.getvalue()
    assert not list(cache.glob("results-*")) and not list(cache.glob("rules-*.pickle"))
