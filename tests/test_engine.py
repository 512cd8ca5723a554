"""The engine's own decisions about the findings the rules produce: one finding per claim when
rules of the same category flag the same words."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.engine import render_message, without_nested
from linter.model import Finding, Severity

RULES = {
    "hype/Word.yaml": """\
extends: existence
category: hype
message: "'{match}' is puffery"
tokens: [once-in-a-lifetime, stunning]
""",
    "hype/Phrase.yaml": """\
extends: existence
category: hype
message: "'{match}' is a cliché"
tokens: [once-in-a-lifetime opportunity]
""",
    "claims/Chance.yaml": """\
extends: existence
category: unsupported-claim
message: "'{match}' promises"
tokens: [opportunity]
""",
    "hype/Yell.yaml": """\
extends: existence
category: hype
severity: error
message: "'{match}' shouts"
tokens: [stunning]
""",
    "read/Long.yaml": """\
extends: metric
category: readability
message: "{score} words a sentence"
metric: words_per_sentence
max: 3
per: paragraph
min_words: 1
""",
    "read/Hard.yaml": """\
extends: metric
category: readability
message: "{score} words a sentence"
metric: words_per_sentence
max: 3
min_words: 1
""",
}
TEXT = "A once-in-a-lifetime opportunity with stunning views.\n"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    for name, text in RULES.items():
        path = tmp_path / "rules" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "rules"


def lint(rules_dir: Path, article: Path) -> list[tuple[str, str]]:
    out = io.StringIO()
    argv = ["-f", "json", "--no-builtin-rules", "--rules", str(rules_dir), str(article)]
    main(argv, stdout=out, stderr=io.StringIO())
    return [(f["rule"], f["match"]) for f in json.loads(out.getvalue())]


def test_a_span_inside_another_of_the_same_category_is_reported_once(
    rules_dir: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    assert lint(rules_dir, article) == [
        ("read.Hard", "A once-in-a-lifetime opportunity with stunning views."),  # both kept:
        ("read.Long", "A once-in-a-lifetime opportunity with stunning views."),  # not content
        ("hype.Phrase", "once-in-a-lifetime opportunity"),  # hype.Word's match lies inside
        ("claims.Chance", "opportunity"),  # another category: kept
        ("hype.Yell", "stunning"),  # same words as hype.Word, higher severity: it wins
    ]


def test_suppressing_the_wider_finding_brings_back_the_narrower(
    rules_dir: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "<!-- article-lint-disable-next-line hype.Phrase -->\n" + TEXT, encoding="utf-8"
    )
    assert ("hype.Word", "once-in-a-lifetime") in lint(rules_dir, article)


def _finding(
    start: int,
    end: int,
    rule: str = "h.A",
    *,
    severity: Severity = Severity.WARNING,
    fixable: bool = False,
    category: str = "hype",
) -> Finding:
    return Finding(
        "a.md",
        1,
        start + 1,
        1,
        end + 1,
        rule,
        category,
        severity,
        "m",
        "x" * (end - start),
        suggestion="y" if fixable else None,
        offset=start,
        end_offset=end,
        fixable=fixable,
    )


def test_without_nested_keeps_fixes_partial_overlaps_and_the_first_of_equal_spans() -> None:
    wide = _finding(0, 10, "h.Wide")
    inner = _finding(2, 5, "h.Inner")
    fixable_inner = _finding(3, 6, "h.Fix", fixable=True)
    severe_inner = _finding(6, 8, "h.Severe", severity=Severity.ERROR)  # more severe: kept
    crossing = _finding(8, 14, "h.Cross")  # overlaps the wide one, not inside it
    twin_a, twin_b = _finding(20, 25, "h.A"), _finding(20, 25, "h.B")
    encoding = _finding(2, 5, "e.Moji", category="encoding")
    findings = [wide, inner, fixable_inner, severe_inner, crossing, twin_a, twin_b, encoding]
    kept = without_nested(sorted(findings))
    assert [f.rule for f in kept] == ["h.Wide", "e.Moji", "h.Fix", "h.Severe", "h.Cross", "h.A"]
    assert without_nested([]) == []
    # Style is kept whole, like readability: an occurrence rule's "too few in this paragraph"
    # spans the paragraph and hid every other style finding in it.
    paragraph = _finding(0, 40, "s.Min", category="style")
    phrase = _finding(4, 7, "s.Cat", category="style")
    assert without_nested([paragraph, phrase]) == [paragraph, phrase]


def test_a_promotional_context_rule_reports_only_in_an_article_the_others_mark_promotional(
    tmp_path: Path,
) -> None:
    rules = {  # file name -> (category, extra header line, tokens)
        "Hype": ("hype", "", "stellar, dazzling"),
        "Claim": ("unsupported-claim", "", "experts agree"),
        "Seats": ("sponsored", "context: promotional\n", "seats are limited"),
    }
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    for name, (category, header, tokens) in rules.items():
        text = f"extends: existence\ncategory: {category}\n{header}message: m\ntokens: [{tokens}]\n"
        (pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    promotional = tmp_path / "advert.txt"
    promotional.write_text(
        "A stellar, dazzling show. Experts agree. Seats are limited.\n", encoding="utf-8"
    )
    notice = tmp_path / "notice.txt"
    notice.write_text("The hall opens at six. Seats are limited.\n", encoding="utf-8")
    argv = ["--no-builtin-rules", "--no-cache", "--rules", str(tmp_path / "rules"), "-f", "json"]
    out, err = io.StringIO(), io.StringIO()
    main([*argv, str(promotional)], stdout=out, stderr=err)
    assert [f["rule"] for f in json.loads(out.getvalue())] == [
        "mine.Hype",
        "mine.Hype",
        "mine.Claim",
        "mine.Seats",
    ]
    out = io.StringIO()
    code = main([*argv, str(notice)], stdout=out, stderr=err)
    assert code == 0 and json.loads(out.getvalue()) == []


def test_quotations_promotional_reports_inside_a_quotation_only_in_an_advertorial(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    rules = {  # file name -> (category, extra header line, tokens)
        "Hype": ("hype", "", "stellar, dazzling"),
        "Claim": ("unsupported-claim", "", "experts agree"),
        "Sure": ("speculation", "quotations: promotional\n", "only a matter of time"),
    }
    for name, (category, header, tokens) in rules.items():
        text = f"extends: existence\ncategory: {category}\n{header}message: m\ntokens: [{tokens}]\n"
        (pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    quote = "“It is only a matter of time before the talks resume,” the minister said."
    unquoted = "It is only a matter of time before the talks resume."
    argv = ["--no-builtin-rules", "--no-cache", "--rules", str(tmp_path / "rules"), "-f", "json"]

    def rules_found(text: str) -> list[str]:
        article = tmp_path / "a.txt"
        article.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        main([*argv, str(article)], stdout=out, stderr=err)
        assert err.getvalue() == ""
        return [f["rule"] for f in json.loads(out.getvalue())]

    # In a report the quotation is the minister's; the writer's own words are still flagged.
    assert rules_found(f"The talks stalled on Monday. {quote}\n") == []
    assert rules_found(f"The talks stalled on Monday. {unquoted}\n") == ["mine.Sure"]
    # In an article the other rules mark as promotional, the quotation is part of the pitch.
    advert = "A stellar, dazzling show. Experts agree. "
    assert rules_found(f"{advert}{quote}\n") == [
        "mine.Hype", "mine.Hype", "mine.Claim", "mine.Sure"
    ]
    # A value it does not know is a load error naming the key and the file's line.
    (pack / "Sure.yaml").write_text(
        "extends: existence\ncategory: speculation\nquotations: never\nmessage: m\n"
        "tokens: [soon]\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main([*argv, str(tmp_path / "a.txt")], stdout=out, stderr=err) == 2
    assert "Sure.yaml:3" in err.getvalue() and "quotations" in err.getvalue()


def _pack(tmp_path: Path, rules: dict[str, tuple[str, str, str]]) -> list[str]:
    """Write one existence rule per entry (name -> category, extra header, tokens) and return
    the argv that lints with only them."""
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    for name, (category, header, tokens) in rules.items():
        text = f"extends: existence\ncategory: {category}\n{header}message: m\ntokens: [{tokens}]\n"
        (pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    return ["--no-builtin-rules", "--no-cache", "--rules", str(tmp_path / "rules"), "-f", "json"]


def _pack_with_hype_and_claim(
    tmp_path: Path, name: str, rule: tuple[str, str, str]
) -> list[str]:
    """`_pack` with two rules that together mark an article promotional ("stellar, dazzling",
    "experts agree") and `rule`, the one under test."""
    return _pack(tmp_path, {
        "Hype": ("hype", "", "stellar, dazzling"),
        "Claim": ("unsupported-claim", "", "experts agree"),
        name: rule,
    })


def _rules_found(argv: list[str], article: Path, text: str) -> list[str]:
    article.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    main([*argv, str(article)], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return [f["rule"] for f in json.loads(out.getvalue())]


def test_outside_promotional_narrows_a_rule_to_matching_sentences(tmp_path: Path) -> None:
    argv = _pack_with_hype_and_claim(
        tmp_path, "Paid", ("sponsored", "outside_promotional: ['\\bthis\\b']\n", "paid post")
    )
    article = tmp_path / "a.txt"
    report = "A paid post on Instagram promoted the drink. This is a paid post.\n"
    # Outside a promotional article only the sentence that speaks of the piece itself counts.
    assert _rules_found(argv, article, report) == ["mine.Paid"]
    found = _rules_found(argv, article, "A stellar, dazzling show. Experts agree. " + report)
    assert found.count("mine.Paid") == 2
    # Nor does a report of someone else's paid post count towards marking the article
    # promotional: with it, two findings are not enough.
    narrative = "A paid post promoted a stellar show. Another paid post said experts agree.\n"
    assert _rules_found(argv, article, narrative) == ["mine.Hype", "mine.Claim"]


def test_quoted_findings_alone_do_not_mark_an_article_promotional(tmp_path: Path) -> None:
    argv = _pack_with_hype_and_claim(
        tmp_path, "Sure", ("speculation", "quotations: promotional\n", "only a matter of time")
    )
    article = tmp_path / "a.txt"
    quoted_ad = "“A stellar, dazzling show. Experts agree. It is only a matter of time.”"
    # A ruling that quotes the advert: three findings in two categories, all of them quoted,
    # so the article is not promotional and the quoted speculation is the advertiser's.
    ruling = f"The ruling quoted the advert. {quoted_ad} The complaint was upheld.\n"
    assert _rules_found(argv, article, ruling) == ["mine.Hype", "mine.Hype", "mine.Claim"]
    # One finding in the writer's own words is not enough either; two are.
    one = f"A dazzling ruling quoted the advert. {quoted_ad}\n"
    assert "mine.Sure" not in _rules_found(argv, article, one)
    two = f"A stellar, dazzling ruling quoted the advert. {quoted_ad}\n"
    assert "mine.Sure" in _rules_found(argv, article, two)


@pytest.mark.parametrize(
    ("template", "rendered"),
    [
        ("'{match}' is hype", "'power move' is hype"),
        ("%s is hype", "power move is hype"),  # Vale's spelling
        ("'{match}' -> '{suggestion}'", "'power move' -> 'strong move'"),
        ("{match} in {colour}", "power move in {colour}"),  # unknown: left as written
        ("a stray { brace", "a stray { brace"),
        ("positional {0}", "positional {0}"),
        ("{match!r}", "'power move'"),
    ],
)
def test_render_message(template: str, rendered: str) -> None:
    values = {"match": "power move", "suggestion": "strong move"}
    assert render_message(template, values) == rendered
