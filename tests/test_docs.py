"""Rule documentation: `article-lint explain RULE` and the generated docs/rules/ folder."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main
from linter.docs import (
    INDEX_NAME,
    REGENERATE_HINT,
    generated_files,
    render_rule_doc,
    stale_files,
    write_docs,
)
from linter.matchers import matcher_class
from linter.rules import RuleSet, load_rules

REPO = Path(__file__).resolve().parent.parent
DOCS_RULES = REPO / "docs" / "rules"

RULE = """\
extends: substitution
category: style
severity: info
summary: Test substitution for the docs.
message: "Use '{suggestion}' instead of '{match}'"
why: >
  Plain words
  read faster.
link: https://example.com/rules/plain
safe: true
swap:
  utilize: use
examples:
  flag:
    - "We [[utilize]] it."
  pass:
    - "We use it."
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "doc"
    pack.mkdir(parents=True)
    (pack / "PlainWords.yaml").write_text(RULE, encoding="utf-8")
    return tmp_path / "rules"


def explain(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["explain", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_docs_rules_folder_is_up_to_date(builtin_rules: RuleSet) -> None:
    stale = stale_files(DOCS_RULES, generated_files(builtin_rules))
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): {REGENERATE_HINT}"


def test_explain_prints_the_generated_page(rules_dir: Path) -> None:
    code, out, _ = explain("--rules", str(rules_dir), "plain-words")
    assert code == 0
    assert out.startswith("# doc.PlainWords (plain-words)\n")
    assert "fix: safe, applied by --fix" in out
    for heading in ("## What it does", "## Why is this bad?", "## Flagged examples"):
        assert heading in out
    assert "Test substitution for the docs." in out
    assert "Plain words read faster." in out
    assert "- We **utilize** it." in out
    assert "- We use it." in out
    assert "https://example.com/rules/plain" in out
    # Every key of the rule's type is documented, and the ones this rule sets say so.
    for key in matcher_class("substitution").keys:
        assert f"- `{key}`:" in out
    assert "(this rule: 1 entry)" in out
    same = explain("--rules", str(rules_dir), "doc.PlainWords")[1]
    assert same == out


def test_explain_unknown_rule_suggests_close_names(rules_dir: Path) -> None:
    code, out, err = explain("--rules", str(rules_dir), "plain-word")
    assert code == 2
    assert out == ""
    assert "unknown rule 'plain-word'" in err
    assert "plain-words" in err


def test_explain_a_name_two_packs_share_asks_for_the_id(rules_dir: Path) -> None:
    other = rules_dir / "house"
    other.mkdir()
    (other / "PlainWords.yaml").write_text(RULE, encoding="utf-8")
    code, out, err = explain("--rules", str(rules_dir), "plain-words")
    assert (code, out) == (2, "")
    assert "'plain-words' names 2 rules (doc.PlainWords, house.PlainWords); give the id" in err
    code, out, _ = explain("--rules", str(rules_dir), "house.PlainWords")
    assert code == 0
    assert out.startswith("# house.PlainWords (plain-words)\n")


def test_every_builtin_rule_has_a_page(builtin_rules: RuleSet) -> None:
    files = generated_files(builtin_rules)
    assert set(files) == {f"{rule.id}.md" for rule in builtin_rules} | {INDEX_NAME}
    index = files[INDEX_NAME]
    for rule in builtin_rules:
        assert f"| [{rule.id}]({rule.id}.md) | {rule.spec.category} |" in index
        assert files[f"{rule.id}.md"] == render_rule_doc(
            rule.spec, fixable=bool(getattr(rule.matcher, "fixable", False))
        )


def test_write_and_check_find_stale_and_extra_pages(rules_dir: Path, tmp_path: Path) -> None:
    expected = generated_files(load_rules([rules_dir], builtin=False))
    folder = tmp_path / "out"
    assert set(write_docs(folder, expected)) == set(expected)
    assert stale_files(folder, expected) == []
    before = (folder / INDEX_NAME).stat().st_mtime_ns
    assert write_docs(folder, expected) == []  # nothing rewritten when up to date
    assert (folder / INDEX_NAME).stat().st_mtime_ns == before
    (folder / "doc.PlainWords.md").write_text("edited by hand\n", encoding="utf-8")
    (folder / "old.Removed.md").write_text("a removed rule\n", encoding="utf-8")
    assert stale_files(folder, expected) == ["doc.PlainWords.md", "old.Removed.md"]
    write_docs(folder, expected)
    assert not (folder / "old.Removed.md").exists()
    assert stale_files(folder, expected) == []


def test_module_check_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "rules-docs"
    command = [sys.executable, "-m", "linter.docs"]
    stale = subprocess.run(
        [*command, "--check", str(folder)], capture_output=True, text=True, cwd=REPO
    )
    assert stale.returncode == 1
    assert REGENERATE_HINT in stale.stdout
    written = subprocess.run(
        [*command, "--write", str(folder)], capture_output=True, text=True, cwd=REPO
    )
    assert written.returncode == 0
    fresh = subprocess.run(
        [*command, "--check", str(folder)], capture_output=True, text=True, cwd=REPO
    )
    assert fresh.returncode == 0, fresh.stdout
