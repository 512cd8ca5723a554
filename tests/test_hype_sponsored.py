"""The hype, sponsored and style packs: what a user sees on promotional and neutral text, the
document-level `evidence` options the call-to-action rules rely on, and the hygiene of the
packs' data lists."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from linter.cli import main
from linter.engine import lint_text
from linter.model import Finding, RuleError
from linter.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
PACKS = ("hype", "sponsored", "style")
SEED = ROOT / "seeds" / "000_6168d3e40d533a2a.txt"


@pytest.fixture(scope="module")
def packs() -> RuleSet:
    return load_rules().filter(list(PACKS))


def run_cli(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def lint_json(path: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    code, out, err = run_cli(
        "-f", "json", "--no-config", "--select", ",".join(PACKS), *extra, str(path)
    )
    assert code in (0, 1), err
    return code, json.loads(out)


def findings(text: str, ruleset: RuleSet) -> list[Finding]:
    return lint_text(text, ruleset, fmt="text")


# --- neutral text: no finding at all ---

NEUTRAL = {
    "release notes": """
        Version 4.2.0 adds support for Python 3.12 and drops Python 3.7. The cache directory now
        defaults to ~/.cache/tool. Fixed a crash when the config file is empty (#1432). The
        --force flag now also overwrites read-only files. join now accepts a --header option.
        """,
    "how-to": """
        To back up the card, shut the Raspberry Pi down and remove the SD card. Insert it into
        your computer, open a terminal and run dd with the device name shown by lsblk. Click Save
        when the dialog appears, then sign in to the console to check the upload. Order the list
        by date before exporting it, and use the --force flag only if you are sure.
        """,
    "wire news": """
        Port traffic rose 4.1% in March to 2.3 million containers, the port authority said on
        Tuesday. Exports to Asia accounted for most of the gain, according to figures released by
        the ministry. The bill, sponsored by Senator Ortiz, passed the Senate 52 to 48. Shoppers
        increasingly use buy now, pay later plans, a central bank survey found. The executive
        order now requires agencies to report by June.
        """,
    "encyclopedia": """
        The American Revolutionary War began in 1775. Revolutionary France abolished the monarchy
        in 1792, and the Revolutionary Guard was founded in Iran in 1979. The physicist is widely
        regarded as one of the greatest scientists of the twentieth century. Kuhn argued that
        science advances through a paradigm shift. The picturesque village has 400 inhabitants.
        """,
    "recipe": """
        Rinse the lentils and drain them. Heat the oil in a large pot, add the onion and cook for
        five minutes until soft. Stir in the cumin, add the stock and simmer for 25 minutes. Want
        a spicier soup? Add a pinch of chili flakes with the garlic. Season and serve with bread.
        """,
    "API docs": """
        GET /v2/boards/{id}/tasks returns the tasks of a board, ordered by deadline. Use the
        limit parameter to page through results. Subscribe to the task.created event to receive a
        webhook. Use code blocks for shell commands. Enter the code 492113 sent to your phone.
        Error code 429 means the rate limit was exceeded. Need help? Join our Discord.
        """,
    "science and health news": """
        Researchers will start a trial of the vaccine in March with 3,000 volunteers, the agency
        said. The drug received breakthrough therapy designation last year. Patients should book
        a consultation with their doctor before changing medication. NASA plans to send
        astronauts to the moon in 2026. It was the hottest day on record in London.
        """,
    "police and sport": """
        The driver suffered life-changing injuries in the crash, police said. The team seemed
        unbeatable until the final, when they lost 2-1. Protesters aimed to disrupt the summit.
        """,
    "travel advice": """
        When visiting the museum, book your tickets online to skip the queue; entry costs 12
        euros. The ferry leaves at 9 a.m. and the crossing takes two hours.
        """,
    "quoted speech": """
        "This is a game changer for the region," the minister said on Tuesday, adding that the
        line would cut journey times by half. "We have built a world-class team," the chief
        executive told shareholders.
        """,
    "near misses": """
        Shares are set to start trading today on Nasdaq. Finland voted to join the 30 members of
        the alliance. Children travel free on public transport in Luxembourg. Download the app and
        start the setup wizard. Use this link to join the meeting, or use the link to register
        your device. Customers can open an account online. The chairman called the meeting to
        order. Apple unveiled the next Apple Watch. The next Bitcoin halving is due in 2028.
        Investors who bought before the rally made money. A special bonus was paid to staff in
        December. Sign up for a free account to get an API key. To start a trial, go to Billing.
        He added the item to the cart, then paid. Secure your home network with a strong
        password. Grab a seat and watch the video below. Limited supply of housing pushed rents
        up 8%. The unit price rises in the next tier of the tariff. Amazon's affiliate program
        pays lower rates than before, the report said. The old code compensated for the offsets.
        """,
    "imperatives in docs": """
        Download the installer from the releases page and run it. Call the function with two
        arguments and get the result as a tuple. Reserve memory for the buffer before the loop.
        Get the latest version with pip, then restart the kernel. Book chapters are listed below.
        Download the Authenticator app from the App Store and scan the code. Install the package
        and get started with the quick-start guide. Sign up for an account to get an API key.
        Swipe up to open Control Center. Contact our support team if the upgrade fails. Try the
        free tier and upgrade when you need more storage. Use the link in the email to reset your
        password. For more information on the build, click on the links above.
        """,
    "soft words in reporting": """
        The luxury carmaker reported a 4% rise in deliveries, the company said. The iconic Chelsea
        Hotel reopened in 2022. It was a stunning defeat for the governing party. The ultimate aim
        of the programme is to cut emissions by half. Lawmakers debated the future of the postal
        service. What is the future of the euro after the crisis? The flood was a once-in-a-century
        event, hydrologists said. He was caught attempting a steal of second base. The cathedral is
        a masterpiece of Gothic architecture. The painting was gifted to the museum in 1920. The
        fund holds shares in 40 companies, its report shows. Staff will receive a $500 bonus, the
        company said. Voters must register before registration closes on 9 October. The park is an
        oasis of calm, according to the council's guide. The striker looked incredible in
        training, the coach told reporters.
        """,
    "crypto news": """
        The token presale raised $12 million, according to the project's filings. Regulators
        warned that such offerings are risky. Traders who joined the presale in March have lost
        40% on paper, data from CoinGecko show.
        """,
}


@pytest.mark.parametrize("genre", sorted(NEUTRAL))
def test_neutral_genres_give_no_finding(genre: str, packs: RuleSet) -> None:
    text = textwrap.dedent(NEUTRAL[genre]).strip()
    found = findings(text, packs)
    assert [(f.rule, f.match) for f in found] == []


def test_neutral_file_through_the_cli_exits_zero(tmp_path: Path) -> None:
    article = tmp_path / "neutral.txt"
    article.write_text(
        "\n\n".join(textwrap.dedent(t).strip() for t in NEUTRAL.values()), encoding="utf-8"
    )
    code, found = lint_json(article)
    assert found == []
    assert code == 0


# --- promotional text: each genre lights up ---

PROMOTIONAL = {
    "saas": (
        "Our best-in-class workspace is a total game changer. Book a free demo today.",
        {"hype.Puffery", "hype.PromoCliche", "sponsored.UndisclosedCallToAction"},
    ),
    "supplement": (
        "This revolutionary formula works like never before. Order now and save 50%!",
        {"hype.Puffery", "hype.Hyperbole", "sponsored.UndisclosedCallToAction"},
    ),
    "travel": (
        "Relax in our stunning beachfront villas with breathtaking views. Reserve your suite "
        "today.",
        # hype.Puffery's "stunning" lies inside "stunning beachfront villas": reported once.
        {"hype.ProductPuffery", "sponsored.UndisclosedCallToAction"},
    ),
    "crypto": (
        "Strap in, folks: this token is going to the moon. Join the whitelist and use code "
        "ALPHA212 for a 20% bonus.",
        {"style.ReaderAddress", "hype.PromoCliche", "sponsored.UndisclosedCallToAction"},
    ),
    "betting": (
        "New customers only. Sign up with our partner sportsbook and claim your bonus.",
        {"sponsored.UndisclosedCallToAction"},
    ),
    "cruise offer": (
        "Sail the fjords in Pure Luxury. Cabins are dreamy. Reserve now with a €250 deposit, or "
        "call our cruise specialists.",
        {"hype.Puffery", "sponsored.UndisclosedCallToAction"},
    ),
    "fintech launch": (
        "Critics hailed it as a masterpiece of product design. Download the app from Google Play "
        "and get ₦2,000 on your first transfer.",
        {"hype.Puffery", "sponsored.UndisclosedCallToAction"},
    ),
    "influencer review": (
        "My skin looks flawless and the serum is insanely fun to use. Shop the full range through "
        "the link in my profile.",
        {"hype.Puffery", "hype.Hyperbole", "sponsored.UndisclosedCallToAction"},
    ),
    "stock tip": (
        "It is the kind of opportunity you see once in a decade, and at $12 it is already a "
        "steal. Get our full report free when you start a trial today.",
        {"hype.PromoCliche", "sponsored.UndisclosedCallToAction"},
    ),
    "newsletter": (
        "Want your startup in front of investors? Get featured in our briefing. Subscribe to our "
        "premium newsletter for the full list.",
        {"sponsored.UndisclosedCallToAction"},
    ),
}


@pytest.mark.parametrize("genre", sorted(PROMOTIONAL))
def test_promotional_genres_are_flagged(genre: str, packs: RuleSet) -> None:
    text, expected_rules = PROMOTIONAL[genre]
    rules = {f.rule for f in findings(text, packs)}
    assert expected_rules <= rules


def test_question_hook_and_offer_are_one_finding(packs: RuleSet) -> None:
    text = "Want your startup in front of investors? Get featured in our briefing. Read on."
    found = [f for f in findings(text, packs) if f.category == "sponsored"]
    assert [f.match for f in found] == [
        "Want your startup in front of investors? Get featured in our briefing."
    ]


@pytest.mark.parametrize(
    "instruction",
    [
        "Click Save to keep your changes.",
        "Sign in to the console with your admin account.",
        "Use the --force flag to overwrite existing files.",
        "Order the list by date, then export it.",
        "Start the server and open the dashboard.",
        "Join the two tables on the user id.",
        "Book a meeting room from the calendar.",
        "Download the installer from the releases page.",
        "Call the function with two arguments.",
        "Reserve memory for the buffer.",
        "Get the latest version with pip.",
        "Book chapters are listed below.",
    ],
)
def test_how_to_imperatives_are_not_calls_to_action(instruction: str, packs: RuleSet) -> None:
    assert findings(instruction, packs) == []


def test_one_offer_is_one_finding(packs: RuleSet) -> None:
    text = "This is your moment. Reserve now with a €250 deposit and save up to 30%."
    found = [f for f in findings(text, packs) if f.category == "sponsored"]
    assert len(found) == 1
    assert found[0].match.startswith("Reserve now with a €250 deposit")


def test_disclosed_offer_with_gifted_product_is_a_warning(packs: RuleSet) -> None:
    text = "The serum was gifted by Glowlab.\n\nUse my code GLOW25 for 25% off."
    rules = {f.rule for f in findings(text, packs)}
    assert {"sponsored.Disclosure", "sponsored.DisclosedCallToAction"} <= rules
    assert "sponsored.UndisclosedCallToAction" not in rules


# --- the seed ---


def test_seed_closing_offer_is_one_error_spanning_question_and_offer() -> None:
    code, found = lint_json(SEED)
    assert code == 1
    line_13 = SEED.read_text(encoding="utf-8").splitlines()[12]
    question_end = line_13.index("?")
    offer_start = line_13.index("Feature it")
    # The calls to action: the sponsored model may add an info-level second opinion elsewhere.
    ctas = [f for f in found if f["category"] == "sponsored" and f["severity"] != "info"]
    assert len(ctas) == 1
    cta = ctas[0]
    assert (cta["rule"], cta["severity"], cta["line"]) == (
        "sponsored.UndisclosedCallToAction",
        "error",
        13,
    )
    start, end = int(cta["column"]) - 1, int(cta["end_column"]) - 1
    assert start <= question_end and end > offer_start


def test_seed_hype_and_chatty_openers_are_reported() -> None:
    _, found = lint_json(SEED)
    matched = {(f["category"], str(f["match"]).lower()) for f in found}
    assert {("hype", "power move"), ("hype", "masterclass"), ("style", "strap in")} <= matched
    assert any(c == "hype" and "ace up their sleeves" in m for c, m in matched)


# --- disclosure changes the severity, never the number of findings ---

CTA_TEXT = "Book a free demo today. Use code SPRING25 at checkout."


@pytest.mark.parametrize(
    "disclosure",
    [
        "This post contains affiliate links.",
        "Sponsored by Northwind.",
        "We may earn a commission when you buy through links on this page.",
        "This review is a paid partnership with the brand.",
    ],
)
def test_disclosed_calls_to_action_are_warnings(disclosure: str, packs: RuleSet) -> None:
    found = findings(f"{disclosure}\n\n{CTA_TEXT}", packs)
    ctas = [f for f in found if f.rule.endswith("CallToAction")]
    assert [(f.rule, f.severity.label) for f in ctas] == [
        ("sponsored.DisclosedCallToAction", "warning"),
        ("sponsored.DisclosedCallToAction", "warning"),
    ]
    notes = [f for f in found if f.rule == "sponsored.Disclosure"]
    assert notes and all(f.severity.label == "info" for f in notes)


@pytest.mark.parametrize(
    ("name", "article"),
    [
        (
            "roundup.md",
            "# Best kettles\n\nOur top pick is the Harlow XL. "
            "[Buy from Argos](https://argos.example/harlow?aff=home) or "
            "[Check price at John Lewis](https://jl.example/harlow).\n\n"
            "The manual is on [View on GitHub](https://github.com/example/harlow).\n",
        ),
        (
            "roundup.html",
            "<h1>Best kettles</h1>\n<p>Our top pick is the Harlow XL. "
            '<a href="https://argos.example/harlow?aff=home">Buy from Argos</a> or '
            '<a href="https://jl.example/harlow">Check price at John Lewis</a>.</p>\n'
            '<p>The manual is on <a href="https://github.com/example/harlow">View on GitHub</a>.'
            "</p>\n",
        ),
    ],
)
def test_shop_button_links_are_calls_to_action_and_read_links_are_not(
    tmp_path: Path, name: str, article: str
) -> None:
    roundup = tmp_path / name
    roundup.write_text(article, encoding="utf-8")
    code, findings = lint_json(roundup)
    assert code == 1
    ctas = [
        (f["rule"], f["match"], f["line"], f["column"])
        for f in findings
        if f["category"] == "sponsored"
    ]
    line = 3 if name.endswith(".md") else 2
    text = article.split("\n")[line - 1]
    assert ctas == [
        ("sponsored.UndisclosedLinkCallToAction", "Buy from Argos", line, text.index("Buy") + 1),
        (
            "sponsored.UndisclosedLinkCallToAction",
            "Check price at John Lewis",
            line,
            text.index("Check") + 1,
        ),
    ]
    # Disclosed, the same links are warnings of the other rule of the pair.
    roundup.write_text("This post contains affiliate links.\n\n" + article, encoding="utf-8")
    _, findings = lint_json(roundup)
    assert [(f["rule"], f["severity"]) for f in findings if f["category"] == "sponsored"] == [
        ("sponsored.Disclosure", "info"),
        ("sponsored.DisclosedLinkCallToAction", "warning"),
        ("sponsored.DisclosedLinkCallToAction", "warning"),
    ]


def test_undisclosed_calls_to_action_are_errors(packs: RuleSet) -> None:
    found = findings(CTA_TEXT, packs)
    assert [(f.rule, f.severity.label, f.match) for f in found] == [
        ("sponsored.UndisclosedCallToAction", "error", "Book a free demo today"),
        ("sponsored.UndisclosedCallToAction", "error", "Use code SPRING25 at checkout"),
    ]


def test_exit_code_follows_disclosure_with_fail_on_error(tmp_path: Path) -> None:
    undisclosed = tmp_path / "ad.txt"
    undisclosed.write_text(CTA_TEXT + "\n", encoding="utf-8")
    disclosed = tmp_path / "disclosed.txt"
    disclosed.write_text("Sponsored by Northwind.\n\n" + CTA_TEXT + "\n", encoding="utf-8")
    assert run_cli("--no-config", "--fail-on", "error", str(undisclosed))[0] == 1
    assert run_cli("--no-config", "--fail-on", "error", str(disclosed))[0] == 0
    assert run_cli("--no-config", "--fail-on", "warning", str(disclosed))[0] == 1


# --- the evidence options: within: document, when: supported ---


def write_rule(folder: Path, name: str, body: str) -> None:
    pack = folder / "custom"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / f"{name}.yaml").write_text(body, encoding="utf-8")


EVIDENCE_RULE = textwrap.dedent(
    """\
    extends: evidence
    category: sponsored
    message: "{match}"
    claims: [buy this]
    default_evidence: false
    evidence: ['\\bDISCLOSED\\b']
    """
)


def test_within_document_looks_for_evidence_anywhere(tmp_path: Path) -> None:
    write_rule(tmp_path, "Document", EVIDENCE_RULE + "within: document\n")
    # Another category, so that the two findings on the same words are both reported.
    write_rule(tmp_path, "Sentence", EVIDENCE_RULE.replace("category: sponsored", "category: hype"))
    rules = load_rules([tmp_path], builtin=False)
    text = "DISCLOSED at the top.\n\nMuch later: buy this."
    assert [f.rule for f in findings(text, rules)] == ["custom.Sentence"]
    assert {f.rule for f in findings("Just buy this.", rules)} == {
        "custom.Document",
        "custom.Sentence",
    }


def test_when_supported_flags_only_claims_with_evidence(tmp_path: Path) -> None:
    write_rule(tmp_path, "Flagged", EVIDENCE_RULE + "within: document\nwhen: supported\n")
    rules = load_rules([tmp_path], builtin=False)
    assert [f.match for f in findings("DISCLOSED. Then buy this, and buy this.", rules)] == [
        "buy this",
        "buy this",
    ]
    assert findings("Then buy this.", rules) == []


OCCURRENCE_RULE = textwrap.dedent(
    """\
    extends: occurrence
    category: hype
    message: "{match}"
    tokens: [verdant, lush]
    max: 1
    """
)


def test_skip_names_does_not_count_a_capitalised_word_inside_a_sentence(tmp_path: Path) -> None:
    ruling = "The ruling concerns adverts for Verdant Greens, sold by Leeds-based Verdant Gut Co."
    write_rule(tmp_path, "Dense", OCCURRENCE_RULE + "skip_names: true\n")
    rules = load_rules([tmp_path], builtin=False)
    assert findings(ruling, rules) == []
    # The first word of a sentence is capitalised anyway, and in a title every word is.
    assert [f.match for f in findings("Verdant hills and lush lawns.", rules)] == [
        "Verdant hills and lush"
    ]
    assert [f.match for f in findings("Verdant Hills, Lush Lawns", rules)] == [
        "Verdant Hills, Lush"
    ]
    # Off by default: every match counts.
    write_rule(tmp_path, "Dense", OCCURRENCE_RULE)
    rules = load_rules([tmp_path], builtin=False)
    assert len(findings(ruling, rules)) == 1


def test_when_rejects_unknown_values_naming_the_key(tmp_path: Path) -> None:
    write_rule(tmp_path, "Broken", EVIDENCE_RULE + "when: sometimes\n")
    with pytest.raises(RuleError, match=r"when.*unsupported, supported"):
        load_rules([tmp_path], builtin=False)


# --- quoted speech and exceptions ---


def test_reported_speech_is_not_puffery_but_the_same_words_unquoted_are(packs: RuleSet) -> None:
    quoted = '"We have built a world-class, best-in-class team," the chief executive said.'
    unquoted = "The company has built a world-class, best-in-class team."
    assert findings(quoted, packs) == []
    assert [f.match for f in findings(unquoted, packs)] == ["world-class", "best-in-class"]


def test_mojibake_apostrophes_do_not_hide_contractions(packs: RuleSet) -> None:
    # The seed's apostrophes are damaged to 'ā'; a contraction must still be recognised.
    found = findings("Letās cut to the chase. Donāt miss out on the presale.", packs)
    assert [f.match for f in found] == ["Letās cut to the chase", "Donāt miss out"]


# --- data list hygiene ---

DATA_FILES = sorted(p for pack in PACKS for p in (ROOT / "rules" / pack).glob("data/*.txt"))


def test_there_are_data_lists() -> None:
    assert len(DATA_FILES) >= 5


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_data_list_is_sorted_unique_unpadded_and_used(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "ends with one newline"
    entries = lines[:-1]
    assert entries, "not empty"
    assert all(e and e == e.strip() for e in entries), "no blank or padded line"
    assert entries == sorted(set(entries)), "sorted and unique"
    for entry in entries:
        re.compile(entry)
    reference = re.compile(rf"\{{\s*file:\s*data/{re.escape(path.name)}\s*\}}")
    users = [y.name for y in path.parent.parent.glob("*.yaml") if reference.search(y.read_text())]
    assert users, f"{path.name} is used by no rule"


def test_every_rule_of_the_packs_is_documented(packs: RuleSet) -> None:
    assert len(packs) >= 9
    for rule in packs:
        spec = rule.spec
        assert spec.summary and spec.why, spec.id
        # A classifier rule flags a whole sentence and quotes its strongest words ({cues}).
        quoted = "{cues}" if spec.extends == "classifier" else "{match}"
        assert quoted in spec.message, spec.id
        assert len(spec.examples.flag) >= 3 and len(spec.examples.passing) >= 3, spec.id


# --- hype: structures, not phrases ------------------------------------------------------------
# Written for the hype pack, not taken from seeds/ or bench/: each line fills a structural frame
# (verdict noun, inflating frame, stacked superlative with a world scope, awaited-thing, rosy
# future) with words no rule lists as a phrase, so a rule that only knows its examples fails.

HYPE_FAMILY_FLAGS = [
    "Honestly, this cookbook is a revelation.",
    "Her debut collection is a tour de force.",
    "Our new CRM is nothing short of transformative.",
    "The retreat was blissful from start to finish.",
    "Five-star reviews that speak for themselves.",
    "The sound is sublime.",
    "The rally was a catastrophe of biblical proportions for the party.",
    "Version 3 is a quantum leap in usability.",
    "Its camera makes every other phone look primitive.",
    "This is the coat every commuter has been waiting for.",
    "It is the most talked-about opening of the summer.",
    "We roast the richest, smoothest beans on the planet.",
    "With the new funding, the club's best years are still ahead.",
    "Welcome to Hillcrest College, where future leaders are forged.",
    "The spa alone is worth the price of admission.",
    "The new sedan is in a class of its own.",
    "The craftsmanship is phenomenal.",
    "The risotto was culinary perfection.",
]

HYPE_FAMILY_PASSES = [
    "The cathedral is a masterpiece of Gothic architecture, completed in 1345.",
    "Nothing short of a full rewrite will fix the parser.",
    "The blue whale is the largest animal on the planet.",
    "She was one of the finest violinists of her generation.",
    "The smallest and lightest model weighs 1.1 kg.",
    "The greatest concentration of lions on earth is in the Serengeti.",
    "The statue was restored to its original proportions in 1998.",
    "Quantum leaps between energy levels emit photons.",
    "The patch users have been waiting for since March landed in 2.4.",
    "Its best days were in the 1970s.",
    "Stars are born in dense molecular clouds.",
    "The difference is small, about 3%.",
    "The results were astonishing, the lead author said in a statement.",
    "The record speaks for itself: 14 wins in 16 races, according to the league.",
    "The book every student must read is listed in the syllabus.",
]


@pytest.mark.parametrize("sentence", HYPE_FAMILY_FLAGS)
def test_hype_structures_catch_unlisted_wordings(sentence: str, packs: RuleSet) -> None:
    assert [f for f in findings(sentence, packs) if f.category == "hype"], sentence


@pytest.mark.parametrize("sentence", HYPE_FAMILY_PASSES)
def test_hype_structures_leave_neutral_look_alikes(sentence: str, packs: RuleSet) -> None:
    assert [(f.rule, f.match) for f in findings(sentence, packs) if f.category == "hype"] == []


# Calls-to-action and disclosures worded unlike any list entry: the sponsored rules match
# structures (an imperative opening a clause + a commercial object in the same clause; a
# deadline with a commercial payoff; a chat-app handle with a keyword; disclosure frames).
SPONSORED_FAMILY_FLAGS = [
    "Shop the spring edit at lunaandco.example and use LUNA20 for a fifth off.",
    "Pre-register now and unlock an exclusive legendary skin at launch.",
    "Grab your copy of the guide for just $19 and start trading smarter.",
    "Slide into our DMs with the word GLOW for a free sample.",
    "Pick up a bottle at your local Boots and mention this article for 10% off.",
    "Lock in a fixed 4.2% rate for five years with a £0 arrangement fee.",
    "Get the full course today for a one-off payment of £149.",
    "Become a founding patron for €5 a month and get early access to every episode.",
    "Quote the reference SUMMER24 when you call to receive your discount.",
    "Hop over to our Telegram channel for the presale allocation.",
    "Nab a pair now for £59.99, down from £90.",
    "Invest from as little as £25 a month with our award-winning app.",
    "Get in touch with our advisers today for a free pension review.",
    "Hit the button below to secure your ticket at the early-bird price.",
    "Sign up at fitpro.example before Friday and your first class is free.",
    "Swap to our green tariff today and we'll credit £50 to your account.",
    "Order two and get the third one free.",
    "Text YOGA to 60777 and we will send you a free class pass.",
    "Use promo code `PADDLE15` when you book your kayak tour.",
    "Advertising feature produced in partnership with Verdant Homes.",
    "This feature was paid for by Harbour Bank.",
    "Fancy a break? Book direct at harbourview.example and we'll upgrade your room for free.",
    "Level up faster: buy the Season Pass today and get 1,000 bonus coins.",
    "Open a Nova account in minutes and earn 5% interest on your savings.",
    "Call into your nearest branch this week and ask about our fixed-rate bond.",
    "Secure your plot today with a deposit of just £2,000.",
    "Get started today with a 7-day free trial, no card required.",
]

SPONSORED_FAMILY_PASSES = [
    "Pre-register the device with the MDM server before shipping it.",
    "Grab the handle firmly and pull the lever toward you.",
    "Lock in the results by committing the lockfile.",
    "Get the full dataset with the --all flag.",
    "Become a maintainer after three merged pull requests.",
    "Add the package to your requirements file and reinstall.",
    "Check out the develop branch before running the tests.",
    "Quote the path in double quotes if it contains spaces.",
    "Download the CSV and take the median of each column.",
    "Residents must register by 5 May to vote in the local elections.",
    "Buy-to-let landlords face higher stamp duty from April, the Treasury said.",
    "Go to github.com/acme/tool/releases and download the archive.",
    "Use `PYTHONHASHSEED=0` for reproducible runs.",
    "Enter PROMO2024 as the table name in the example.",
    "Text HELP to the number if you need support.",
    "Subscribe to the topic to receive messages from the broker.",
    "Invest time in writing tests for the parser.",
    "Supplies are limited in winter, the ministry said.",
    "Fancy a change? Edit the config file and restart the service.",
    "Open a terminal in minutes after installing the image.",
    "Secure your server with a firewall and automatic updates.",
    "Sign your commits with a GPG key.",
    "Download the guide as a PDF for offline reading.",
]


@pytest.mark.parametrize("sentence", SPONSORED_FAMILY_FLAGS)
def test_sponsored_structures_catch_unlisted_wordings(sentence: str, packs: RuleSet) -> None:
    for fmt in ("text", "markdown"):
        found = lint_text(sentence, packs, fmt=fmt)
        assert [f for f in found if f.category == "sponsored"], (fmt, sentence)


@pytest.mark.parametrize("sentence", SPONSORED_FAMILY_PASSES)
def test_sponsored_structures_leave_neutral_imperatives(sentence: str, packs: RuleSet) -> None:
    found = lint_text(sentence, packs, fmt="markdown")
    assert [(f.rule, f.match) for f in found if f.category == "sponsored"] == []


# --- hype.EvaluativeDensity: a lexicon, kept apart from Puffery and PufferyStack -------------


def test_evaluative_density_mirrors_soft_puffery_and_leaves_listed_words_out(
    packs: RuleSet,
) -> None:
    data = ROOT / "rules" / "hype" / "data"
    soft = [s for s in (data / "soft-puffery.txt").read_text(encoding="utf-8").splitlines() if s]
    alt = "|".join(sorted(soft, key=lambda s: (-len(s), s)))
    mirror = rf"(?:{alt})(?![^.!?]{{0,400}}?(?<![\w-])(?:{alt})(?![\w-]))"
    entries = (data / "evaluative.txt").read_text(encoding="utf-8").splitlines()
    assert entries[0] == mirror, "regenerate the first line of evaluative.txt from soft-puffery.txt"
    words = set(entries[1:])
    puffery = {
        p for p in (data / "puffery.txt").read_text(encoding="utf-8").splitlines()
        if re.fullmatch(r"[\w-]+", p)
    }
    assert not words & set(soft) and not words & puffery
    # A sentence of soft words only is PufferyStack's; one soft word plus one evaluative is ours.
    only_soft = findings("Explore the stunning beaches and vibrant nightlife.", packs)
    assert "hype.PufferyStack" in {f.rule for f in only_soft}
    assert "hype.EvaluativeDensity" not in {f.rule for f in only_soft}
    mixed = findings("Relax in a stunning, wonderfully quiet courtyard.", packs)
    assert [(f.rule, f.match) for f in mixed if f.rule == "hype.EvaluativeDensity"] == [
        ("hype.EvaluativeDensity", "stunning, wonderfully")
    ]


@pytest.mark.parametrize("name", ["article.md", "article.txt"])
def test_an_exception_anchored_at_a_line_start_holds_in_a_heading(
    tmp_path: Path, name: str
) -> None:
    # sponsored.Disclosure excuses a line that is only the term ("^[ \t]*affiliate links$"):
    # in Markdown the "## " before it is blanked to spaces, outside the heading's block.
    markdown = name.endswith(".md")
    title, heading = ("# Guide", "## Affiliate links") if markdown else ("Guide", "Affiliate links")
    path = tmp_path / name
    path.write_text(f"{title}\n\n{heading}\n\nA link can carry a code that pays the site.\n")
    assert lint_json(path) == (0, [])
