"""Broken user rules (`--rules DIR`) are load errors naming the file, line and key (exit 2), YAML
is loaded safely, and a user pattern with catastrophic backtracking cannot hang the run (RE2)."""

from __future__ import annotations

import io
import json
import pickle
import re
import textwrap
from pathlib import Path

import pytest

from linter import safe_regex
from linter.cli import main
from linter.patterns import PatternError, compile_regex, phrase_alternation
from linter.rules import RuleSet, load_rule_file, load_rules
from linter.runner import lint_file
from linter.safe_regex import (
    BudgetedPattern,
    SafePattern,
    budgeted_patterns,
    compile_untrusted,
    to_re2_syntax,
    untrusted_patterns,
)

VALID_RULE = """\
extends: existence
message: "'{match}' is hype"
category: hype
tokens:
  - stellar
"""


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "post.txt"
    path.write_text("A stellar launch.\n", encoding="utf-8")
    return path


def write_rule(root: Path, body: str, name: str = "Bad.yaml", pack: str = "mine") -> Path:
    folder = root / "rules" / pack
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def lint_with(tmp_path: Path, article: Path, *extra: str) -> tuple[int, str, str]:
    return run(
        [
            "--no-builtin-rules",
            "--no-cache",
            "--rules",
            str(tmp_path / "rules"),
            *extra,
            str(article),
        ]
    )


