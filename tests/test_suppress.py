"""Inline suppression directives, through the CLI the way a user writes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.document import Document
from linter.rules import load_rules
from linter.suppress import apply_suppressions, parse_directives

BUZZ_RULE = """\
extends: existence
category: hype
message: "'{match}' is buzz"
tokens: [revolutionary]
"""
CLAIM_RULE = """\
extends: existence
category: unsupported-claim
message: "'{match}' is a claim"
tokens: [guaranteed]
"""


@pytest.fixture()
def rules_dir(tmp_path: Path) -> Path:
    (tmp_path / "rules" / "house").mkdir(parents=True)
    (tmp_path / "rules" / "claims").mkdir(parents=True)
    (tmp_path / "rules" / "house" / "Buzz.yaml").write_text(BUZZ_RULE, encoding="utf-8")
    (tmp_path / "rules" / "claims" / "Claim.yaml").write_text(CLAIM_RULE, encoding="utf-8")
    return tmp_path / "rules"


def lint(tmp_path: Path, rules_dir: Path, name: str, text: str, *flags: str) -> list[dict]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    argv = ["--no-config", "--no-builtin-rules", "--rules", str(rules_dir), "-f", "json"]
    code = main([*argv, *flags, str(path)], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    findings = json.loads(out.getvalue())
    assert (code == 1) == bool(findings)
    return findings


def lines_of(findings: list[dict], rule: str | None = None) -> list[int]:
    return sorted(f["line"] for f in findings if rule is None or f["rule"] == rule)


@pytest.mark.parametrize("selector", ["", "house.Buzz", "buzz", "house", "hype", "all"])
def test_disable_next_line_by_any_selector(tmp_path: Path, rules_dir: Path, selector: str) -> None:
    text = (
        "A revolutionary start.\n\n"
        f"<!-- article-lint-disable-next-line {selector} -->\n"
        "A revolutionary middle, guaranteed.\n\n"
        "A revolutionary end.\n"
    )
    findings = lint(tmp_path, rules_dir, "a.md", text)
    assert lines_of(findings, "house.Buzz") == [1, 6]
    # The claim on the suppressed line is only suppressed by a directive that names it.
    assert lines_of(findings, "claims.Claim") == ([] if selector in ("", "all") else [4])


def test_disable_enable_range_and_bare_disable(tmp_path: Path, rules_dir: Path) -> None:
    text = (
        "revolutionary 1, guaranteed\n\n"
        "<!-- article-lint-disable buzz -->\n"
        "revolutionary 4, guaranteed\n\n"
        "<!-- article-lint-enable buzz -->\n"
        "revolutionary 7\n\n"
        "<!-- article-lint-disable -->\n"
        "revolutionary 10, guaranteed\n"
    )
    findings = lint(tmp_path, rules_dir, "a.md", text)
    assert lines_of(findings, "house.Buzz") == [1, 7]
    assert lines_of(findings, "claims.Claim") == [1, 4]


def test_disable_file_and_directive_inside_code_is_inert(tmp_path: Path, rules_dir: Path) -> None:
    quoted = "```\n<!-- article-lint-disable-file -->\n```\n\nrevolutionary\n"
    assert lines_of(lint(tmp_path, rules_dir, "quoted.md", quoted)) == [5]
    real = "revolutionary\n\n<!-- article-lint-disable-file hype -->\nguaranteed\n"
    assert [f["rule"] for f in lint(tmp_path, rules_dir, "real.md", real)] == ["claims.Claim"]


def test_mdx_comments_hold_directives_and_are_not_prose(tmp_path: Path, rules_dir: Path) -> None:
    # MDX 2 refuses `<!-- -->`: its comments are `{/* */}`, on one line or several.
    text = (
        "{/* article-lint-disable-next-line buzz */}\n"
        "A revolutionary start.\n\n"
        "{/*\n  A revolutionary note to the editor.\n*/}\n\n"
        "A revolutionary end {/* and a revolutionary aside */}.\n"
    )
    findings = lint(tmp_path, rules_dir, "post.mdx", text)
    assert [(f["line"], f["column"]) for f in findings] == [(8, 3)]


def test_html_and_plain_text_directives(tmp_path: Path, rules_dir: Path) -> None:
    html = (
        "<p>revolutionary</p>\r\n<!-- article-lint-disable-next-line buzz -->\r\n"
        "<p>revolutionary</p>\r\n"
    )
    assert lines_of(lint(tmp_path, rules_dir, "a.html", html)) == [1]
    text = "revolutionary\n# article-lint-disable-next-line buzz\nrevolutionary\nrevolutionary\n"
    findings = lint(tmp_path, rules_dir, "a.txt", text)
    assert lines_of(findings) == [1, 4]
    assert all(f["rule"] == "house.Buzz" for f in findings)  # the directive line is not prose


def test_unknown_rule_in_directive_is_reported_at_the_directive(
    tmp_path: Path, rules_dir: Path
) -> None:
    text = "Intro.\n\n  <!-- article-lint-disable-next-line nosuch.Rule -->\nrevolutionary\n"
    findings = lint(tmp_path, rules_dir, "a.md", text)
    unknown = [f for f in findings if f["rule"] == "article-lint.unknown-directive"]
    assert len(unknown) == 1
    assert (unknown[0]["line"], unknown[0]["column"]) == (3, 3)
    assert unknown[0]["category"] == "style" and unknown[0]["severity"] == "warning"
    assert "nosuch.Rule" in unknown[0]["message"]
    assert lines_of(findings, "house.Buzz") == [4]  # nothing was suppressed
    typo = lint(tmp_path, rules_dir, "b.md", "<!-- article-lint-disabel -->\nok\n")
    assert [f["rule"] for f in typo] == ["article-lint.unknown-directive"]


def test_directive_naming_an_unselected_rule_is_not_unknown(
    tmp_path: Path, rules_dir: Path
) -> None:
    text = "<!-- article-lint-disable-next-line claims -->\nrevolutionary guaranteed\n"
    findings = lint(tmp_path, rules_dir, "a.md", text, "--select", "house")
    assert [f["rule"] for f in findings] == ["house.Buzz"]


def test_directive_without_spaces_or_in_capitals(tmp_path: Path, rules_dir: Path) -> None:
    text = (
        "<!--article-lint-disable-next-line-->\nrevolutionary\n\n"
        "<!-- ARTICLE-LINT-DISABLE-NEXT-LINE buzz -->\nrevolutionary\n\nrevolutionary\n"
    )
    assert lines_of(lint(tmp_path, rules_dir, "a.md", text)) == [7]


def test_directive_findings_are_selected_like_rules(tmp_path: Path, rules_dir: Path) -> None:
    text = "<!-- article-lint-disabel -->\nrevolutionary\n"
    unknown = "article-lint.unknown-directive"
    assert [f["rule"] for f in lint(tmp_path, rules_dir, "a.md", text)] == [unknown, "house.Buzz"]
    for flags in (("--select", "hype"), ("--ignore", unknown), ("--ignore", "article-lint")):
        assert [f["rule"] for f in lint(tmp_path, rules_dir, "a.md", text, *flags)] == [
            "house.Buzz"
        ], flags
    selected = lint(tmp_path, rules_dir, "a.md", text, "--select", unknown)
    assert [f["rule"] for f in selected] == [unknown]


def test_report_unused_suppressions(tmp_path: Path, rules_dir: Path) -> None:
    text = (
        "<!-- article-lint-disable-next-line buzz -->\nrevolutionary\n\n"
        "<!-- article-lint-disable-next-line claims -->\nnothing to see\n"
    )
    assert lint(tmp_path, rules_dir, "a.md", text) == []
    findings = lint(tmp_path, rules_dir, "a.md", text, "--report-unused-suppressions")
    assert [(f["rule"], f["line"]) for f in findings] == [("article-lint.unused-suppression", 4)]


def test_a_directive_for_rules_left_out_of_the_run_is_not_called_unused(
    tmp_path: Path, rules_dir: Path
) -> None:
    # With buzz left out, its directive suppressed nothing; "remove it" would bring the finding
    # back in a full run.
    text = "<!-- article-lint-disable-next-line buzz -->\nrevolutionary\n"
    unused = ("--report-unused-suppressions",)
    for flags in (("--ignore", "house.Buzz"), ("--select", "claims,article-lint")):
        assert lint(tmp_path, rules_dir, "a.md", text, *unused, *flags) == [], flags
    bare = "<!-- article-lint-disable-next-line -->\nnothing to see\n"
    assert lint(tmp_path, rules_dir, "b.md", bare, *unused, "--ignore", "house.Buzz") == []
    [finding] = lint(tmp_path, rules_dir, "b.md", bare, *unused)
    assert finding["rule"] == "article-lint.unused-suppression"


def test_apply_suppressions_unit() -> None:
    ruleset = load_rules()
    doc = Document.from_text("<!-- article-lint-disable a, b -->\ntext\n", path="x.md")
    directives = parse_directives(doc)
    assert [(d.kind, d.selectors) for d in directives] == [("disable", ("a", "b"))]
    assert doc.raw[directives[0].start : directives[0].end] == "<!-- article-lint-disable a, b -->"
    extra = apply_suppressions(doc, [], ruleset)
    assert {f.match for f in extra} == {"<!-- article-lint-disable a, b -->"}
    assert len(extra) == 2  # one finding per unknown selector
