"""Configuration files, the `config` command, rule options and rules based on other rules."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from linter.cli import main
from linter.config import glob_matches
from linter.rules import load_rules

BUZZ_RULE = """\
extends: existence
category: hype
message: "'{match}' is buzz"
tokens: [revolutionary, game changer, acme rocket]
"""
CLAIM_RULE = """\
extends: existence
category: unsupported-claim
severity: info
message: "'{match}' is a claim"
tokens: [guaranteed]
"""
LONG_RULE = """\
extends: metric
category: readability
message: "{score} words a sentence"
metric: words_per_sentence
max: 100
min_words: 1
"""
TEXT = "A revolutionary game changer, guaranteed. The acme rocket flies.\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def lint_json(*argv: str) -> tuple[int, list[dict]]:
    code, out, err = run(["-f", "json", "--no-builtin-rules", "-j", "1", *argv])
    assert code in (0, 1), err
    return code, json.loads(out)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder with a rule pack under `style/` and an article under `docs/`."""
    (tmp_path / "style" / "house").mkdir(parents=True)
    (tmp_path / "style" / "house" / "Buzz.yaml").write_text(BUZZ_RULE, encoding="utf-8")
    (tmp_path / "style" / "house" / "Claim.yaml").write_text(CLAIM_RULE, encoding="utf-8")
    (tmp_path / "style" / "house" / "Long.yaml").write_text(LONG_RULE, encoding="utf-8")
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    (tmp_path / "docs" / "post.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "docs" / "drafts" / "wip.md").write_text(TEXT, encoding="utf-8")
    return tmp_path


def matches(findings: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["match"]) for f in findings)


def test_yaml_config_found_by_walking_up(project: Path) -> None:
    (project / ".article-lint.yaml").write_text(
        "rules: [style]\n"
        "ignore: [unsupported-claim]\n"
        "accept: [acme rocket]\n"
        "exclude: [drafts]\n"
        "severity:\n  house.Buzz: error\n",
        encoding="utf-8",
    )
    code, findings = lint_json(str(project / "docs"))
    assert code == 1
    assert {f["path"] for f in findings} == {str(project / "docs" / "post.md")}  # drafts excluded
    assert matches(findings) == [("house.Buzz", "game changer"), ("house.Buzz", "revolutionary")]
    assert {f["severity"] for f in findings} == {"error"}


def test_a_named_file_the_config_excludes_is_said_in_the_summary(project: Path) -> None:
    (project / ".article-lint.yaml").write_text("rules: [style]\nexclude: [drafts]\n", "utf-8")
    drafts, post = project / "docs" / "drafts" / "wip.md", project / "docs" / "post.md"
    code, out, err = run(["--no-builtin-rules", "-j", "1", str(drafts)])
    assert (code, out) == (0, "Found 0 problems (0 errors, 0 warnings, 0 infos) in 0 of 0 files; "
                                "1 named file excluded by the config.\n"), err
    # Found in a folder, an excluded file is expected to be skipped, and is not counted.
    code, out, _ = run(["--no-builtin-rules", "-j", "1", str(project / "docs"), str(post)])
    assert code == 1 and out.endswith("in 1 of 1 file.\n")


def test_pyproject_table_and_fail_on(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.article-lint]\n'
        'rules = ["style"]\nselect = ["house.Claim"]\nfail-on = "warning"\n',
        encoding="utf-8",
    )
    code, findings = lint_json(str(project / "docs" / "post.md"))
    assert matches(findings) == [("house.Claim", "guaranteed")]
    assert code == 0  # the claim is info, below the configured fail-on
    # The command line wins over the file.
    code, findings = lint_json("--fail-on", "info", str(project / "docs" / "post.md"))
    assert code == 1
    code, findings = lint_json("--select", "house.Buzz", str(project / "docs" / "post.md"))
    assert {f["rule"] for f in findings} == {"house.Buzz"}


