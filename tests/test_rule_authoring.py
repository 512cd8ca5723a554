"""Writing one's own rules: what a style lead who knows Vale meets first (the defects a review
as such a user found, each checked here through the CLI)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_rule(root: Path, name: str, text: str, pack: str = "house") -> Path:
    path = root / "rules" / pack / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(root: Path, article: str, *extra: str, name: str = "post.md") -> tuple[int, str, str]:
    path = root / name
    path.write_text(article, encoding="utf-8")
    return run("--no-config", "--no-builtin-rules", "--rules", str(root / "rules"), *extra,
               str(path))


SWAP = """\
extends: substitution
category: style
message: "Use '{suggestion}', not '{match}'"
safe: true
swap:
  off: out of
  javascript: JavaScript
  utilize: use
  e-mail: email
  '(real|organ)ize': '$1ise'
  price: '$$5'
examples:
  flag: ["We [[utilize]] it."]
  pass: ["We use JavaScript."]
"""


def test_swap_keys_are_read_as_written_not_as_yaml_booleans(tmp_path: Path) -> None:
    # YAML 1.1 reads `off:` as False: the rule flagged "false" and --fix wrote "out of" there.
    write_rule(tmp_path, "Plain.yaml", SWAP)
    code, out, _ = lint(tmp_path, "The result is false, and the light is off.\n", "-q")
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'post.md'}:1:39: warning: house.Plain [style] Use 'out of', not 'off' "
        "(suggestion: out of)"
    ]


def test_swap_follows_case_groups_and_skips_the_preferred_form(tmp_path: Path) -> None:
    write_rule(tmp_path, "Plain.yaml", SWAP)
    article = "# UTILIZE THE E-MAIL\n\nWe use JavaScript. Utilize it; we realize it.\n"
    path = tmp_path / "post.md"
    code, _, err = lint(tmp_path, article, "--fix")
    assert (code, err) == (0, "")
    assert path.read_text() == "# USE THE EMAIL\n\nWe use JavaScript. Use it; we realise it.\n"
    assert lint(tmp_path, path.read_text(), "-q")[:2] == (0, "")  # nothing left to report


def test_dollars_stay_as_written_unless_they_name_a_group(tmp_path: Path) -> None:
    # Rules written before groups were expanded keep their replacements: "$1" with no group,
    # "$2" beyond the phrase's groups. Only a phrase with groups reads `$N` and `$$`.
    write_rule(
        tmp_path,
        "Money.yaml",
        'extends: substitution\ncategory: style\nmessage: "{suggestion}"\nswap:\n'
        "  one dollar: $1\n  '(buck|quid)s': '$2 $$ $1'\n",
    )
    code, out, _ = lint(tmp_path, "It cost one dollar, or two bucks.\n", "-q", "-f", "json")
    assert code == 1
    assert [f["suggestion"] for f in json.loads(out)] == ["$1", "$2 $ buck"]


def test_an_acronym_or_a_capitalised_key_keeps_the_replacements_case(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "House.yaml",
        'extends: substitution\ncategory: style\nmessage: "{suggestion}"\nignorecase: false\n'
        "swap:\n  ASAP: as soon as possible\n  Internet: internet\n  utilize: use\n",
    )
    code, out, _ = lint(
        tmp_path, "Reply ASAP, please. Internet use rose. Utilize it.\n", "-q", "-f", "json"
    )
    assert code == 1
    assert [(f["match"], f["suggestion"]) for f in json.loads(out)] == [
        ("ASAP", "as soon as possible"),
        ("Internet", "internet"),
    ]  # "Utilize" is not matched: this rule is case-sensitive


def test_a_straight_apostrophe_in_a_phrase_matches_a_curly_one(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "Hesitate.yaml",
        'extends: existence\ncategory: sponsored\nmessage: "m"\n'
        "tokens: [\"don't hesitate\", 'we’re the best', \"it's (?:a|the) must\", "
        "\"they\\\\'re here\"]\n",
    )
    article = "Don’t hesitate to call. We're the best. It’s a must. They’re here.\n"
    code, out, _ = lint(tmp_path, article, "-q", "-f", "json")
    assert code == 1
    found = [f["match"] for f in json.loads(out)]
    assert found == ["Don’t hesitate", "We're the best", "It’s a must", "They’re here"]


def test_test_rules_reads_the_configs_rule_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_rule(
        tmp_path,
        "Buzz.yaml",
        'extends: existence\ncategory: hype\nmessage: "m"\ntokens: [synergy]\n'
        "examples:\n  flag: ['[[teamwork]]']\n",
    )
    (tmp_path / ".article-lint.yaml").write_text("rules: [rules]\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("test-rules", "--no-builtin-rules")
    assert code == 1 and "house.Buzz: flag example 1: should flag ['teamwork']" in out
    assert run("test-rules", "--no-builtin-rules", "--select", "house")[0] == 1
    # The same folder named again on the command line is loaded once, not a duplicate rule.
    assert run("test-rules", "--no-builtin-rules", "--rules", "rules")[0] == 1
    (tmp_path / "post.md").write_text("Synergy.\n")
    assert run("--rules", "rules", "--no-builtin-rules", "-q", "post.md")[0] == 1
    assert run("test-rules", "--no-config")[1].endswith("0 failed.\n")  # the built-in ones


def test_test_rules_fails_a_rule_without_examples_and_marks_in_a_pass_example(
    tmp_path: Path,
) -> None:
    rule = write_rule(
        tmp_path,
        "Buzz.yaml",
        'extends: existence\ncategory: hype\nmessage: "m"\ntokens: [synergy]\n',
    )
    bare = run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))
    assert bare[0] == 1 and f"{rule}:1: house.Buzz: no examples to check" in bare[1]
    rule.write_text(rule.read_text() + "examples:\n  pass:\n    - 'A [[synergy]] here'\n")
    marked = run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))
    assert marked[0] == 1
    assert f"{rule}:7: house.Buzz: pass example 1: a pass example has a [[marked]] span" in (
        marked[1]
    )


def test_a_heading_rule_reads_its_examples_as_markdown(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "Heading.yaml",
        'extends: existence\ncategory: hype\nmessage: "m"\nscope: heading\ntokens: [synergy]\n'
        "examples:\n  flag: ['# [[Synergy]] wins']\n  pass: ['Synergy in a paragraph.']\n",
    )
    assert run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules")) == (
        0,
        "2 examples of 1 rule checked; 0 failed.\n",
        "",
    )


def test_a_rule_file_one_folder_too_deep_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rules" / "house" / "sub" / "Deep.yaml"
    path.parent.mkdir(parents=True)
    path.write_text('extends: existence\ncategory: hype\nmessage: "m"\ntokens: [x]\n')
    code, _, err = run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))
    assert code == 2 and "one folder down, not deeper (house/sub/Deep.yaml)" in err


def test_yaml_word_lists_and_parked_rules_below_a_pack_are_not_rules(tmp_path: Path) -> None:
    rule = write_rule(
        tmp_path,
        "Words.yaml",
        'extends: existence\ncategory: style\nmessage: "m"\ntokens: {file: data/words.yml}\n'
        "examples:\n  flag: ['[[synergy]]']\n",
    )
    (rule.parent / "data").mkdir()
    (rule.parent / "data" / "words.yml").write_text("synergy\n")
    (rule.parent / "_drafts").mkdir()
    (rule.parent / "_drafts" / "Old.yaml").write_text("extends: existence\n")
    assert run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))[0] == 0


def test_a_rules_folder_with_no_rule_is_reported_by_test_rules(tmp_path: Path) -> None:
    (tmp_path / "rules" / "house" / "data").mkdir(parents=True)
    code, out, _ = run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))
    assert (code, out) == (1, f"no rules found in {tmp_path / 'rules'}: a rule file goes in "
                              "<folder>/<pack>/<Rule>.yaml\n")
    (tmp_path / "post.md").write_text("The launch went well.\n")
    # A lint simply has no rule of its own there, beside the built-in ones.
    assert run("--no-config", "--rules", str(tmp_path / "rules"), str(tmp_path / "post.md"))[0] == 0


def test_an_upper_case_yaml_suffix_loads(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "Buzz.YAML",
        'extends: existence\ncategory: hype\nmessage: "m"\ntokens: [synergy]\n'
        "examples:\n  flag: ['[[synergy]]']\n",
    )
    assert run("test-rules", "--no-builtin-rules", "--rules", str(tmp_path / "rules"))[0] == 0


def test_a_misspelt_key_is_named_at_its_line(tmp_path: Path) -> None:
    rule = write_rule(
        tmp_path, "Buzz.yaml", 'extends: existence\nmessage: "m"\ncatgory: hype\ntokens: [x]\n'
    )
    code, _, err = lint(tmp_path, "Text.\n")
    assert (code, err) == (
        2,
        f"article-lint: error: {rule}:3: unknown key 'catgory': did you mean 'category'? "
        "('category' is required)\n",
    )
    rule.write_text('extends: existence\nmessage: "m"\ncategory: hype\ntokns: [x]\n')
    err = lint(tmp_path, "Text.\n")[2]
    assert err.startswith(f"article-lint: error: {rule}:4: rule house.Buzz: tokns: unknown key "
                          "(did you mean 'tokens'?)")
    assert "every rule's: category, context" in err


def test_an_edit_of_a_list_the_base_rule_has_not_is_named(tmp_path: Path) -> None:
    rule = write_rule(tmp_path, "Cliche.yaml", "based_on: hype.PromoCliche\nadd_token: [synergy]\n")
    code, _, err = run("--no-config", "--rules", str(tmp_path / "rules"), str(rule))
    assert code == 2
    assert err.startswith(
        f"article-lint: error: {rule}:2: add_token: a rule of type 'existence' has no list "
        "'token' (did you mean 'tokens'?)"
    )


def test_an_unquoted_example_yaml_misreads_is_named(tmp_path: Path) -> None:
    rule = write_rule(
        tmp_path,
        "Buzz.yaml",
        'extends: existence\ncategory: hype\nmessage: "m"\ntokens: [synergy]\nexamples:\n'
        "  flag:\n    - 'ok [[synergy]]'\n    - We want [[synergy]]: now.\n",
    )
    code, _, err = lint(tmp_path, "Text.\n")
    assert (code, err) == (
        2,
        f"article-lint: error: {rule}:8: examples.flag: entry 2 is not a string but a YAML "
        "mapping (a ': ' inside it); put the example in quotes: - \"...\"\n",
    )


def test_a_bad_entry_of_a_list_file_is_reported_at_its_line(tmp_path: Path) -> None:
    rule = write_rule(
        tmp_path,
        "Words.yaml",
        'extends: existence\ncategory: style\nmessage: "m"\ntokens: {file: data/words.txt}\n',
    )
    words = rule.parent / "data" / "words.txt"
    words.parent.mkdir()
    words.write_text("# house words\nsynergy\nC++\n")
    err = lint(tmp_path, "Text.\n")[2]
    assert err.startswith(f"article-lint: error: {words}:3: rule house.Words: tokens: pattern "
                          "'C++' is not supported")
    assert "write \\+, \\* or \\? for the character" in err
    assert err.rstrip().endswith(f"(in the list file of {rule}:4)")
    words.write_text("synergy   # a buzzword\n")
    err = lint(tmp_path, "Text.\n")[2]
    assert err.startswith(f"article-lint: error: {words}:1: rule house.Words: tokens: "
                          "'synergy   # a buzzword' ends in what reads as a comment")


def test_the_readme_names_the_test_rules_command() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "article-lint test --rules" not in readme
    assert "article-lint test-rules --rules DIR" in readme


def test_yaml_aliases_that_expand_too_far_are_refused(tmp_path: Path) -> None:
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    rule = write_rule(
        tmp_path,
        "Laughs.yaml",
        'extends: existence\ncategory: hype\nmessage: "m"\n' + "\n".join(levels) + "\ntokens: *h\n",
    )
    code, _, err = lint(tmp_path, "Text.\n")
    assert (code, err.split(": more than")[0]) == (2, f"article-lint: error: {rule}:4")
    assert "200,000 keys and list items (YAML aliases expanding?)" in err


def test_an_error_quotes_a_long_pattern_by_its_start_and_length(tmp_path: Path) -> None:
    long_pattern = "(?:" + "|".join(f"word{i}" for i in range(100)) + ")++"
    write_rule(
        tmp_path,
        "Long.yaml",
        f"extends: existence\ncategory: hype\nmessage: \"m\"\npatterns: ['{long_pattern}']\n",
    )
    err = lint(tmp_path, "Text.\n")[2]
    assert f"'{long_pattern[:200]}'... ({len(long_pattern):,} characters)" in err
    assert len(err) < 1000
