"""The `classifier` rule type: a trained sentence model as a rule (linter/matchers/classifier.py,
linter/textmodel.py). These tests use small hand-written models, so they test the engine, not
the shipped weights (those are checked by each rule's own examples)."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from linter.cli import main
from linter.textmodel import (
    MODEL_FORMAT,
    LinearModel,
    feature_spans,
    quoted_spans,
    sentence_features,
    without_quotations,
)

# Flags a sentence holding "dazzling" (logit -2 + 4 = 2, probability 0.88); "lamp" pulls back.
MODEL = {
    "format": MODEL_FORMAT,
    "category": "hype",
    "bias": -2.0,
    "weights": {"u:dazzling": 4.0, "b:truly dazzling": 1.5, "u:lamp": -3.0, "_excl": 0.2},
}

RULE = """\
extends: classifier
category: hype
severity: info
message: "reads as hype ({score}): {cues}"
model: data/model.json
threshold: 0.5
"""


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make_pack(tmp_path: Path, rule: str = RULE, model: object = MODEL, extra: str = "") -> Path:
    pack = tmp_path / "rules" / "mine"
    (pack / "data").mkdir(parents=True, exist_ok=True)
    (pack / "Tone.yaml").write_text(textwrap.dedent(rule), encoding="utf-8")
    text = model if isinstance(model, str) else json.dumps(model)
    (pack / "data" / "model.json").write_text(text, encoding="utf-8")
    if extra:
        (pack / "Word.yaml").write_text(textwrap.dedent(extra), encoding="utf-8")
    return tmp_path / "rules"


def lint(rules: Path, article: Path) -> tuple[int, list[dict[str, object]], str]:
    code, out, err = run(
        ["--no-builtin-rules", "--no-cache", "--rules", str(rules), "--fail-on", "info", "-f",
         "json", str(article)]
    )
    return code, (json.loads(out) if out.strip() else []), err


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "post.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_flags_the_whole_sentence_and_quotes_its_strongest_words(tmp_path: Path) -> None:
    article = write(tmp_path, "The council met on Monday. The new menu is truly dazzling!\n")
    code, findings, err = lint(make_pack(tmp_path), article)
    assert err == "" and code == 1
    assert len(findings) == 1
    finding = findings[0]
    assert finding["rule"] == "mine.Tone" and finding["category"] == "hype"
    assert finding["match"] == "The new menu is truly dazzling!"
    assert (finding["line"], finding["column"]) == (1, 28)
    assert finding["message"] == "reads as hype (0.98): 'dazzling', 'truly dazzling'"


def test_a_sentence_below_the_threshold_passes(tmp_path: Path) -> None:
    article = write(tmp_path, "The dazzling lamp was fixed.\nThe report was published.\n")
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert findings == []


def test_it_stands_back_where_another_rule_of_its_category_flags_the_sentence(
    tmp_path: Path,
) -> None:
    word_rule = """\
    extends: existence
    category: {category}
    message: "'{{match}}'"
    tokens: [menu]
    """
    article = write(tmp_path, "The new menu is truly dazzling!\n")
    rules = make_pack(tmp_path, extra=word_rule.format(category="hype"))
    _, findings, _ = lint(rules, article)
    assert [f["rule"] for f in findings] == ["mine.Word"]
    # A finding of another category does not stand in for it.
    rules = make_pack(tmp_path, extra=word_rule.format(category="style"))
    _, findings, _ = lint(rules, article)
    assert sorted(str(f["rule"]) for f in findings) == ["mine.Tone", "mine.Word"]


# A phrase rule of the model's category that flags "stunning" (for the `score_rest` tests).
STUNNING_RULE = """\
extends: existence
category: hype
message: "'{match}'"
tokens: [stunning]
"""


def test_score_rest_reports_what_is_left_of_a_flagged_sentence_at_its_own_words(
    tmp_path: Path,
) -> None:
    word_rule = STUNNING_RULE
    article = write(
        tmp_path, "The stunning new menu is truly dazzling!\nThe stunning lamp works.\n"
    )
    rules = make_pack(tmp_path, rule=RULE + "score_rest: true\n", extra=word_rule)
    _, findings, _ = lint(rules, article)
    # The rest of the first sentence still scores 0.98 once "stunning" is blanked: a second
    # finding, spanning the words that weighed most. The second sentence's rest does not.
    assert [(f["rule"], f["match"], f["line"], f["column"]) for f in findings] == [
        ("mine.Word", "stunning", 1, 5),
        ("mine.Tone", "truly dazzling", 1, 26),
        ("mine.Word", "stunning", 2, 5),
    ]
    assert findings[1]["message"] == "reads as hype (0.98): 'dazzling', 'truly dazzling'"
    # Off by default: the phrase rule's finding stands for the sentence.
    rules = make_pack(tmp_path, extra=word_rule)
    _, findings, _ = lint(rules, article)
    assert [f["rule"] for f in findings] == ["mine.Word", "mine.Word"]
    # The blanked words are not scored: with "dazzling" itself flagged, nothing is left.
    rules = make_pack(
        tmp_path, rule=RULE + "score_rest: true\n", extra=word_rule.replace("stunning", "dazzling")
    )
    _, findings, _ = lint(rules, write(tmp_path, "The new menu is truly dazzling!\n"))
    assert [f["rule"] for f in findings] == ["mine.Word"]


def test_score_rest_also_scores_each_clause_of_the_rest_that_holds_no_flagged_words(
    tmp_path: Path,
) -> None:
    word_rule = STUNNING_RULE
    rules = make_pack(tmp_path, rule=RULE + "score_rest: true\n", extra=word_rule)
    # "lamp" pulls the whole rest under the threshold (0.27), but the second clause, which
    # holds no flagged words, is a claim of its own (0.88).
    for joint in ("; the", " - the", ", and the"):
        article = write(tmp_path, f"The stunning lamp is bright{joint} menu is dazzling.\n")
        _, findings, _ = lint(rules, article)
        assert [(f["rule"], f["match"]) for f in findings] == [
            ("mine.Word", "stunning"),
            ("mine.Tone", "dazzling"),
        ], joint
    # A clause that holds flagged words is scored only as part of the whole rest.
    article = write(tmp_path, "The menu is bright; the stunning lamp is dazzling.\n")
    _, findings, _ = lint(rules, article)
    assert [f["rule"] for f in findings] == ["mine.Word"]


def test_unless_evidence_clears_a_sourced_sentence(tmp_path: Path) -> None:
    article = write(
        tmp_path, "The new menu is dazzling, according to the Harbour Food Guide.\n"
    )
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert len(findings) == 1
    rules = make_pack(tmp_path, rule=RULE + "unless_evidence: [source]\n")
    _, findings, _ = lint(rules, article)
    assert findings == []


def test_threshold_must_be_a_probability(tmp_path: Path) -> None:
    rules = make_pack(tmp_path, rule=RULE.replace("threshold: 0.5", "threshold: 1.5"))
    code, _, err = run(
        ["--no-builtin-rules", "--no-cache", "--rules", str(rules), str(write(tmp_path, "x\n"))]
    )
    assert code == 2 and "threshold" in err and "probability" in err and ":6:" in err


WORD_RULE = """\
extends: existence
category: {category}
message: "'{{match}}'"
tokens: [{tokens}]
"""


def promotional_pack(tmp_path: Path, rule: str) -> Path:
    """A pack of `rule` (mine.Tone) and two phrase rules whose findings can mark an article as
    promotional: `subscribe` (sponsored) and `rumour` (speculation)."""
    rules = make_pack(
        tmp_path, rule=rule, extra=WORD_RULE.format(category="sponsored", tokens="subscribe")
    )
    rumour = WORD_RULE.format(category="speculation", tokens="rumour")
    (rules / "mine" / "Rumour.yaml").write_text(rumour, encoding="utf-8")
    return rules


def advert_ending(sentence: str) -> str:
    """An article the pack of `promotional_pack` marks as promotional (three findings in two
    categories), ending in `sentence`."""
    return f"Subscribe now. A rumour spreads. Subscribe today. {sentence}\n"


def tone_matches(rules: Path, tmp_path: Path, text: str) -> list[str]:
    _, findings, _ = lint(rules, write(tmp_path, text))
    return [str(f["match"]) for f in findings if f["rule"] == "mine.Tone"]


def test_a_lower_threshold_applies_in_an_article_the_other_rules_mark_as_promotional(
    tmp_path: Path,
) -> None:
    # The sentence scores 0.88: under the threshold of 0.95, over the article threshold of 0.5.
    rule = RULE.replace("threshold: 0.5", "threshold: 0.95") + "article_threshold: 0.5\n"
    rules = promotional_pack(tmp_path, rule)
    sentence = "The new menu is dazzling."

    def tone_findings(text: str) -> list[str]:
        return tone_matches(rules, tmp_path, text)

    assert tone_findings(f"{sentence}\n") == []
    # Three findings in two categories: a promotional article.
    assert tone_findings(advert_ending(sentence)) == [sentence]
    # Two findings, or three in one category, are not enough.
    assert tone_findings(f"Subscribe now. A rumour spreads. {sentence}\n") == []
    assert tone_findings(f"Subscribe now. Subscribe again. Subscribe today. {sentence}\n") == []
    # Three findings spread over a long report (under 4 per 1,000 words) are not enough either.
    filler = "The report was published on Monday after a long review. " * 100
    text = f"Subscribe now. A rumour spreads. {filler}Subscribe today. {sentence}\n"
    assert tone_findings(text) == []
    # The bar is the rule's to set.
    rules = promotional_pack(tmp_path, rule + "article_min_density: 0\n")
    assert tone_findings(text) == [sentence]


def test_in_an_advert_the_rest_of_a_flagged_sentence_has_its_own_threshold(
    tmp_path: Path,
) -> None:
    # "The stunning lamp is dazzling": "stunning" is flagged by a hype phrase rule, and the
    # rest scores 0.27: under an article threshold of 0.5 and over a rest threshold of 0.2; over
    # an article threshold of 0.2 and under a rest threshold of 0.3 (the rest's words are fewer,
    # so a rule may ask more of them than of a whole sentence).
    sentence = "The stunning lamp is dazzling."
    for rest_key, expected in (
        ("article_threshold: 0.5\n", []),
        ("article_threshold: 0.5\narticle_rest_threshold: 0.2\n", ["dazzling"]),
        ("article_threshold: 0.2\n", ["dazzling"]),
        ("article_threshold: 0.2\narticle_rest_threshold: 0.3\n", []),
    ):
        rules = promotional_pack(tmp_path, RULE + "score_rest: true\n" + rest_key)
        (rules / "mine" / "Stunning.yaml").write_text(STUNNING_RULE, encoding="utf-8")
        assert tone_matches(rules, tmp_path, advert_ending(sentence)) == expected, rest_key
        # Outside an advert the rule's own threshold stands.
        assert tone_matches(rules, tmp_path, f"{sentence}\n") == []


def test_the_models_own_findings_count_toward_the_promotional_bar(tmp_path: Path) -> None:
    # "truly dazzling" scores 0.97, over the threshold of 0.95; "dazzling" alone 0.88, over
    # only the article threshold. Two phrase findings fall short of the bar; the model's own
    # finding makes three, and then the article's other sentences are weighed as in an advert,
    # and a `context: promotional` rule reports too.
    rule = RULE.replace("threshold: 0.5", "threshold: 0.95") + "article_threshold: 0.5\n"
    rules = promotional_pack(tmp_path, rule)
    seats = WORD_RULE.format(category="sponsored", tokens="seats are limited")
    (rules / "mine" / "Seats.yaml").write_text(seats + "context: promotional\n", encoding="utf-8")
    pitch = "Subscribe now. A rumour spreads. The new menu is dazzling. Seats are limited."
    _, findings, _ = lint(rules, write(tmp_path, f"{pitch} It is truly dazzling.\n"))
    assert sorted(str(f["rule"]) + ": " + str(f["match"]) for f in findings) == [
        "mine.Rumour: rumour",
        "mine.Seats: Seats are limited",
        "mine.Tone: It is truly dazzling.",
        "mine.Tone: The new menu is dazzling.",
        "mine.Word: Subscribe",
    ]
    # Without the sentence the model flags on its own, the article does not read as promotional.
    _, findings, _ = lint(rules, write(tmp_path, f"{pitch}\n"))
    assert sorted(str(f["rule"]) for f in findings) == ["mine.Rumour", "mine.Word"]


def test_article_quotations_scores_the_quotations_of_a_promotional_article_only(
    tmp_path: Path,
) -> None:
    rules = promotional_pack(tmp_path, RULE + "article_threshold: 0.5\narticle_quotations: true\n")
    testimonial = "“The new menu is truly dazzling,” says Ana from Leeds."
    # In a neutral report the quotation is the speaker's: not scored.
    assert tone_matches(rules, tmp_path, f"The cafe opened on Monday. {testimonial}\n") == []
    # In an advertorial its testimonial is part of the pitch.
    advert = advert_ending(testimonial)
    assert tone_matches(rules, tmp_path, advert) == [testimonial]
    # Off by default.
    rules = promotional_pack(tmp_path, RULE + "article_threshold: 0.5\n")
    assert tone_matches(rules, tmp_path, advert) == []


def _cleared_by_default_not_with(tmp_path: Path, evidence: str, option: str, claim: str) -> Path:
    """Assert that `claim`, at the end of an advert, is cleared by the `evidence` key alone and
    flagged once `option` is added; return the pack with the option."""
    rule = RULE + "article_threshold: 0.5\n" + evidence
    assert tone_matches(promotional_pack(tmp_path, rule), tmp_path, advert_ending(claim)) == []
    rules = promotional_pack(tmp_path, rule + option)
    assert tone_matches(rules, tmp_path, advert_ending(claim)) == [claim]
    return rules


def test_article_seller_sources_discounts_the_seller_vouching_for_itself(
    tmp_path: Path,
) -> None:
    claim = "Acme says its new menu is dazzling."
    advert = advert_ending(claim)
    # "Acme says" names a source, which clears the sentence, in an advert too by default; with
    # the option, the seller's word for itself is not a source in an advert ...
    rules = _cleared_by_default_not_with(
        tmp_path, "unless_evidence: [source]\n", "article_seller_sources: true\n", claim
    )
    # ... nor when it speaks of its product by name ...
    named = "Acme says the Dazzler menu is dazzling."
    assert tone_matches(rules, tmp_path, advert.replace(claim, named)) == [named]
    # ... but another source still is, and in a report the seller is a source like any other.
    sourced = "Acme says its new menu is dazzling, according to the Good Food Guide."
    assert tone_matches(rules, tmp_path, advert.replace(claim, sourced)) == []
    assert tone_matches(rules, tmp_path, f"The cafe opened on Monday. {claim}\n") == []


def test_article_unless_evidence_narrows_the_evidence_in_a_promotional_article(
    tmp_path: Path,
) -> None:
    evidence = "unless_evidence: [figure, source]\n"
    claim = "The new menu is dazzling, and 40,000 diners agree."
    advert = advert_ending(claim)
    report = f"The cafe opened on Monday. {claim}\n"
    # By default a figure clears the sentence, in an advert as in a report; with the option,
    # an advert's own figure is part of its pitch ...
    option = "article_unless_evidence: [source]\n"
    rules = _cleared_by_default_not_with(tmp_path, evidence, option, claim)
    # ... a source still clears it, and in a report the figure still does.
    sourced = "The new menu is dazzling, according to the Good Food Guide."
    assert tone_matches(rules, tmp_path, advert.replace(claim, sourced)) == []
    assert tone_matches(rules, tmp_path, report) == []
    # An empty list: nothing clears a sentence in an advert.
    rule = RULE + "article_threshold: 0.5\n" + evidence + "article_unless_evidence: []\n"
    rules = promotional_pack(tmp_path, rule)
    assert tone_matches(rules, tmp_path, advert.replace(claim, sourced)) == [sourced]
    assert tone_matches(rules, tmp_path, report) == []


def test_article_unless_evidence_names_known_kinds(tmp_path: Path) -> None:
    rules = promotional_pack(tmp_path, RULE + "article_unless_evidence: [figure, rumour]\n")
    code, _, err = run(
        ["--no-builtin-rules", "--no-cache", "--rules", str(rules), str(write(tmp_path, "x\n"))]
    )
    assert code == 2 and "article_unless_evidence" in err and "'rumour'" in err


def test_requires_and_exceptions_filter_what_the_model_flags(tmp_path: Path) -> None:
    spoken = "Your new menu is dazzling."
    unspoken = "The new menu is dazzling."
    excepted = "Your new menu is dazzling when the lights are set to dim."
    options = 'requires: ["\\\\byour?\\\\b"]\nexceptions: ["\\\\bare set to\\\\b"]\n'
    rule = RULE + "article_threshold: 0.5\n" + options
    rules = promotional_pack(tmp_path, rule)
    # In a report: only the sentence that meets `requires` and escapes `exceptions`.
    report = f"The cafe opened on Monday. {unspoken} {spoken} {excepted}\n"
    assert tone_matches(rules, tmp_path, report) == [spoken]
    # In an advert, the same keys apply unless their `article_` forms say otherwise ...
    assert tone_matches(rules, tmp_path, advert_ending(f"{unspoken} {excepted}")) == []
    # ... and `[]` there lifts them.
    rules = promotional_pack(tmp_path, rule + "article_requires: []\narticle_exceptions: []\n")
    found = tone_matches(rules, tmp_path, advert_ending(f"{unspoken} {excepted}"))
    assert found == [unspoken, excepted]
    assert tone_matches(rules, tmp_path, report) == [spoken]


def test_requires_must_list_patterns_and_compile(tmp_path: Path) -> None:
    article = str(write(tmp_path, "x\n"))
    broken = (("requires: []\n", "requires"), ('exceptions: ["(unclosed"]\n', "exceptions"))
    for option, key in broken:
        rules = make_pack(tmp_path, rule=RULE + option)
        code, _, err = run(["--no-builtin-rules", "--no-cache", "--rules", str(rules), article])
        assert code == 2 and "Tone.yaml:" in err and key in err, err


def test_short_sentences_are_skipped(tmp_path: Path) -> None:
    article = write(tmp_path, "So dazzling.\n")
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert findings == []
    _, findings, _ = lint(make_pack(tmp_path, rule=RULE + "min_words: 2\n"), article)
    assert len(findings) == 1


@pytest.mark.parametrize(
    ("model", "extra_rule", "words"),
    [
        ("{not json", "", ["model", "not valid JSON"]),
        ({"format": "other", "category": "hype", "bias": 0, "weights": {}}, "", ["format"]),
        (
            {**MODEL, "format": "article-lint-linear-1"},
            "",
            ["article-lint-linear-1 format", "retrain", "train_model.py"],
        ),
        ({**MODEL, "weights": {"u:a": "high"}}, "", ["'weights'"]),
        ({**MODEL, "category": "speculation"}, "", ["trained for 'speculation'"]),
        (MODEL, "min_words: 0\n", ["min_words"]),
        (MODEL, "unless_evidence: [vibes]\n", ["unless_evidence", "vibes"]),
        (MODEL, "article_threshold: 0.7\n", ["article_threshold", "no higher than"]),
        (MODEL, "article_rest_threshold: 0.2\n", ["article_rest_threshold", "needs"]),
        (
            MODEL,
            "article_threshold: 0.3\narticle_rest_threshold: 0.6\n",
            ["article_rest_threshold", "no higher than `threshold`"],
        ),
        (
            MODEL,
            "article_threshold: 0.3\narticle_categories: [vibes]\n",
            ["unknown category 'vibes'"],
        ),
    ],
)
def test_a_broken_model_or_option_is_one_error_line(
    tmp_path: Path, model: object, extra_rule: str, words: list[str]
) -> None:
    rules = make_pack(tmp_path, rule=RULE + extra_rule, model=model)
    article = write(tmp_path, "Fine.\n")
    code, out, err = run(["--no-builtin-rules", "--no-cache", "--rules", str(rules), str(article)])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"article-lint: error: {rules / 'mine'}")
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_a_missing_model_file_names_it(tmp_path: Path) -> None:
    rules = make_pack(tmp_path, rule=RULE.replace("data/model.json", "data/gone.json"))
    code, _, err = run(
        ["--no-builtin-rules", "--no-cache", "--rules", str(rules), str(write(tmp_path, "x\n"))]
    )
    assert code == 2 and "gone.json" in err and ":5:" in err  # the line of `model:`


def test_sentence_features() -> None:
    text = "Intro. You’ll love the BEST deal at Harbour, up 50% to $30!"
    features = sentence_features(text, 7, len(text))
    names = set(features.names())
    assert {"u:you'll", "b:<s> you'll", "b:you'll love", "u:<pct>", "u:<num>", "u:$"} <= names
    assert {"_you", "_excl", "_pct", "_num", "_money", "_caps"} <= names
    assert "_est" not in names  # "best" is too short to be a -est superlative by shape
    assert features.words == 13
    spans = feature_spans(text, 7, len(text))
    assert text[slice(*spans["b:you'll love"])] == "You’ll love"
    assert text[slice(*spans["u:<pct>"])] == "50%"
    assert sentence_features("The greatest show.", 0, 18).style == ("_est", "_short")


def test_a_model_scores_the_same_after_the_rule_cache_pickles_it() -> None:
    import pickle

    model = LinearModel("hype", -2.0, MODEL["weights"], {"trained_on": ["t1"]})
    restored = pickle.loads(pickle.dumps(model, protocol=5))
    sentence = sentence_features("Truly dazzling lamp!", 0, 20)
    assert restored.logit(sentence) == model.logit(sentence) == -2.0 + 4.0 + 1.5 - 3.0 + 0.2
    cues = ["u:dazzling", "b:truly dazzling"]
    assert restored.strongest(sentence) == model.strongest(sentence) == cues
    assert (restored.category, restored.metadata) == ("hype", {"trained_on": ["t1"]})
    empty = pickle.loads(pickle.dumps(LinearModel("hype", 0.5, {}, {}), protocol=5))
    assert empty.logit(sentence) == 0.5


def test_words_in_a_quotation_are_not_features() -> None:
    text = '"This is a total game changer for us," the minister said.'
    features = sentence_features(text, 0, len(text))
    assert "game" not in features.unigrams and "minister" in features.unigrams
    assert "_quote" in features.style
    assert "u:game" not in feature_spans(text, 0, len(text))


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        # The first and the last sentence of a quotation of several sentences.
        ("Reyes tells an investor: “This is the best-kept secret in finance.",
         ["“This is the best-kept secret in finance."]),
        ("The banks don’t want ordinary people to know about it.”",
         ["The banks don’t want ordinary people to know about it.”"]),
        ('He said: "Nothing else on the market comes close.',
         ['"Nothing else on the market comes close.']),
        # Paired marks, and marks that quote too little to be a quotation, as before.
        ('He called it "the best deal in town by far" and left.',
         ['"the best deal in town by far"']),
        ('He called it "best" and then walked out of the room.', []),
        ("She said “fine” and left the building in a hurry.", []),
        # Marks pair in order: the words between two short quotations are not one.
        ('Our "Hot" new software takes you through the "easy" steps.', []),
        # An em dash garbled into "â€”" holds a closing quote mark; it quotes nothing.
        ("Our network is, quite simply, bulletproof â€” the kind big brands pay for.", []),
    ],
)
def test_quoted_spans_follow_a_quotation_across_sentences(sentence: str, quoted: list[str]) -> None:
    assert [sentence[low:high] for low, high in quoted_spans(sentence)] == quoted


def test_a_quotation_split_across_sentences_gives_no_features() -> None:
    text = "Reyes tells an investor by phone: “This is the best-kept secret in finance. Act now.”"
    first = sentence_features(text, 0, text.index("Act"))
    assert "secret" not in first.unigrams and "reyes" in first.unigrams
    assert "_quote" in first.style
    assert "u:secret" not in feature_spans(text, 0, text.index("Act"))


def test_without_quotations_blanks_every_sentence_of_a_long_quotation() -> None:
    text = (
        "Asked about the soup, she said: “The sour rye soup. It’s the most amazing thing. "
        "People come back for it.” Then she left.\n\n“An open quote in another paragraph"
    )
    view = without_quotations(text)
    assert len(view) == len(text)
    assert "amazing" not in view and "People" not in view
    assert view.startswith("Asked about the soup, she said: “") and "” Then she left." in view
    assert view.endswith("“An open quote in another paragraph")  # never across a blank line
    # Straight marks pair up only when a paragraph holds an even number of them.
    assert without_quotations('A 5" screen, a "quoted thing of some length" here.') == (
        'A 5" screen, a "quoted thing of some length" here.'
    )
    assert "quoted" not in without_quotations('A "quoted thing of some length" here.')


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_without_quotations_pairs_straight_marks_in_order_within_a_paragraph(newline: str) -> None:
    # The closing mark of "Hot" and the opening mark of the next paragraph's quotation once
    # made a quotation of everything between them, and with CRLF line endings no blank line
    # ended a paragraph.
    text = newline.join(
        [
            'Here is the hottest thing. Our "Hot" new software is FREE! Get it "now".',
            "",
            "LIMITED TIME OFFER!",
            "",
            'Our ""OPT-OUT"" system: to "OPT-OUT" of this list, "reply with the word remove".',
        ]
    )
    view = without_quotations(text)
    assert "FREE!" in view and "LIMITED TIME OFFER!" in view and "OPT-OUT" in view
    assert "remove" not in view  # a quotation of 20 characters or more is still blanked


def test_a_middle_sentence_of_a_quotation_is_not_scored(tmp_path: Path) -> None:
    article = write(
        tmp_path,
        "The chef said: “We opened in May. The new menu is truly dazzling. Book early.”\n",
    )
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert findings == []
    article = write(tmp_path, "We opened in May. The new menu is truly dazzling. Book early.\n")
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert [f["match"] for f in findings] == ["The new menu is truly dazzling."]


def test_names_are_one_feature_except_in_a_title() -> None:
    text = "Yesterday Tidewave launched its Nebula app in London, and I tried it."
    features = sentence_features(text, 0, len(text))
    assert "<name>" in features.unigrams and "i" in features.unigrams
    assert not {"tidewave", "nebula", "london"} & features.unigrams
    assert "yesterday <name>" in features.bigrams
    spans = feature_spans(text, 0, len(text))
    assert text[slice(*spans["u:<name>"])] == "Tidewave"  # a cue is quoted as written
    title = "Why Tidewave Is The Best Choice"
    assert {"tidewave", "best"} <= sentence_features(title, 0, len(title)).unigrams


def test_words_in_a_mention_are_not_scored(tmp_path: Path) -> None:
    article = write(tmp_path, "The regulator banned the “truly dazzling” claims in May.\n")
    _, findings, _ = lint(make_pack(tmp_path), article)
    assert findings == []
    sentence = "The regulator called the show truly dazzling in May."
    _, findings, _ = lint(make_pack(tmp_path), write(tmp_path, sentence + "\n"))
    assert [f["match"] for f in findings] == [sentence]