@pytest.mark.parametrize("order", ["strict first", "lenient first"])
def test_each_file_fails_the_run_by_its_own_configs_fail_on(project: Path, order: str) -> None:
    # docs/ only fails on errors; blog/ keeps the default (any finding fails).
    (project / "docs" / ".article-lint.yaml").write_text(
        "rules: [../style]\nfail-on: error\n", encoding="utf-8"
    )
    (project / "blog").mkdir()
    (project / "blog" / ".article-lint.yaml").write_text("rules: [../style]\n", encoding="utf-8")
    warned = project / "docs" / "post.md"  # house.Buzz warnings: below docs/'s fail-on
    clean = project / "blog" / "clean.md"
    clean.write_text("A plain sentence.\n", encoding="utf-8")
    paths = [str(warned), str(clean)] if order == "strict first" else [str(clean), str(warned)]
    code, findings = lint_json(*paths)
    assert {f["rule"] for f in findings} >= {"house.Buzz"}
    assert code == 0
    # The same warnings under blog/'s default fail the run, whichever file comes first.
    (project / "blog" / "post.md").write_text(TEXT, encoding="utf-8")
    code, _ = lint_json(*paths, str(project / "blog" / "post.md"))
    assert code == 1
    code, _ = lint_json(str(project / "blog" / "post.md"), *paths)
    assert code == 1
    # --fail-on sets it for every file.
    code, _ = lint_json("--fail-on", "warning", *paths)
    assert code == 1


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(project: Path) -> None:
    (project / ".article-lint.yaml").write_text("rules: [style]\nselect: [hype]\n")
    (project / "docs" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / "docs" / "drafts" / ".article-lint.yaml").write_text(
        "rules: [../../style]\nselect: [house.Claim]\n"
    )
    _, post = lint_json(str(project / "docs" / "post.md"))
    _, wip = lint_json(str(project / "docs" / "drafts" / "wip.md"))
    assert {f["rule"] for f in post} == {"house.Buzz"}
    assert {f["rule"] for f in wip} == {"house.Claim"}


def test_explicit_config_and_per_file_ignores(project: Path) -> None:
    config = project / "lint.yaml"
    config.write_text(
        "rules: [style]\nper-file-ignores:\n"
        "  'docs/drafts/*.md': [hype]\n  '**/post.md': [house.Long]\n"
    )
    _, findings = lint_json("--config", str(config), str(project / "docs"))
    wip = [f for f in findings if f["path"].endswith("wip.md")]
    post = [f for f in findings if f["path"].endswith("post.md")]
    assert {f["rule"] for f in wip} == {"house.Claim"}
    assert {f["rule"] for f in post} == {"house.Buzz", "house.Claim"}


