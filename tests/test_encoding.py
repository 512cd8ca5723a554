"""The encoding pack as a user meets it: mojibake, lossy apostrophes, control and invisible
characters, replacement characters and HTML entities, with positions and repairs; plus the
seed article's 41 damaged apostrophes, pinned."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.cli import main
from linter.document import Document
from linter.engine import lint_document
from linter.model import Finding, RuleError
from linter.rules import RuleSet, load_rules

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_6168d3e40d533a2a.txt"
ENCODING_RULES = load_rules().filter(select=["encoding"])


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def lint(text: str, fmt: str = "text") -> list[Finding]:
    return lint_document(Document.from_text(text, fmt=fmt), ENCODING_RULES)


def found(text: str, fmt: str = "text") -> list[tuple[str, str, str | None]]:
    """(rule name, match, suggestion) of every encoding finding in `text`."""
    return [(f.rule.split(".", 1)[1], f.match, f.suggestion) for f in lint(text, fmt)]


# --- the seed ---------------------------------------------------------------------------------


def test_seed_reports_exactly_its_41_damaged_apostrophes() -> None:
    code, out, _ = run("--format", "json", "--select", "encoding", str(SEED))
    findings = json.loads(out)
    assert code == 1
    assert len(findings) == 41 == SEED.read_text(encoding="utf-8").count("ā")
    assert {f["rule"] for f in findings} == {"encoding.LossyMojibake"}
    for finding in findings:
        assert finding["severity"] == "error" and finding["category"] == "encoding"
        assert finding["match"].count("ā") == 1
        assert finding["suggestion"] == finding["match"].replace("ā", "\u2019")
        assert finding["end_column"] - finding["column"] == len(finding["match"])
        assert finding["match"] in finding["message"]
    by_position = {(f["line"], f["column"]): f for f in findings}
    # Positions counted by hand in the seed (1-based, characters).
    for line, column, match, suggestion in [
        (1, 96, "Theyāre", "They’re"),
        (1, 213, "isnāt", "isn’t"),
        (9, 373, "Indiaās", "India’s"),
        (12, 114, "Russiaās", "Russia’s"),
        (13, 31, "cryptoās", "crypto’s"),
    ]:
        finding = by_position[(line, column)]
        assert (finding["match"], finding["suggestion"]) == (match, suggestion)


def test_fix_repairs_the_seed_and_leaves_nothing_to_report(tmp_path: Path) -> None:
    copy = tmp_path / "article.txt"
    shutil.copyfile(SEED, copy)
    code, _, _ = run("--fix", "--select", "encoding", str(copy))
    repaired = copy.read_text(encoding="utf-8")
    assert code == 0
    assert "ā" not in repaired and repaired.count("’") == 41
    assert "They’re not just playing around" in repaired
    assert run("--select", "encoding", str(copy))[0] == 0


def test_fix_repairs_mojibake_whose_second_half_is_a_soft_hyphen(tmp_path: Path) -> None:
    """"í" read as Windows-1252 is "Ã" and a soft hyphen: the invisible-character rule must
    leave the soft hyphen to the mojibake repair, or --fix deletes it and leaves "MartÃn"."""
    article = tmp_path / "a.md"
    article.write_text("MartÃ\u00adn GÃ³mez visited the paÃ\u00ads.\n", encoding="utf-8")
    assert [f[0] for f in found(article.read_text(encoding="utf-8"))] == ["Mojibake"] * 3
    assert run("--fix", "--select", "encoding", str(article))[0] == 0
    assert article.read_text(encoding="utf-8") == "Martín Gómez visited the país.\n"


# --- mojibake ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("Theyâ€™re", "They’re"),
        ("CafÃ©", "Café"),
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("CafÃƒÂ©", "Café"),  # two layers
        ("Ã¢â‚¬â„¢s", "’s"),  # two layers of a curly apostrophe
        ("rÃ©sumÃ©", "résumé"),
        ("GrÃ¶ÃŸe", "Größe"),
        ("ZaÅ¼Ã³Å‚Ä‡", "Zażółć"),
        ("вЂ™", "’"),  # Windows-1251
        ("ā€™", "’"),  # Windows-1257
        ("Â£5", "£5"),
        ("Iâ\x80\x99m", "I’m"),  # Latin-1 instead of Windows-1252
        ("itâ€\x99s", "it’s"),  # the two mixed
    ],
)
def test_mojibake_is_reported_as_the_word_with_its_repair(damaged: str, repaired: str) -> None:
    text = f"The word {damaged} appears in this sentence."
    findings = lint(text)
    assert [(f.rule, f.match, f.suggestion) for f in findings] == [
        ("encoding.Mojibake", damaged, repaired)
    ]
    assert findings[0].column == len("The word ") + 1
    assert f"it should read '{repaired}'" in findings[0].message


@pytest.mark.parametrize(
    ("text", "damaged", "repaired"),
    [
        # A correct quote mark or bracket glued to the damaged word.
        ("Shops say “donâ€™t miss out” to rush you.", "donâ€™t", "don’t"),
        ("We (donâ€™t) go there.", "donâ€™t", "don’t"),
        # A correct letter in the damaged word: the damage alone is repaired.
        ("He said: â€œZürich is one of our busiest routes.", "â€œ", "“"),
        # A garbled em dash ends in a closing quote mark, which stays part of the damage.
        ("It is fast â€” and cheap.", "â€”", "—"),
    ],
)
def test_mojibake_next_to_correct_characters(text: str, damaged: str, repaired: str) -> None:
    assert [(f.rule, f.match, f.suggestion) for f in lint(text)] == [
        ("encoding.Mojibake", damaged, repaired)
    ]


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("â–º", "►"),  # ftfy finds these not bad enough to undo
        ("ÅžiÅŸli", "Şişli"),
        ("wÅ‚asny", "własny"),
        ("DoÄŸan", "Doğan"),
    ],
)
def test_mojibake_ftfy_leaves_alone_is_decoded_strictly(damaged: str, repaired: str) -> None:
    assert found(f"We went to {damaged} on Monday.") == [("Mojibake", damaged, repaired)]


@pytest.mark.parametrize(
    "text",
    [
        "I love the café…” she said.",  # é … ” are the bytes of a Chinese character
        "IL Y A MARQUÉ… ET PÅ… RIEN.",  # capitals, then an ellipsis: Ʌ and Ņ
        "UMEÅ’S HARBOUR IS OPEN.",  # a capital and a quotation mark: Œ
        "Ligatures: æœÆŒﬀ are letters.",  # ÆŒ would be ƌ, outside the European letters
    ],
)
def test_strict_decoding_leaves_correct_look_alikes(text: str) -> None:
    assert found(text) == []


def test_mojibake_with_a_lost_byte_has_no_suggestion() -> None:
    [finding] = lint("He said â€œhiâ€\ufffd and left.")
    assert finding.rule == "encoding.Mojibake" and finding.match == "â€œhiâ€\ufffd"
    assert finding.suggestion is None and "lost" in finding.message


CLEAN_TEXTS = [
    "They’re “quoted” — correctly… it’s a café’s menu, naïve résumé, coöperate.",
    "We met in São Miguel, Ponta Delgada; the Açores are lovely.",
    "Donāts dzīvo Rīgā. Viņš strādā skolā un mājās lasa grāmatas. Tās ir labas dienās.",
    "Il faut connaître la façade du château. « Déjà vu », dit-il à l’hôtel — très élégant.",
    "Die Größe der Straße ist schön; Müller’s Bäckerei öffnet um 7 Uhr.",
    "¿Qué pasa, señor? Mañana vamos a la montaña. ¡Olé!",
    "Zażółć gęślą jaźń. Łódź jest piękna, a Kraków też.",
    "Всё хорошо, спасибо. В тот день он вернулся домой.",
    "Η Αθήνα είναι όμορφη. İstanbul’da güzel bir gün. Dvořák, Erdős, Þórður, Ærø.",
    "Symbols: 30°C, £5, €5, ±3, ×2, ½ cup, ©2024, ®, ™, §4, •, «quote», µs, x² + y³.",
    "Emoji: 👍🏽 👨\u200d👩\u200d👧 and Persian می\u200cخواهم and Thai สวัสดี\u200bครับ.",
    "Français: «Âme», Être, Ôter, Île, Ça, Œuvre, pâté, tête-à-tête, maître, goût.",
    "Hawaiian Kalākaua and Māori whānau; Rīga’s old town and Jūrmala’s beaches.",
    "He read the Vedās in the evening, and the other Sanskrit texts at night.",
    "AT&T; R&D; Q&A and &notanentity; stay as they are.",
    "Tabs\tand\r\nCRLF line breaks are fine.",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_correct_text_in_many_languages_is_not_flagged(text: str) -> None:
    assert found(text) == []


# --- lossy apostrophes ------------------------------------------------------------------------


def test_lossy_apostrophes_from_other_code_pages() -> None:
    text = "I donât think itâs over, and weâll see. The plan wasnвt ready, and Iâm sure."
    assert found(text) == [
        ("LossyMojibake", "donât", "don’t"),
        ("LossyMojibake", "itâs", "it’s"),
        ("LossyMojibake", "weâll", "we’ll"),
        ("LossyMojibake", "wasnвt", "wasn’t"),
        ("LossyMojibake", "Iâm", "I’m"),
    ]


def test_latvian_article_passes_but_the_same_words_in_english_damage_do_not() -> None:
    latvian = (
        "Donāts dzīvo Rīgā, un viņš bieži ir mājās divās dienās. Visās dienās tās ir jaunas "
        "grāmatas, un bērni tās lasa ar prieku. Tās ir labas grāmatas.\n"
    ) * 5
    assert found(latvian) == []
    english = "This isnāt new: it is Indiaās turn, and theyāre ready for it."
    assert [match for _, match, _ in found(english)] == ["isnāt", "Indiaās", "theyāre"]


def test_possessive_alone_needs_a_contraction_with_the_same_damage() -> None:
    assert found("It is Indiaās turn to lead the digital race in the region.") == []
    # A contraction damaged through another code page (â) proves nothing about ā.
    assert [m for _, m, _ in found("It is Indiaās turn; I donât know why.")] == ["donât"]


def test_lost_quotation_marks_and_dashes() -> None:
    text = (
        "âWeâre thrilled to bring it to market,â said Dana. âOur customers say it is the "
        "best they have seen.â It isnât cheap â but it is the best one, and the Smithsâ house "
        "agrees."
    )
    findings = lint(text)
    assert [(f.match, f.suggestion) for f in findings] == [
        ("âWeâre", "“We’re"),
        ("market,â", "market,”"),
        ("âOur", "“Our"),
        ("seen.â", "seen.”"),
        ("isnât", "isn’t"),
        ("â", None),  # a dash, but en or em nobody can tell
        ("Smithsâ", "Smiths’"),
    ]
    assert "damaged quotation mark and apostrophe" in findings[0].message
    assert "damaged dash" in findings[5].message and findings[5].fixable is False


def test_quotes_alone_are_not_proof_of_damage() -> None:
    # No contraction shows the damage, so a letter where a quotation mark could go passes.
    assert found("âThis is it,â she said, and the rest of the story is plain.") == []
    # β and в are words of their own; only the contraction is damage.
    assert found("The model isnβt fitted: its β is 0.5 and the rest of the fit is good.") == [
        ("LossyMojibake", "isnβt", "isn’t")
    ]


def test_capitals_keep_their_case_in_the_repair() -> None:
    assert found("ISNĀT IT THE CASE THAT THEYĀRE HERE?") == [
        ("LossyMojibake", "ISNĀT", "ISN’T"),
        ("LossyMojibake", "THEYĀRE", "THEY’RE"),
    ]


# --- control, replacement and invisible characters --------------------------------------------


def test_c1_controls_read_as_windows_1252() -> None:
    findings = lint("It\x92s a \x93yes\x94 and a bell\x07 here.")
    assert [(f.match, f.suggestion) for f in findings] == [
        ("It\x92s", "It’s"),
        ("\x93yes\x94", "“yes”"),
        ("bell\x07", None),
    ]
    assert {f.rule for f in findings} == {"encoding.ControlCharacter"}
    assert "U+0093 and U+0094" in findings[1].message


def test_characters_inside_mojibake_are_reported_once() -> None:
    # The \x9d and the U+FFFD belong to the mojibake; no control/replacement finding on top.
    assert [rule for rule, _, _ in found("See â€œthisâ€\x9d and â€œthatâ€\ufffd.")] == [
        "Mojibake",
        "Mojibake",
    ]


def test_replacement_character_has_no_suggestion() -> None:
    [finding] = lint("The team\ufffds plan.")
    assert (finding.rule, finding.match, finding.suggestion) == (
        "encoding.ReplacementCharacter",
        "team\ufffds",
        None,
    )
    assert (finding.line, finding.column, finding.end_column) == (1, 5, 11)


def test_invisible_characters_in_words_are_removed_by_the_suggestion() -> None:
    text = "\ufeffA Sup\u200bport team, a pro\u00admotion and a\ufeffstray mark."
    findings = lint(text)
    assert [(f.match, f.suggestion) for f in findings] == [
        ("Sup\u200bport", "Support"),
        ("pro\u00admotion", "promotion"),
        ("a\ufeffstray", "astray"),
    ]
    assert all(f.severity.label == "warning" and f.fixable for f in findings)
    assert "zero-width space (U+200B)" in findings[0].message


# --- HTML entities ----------------------------------------------------------------------------


def test_entities_in_plain_text() -> None:
    assert found("It&#8217;s &ldquo;here&rdquo; &amp; &#x2014; done.") == [
        ("HtmlEntity", "&#8217;", "’"),
        ("HtmlEntity", "&ldquo;", "“"),
        ("HtmlEntity", "&rdquo;", "”"),
        ("HtmlEntity", "&amp;", "&"),
        ("HtmlEntity", "&#x2014;", "—"),
    ]


def test_markup_may_use_entities_but_not_double_escaped_ones() -> None:
    markdown = "It&rsquo;s &amp; fine, but &amp;#8217; and &amp;amp; are not. `&amp;amp;`\n"
    assert found(markdown, "markdown") == [
        ("DoubleEscapedEntity", "&amp;#8217;", "’"),
        # In markup an ampersand must stay escaped: suggest the single entity.
        ("DoubleEscapedEntity", "&amp;amp;", "&amp;"),
    ]
    assert found("It&amp;#8217;s and &amp;amp;quot;", "text") == [
        ("DoubleEscapedEntity", "&amp;#8217;", "’"),
        ("DoubleEscapedEntity", "&amp;amp;quot;", '"'),
    ]


# --- positions in markup, the CLI, options ----------------------------------------------------


def test_markdown_code_is_skipped_and_positions_are_right(tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text(
        "# Title\r\n\r\n```\r\nprint('CafÃ©')\r\n```\r\n\r\nMeet at the CafÃ© and\u200bgo.\r\n",
        encoding="utf-8",
    )
    code, out, _ = run("--format", "json", "--select", "encoding", str(article))
    findings = json.loads(out)
    assert code == 1
    assert [(f["line"], f["column"], f["match"]) for f in findings] == [
        (7, 13, "CafÃ©"),
        (7, 19, "and\u200bgo"),
    ]


def test_clean_file_exits_0_and_does_not_import_ftfy(tmp_path: Path) -> None:
    article = tmp_path / "clean.txt"
    article.write_text("They’re fine — it’s a café in São Miguel.\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from linter.rules import load_rules\n"
        "from linter.engine import lint_text\n"
        "rules = load_rules().filter(select=['encoding'])\n"
        f"text = open({str(article)!r}, encoding='utf-8').read()\n"
        "assert lint_text(text, rules) == []\n"
        "print('ftfy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert run("--select", "encoding", str(article))[0] == 0


def _rule_dir(tmp_path: Path, body: str) -> Path:
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "Damage.yaml").write_text(body, encoding="utf-8")
    return tmp_path / "rules"


def test_unsafe_rule_keeps_suggestions_but_is_not_fixable(tmp_path: Path) -> None:
    rules_dir = _rule_dir(
        tmp_path,
        "extends: encoding\ndetect: mojibake\nsafe: false\ncategory: encoding\n"
        "message: \"'{match}' is damaged\"\n",
    )
    rules = load_rules([rules_dir], builtin=False)
    [finding] = lint_document(Document.from_text("A CafÃ© here."), rules)
    assert finding.suggestion == "Café" and not finding.fixable


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("extends: encoding\ncategory: encoding\nmessage: x\n", "detect"),
        ("extends: encoding\ndetect: gremlins\ncategory: encoding\nmessage: x\n", "one of"),
        (
            "extends: encoding\ndetect: mojibake\nenglish_words: [the]\n"
            "category: encoding\nmessage: x\n",
            "lossy-punctuation",
        ),
    ],
)
def test_bad_options_are_load_errors(tmp_path: Path, body: str, complaint: str) -> None:
    rules_dir = _rule_dir(tmp_path, body)
    with pytest.raises(RuleError, match=complaint):
        load_rules([rules_dir], builtin=False)


def test_custom_english_words_decide_the_context(tmp_path: Path) -> None:
    rules_dir = _rule_dir(
        tmp_path,
        "extends: encoding\ndetect: lossy-punctuation\nenglish_words: [zork]\n"
        "category: encoding\nmessage: \"'{match}'\"\n",
    )
    rules = RuleSet(tuple(load_rules([rules_dir], builtin=False)))
    text = "alpha beta gamma delta isnāt epsilon zeta eta theta iota kappa"
    assert lint_document(Document.from_text(text), rules) == []
    zorky = "zork zork zork isnāt zork zork"
    assert [f.match for f in lint_document(Document.from_text(zorky), rules)] == ["isnāt"]


# --- robustness -------------------------------------------------------------------------------

_TRICKY = "aZ â€™œ\x9d\x92ÃƒÂ©āвβ.,\"' \n\t&amp;#;\u200b\u00ad\ufeff\ufffd\x07éšğ"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=80))
def test_any_text_gives_well_formed_findings(text: str) -> None:
    for finding in lint(text):
        assert 0 <= finding.offset < finding.end_offset <= len(text)
        assert finding.match == text[finding.offset : finding.end_offset]
        assert finding.suggestion != finding.match
