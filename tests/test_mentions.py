"""Words quoted to talk about them are mentions, not claims (linter/mentions.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.document import Document, inside, starts_inside
from linter.mentions import mention_spans


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ('The advert described the drink as "clinically proven to boost stamina".',
         ['"clinically proven to boost stamina"']),
        ("Somnio Air is advertised as “the coolest mattress you’ll ever sleep on”. We tested it.",
         ["“the coolest mattress you’ll ever sleep on”"]),
        ("Sellers use phrases such as “Offer ends tonight” to rush buyers.",
         ["“Offer ends tonight”"]),
        ("the phrase “no risk” appears often", ["“no risk”"]),
        ("“Clinically proven” should refer to a published study.", ["“Clinically proven”"]),
        # alone on its line, or after a label's colon (heading and list markers are blank)
        ("Claim 3: “Doctors don’t want you to know about this”\nThe claim is false.",
         ["“Doctors don’t want you to know about this”"]),
        ("  “Offer ends at midnight”\n  “Exclusive deal — today only”\n",
         ["“Offer ends at midnight”", "“Exclusive deal — today only”"]),
        # named, read out, or what a piece of copy said
        ("an article labelled “sponsored content” next to the news", ["“sponsored content”"]),
        ("A typical line reads: “This content was paid for by our partner.”",
         ["“This content was paid for by our partner.”"]),
        ("a countdown timer reading “Offer ends tonight,” which reset daily",
         ["“Offer ends tonight,”"]),
        ("One advertisement, which ran from June 2022, stated: “Clinically proven to work.”",
         ["“Clinically proven to work.”"]),
        ('On "Guaranteed to outlast any other brand", the ASA noted that it had no test data.',
         ['"Guaranteed to outlast any other brand"']),
        # advertising and marketing are copy too
        ('One operator\'s advertising claims customers "save thousands" in their first year.',
         ['"save thousands"']),
        ("Its marketing promises buyers will “never pay for a repair again”.",
         ["“never pay for a repair again”"]),
        ("The page carried the line “Trusted by 500,000 customers”.",
         ["“Trusted by 500,000 customers”"]),
        # a bare page, a letter, a listicle, a blog or a feature is copy too
        ("The listicle said that Circuit's applicants “receive offers at a rate no rival can "
         "match”.", ["“receive offers at a rate no rival can match”"]),
        ('The same page says prices "are expected to rise sharply this autumn".',
         ['"are expected to rise sharply this autumn"']),
        ("One founder's letter to customers, seen by us, said that “independent labs have "
         "confirmed” its product's performance.",
         ["“independent labs have confirmed”"]),
        # copy reported without quotation marks, to the end of its clause
        ("Shoppers see a red banner saying stock is nearly gone, and a timer.",
         ["stock is nearly gone"]),
        ("Texts claiming that the parcel is held at customs, with a link, are a scam.",
         ["the parcel is held at customs"]),
        # a quotation that qualifies a kind of copy
        ("Maker fined over “clinically proven” weight-loss claims", ["“clinically proven”"]),
        # lists: every item of a list a mention opens, and a list after a colon or opening a line
        ("terms such as “#sp,” “#spon” or “thanks to [brand]” are not enough",
         ["“#sp,”", "“#spon”", "“thanks to [brand]”"]),
        ("labels attached to it: “Sponsored,” “Paid partnership,” “Presented by.” They differ.",
         ["“Sponsored,”", "“Paid partnership,”", "“Presented by.”"]),
        ("**“Sponsored” or “Sponsored content.”** Usually means the advertiser paid.",
         ["“Sponsored”", "“Sponsored content.”"]),
        # what the copy told its readers, with the copy's other quotations between
        ('The advert claimed the clinic offered "the best implants abroad" and urged readers to '
         '"book now - only 10 places left".',
         ['"the best implants abroad"', '"book now - only 10 places left"']),
        ('The adverts told viewers: "Experts agree: nothing works faster."',
         ['"Experts agree: nothing works faster."']),
        # a list whose last item's noun marks it: every item is mentioned
        ('It convicted on the "clinically proven", "rebuild cartilage" and "experts agree" claims.',
         ['"clinically proven"', '"rebuild cartilage"', '"experts agree"']),
        ("a “limited-time offer” banner that ran for 14 months", ["“limited-time offer”"]),
        # a hashtag named as one, or quoted
        ("The hashtag #gifted was not enough to disclose the fee.", ["#gifted"]),
        ('The posts were tagged "#gifted" rather than "#ad".', ['"#gifted"', '"#ad"']),
        # a numbered heading that quotes (its "## " is blank in the prose view), and a
        # quotation that is the subject of a verb
        ('   2. "Boosts your immunity"\nThe wording is not authorised.',
         ['"Boosts your immunity"']),
        ('"Boosts immunity" goes further than the authorised wording.', ['"Boosts immunity"']),
        # a verdict on the copy, and a quotation qualifying a promise
        ('It ruled that "grab yours before they\'re gone" created a false sense of urgency.',
         ['"grab yours before they\'re gone"']),
        ('Officers also examined the "guaranteed results" promise.', ['"guaranteed results"']),
        ('It asked whether "the finest beach" and "Britain\'s favourite resort" were misleading.',
         ['"the finest beach"', '"Britain\'s favourite resort"']),
        # what a claim said, and copy that said, claimed or added something
        ('It must not repeat claims that the hotel had "the finest beach in the world".',
         ['"the finest beach in the world"']),
        ('It ruled that an advert claiming a powder would "erase wrinkles in 30 days" misled.',
         ['a powder would "erase wrinkles in 30 days"']),
        ('A caption added: "The only tea nutritionists swear by."',
         ['"The only tea nutritionists swear by."']),
        ('A post claimed it was "clinically proven to banish bloating".',
         ['"clinically proven to banish bloating"']),
        ('The website told visitors to "Book now - only 5 slots left!"',
         ['"Book now - only 5 slots left!"']),
        ('The voiceover said: "Get 80% off today."', ['"Get 80% off today."']),
        ('Adverts for a supplement that claimed to be "clinically proven to stop hot flushes".',
         ['"clinically proven to stop hot flushes"']),
        ('Promotions told customers "Only 200 bottles left at this price".',
         ['"Only 200 bottles left at this price"']),
        # what readers were told to do, by an advert the sentence does not name again
        ('Another told readers to "join over 3,000 investors who have already secured".',
         ['"join over 3,000 investors who have already secured"']),
        # a headline's verdict on the copy, its verb left out
        ('## Hair serum: "clinically proven" not substantiated', ['"clinically proven"']),
        ('### "Clinically proven" without a clinical trial', ['"Clinically proven"']),
        # a quotation that names a kind of post or copy
        ('Promoter fined £380,000 over "guaranteed returns" posts', ['"guaranteed returns"']),
        ("Promoter jailed over “guaranteed returns” scheme", ["“guaranteed returns”"]),
        # examples a guide lists, "or simply" one more
        ('Common forms include "We may earn a commission" or simply "affiliate link".',
         ['"We may earn a commission"', '"affiliate link"']),
        # described as able to do what the quotation says
        ('The box describes the purifier as able to "remove 99.97% of airborne viruses".',
         ['"remove 99.97% of airborne viruses"']),
        # what the copy said goes on to the end of its sentence
        ('Further text stated "Our formula works 3x faster" and, beneath a countdown timer, '
         '"Introductory price ends at midnight". A customer said "It works."',
         ['"Our formula works 3x faster"', '"Introductory price ends at midnight"']),
        # what readers take the words to mean, or treat them as
        ('Consumers would understand "boost your immunity" and "year-round protection" to '
         "mean more than that.", ['"boost your immunity"', '"year-round protection"']),
        ('The ASA treats "clinically proven" as a strong claim.', ['"clinically proven"']),
        # a claim reported without quotation marks: a self-description, what an advert implied
        ("Voltline describes itself as the fastest-growing battery company in Britain. Why?",
         ["the fastest-growing battery company in Britain"]),
        ("The adverts implied that ordinary investors could replace their salaries.",
         ["ordinary investors could replace their salaries"]),
        ('A serum went further, describing itself as the product that "dermatologists '
         'recommend more than any other". It costs $59.',
         ['the product that "dermatologists recommend more than any other"']),
        ("It calls itself, fairly, a workshop.", []),
        # what an advert told its audience, and what copy calls a thing
        ('One told owners that "buyers are queuing" and that "the market is shaping up to be '
         'the strongest in a decade".',
         ['"buyers are queuing"', '"the market is shaping up to be the strongest in a decade"']),
        ('Some posts call a pool "risk-free" or "the safest".', ['"risk-free"', '"the safest"']),
        ('Its posts have called Larder & Flint "the most exciting opening in the North".',
         ['"the most exciting opening in the North"']),
        ('A sponsored feature about the train called it "the finest luxury train in the world".',
         ['"the finest luxury train in the world"']),
        ('A shared thread said that nasal breathing at night was "proven to boost immunity".',
         ['"proven to boost immunity"']),
        ('One website states that contrast bathing is "scientifically proven to melt stress".',
         ['"scientifically proven to melt stress"']),
        ('One site claimed to be "trusted by more households than any other chemist".',
         ['"trusted by more households than any other chemist"']),
        ('Its operators market it as "the slowest express train in the world".',
         ['"the slowest express train in the world"']),
        ('Some providers advertise "the best pass rate in the country".',
         ['"the best pass rate in the country"']),
        ('Many used deadlines, for example "only 14 places remain".', ['"only 14 places remain"']),
        ("The landing page, which said that the firm's strike rate was \"the envy of every "
         'tipping service\", drew two complaints.', ['"the envy of every tipping service"']),
        ('An advertising feature for the company said it was "widely tipped" to open in Leeds.',
         ['"widely tipped"']),
        ('Traders follow the old saying "buy the rumour, sell the news".',
         ['"buy the rumour, sell the news"']),
        # a partial quotation in what copy said, the verb inside it; the copy named after the
        # verb; the copy of a release, an article or an email to supporters
        ('The advert states that gas prices "are certain to climb again next winter".',
         ['"are certain to climb again next winter"']),
        ('The charity also says in the release that match funding is "all but in the bag".',
         ['"all but in the bag"']),
        ('The article states that rents "will only go one way".', ['"will only go one way"']),
        ('An email from the campaign told supporters that "gates will double" and that '
         'promotion was "practically guaranteed" once a pitch was laid.',
         ['"gates will double"', '"practically guaranteed"']),
        ('The founder says that rents "will only go one way".', []),
        ('Customers keep saying "best purchase ever".', []),
        ("The founder insisted on “no compromise” at the launch.", []),
        ("The stock moved less than the implied move eight times.", []),
        # a quotation that is the subject of a verdict, or names a tool
        ('It said that "could 10x by spring" reflected comments made by members.',
         ['"could 10x by spring"']),
        ('Using the platform\'s "paid partnership" tool is encouraged.', ['"paid partnership"']),
        # reported speech is not a mention, nor are a customer's words listed in a sentence
        ("Customers call it “magical,” “life-changing” and “the best buy ever.”", []),
        ("“Best purchase ever,” says Jenna from Leeds.", []),
        ('"It changed my life" says Jenna, and "I sleep better" adds Tom.', []),
        ('"The best coffee in town," said the owner, who opened in May.', []),
        ("The founder told us the app is “the best thing to happen to sales”, and smiled.", []),
        ('The coach told readers to relax. "Swimming is not a chore," she said.', []),
        ("No quotation here at all.", []),
        # what fraudsters say, reported without quotation marks, to the end of the sentence
        ("Fraudsters use a script. They say a coin could soar 1,000% and that you can earn"
         " $5,000 in 30 days. Report it.",
         ["a coin could soar 1,000% and that you can earn $5,000 in 30 days"]),
        # "they" with no fraudster before it is the seller's pitch passed on
        ("They told me only three slots are left. They say it lasts a generation.", []),
        ("Scammers often claim the product has been independently verified.",
         ["the product has been independently verified"]),
        # ... but not a vague crowd: that is claims.VagueAttribution's to report
        ("Experts say the coin could soar 1,000%.", []),
    ],
)
def test_mention_spans(text: str, mentioned: list[str]) -> None:
    assert [text[low:high] for low, high in mention_spans(text)] == mentioned


def test_inside() -> None:
    spans = [(5, 10), (20, 30)]
    assert inside(spans, 6, 9) and inside(spans, 20, 30) and inside(spans, 5, 10)
    assert not inside(spans, 4, 9) and not inside(spans, 25, 31) and not inside([], 1, 2)


def test_starts_inside() -> None:
    spans = [(5, 10), (20, 30)]
    assert starts_inside(spans, 6) and starts_inside(spans, 20) and starts_inside(spans, 29)
    assert not starts_inside(spans, 4) and not starts_inside(spans, 10)
    assert not starts_inside(spans, 31) and not starts_inside([], 1)


def run_json(path: Path) -> list[dict[str, object]]:
    out = io.StringIO()
    main(["--format", "json", "--no-cache", str(path)], stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_a_fact_check_quoting_an_advert_is_clean_and_the_advert_is_not(tmp_path: Path) -> None:
    check = tmp_path / "check.md"
    check.write_text(
        "# Three claims, checked\n\n"
        "## Claim 1: “Clinically proven to melt belly fat”\n\n"
        'The advert described the tea as "clinically proven to melt belly fat". The cited trial '
        "enrolled 12 people and found no difference.\n\n"
        "Sellers lean on phrases such as “Order now and save 50%”.\n",
        encoding="utf-8",
    )
    assert run_json(check) == []
    advert = tmp_path / "advert.md"
    advert.write_text(
        "Our tea is clinically proven to melt belly fat. Order now and save 50%.\n",
        encoding="utf-8",
    )
    rules = {str(f["rule"]) for f in run_json(advert)}
    assert "claims.ProofClaim" in rules and "sponsored.UndisclosedCallToAction" in rules


def test_a_court_report_quoting_the_adverts_it_judged_is_clean(tmp_path: Path) -> None:
    report = tmp_path / "court.md"
    report.write_text(
        'The court heard that the adverts described the capsules as "clinically proven to '
        'rebuild cartilage in 28 days" and told viewers: "Experts agree: nothing works faster '
        'for stiff knees."\n\n'
        'It convicted on the counts relating to the "clinically proven", "rebuild cartilage" '
        'and "experts agree" claims, and on a "limited-time offer" banner.\n\n'
        "The regulator found that the hashtag #gifted was not sufficient to make clear that "
        "the post was an advert.\n",
        encoding="utf-8",
    )
    # The second paragraph is also kept from the claims model: the words it quotes are blank
    # in the view the sentence models score (linter/matchers/classifier.py).
    assert run_json(report) == []


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("jailed over 'guaranteed returns' scheme", "jailed over “guaranteed returns” scheme"),
        ("‘It’s the best,’ she said.", "“It’s the best,” she said."),
        # apostrophes are not quotation marks
        ("Don't miss it: it's the investors' money.", "Don't miss it: it's the investors' money."),
        ("the ’90s and the ‘90s", "the ’90s and the ‘90s"),
        ("Back in the '90s it served the best pizza to its regulars' delight.",
         "Back in the '90s it served the best pizza to its regulars' delight."),
    ],
)
def test_single_quotation_marks_read_as_double_ones_in_the_prose_view(
    text: str, prose: str
) -> None:
    assert Document.from_text(text).prose == prose


def test_a_claim_quoted_in_single_marks_is_a_mention_and_the_claim_made_is_not(
    tmp_path: Path,
) -> None:
    report = tmp_path / "court.md"
    report.write_text(
        "# Crypto promoter jailed over 'guaranteed returns' scheme\n\n"
        "The adverts promised 'guaranteed returns'. Our fund offers guaranteed returns.\n",
        encoding="utf-8",
    )
    findings = run_json(report)
    # Only the last sentence, which makes the claim itself.
    assert [(f["line"], f["column"], f["match"]) for f in findings] == [
        (3, 60, "guaranteed returns")
    ]


def test_encoding_damage_inside_a_mention_is_still_reported(tmp_path: Path) -> None:
    check = tmp_path / "check.md"
    check.write_text("Sellers use phrases such as “donâ€™t miss out”.\n", encoding="utf-8")
    assert [f["category"] for f in run_json(check)] == ["encoding"]


def test_an_explainer_listing_disclosure_labels_is_clean(tmp_path: Path) -> None:
    guide = tmp_path / "labels.md"
    guide.write_text(
        "# What “sponsored content” labels mean\n\n"
        "Readers see labels attached to paid material: “Sponsored,” “Paid partnership,” "
        "“Presented by.” They do not all mean the same thing.\n\n"
        "**“Advertisement feature” or “Advertorial.”** The regulator says a label such as "
        "“Advertisement feature” is generally acceptable, while labels such as “Promoted by” "
        "may not be clear enough.\n\n"
        "A typical line reads: “This content was paid for by our partner.”\n",
        encoding="utf-8",
    )
    assert run_json(guide) == []
    disclosed = tmp_path / "post.md"
    disclosed.write_text("Advertisement feature. This content was paid for by Harbour Bank.\n")
    assert {f["rule"] for f in run_json(disclosed)} == {"sponsored.Disclosure"}