def test_rule_options_override_and_revalidate(project: Path) -> None:
    config = project / ".article-lint.yaml"
    config.write_text("rules: [style]\nselect: [house.Long]\n")
    _, findings = lint_json(str(project / "docs" / "post.md"))
    assert findings == []  # 100 words a sentence is allowed
    config.write_text(
        "rules: [style]\nselect: [house.Long]\nrule-options:\n  house.Long:\n    max: 3\n"
    )
    _, findings = lint_json(str(project / "docs" / "post.md"))
    assert [f["rule"] for f in findings] == ["house.Long"]
    config.write_text("rules: [style]\nrule-options:\n  house.Long:\n    max: lots\n")
    code, _, err = run(["--no-builtin-rules", str(project / "docs" / "post.md")])
    assert code == 2
    assert f"{config}:4:" in err and "max" in err and "number" in err


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (".article-lint.yaml", "select: [hype]\nslect: [hype]\n", ":2: unknown key 'slect'"),
        ("pyproject.toml", '[tool.article-lint]\nfail_on = "error"\n',
         ":2: unknown key 'fail_on' (did you mean 'fail-on'?)"),
        (".article-lint.yaml", "fail-on: sometimes\n", ":1: fail-on"),
        (".article-lint.yaml", "fail-on: off\n", ":1: fail-on: a severity is needed"),
        (".article-lint.yaml", "exclude:\n  - drafts\n  - '!drafts/keep.md'\n", ":3: exclude:"),
        (".article-lint.yaml", "per-file-ignores:\n  '!x/**': [hype]\n", ":2: per-file-ig"),
        (".article-lint.yaml", "select: [nosuch]\n", ":1: select: unknown rule, pack"),
        # A bad selector is reported at its own line, under its own key.
        (".article-lint.yaml", "fail-on: info\n\nignore:\n  - hype\n  - nosuch\n", ":5: ignore:"),
        (".article-lint.yaml", "severity:\n  hype.Puffery: info\n  hype.No: error\n", ":3: sever"),
        # even when no file matches the glob
        (".article-lint.yaml", "per-file-ignores:\n  'x/**':\n    - hype\n    - nosuch\n",
         ":4: per-file-ignores: unknown rule"),
        (".article-lint.yaml", "severity:\n  hype.Puffery: 'off'\n  hype.No: 'off'\n", ":3: sever"),
        ("pyproject.toml", '[tool.article-lint]\nselect = ["hype"]\nignore = ["x"]\n', ":3: "),
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.article_lint]\nselect = ["hype"]\n',
         ":4: [tool.article_lint] is not read"),
        ("pyproject.toml", '[tool.article-lint]\nselect = ["hype"]\nselect = ["x"]\n',
         ":3: invalid TOML: Cannot overwrite a value"),
    ],
)
def test_config_errors_name_the_file_and_line(
    project: Path, name: str, content: str, where: str
) -> None:
    (project / name).write_text(content, encoding="utf-8")
    code, _, err = run([str(project / "docs" / "post.md")])
    assert code == 2
    assert str(project / name) in err
    assert where in err


def test_config_command_prints_effective_configuration(project: Path) -> None:
    config = project / ".article-lint.yaml"
    config.write_text("rules: [style]\nignore: [house.Long]\naccept: [Acme]\nfail-on: error\n")
    code, out, _ = run(["config", str(project / "docs" / "post.md"), "--format", "json"])
    assert code == 0
    effective = json.loads(out)
    assert effective["source"] == str(config)
    assert effective["config"]["accept"] == ["Acme"]
    assert effective["config"]["fail-on"] == "error"
    assert "house.Buzz" in effective["rules"] and "house.Long" not in effective["rules"]
    code, out, _ = run(["config", str(project / "docs"), "--fail-on", "info"])
    assert code == 0 and f"from: {config}" in out and "fail-on: info" in out
    code, out, _ = run(["config", str(project / "docs"), "--no-config", "-f", "json"])
    assert json.loads(out)["source"] is None
    # --select replaces the file's selection and --ignore adds to its list, as in a run.
    code, out, _ = run(
        ["config", str(project / "docs"), "-f", "json", "--select", "house", "--ignore", "buzz"]
    )
    effective = json.loads(out)
    assert effective["config"]["select"] == ["house"]
    assert effective["config"]["ignore"] == ["house.Long", "buzz"]
    assert "house.Buzz" not in effective["rules"]


