"""A rule's inline list may include a list file among its entries (`- {file: ...}`): how rules
in several packs share one list (rules/_shared/), without copying it into each rule."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from linter.cli import main
from linter.rules import builtin_rules_dir, load_rules

SHARED = builtin_rules_dir() / "_shared"
SHARED_LISTS = sorted(SHARED.glob("*.txt"))

RULE = """\
extends: existence
message: "'{match}' is hype"
category: hype
tokens: [stellar, dazzling]
exceptions:
  - not stellar
  - {file: ../common/quoted.txt}
"""


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make_rules(root: Path, rule: str = RULE, shared: str = '["“][^"”\\n]{8,}["”]\n') -> Path:
    (root / "house").mkdir(parents=True, exist_ok=True)
    (root / "common").mkdir(exist_ok=True)
    (root / "common" / "quoted.txt").write_text("# quotations\n" + shared, encoding="utf-8")
    path = root / "house" / "Hype.yaml"
    path.write_text(textwrap.dedent(rule), encoding="utf-8")
    return path


def lint(root: Path, article: Path) -> tuple[int, str, str]:
    argv = ["--no-builtin-rules", "--no-cache", "--no-config", "-f", "json", "--rules", str(root)]
    return run([*argv, str(article)])


def test_included_entries_join_the_inline_ones(tmp_path: Path) -> None:
    make_rules(tmp_path / "rules")
    article = tmp_path / "a.txt"
    article.write_text(
        'A stellar launch. It is not stellar. She called it "a dazzling show" twice.\n'
        "A dazzling app.\n"
    )
    code, out, err = lint(tmp_path / "rules", article)
    assert code == 1, err
    assert [(f["line"], f["match"]) for f in json.loads(out)] == [(1, "stellar"), (2, "dazzling")]


def test_a_bad_pattern_in_an_included_file_names_the_include_line(tmp_path: Path) -> None:
    rule = make_rules(tmp_path / "rules", shared="(unclosed\n")
    article = tmp_path / "a.txt"
    article.write_text("A stellar launch.\n")
    code, _, err = lint(tmp_path / "rules", article)
    shared = tmp_path / "rules" / "common" / "quoted.txt"
    assert code == 2 and err.startswith(f"article-lint: error: {shared}:2: ")
    assert "exceptions" in err
    assert err.rstrip().endswith(f"(in the list file of {rule}:7)")  # the include's line


def test_a_missing_included_file_is_an_error_naming_it(tmp_path: Path) -> None:
    rule = make_rules(tmp_path / "rules", RULE.replace("quoted.txt", "gone.txt"))
    article = tmp_path / "a.txt"
    article.write_text("A stellar launch.\n")
    code, _, err = lint(tmp_path / "rules", article)
    assert code == 2 and f"{rule}:7:" in err and "gone.txt" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("item", ["{files: x.txt}", "{file: 3}", "[nested]"])
def test_an_entry_that_is_neither_text_nor_an_include_is_an_error(
    tmp_path: Path, item: str
) -> None:
    rule = make_rules(tmp_path / "rules", RULE.replace("{file: ../common/quoted.txt}", item))
    article = tmp_path / "a.txt"
    article.write_text("A stellar launch.\n")
    code, _, err = lint(tmp_path / "rules", article)
    assert code == 2 and f"{rule}:7:" in err


def test_a_rule_based_on_one_with_an_include_reads_the_file_beside_the_base(
    tmp_path: Path,
) -> None:
    make_rules(tmp_path / "base")
    (tmp_path / "mine" / "team").mkdir(parents=True)
    (tmp_path / "mine" / "team" / "Hype.yaml").write_text("based_on: house.Hype\n")
    article = tmp_path / "a.txt"
    article.write_text('A stellar launch. She called it "a dazzling show" twice.\n')
    argv = ["--no-builtin-rules", "--no-cache", "--no-config", "-f", "json"]
    roots = ["--rules", str(tmp_path / "base"), "--rules", str(tmp_path / "mine")]
    code, out, err = run([*argv, *roots, str(article)])
    assert code == 1, err
    assert [(f["rule"], f["match"]) for f in json.loads(out)] == [("team.Hype", "stellar")]


def test_a_folder_starting_with_an_underscore_is_not_a_pack(tmp_path: Path) -> None:
    make_rules(tmp_path / "rules")
    (tmp_path / "rules" / "_lists").mkdir()
    (tmp_path / "rules" / "_lists" / "Stray.yaml").write_text(RULE)
    assert [rule.id for rule in load_rules([tmp_path / "rules"], builtin=False)] == ["house.Hype"]


def test_there_are_shared_lists() -> None:
    assert SHARED_LISTS


@pytest.mark.parametrize("path", SHARED_LISTS, ids=lambda p: p.name)
def test_a_shared_list_compiles_and_is_included_by_several_rules(path: Path) -> None:
    entries = [
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert entries and entries == sorted(set(entries))
    for entry in entries:
        re.compile(entry)
    include = re.compile(rf"-\s*\{{\s*file:\s*\.\./_shared/{re.escape(path.name)}\s*\}}")
    users = [
        rule for rule in builtin_rules_dir().glob("*/*.yaml") if include.search(rule.read_text())
    ]
    assert len(users) >= 2, f"{path.name} is shared by {len(users)} rule(s)"