# (rule file text, line the error must name, words the message must contain)
BROKEN_RULES = {
    "broken-yaml": (
        "extends: existence\nmessage: m\ncategory: hype\ntokens: [stellar\n",
        4,  # where the bracket opens, not the end of the file where PyYAML notices
        ["invalid YAML", "flow sequence", "end of the file"],
    ),
    "unterminated-quote": (
        'extends: existence\nmessage: "m\ncategory: hype\ntokens: [stellar]\n',
        2,
        ["invalid YAML", "quoted scalar", "end of the file"],
    ),
    "unclosed-bracket-mid-file": (
        "extends: existence\ntokens: [stellar\nmessage: m\ncategory: hype\n",
        3,
        ["invalid YAML", "flow sequence from line 2"],
    ),
    "unknown-key": (VALID_RULE + "colour: red\n", 6, ["colour", "unknown key"]),
    "missing-message": (
        "extends: existence\ncategory: hype\ntokens: [stellar]\n",
        1,
        ["missing required key", "message"],
    ),
    "missing-tokens": (
        "extends: substitution\nmessage: m\ncategory: hype\n",
        None,
        ["swap", "missing required key"],
    ),
    "invalid-regex": (
        "extends: existence\nmessage: m\ncategory: hype\ntokens:\n  - fine\n  - 'bro(ken'\n",
        6,
        ["tokens", "bro(ken", "invalid regular expression"],
    ),
    "phrase-starting-with-apostrophe": (
        "extends: existence\nmessage: m\ncategory: hype\ntokens:\n  - fine\n"
        "  - \"['’]ll be huge\"\n",
        6,
        ["tokens", "starts with an apostrophe", "can never match a contraction"],
    ),
    "unknown-category": (
        "extends: existence\nmessage: m\ncategory: spam\ntokens: [stellar]\n",
        3,
        ["category", "spam"],
    ),
    "unknown-severity": (
        "extends: existence\nmessage: m\ncategory: hype\nseverity: fatal\ntokens: [stellar]\n",
        4,
        ["severity", "fatal"],
    ),
    "unknown-type": (
        "message: m\ncategory: hype\nextends: wordcount\ntokens: [stellar]\n",
        3,
        ["extends", "wordcount"],
    ),
    "not-a-mapping": ("- just\n- a list\n", 1, ["mapping"]),
    "link-rule-without-target-or-text": (
        "extends: link\nmessage: m\ncategory: sponsored\nunless: [sponsored]\n",
        1,
        ["link rule needs 'target' or 'text'"],
    ),
    "unknown-context": (
        VALID_RULE + "context: advertorial\n",
        6,
        ["context", "must be one of: any, promotional"],
    ),
    "lookaround-in-user-rule": (
        "extends: existence\nmessage: m\ncategory: hype\npatterns:\n  - 'stellar(?= launch)'\n",
        5,
        ["patterns", "not supported", "look-around"],
    ),
    "backreference-in-user-rule": (
        "extends: existence\nmessage: m\ncategory: hype\n\ntokens:\n  - '(\\w+) \\1'\n",
        6,
        ["tokens", "not supported", "backreference"],
    ),
    "unclosed-message-placeholder": (
        "extends: existence\ncategory: hype\nmessage: 'Avoid {match'\ntokens: [stellar]\n",
        3,
        ["message", "expected '}'", "'{{'"],
    ),
    "unknown-message-placeholder": (
        "extends: classifier\ncategory: hype\nmodel: m.json\nmessage: '{match} {colour}'\n",
        4,
        ["message", "unknown placeholder {colour}", "{cues}", "{score}"],
    ),
    "empty-scope": (VALID_RULE + "scope: []\n", 6, ["scope", "scope name or a list"]),
    "id-with-a-space": ("id: house.Bu zz\n" + VALID_RULE, 1, ["id", "spaces or commas"]),
    "severity-and-level": (
        VALID_RULE + "severity: error\nlevel: info\n",
        7,
        ["level", "'severity' or Vale's 'level', not both"],
    ),
    "occurrence-min-over-max": (
        "extends: occurrence\nmessage: m\ncategory: style\ntokens: [x]\nmax: 1\nmin: 5\n",
        6,
        ["min", "more than 'max'"],
    ),
    "python-tag-on-scalar": (
        "extends: existence\nmessage: m\ncategory: hype\ntokens:\n"
        "  - !!python/object/apply:os.getcwd []\n  - x\n"
        "suggestion: !!python/name:os.system\n",
        5,  # the first tag wins: the one on the (empty) sequence
        ["python/object/apply"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rule_is_one_error_line_naming_file_and_line(
    case: str, tmp_path: Path, article: Path
) -> None:
    body, line, words = BROKEN_RULES[case]
    rule_file = write_rule(tmp_path, body)
    code, out, err = lint_with(tmp_path, article)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one line, no traceback
    prefix = f"article-lint: error: {rule_file}" + (f":{line}: " if line else ":")
    assert lines[0].startswith(prefix), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "Traceback" not in err and out == ""


def test_duplicate_rule_id_names_both_files(tmp_path: Path, article: Path) -> None:
    first = write_rule(tmp_path, VALID_RULE + "id: mine.Same\n", "One.yaml")
    second = write_rule(tmp_path, "id: mine.Same\n" + VALID_RULE, "Two.yaml")
    code, _, err = lint_with(tmp_path, article)
    assert code == 2
    assert err.startswith(f"article-lint: error: {second}:1: duplicate rule id 'mine.Same'")
    assert str(first) in err


def test_yaml_tags_never_construct_python_objects(tmp_path: Path, article: Path) -> None:
    marker = tmp_path / "pwned"
    write_rule(
        tmp_path,
        f"""\
        extends: existence
        message: m
        category: hype
        tokens: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    lint_with(tmp_path, article)
    assert not marker.exists()


def test_valid_user_rule_still_lints(tmp_path: Path, article: Path) -> None:
    write_rule(tmp_path, VALID_RULE, "Stellar.yaml")
    code, out, err = lint_with(tmp_path, article, "--format", "json")
    assert code == 1, err
    (finding,) = json.loads(out)
    assert (finding["rule"], finding["line"], finding["column"]) == ("mine.Stellar", 1, 3)
    assert finding["match"] == "stellar"


LIST_RULE = """\
extends: existence
message: "'{match}' is hype"
category: hype
tokens: {file: data/words.txt}
"""


def test_a_bom_in_a_list_file_keeps_its_first_entry(tmp_path: Path, article: Path) -> None:
    # Windows editors save a BOM; it hid the list's first word ("\ufeffstellar").
    rule = write_rule(tmp_path, LIST_RULE, "Listed.yaml")
    (rule.parent / "data").mkdir()
    (rule.parent / "data" / "words.txt").write_bytes(b"\xef\xbb\xbfstellar\nlaunch\n")
    code, out, err = lint_with(tmp_path, article, "--format", "json")
    assert code == 1, err
    assert [f["match"] for f in json.loads(out)] == ["stellar", "launch"]


def test_a_list_file_that_is_not_a_regular_file_is_refused(tmp_path: Path, article: Path) -> None:
    # /dev/zero or a named pipe as a list file hung the run and filled memory.
    write_rule(tmp_path, LIST_RULE.replace("data/words.txt", "/dev/zero"), "Zero.yaml")
    code, _, err = lint_with(tmp_path, article)
    assert code == 2
    assert "cannot read list file '/dev/zero': not a regular file" in err


def test_invalid_utf8_in_a_rule_file_names_its_line(tmp_path: Path, article: Path) -> None:
    rule = write_rule(tmp_path, VALID_RULE, "Latin.yaml")
    rule.write_bytes(rule.read_bytes().replace(b"is hype", b"caf\xe9"))
    code, _, err = lint_with(tmp_path, article)
    assert code == 2
    assert "Latin.yaml: cannot read rule file: invalid UTF-8 (byte e9) at line 2, column 24" in err


CATASTROPHIC = """\
extends: existence
message: "slow {match}"
category: hype
patterns:
  - '(a+)+$'
  - '(x+x+)+y'
"""


def test_catastrophic_user_pattern_cannot_hang(tmp_path: Path) -> None:
    # Python's re needs about 2**60 steps for this line; RE2 is linear. A hang fails the run
    # through pytest's own timeout of the CI job rather than a timed assertion here.
    write_rule(tmp_path, CATASTROPHIC, "Slow.yaml")
    article = tmp_path / "aaa.txt"
    # no final newline: `$` is the end of the text (RE2's `$` does not match before a final \n)
    article.write_text("a" * 60 + "!\n" + "x" * 5000 + "\n" + "a" * 30, encoding="utf-8")
    code, out, err = lint_with(tmp_path, article, "--format", "json")
    assert code == 1, err
    (finding,) = json.loads(out)
    assert (finding["line"], finding["column"], finding["match"]) == (3, 1, "a" * 30)


def test_user_rules_use_re2_and_builtin_rules_keep_python_re(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID_RULE, "Stellar.yaml")
    ruleset = load_rules([tmp_path / "rules"])
    user = ruleset.get("mine.Stellar")
    assert user is not None and isinstance(user.matcher.pattern, SafePattern)
    builtin = next(r for r in ruleset if r.spec.pack == "hype" and r.spec.extends == "existence")
    assert isinstance(builtin.matcher.pattern, re.Pattern)


def test_user_rule_survives_pickling(tmp_path: Path) -> None:
    # The rule cache and worker processes pickle rules; the RE2 program is rebuilt.
    write_rule(tmp_path, VALID_RULE, "Stellar.yaml")
    rule = load_rules([tmp_path / "rules"], builtin=False).get("mine.Stellar")
    assert rule is not None
    copy = pickle.loads(pickle.dumps(rule.matcher.pattern))
    assert copy.search("so STELLAR!").span() == (3, 10)


# --- the adapter: same spans as Python's re ----------------------------------------------------

PHRASES = ["best", "game-changing", "game", r"\w+ly amazing", "café", "!!"]


@pytest.mark.parametrize(
    "text",
    [
        "The best game-changing café, truly amazing. game-changer Best! bestbest",
        "Ñbest — best, cafés café. naïve-best !!best!! é",
        "",
        "best",
        "line one\r\nbest\rgame\n",
    ],
)
def test_phrase_alternation_spans_match_python_re(text: str) -> None:
    with untrusted_patterns():  # as while a user's rule is built
        pattern = phrase_alternation(PHRASES)
    expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    safe = compile_untrusted(pattern)
    assert [m.span() for m in safe.finditer(text)] == expected
    for start in range(len(text) + 1):  # every window start, as the occurrence rule searches
        window = [m.span() for m in re.compile(pattern, re.I).finditer(text, start, len(text))]
        assert [m.span() for m in safe.finditer(text, start, len(text))] == window


def test_unicode_shorthands_are_rewritten() -> None:
    assert compile_untrusted(r"\w+").fullmatch("naïve") is not None
    assert compile_untrusted(r"\d").search("٣") is not None  # Arabic-Indic digit three
    assert to_re2_syntax(r"[\w-]x\Z") == r"[\p{L}\p{N}_-]x\z"


def test_groups_are_numbered_like_re() -> None:
    with untrusted_patterns():
        safe = compile_untrusted(phrase_alternation([r"(?P<word>\w+)ly (good)"]))
    match = safe.search("It is really good.")
    assert match is not None
    assert match.group() == "really good"
    assert match.groups() == ("real", "good")
    assert match.group("word") == "real"


def test_invalid_pattern_message_names_the_pattern() -> None:
    with pytest.raises(PatternError, match=r"invalid regular expression 'a\(b'"):
        compile_untrusted("a(b")


# --- built-in rules extended with user text: Python `re` under a time budget ------------------

BACKTRACKING_TOKENS = """\
extends: existence
message: "'{match}'"
category: hype
tokens:
  - stellar
  - '(a+)+b'
"""


def test_budgeted_pattern_is_stopped_and_reported_for_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rule that must stay on Python's re (a built-in with look-arounds) but carries user text
    # (`based_on:` + `add_tokens:`) is built inside budgeted_patterns().
    monkeypatch.setattr(safe_regex, "PATTERN_BUDGET_SECONDS", 0.2)
    rule_file = write_rule(tmp_path, BACKTRACKING_TOKENS, "Mixed.yaml")
    with budgeted_patterns():
        rule = load_rule_file(rule_file, "mine", trusted=True)
    assert isinstance(rule.matcher.pattern, BudgetedPattern)
    article = tmp_path / "post.txt"
    article.write_text("A stellar start. " + "a" * 40 + " and stellar again.\n", encoding="utf-8")
    result = lint_file(str(article), RuleSet((rule,)))
    (error,) = result.errors
    assert str(error).startswith(
        f"{article}: rule mine.Mixed ({rule_file}): a pattern took more than 0.2 s on this "
        "file and was stopped"
    )
    assert "its pattern '" in str(error) and "(a+)+b" in str(error)  # short: quoted whole
    assert [f.column for f in result.findings] == [3]  # found before the pattern was stopped
    other = tmp_path / "other.txt"
    other.write_text("aab, then stellar.\n", encoding="utf-8")
    plain = lint_file(str(other), RuleSet((rule,)))  # the stop applied to that file only
    assert (plain.errors, [f.match for f in plain.findings]) == ([], ["aab", "stellar"])


def test_budgeted_pattern_outside_the_runner_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_regex, "PATTERN_BUDGET_SECONDS", 0.2)
    with budgeted_patterns():
        pattern = compile_regex("(a+)+b")
    assert isinstance(pattern, BudgetedPattern)
    assert pattern.search("xaab").span() == (1, 4)  # type: ignore[union-attr]
    with pytest.raises(safe_regex.PatternTimeout, match=r"took more than 0\.2 s"):
        pattern.search("a" * 40)


def test_tag_on_a_mapping_is_an_error_not_ignored(tmp_path: Path) -> None:
    from linter.model import RuleError
    from linter.yamlsource import load_yaml

    with pytest.raises(RuleError, match=r"unsupported YAML tag") as caught:
        load_yaml("tokens: !!python/object/apply:os.system\n  args: [echo]\n", "r.yaml", RuleError)
    assert caught.value.line == 1