def test_rule_based_on_a_builtin_rule(tmp_path: Path) -> None:
    base = load_rules().get("hype.PromoCliche")
    assert base is not None
    flagged_example = base.spec.examples.flag[0]
    base_phrase = flagged_example.split("[[")[1].split("]]")[0]
    pack = tmp_path / "mine" / "house"
    pack.mkdir(parents=True)
    (pack / "Cliche.yaml").write_text(
        "based_on: hype.PromoCliche\nadd_tokens: [synergy]\n"
        "message: \"'{match}' is on the house list\"\n"
    )
    article = tmp_path / "a.md"
    article.write_text(f"Synergy! {flagged_example.replace('[[', '').replace(']]', '')}\n")
    out, err = io.StringIO(), io.StringIO()
    argv = ["-f", "json", "--no-config", "--rules", str(tmp_path / "mine")]
    code = main([*argv, "--select", "house,hype", str(article)], stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    found = {(f["rule"], f["match"].lower()) for f in json.loads(out.getvalue())}
    assert ("house.Cliche", "synergy") in found
    assert ("house.Cliche", base_phrase.lower()) in found  # the base's tokens are inherited
    assert not any(rule == "hype.PromoCliche" for rule, _ in found)  # and the base replaced
    assert all("house list" in f["message"] for f in json.loads(out.getvalue()))


def test_the_base_id_still_names_the_rule_that_replaced_it(tmp_path: Path) -> None:
    # Adding a house rule based on a built-in must not break the suppressions, --ignore and
    # config entries that name the built-in all over an archive.
    pack = tmp_path / "mine" / "house"
    pack.mkdir(parents=True)
    (pack / "Cliche.yaml").write_text("based_on: hype.PromoCliche\nadd_tokens: [synergy]\n")
    article = tmp_path / "a.md"
    article.write_text(
        "<!-- article-lint-disable-next-line hype.PromoCliche -->\nWe need synergy.\n\n"
        "More synergy.\n"
    )
    rules = ["--no-config", "--rules", str(tmp_path / "mine")]

    def findings(*flags: str) -> list[tuple[str, int]]:
        code, out, err = run(["-f", "json", *rules, *flags, str(article)])
        assert code in (0, 1), err
        return [(f["rule"], f["line"]) for f in json.loads(out)]

    assert findings("--select", "hype.PromoCliche") == [("house.Cliche", 4)]
    assert not any(rule == "house.Cliche" for rule, _ in findings("--ignore", "hype.PromoCliche"))
    out = io.StringIO()
    assert main(["explain", *rules, "hype.PromoCliche"], stdout=out) == 0
    assert out.getvalue().startswith("# house.Cliche")


def test_rules_and_explain_show_the_rule_folders_of_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "style" / "house"
    pack.mkdir(parents=True)
    (pack / "Cliche.yaml").write_text("based_on: hype.PromoCliche\nadd_tokens: [synergy]\n")
    (tmp_path / ".article-lint.yaml").write_text("rules: [style]\n")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert main(["rules"], stdout=out) == 0
    listed = [line.split()[0] for line in out.getvalue().splitlines()]
    assert "house.Cliche" in listed and "hype.PromoCliche" not in listed  # based_on replaced it
    out = io.StringIO()
    assert main(["explain", "house.Cliche"], stdout=out) == 0
    assert out.getvalue().startswith("# house.Cliche")
    out = io.StringIO()
    assert main(["rules", "--no-config"], stdout=out) == 0
    assert "house.Cliche" not in out.getvalue()


def test_based_on_remove_tokens_keep_base_and_errors(tmp_path: Path) -> None:
    (tmp_path / "base" / "core").mkdir(parents=True)
    (tmp_path / "base" / "core" / "Buzz.yaml").write_text(BUZZ_RULE)
    (tmp_path / "mine" / "house").mkdir(parents=True)
    derived = tmp_path / "mine" / "house" / "Buzz.yaml"
    derived.write_text(
        "based_on: core.Buzz\nkeep_base: true\nremove_tokens: [Game Changer]\nseverity: error\n"
    )
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    rules = ["--rules", str(tmp_path / "base"), "--rules", str(tmp_path / "mine"), "--no-config"]
    _, findings = lint_json(*rules, str(article))
    got = {(f["rule"], f["match"], f["severity"]) for f in findings}
    assert ("house.Buzz", "game changer", "error") not in got
    assert ("house.Buzz", "revolutionary", "error") in got
    assert ("core.Buzz", "game changer", "warning") in got  # keep_base: true
    derived.write_text("based_on: core.Buzz\nremove_tokens: [nope]\n")
    code, _, err = run([*rules, "--no-builtin-rules", str(article)])
    assert code == 2 and f"{derived}:2:" in err and "nope" in err
    derived.write_text("based_on: core.Nothing\n")
    code, _, err = run([*rules, "--no-builtin-rules", str(article)])
    assert code == 2 and f"{derived}:1:" in err and "core.Nothing" in err


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("drafts", "docs/drafts/a.md", True),
        ("drafts/", "drafts/a.md", True),
        ("*.html", "site/index.html", True),
        ("docs/*.md", "docs/a.md", True),
        ("docs/*.md", "docs/sub/a.md", False),
        ("docs/**/*.md", "docs/sub/deep/a.md", True),
        ("docs/**/*.md", "docs/a.md", True),
        ("legal/**", "legal/x/y.txt", True),
        ("legal", "not-legal/x.txt", False),
        ("a?.md", "ab.md", True),
        ("[!x]*.md", "xa.md", False),
        ("./drafts/**", "drafts/a.md", True),  # ./ is the config's folder
        ("./a.md", "sub/a.md", False),
        ("/changelog", "changelog/2024.md", True),
    ],
)
def test_glob_matches(pattern: str, path: str, expected: bool) -> None:
    assert glob_matches(pattern, path) is expected


@pytest.mark.parametrize("header", ["[tool.article-lint", "[tool.article-lint]\nselect = ["])
def test_broken_pyproject_table_is_an_error(project: Path, header: str) -> None:
    # A header missing its bracket was taken for no table at all, and the defaults applied.
    (project / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n{header}\n', "utf-8")
    code, out, err = run([str(project / "docs" / "post.md")])
    assert (code, out) == (2, "")
    assert re.search(r"pyproject\.toml(:\d+)?: invalid TOML", err)


def test_toml_subtables_severity_off_and_rule_options_by_name(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.article-lint]\nrules = ["style"]\n\n'
        '[tool.article-lint.severity]\n"house.Claim" = "off"\nhype = "error"\n\n'
        '[tool.article-lint.rule-options.buzz]\ntokens = ["acme rocket"]\n',
        encoding="utf-8",
    )
    _, findings = lint_json(str(project / "docs" / "post.md"))
    assert matches(findings) == [("house.Buzz", "acme rocket")]
    assert findings[0]["severity"] == "error"


def test_yaml_severity_off_unquoted(project: Path) -> None:
    # YAML 1.1 reads a bare `off` as false; the documented example writes it so.
    (project / ".article-lint.yaml").write_text(
        "rules: [style]\nseverity:\n  house.Claim: off\n  house.Long: off\n", encoding="utf-8"
    )
    _, findings = lint_json(str(project / "docs" / "post.md"))
    assert {f["rule"] for f in findings} == {"house.Buzz"}


def test_accept_drops_findings_about_accepted_words_only(tmp_path: Path) -> None:
    (tmp_path / ".article-lint.yaml").write_text(
        "accept: [game-changing, Lumiflex Ultra Radiance Serum]\n", encoding="utf-8"
    )
    article = tmp_path / "post.txt"
    article.write_text(
        "The launch is game-changing, experts agree. It is a power move.\n\n"
        "Order the Lumiflex Ultra Radiance Serum today.\n",
        encoding="utf-8",
    )
    code, out, err = run(["-f", "json", "--no-cache", str(article)])
    assert (code, err) == (1, "")
    found = {(f["line"], f["rule"], f["match"]) for f in json.loads(out)}
    # 'is game-changing' is about the accepted word; a call to buy the accepted product is not.
    assert found == {
        (1, "claims.VagueAttribution", "experts agree"),
        (1, "hype.PromoCliche", "power move"),
        (3, "sponsored.ImperativeCallToAction", "Order the Lumiflex Ultra Radiance Serum today"),
    }
