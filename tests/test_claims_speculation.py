"""The `claims` (unsupported-claim) and `speculation` packs: what a user sees on promotional
and on neutral writing, plus the evidence patterns that decide whether a claim is supported."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from linter.cli import main
from linter.matchers.evidence import evidence_kinds
from linter.model import RuleError
from linter.rules import builtin_rules_dir, load_rule_file

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_6168d3e40d533a2a.txt"
PACKS = ("claims", "speculation")
SELECT = "unsupported-claim,speculation"


def run_cli(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def lint_json(path: Path) -> list[dict[str, object]]:
    code, out, err = run_cli("--select", SELECT, "--fail-on", "info", "--format", "json", str(path))
    assert code in (0, 1), err
    findings = json.loads(out)
    assert isinstance(findings, list)
    assert (code == 1) == bool(findings)
    return findings


def lint_text(tmp_path: Path, text: str, name: str = "article.txt") -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_json(path)


# --- the seed article ---------------------------------------------------------------------


def test_seed_gets_exactly_the_expected_claims_and_speculation() -> None:
    findings = lint_json(SEED)
    found = {(f["line"], f["category"], f["match"]) for f in findings}
    expected = {
        (11, "unsupported-claim", "jaw-dropping trade figures"),
        (3, "speculation", "set to redefine"),
        (4, "speculation", "is likely to be the fuel"),
        (5, "speculation", "shaping up to be"),
        (5, "speculation", "The speculated BRICS currency"),
        (10, "speculation", "could redefine"),
    }
    assert found == expected


def test_seed_text_output_names_rule_category_and_quotes_the_match() -> None:
    code, out, _ = run_cli("--select", SELECT, "--quiet", str(SEED))
    assert code == 1
    line = next(x for x in out.splitlines() if ":11:" in x)
    assert "[unsupported-claim]" in line
    assert "'jaw-dropping trade figures'" in line


# --- promotional writing lights up --------------------------------------------------------

PROMOTIONAL = {
    "token_launch": (
        "Industry insiders say the listing is weeks away. The token is poised to become a "
        "household name, with exchange listings rumoured for next month, and early holders "
        "could easily triple their stake. Transactions settle at speeds no other chain can match.",
        {
            ("unsupported-claim", "Industry insiders say"),
            ("speculation", "is poised to become"),
            ("speculation", "rumoured"),
            ("speculation", "could easily triple"),
            ("unsupported-claim", "no other chain can match"),
        },
    ),
    "saas_blog": (
        "Thousands of teams rely on Flowly every day. Our industry has never seen anything like "
        "it: demand is skyrocketing and our platform is trusted by millions of professionals.",
        {
            ("unsupported-claim", "Thousands of teams"),
            ("unsupported-claim", "demand is skyrocketing"),
            ("unsupported-claim", "trusted by millions of professionals"),
        },
    ),
    "supplement": (
        "Our clinically proven blend melts away stubborn belly fat. Studies show it works for "
        "busy parents, and doctors are stunned by the results.",
        {
            ("unsupported-claim", "clinically proven"),
            ("unsupported-claim", "melts away stubborn belly fat"),
            ("unsupported-claim", "Studies show"),
            ("unsupported-claim", "doctors are stunned"),
        },
    ),
    "market_outlook": (
        "Mark my words: small caps are about to explode. Top fund managers are quietly loading "
        "up, and the rally is all but inevitable.",
        {
            ("speculation", "Mark my words"),
            ("speculation", "are about to explode"),
            ("unsupported-claim", "Top fund managers are quietly loading up"),
            ("speculation", "all but inevitable"),
        },
    ),
    "betting": (
        "Tonight's pick is a guaranteed winner, the lock of the weekend. Rumor has it the "
        "starting keeper is out.",
        {
            ("unsupported-claim", "guaranteed winner"),
            ("unsupported-claim", "lock of the weekend"),
            ("speculation", "Rumor has it"),
        },
    ),
    "press_release": (
        "Acme is a leading provider of analytics software, offering unparalleled performance. "
        "The launch is set to revolutionize how retailers plan stock.",
        {
            ("unsupported-claim", "a leading provider of"),
            ("unsupported-claim", "unparalleled"),
            ("speculation", "is set to revolutionize"),
        },
    ),
    "op_ed": (
        "The benefits are undeniable. Everybody knows the old pier is a disgrace, and the new "
        "tower could reshape the waterfront.",
        {
            ("unsupported-claim", "are undeniable"),
            ("unsupported-claim", "Everybody knows"),
            ("speculation", "could reshape"),
        },
    ),
}


@pytest.mark.parametrize("genre", sorted(PROMOTIONAL))
def test_promotional_genres_are_flagged(tmp_path: Path, genre: str) -> None:
    text, expected = PROMOTIONAL[genre]
    findings = lint_text(tmp_path, text)
    # A phrase counts as found when a finding of its category covers it: where two rules of a
    # category flag the same words, only the wider finding is reported (linter/engine.py).
    missing = {
        (category, phrase)
        for category, phrase in expected
        if not any(f["category"] == category and phrase in f["match"] for f in findings)
    }
    assert not missing, f"missing {missing}"


def test_stacked_hedges_are_one_info_finding_with_the_count(tmp_path: Path) -> None:
    findings = lint_text(
        tmp_path, "This could possibly be the spark that might perhaps send the coin higher.\n"
    )
    stacks = [f for f in findings if f["rule"] == "speculation.HedgeStack"]
    assert len(stacks) == 1
    assert stacks[0]["severity"] == "info"
    assert "4 hedges" in str(stacks[0]["message"])


# --- neutral writing stays quiet ----------------------------------------------------------

NEUTRAL = {
    "release_notes.md": """# Version 4.2.0

## Changed
- The default timeout is set to 30 seconds; slow networks may need a higher value.
- Builds are now up to 40% faster than in 4.1 on large projects.
- The `--strict` flag is set to true in the sample configuration.

## Fixed
- Uploads could stall when the connection dropped. If you still see it, the cause is likely
  to be a proxy; see the troubleshooting guide.
""",
    "howto.md": """# Replace a phone screen

You may need to tap the bottom of the screen twice before the menu appears. If the glass is
cracked, tape it first: shards could cut your fingers. Heat the edges for about a minute so the
adhesive softens, then lift the panel with a suction cup. The plant-based adhesive may leave a
residue, which comes off with isopropyl alcohol. The whole repair takes about an hour.
""",
    "wire_news.txt": """The central bank is expected to raise rates by 25 basis points on Thursday,
according to a Reuters poll of 40 economists. Inflation rose to 3.4% in March, the statistics
office said, the highest level since 2023.

Shares of the carmaker fell 6% after it cut its forecast. "Demand in Europe has been weaker than
we planned for," chief executive Anna Berg told analysts on a call. The company is set to report
full results on May 2.

Thousands of people marched through the capital on Saturday, police said. Officials expect the
bridge to reopen next week. Analysts at Jefferies said the deal was likely to close in the third
quarter, and the board is widely expected to approve it at its meeting on Wednesday.
""",
    "encyclopedia.txt": """Lake Baikal is the deepest lake in the world and holds roughly a fifth
of the planet's unfrozen fresh water. China is the world's most populous country after India.
The cheetah runs faster than any other land animal. The castle was rebuilt after a fire and
became a museum. Historians disagree about the date of the first bridge; a charter mentions it
in 1273. The population grew at an exponential rate during the nineteenth century, and the city
was at the time the largest port in the region.
""",
    "recipe.md": """# Red lentil soup

Melt the butter in a large pot and soften the onion for five minutes. Add the lentils, stock and
tomatoes. The soup could catch on the bottom, so stir it now and then. The recipe can double
easily: use two tins of tomatoes. Trim any excess fat from the bacon before frying. The soup
keeps for three days in the fridge and may thicken; loosen it with a little water.
""",
    "api_docs.md": """## `connect(url, timeout=None)`

Opens a connection. When `retry` is set to true, failed requests are sent again. If `timeout`
is set to none, the call may block forever. The value is set to 5 by default. Callers might need
to raise it for slow links. The client is likely to be the bottleneck when many threads share
one socket; use a pool instead. Returns a `Connection`; raises `TimeoutError` if the server does
not answer.
""",
    "sports.txt": """The team was unbeaten at home all season and finished second, three points
behind the champions. The rookie scored 14 goals, the most by a first-year player since 1998.
The final is set for Sunday at the national stadium, and tickets go on sale on Monday.
""",
    "science.txt": """Taken together, these studies suggest that the coating wears off within a
year. A later review (Patel et al., 2021) graded the evidence as moderate. Researchers at the
University of Leeds found that the effect was smaller in older patients. The drug could lower
blood pressure in some patients, but the trial was too small to say.
""",
}


@pytest.mark.parametrize("name", sorted(NEUTRAL))
def test_neutral_genres_have_no_claims_or_speculation(tmp_path: Path, name: str) -> None:
    findings = lint_text(tmp_path, NEUTRAL[name], name=name)
    assert [(f["rule"], f["match"]) for f in findings] == []


def test_neutral_run_exits_zero_and_prints_no_finding(tmp_path: Path) -> None:
    for name, text in NEUTRAL.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, _ = run_cli("--select", SELECT, "--quiet", str(tmp_path))
    assert code == 0
    assert out.strip() == ""


# --- evidence decides ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Sales rose 12% to 1.4 million units, a record-breaking quarter.", False),
        ("Trade rose a jaw-dropping 40% to $65 billion, according to the ministry.", False),
        ("We closed a record-breaking quarter.", True),
        # A vague source is the claim, not its support.
        ("Demand is skyrocketing, according to experts.", True),
        ("Demand is skyrocketing, according to the port authority.", False),
        # A link supports the claim.
        ("Demand is skyrocketing ([report](https://example.org/report)).", False),
        # Slogans are not measurements.
        ("The #1 rated app has seen record-breaking demand.", True),
        ("Record-breaking demand, 24/7 support and 100% natural ingredients.", True),
    ],
)
def test_magnitude_needs_evidence_in_the_sentence(tmp_path: Path, text: str, flagged: bool) -> None:
    findings = lint_text(tmp_path, text + "\n", name="post.md")
    assert any(f["rule"] == "claims.Magnitude" for f in findings) is flagged


def test_vague_attribution_looks_for_a_named_source_in_the_whole_paragraph(
    tmp_path: Path,
) -> None:
    supported = (
        'Experts say the rule is overdue. "It closes a loophole," said Maria Lopez, '
        "a law professor.\n"
    )
    unsupported = "Experts say the rule is overdue. It closes a loophole that costs millions.\n"
    assert lint_text(tmp_path, supported) == []
    findings = lint_text(tmp_path, unsupported)
    assert [(f["rule"], f["match"]) for f in findings] == [
        ("claims.VagueAttribution", "Experts say")
    ]


def test_a_figure_does_not_turn_a_forecast_into_news(tmp_path: Path) -> None:
    unsourced = lint_text(tmp_path, "The token is poised to hit $10 by 2026.\n")
    assert [(f["rule"], f["match"]) for f in unsourced] == [
        ("speculation.Forecast", "is poised to hit")
    ]
    sourced = lint_text(
        tmp_path, "The token is poised to hit $10 by 2026, Goldman Sachs said in a note.\n"
    )
    assert sourced == []


def test_a_quotation_that_goes_on_in_the_next_sentence_is_still_attributed(
    tmp_path: Path,
) -> None:
    continued = (
        '"Silver is getting help from both sides," said Priya Natarajan of Halden Capital. '
        '"The token is poised to hit $10 by 2026."\n'
    )
    assert lint_text(tmp_path, continued) == []
    # A speaker named in an earlier sentence and quoted as "he said" is still named.
    pronoun = (
        "Dr Neil Carvell researches household finance at Durham University. "
        '"The issue is the marketing," he said. "The token is poised to hit $10 by 2026."\n'
    )
    assert lint_text(tmp_path, pronoun) == []
    # Not a quotation: the speaker's name no longer covers it.
    unquoted = (
        '"Silver is getting help," said Priya Natarajan. The token is poised to hit $10 by 2026.\n'
    )
    assert [f["rule"] for f in lint_text(tmp_path, unquoted)] == ["speculation.Forecast"]
    # A quotation in a new paragraph names no speaker; in a report it is still reported speech,
    # left to whoever said it (`quotations: promotional`), ...
    new_paragraph = (
        '"Silver is getting help," said Priya Natarajan.\n\n'
        '"The token is poised to hit $10 by 2026." That was the pitch.\n'
    )
    assert lint_text(tmp_path, new_paragraph) == []
    # ... and in an advertorial it is part of the pitch.
    advert = (
        "This game-changing token is a power move. Experts agree it is the best on the "
        "market.\n\n" + new_paragraph
    )
    assert "speculation.Forecast" in [f["rule"] for f in lint_text(tmp_path, advert)]


@pytest.mark.parametrize("name", ["article.md", "article.txt"])
def test_an_exception_does_not_run_from_a_heading_into_the_next_paragraph(
    tmp_path: Path, name: str
) -> None:
    # VagueAttribution excuses "our analysts agree"; "Our launch" + "Experts agree" is not that.
    heading = "# Our launch" if name.endswith(".md") else "Our launch"
    findings = lint_text(tmp_path, f"{heading}\n\nExperts agree this is a fine product.\n", name)
    assert [(f["rule"], f["match"]) for f in findings] == [
        ("claims.VagueAttribution", "Experts agree")
    ]
    # A real exception in the paragraph still counts, after the heading's false one.
    text = f"{heading}\n\nOur analysts agree this is a fine product.\n"
    assert lint_text(tmp_path, text, name) == []


@pytest.mark.parametrize(
    "attributed",
    [
        "The International Energy Agency (IEA), in its annual outlook, has projected that "
        "copper demand will keep rising.",
        "The ministry has said that copper demand will keep rising.",
    ],
)
def test_a_source_in_the_perfect_tense_or_with_its_abbreviation_is_a_source(
    tmp_path: Path, attributed: str
) -> None:
    assert [f["rule"] for f in lint_text(tmp_path, "Copper demand will keep rising.\n")] == [
        "speculation.MarketCall"
    ]
    assert lint_text(tmp_path, attributed + "\n") == []


def test_a_claim_described_as_a_claim_is_not_the_writers(tmp_path: Path) -> None:
    claim = "BullseyeBet offers better odds on darts than all other bookmakers.\n"
    assert [f["rule"] for f in lint_text(tmp_path, claim)] == ["claims.Superiority"]
    ruling = (
        "The ASA considered it an objective claim that BullseyeBet offered better odds on "
        "darts than all other bookmakers.\n"
    )
    assert lint_text(tmp_path, ruling) == []


_INTERVIEW_QA = (
    "**How has the club changed?**\n\n"
    "We have 240 members now, up from 150 in 2016.\n\n"
    "**What would you say to someone thinking about joining?**\n\n"
    "Come on a Saturday. Most people who come twice tend to stay.\n\n"
    "**And the hardest part of the job?**\n\n"
    "Finding volunteers to lead rides.\n"
)


def test_an_interviews_answers_are_the_interviewees_words(tmp_path: Path) -> None:
    # The same questions and answers, introduced as an interview or not: the answers are the
    # club secretary's speech, as a quotation would be, only when the piece says it is one.
    plain = lint_text(tmp_path, "# The club\n\n" + _INTERVIEW_QA, "club.md")
    assert [f["rule"] for f in plain] == ["claims.Retention"]
    interview = (
        "# The club: an interview with its secretary\n\n"
        "Anita Sharma has been secretary since 2016. She spoke to us in June.\n\n"
    ) + _INTERVIEW_QA
    assert lint_text(tmp_path, interview, "club.md") == []


def test_an_interviews_questions_need_answers_and_an_introduction() -> None:
    from linter.document import Document
    from linter.textmodel import interview_answers

    def answers(text: str) -> list[str]:
        doc = Document.from_text(text, path="a.md")
        return [doc.prose[start:end] for start, end in interview_answers(doc.prose, doc.blocks)]

    intro = "We interviewed the founder.\n\n"
    labelled = "Q: Why?\nA: Because.\n\nQ: How?\n\nA: Slowly.\n\nQ: When?\n\nA: Now.\n"
    assert answers(intro + labelled) == ["A: Because.", "A: Slowly.", "A: Now."]
    # No introduction, or "interview" only after the first question: a how-to's questions.
    assert answers(labelled) == []
    assert answers("Why?\n\nBecause.\n\nHow?\n\nWe interviewed him.\n\nWhen?\n\nNow.\n") == []
    # Two questions answered are not yet an interview; a heading ends an answer.
    assert answers(intro + "Why?\n\nBecause.\n\nHow?\n\nSlowly.\n") == []
    three = intro + "Why?\n\nBecause.\n\nHow?\n\nSlowly.\n\nWhen?\n\nNow.\n\n## Notes\n\nEnd.\n"
    assert answers(three) == ["Because.", "Slowly.", "Now."]
    # Questions set as headings.
    headed = intro + "## Why?\n\nBecause.\n\n## How?\n\nSlowly.\n\n## When?\n\nNow.\n"
    assert answers(headed) == ["Because.", "Slowly.", "Now."]


def test_a_scheduled_date_makes_set_to_a_plan_not_a_prediction(tmp_path: Path) -> None:
    assert lint_text(tmp_path, "The studio is set to unveil its slate on June 4.\n") == []
    findings = lint_text(tmp_path, "The studio is set to dominate streaming.\n")
    assert [f["rule"] for f in findings] == ["speculation.Forecast"]


def _first(kind: str, text: str) -> str | None:
    for pattern in evidence_kinds()[kind]:
        match = pattern.search(text)
        if match:
            return match.group()
    return None


@pytest.mark.parametrize(
    ("kind", "text", "counts"),
    [
        ("figure", "Revenue rose 12% last year.", True),
        ("figure", "It costs $5m to build.", True),
        ("figure", "It plays 3D games in 4K.", False),
        ("figure", "The #1 choice of traders.", False),
        ("figure", "Support is open 24/7.", False),
        ("figure", "Made with 100% natural oils.", False),
        ("figure", "The trial of VRD-207 went well.", False),
        ("figure", "Output rose by mid-2024 levels.", True),
        # A number that is part of a name: a product, a chapter, an operating system.
        ("figure", "Commuters are ditching their cars for the Metro 2, and no wonder.", False),
        ("figure", "Nothing beats the Home 13.", False),
        ("figure", "It runs on Windows 11 and macOS.", False),
        ("figure", "Windows 11 runs on most laptops.", True),  # the first word: cannot tell
        ("figure", "Around 40 guests came.", True),
        ("figure", "The Model 3 sold 2 million units.", True),
        ("figure", "The Pro 2,000 units shipped.", True),
        ("figure", "Shares in Acme 12% higher.", True),
        # a share in words
        ("figure", "Wind generates more than half of its electricity.", True),
        ("figure", "Two-thirds of voters agreed.", True),
        ("figure", "One in five adults smoke.", True),
        ("figure", "It is half the price.", False),
        ("figure", "The finest sofa in Britain, now almost half price.", False),
        ("date", "The store opens on Tuesday.", True),
        ("date", "Results are due in March.", True),
        ("date", "You may go now.", False),
        ("source", "The figures come from data published by the OECD.", True),
        ("source", "Prices will rise, according to the central bank.", True),
        ("source", "Prices will rise, according to experts.", False),
        ("source", "Prices will rise, according to industry insiders.", False),
        ("source", "The deal will close, according to one person briefed on the talks.", False),
        ("source", "The deal will close, according to a person familiar with it.", False),
        ("source", "Experts said prices will rise.", False),
        ("source", "Market watchers say prices will rise.", False),
        ("source", "Jane Doe said prices will rise.", True),
        ("source", "Prices will rise, said Jane Doe, an economist.", True),
        ("source", "He says Bitcoin will double.", True),
        ("source", "A fan says Bitcoin will double.", False),
        ("source", "The rally will continue, she told Reuters.", True),
        ("source", "Analysts at Citi expect a cut.", True),
        # a body named in full, and a forecaster named as such
        ("source", "It will double by 2040, the Office for National Statistics projects.", True),
        ("source", "Rates will fall further, the Bank of England expects.", True),
        ("source", "Capital Economics predicts a cut in May.", True),
        ("source", "Experts predict a cut in May.", False),
        ("source", "Our AI predicts this token will hit $5 by June.", False),
        # a body's own document
        ("source", "Courtline's annual report forecasts that courts will double.", True),
        ("source", "Our brand's new formula says goodbye to frizz.", False),
        # a speaker, then a clause that says who they are, then the verb
        ("source", "The union, which represents bank staff, said profits were a record.", True),
        ("source", "Unite, which represents bank staff, said profits were a record.", True),
        ("source", "Many, who asked not to be named, said profits were a record.", False),
        # a document or data set, not a speaker: the `document` kind, part of `source`
        ("document", "The figures come from data published by the OECD.", True),
        ("document", "Courtline's annual report forecasts that courts will double.", True),
        ("document", "A study by the University of Leeds found the same.", True),
        ("document", "Sykes says the boards outlast new ones.", False),
        ("document", "The boards outlast new ones, the company says.", False),
        ("document", "Prices will rise, according to the central bank.", False),
        ("quote", '"We are sold out," said Tom Reed.', True),
        ("quote", 'The piece quoted its chief executive, Lorna Baird, as saying "we win".', True),
        ("quote", 'Buyers are quoting it as a bargain "at this price".', False),
        ("citation", "The effect is small (Smith et al., 2019).", True),
        ("citation", "The effect is small [12].", True),
    ],
)
def test_default_evidence_kinds(kind: str, text: str, counts: bool) -> None:
    assert (_first(kind, text) is not None) is counts


def test_an_unknown_evidence_kind_is_a_rule_error_naming_the_line(tmp_path: Path) -> None:
    pack = tmp_path / "mine"
    pack.mkdir()
    rule_file = pack / "Odd.yaml"
    rule_file.write_text(
        "extends: evidence\ncategory: unsupported-claim\nmessage: '{match}'\n"
        "claims: [huge]\nevidence_kinds: [source, rumor]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_rule_file(rule_file, "mine", trusted=True)
    assert "rumor" in str(caught.value)
    assert caught.value.line == 5


# --- unsupported-claim structures -----------------------------------------------------------
# Written for the claims pack, not taken from seeds/ or bench/: each line fills the slots of one
# structure (superlative + scope, no rival + comparison verb, flawless track record, vague group +
# consensus verb, mass result, universal compatibility) with words the rules do not list.

CLAIM_STRUCTURE_FLAGS = [
    "Our espresso grinder is the quietest machine on the market, full stop.",
    "The clinic is the most trusted name in Midlands dentistry.",
    "Greenford is the best-run borough in London.",
    "Its sailing yachts are the most seaworthy in the Mediterranean.",
    "No rival insurer comes close to our claims service.",
    "Nothing at this price point comes close.",
    "The view from the terrace is unlike anything you have ever seen.",
    "Our roast puts cafés charging twice as much to shame.",
    "A formula no competitor can copy.",
    "The syndicate has never had a losing season.",
    "Every single one of our property picks has doubled in value.",
    "Gardeners are unanimous: this is the only hose worth buying.",
    "Homeowners agree that our windows are the warmest they have owned.",
    "Punters in the forum say the tipster never misses.",
    "Beta testers are calling it the smoothest update yet.",
    "Thousands of students have landed their dream jobs after the course.",
    "The adapter works seamlessly with every laptop ever made.",
    "It is obvious to anyone who has tried it that nothing else compares.",
    "Trusted by the world's finest chefs, our knives ship worldwide.",
    "Surgeons across the country quietly recommend our braces.",
]

CLAIM_STRUCTURE_PASSES = [
    "Lake Baikal is the deepest lake in the world, at 1,642 metres.",
    "Marie Curie was the first woman to win a Nobel Prize, in 1903.",
    "The Nile is the longest river in Africa.",
    "Tokyo is the most populous city in Japan.",
    "He was one of the best-known painters in Europe.",
    "The best approach in Django is to use class-based views.",
    "No other thread can match the mutex while it is held.",
    "No other process can touch the lock file while the job runs.",
    "Nothing on this page applies to version 1.",
    "The pipeline has never failed on the main branch.",
    "Every previous snapshot has been deleted.",
    "Researchers say more work is needed.",
    "Developers are asked to agree to the licence.",
    "Thousands of users have reported the bug since the update.",
    "The tool works with every editor that supports LSP.",
    "It is obvious from the stack trace that the import failed.",
    "Install commands silently skip packages that are already present.",
    "There is no better way to learn the API than to read the examples.",
]


# --- the packs' data lists ----------------------------------------------------------------


def _data_lists() -> list[Path]:
    return sorted(p for pack in PACKS for p in (builtin_rules_dir() / pack / "data").glob("*.txt"))


def test_every_pack_has_data_lists() -> None:
    assert {p.parent.parent.name for p in _data_lists()} == set(PACKS)


@pytest.mark.parametrize("path", _data_lists(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_data_list_is_sorted_unique_unpadded_used_and_compiles(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, "empty list"
    assert all(line == line.strip() and line for line in lines), "blank or padded line"
    assert lines == sorted(lines), "not sorted"
    assert len(lines) == len(set(lines)), "duplicate entries"
    for line in lines:
        re.compile(line, re.IGNORECASE)
    pack_dir = path.parent.parent
    users = [y.name for y in pack_dir.glob("*.yaml") if f"data/{path.name}" in y.read_text("utf-8")]
    assert users, f"{path.name} is not referenced by any rule in {pack_dir.name}"


# --- families, not phrases ------------------------------------------------------------------
# Written for these packs, not taken from seeds/ or bench/: each line is a different wording of a
# family of constructions (vague authority, hearsay, modal + market outcome, absolute superiority,
# efficacy, income promises), so a rule that only knows the sample sets' phrasings fails here.

FAMILY_FLAGS = [
    ("unsupported-claim", "Hedge fund managers are quietly betting on this stock."),
    ("unsupported-claim", "Sommeliers across Europe rave about the estate's reds."),
    ("unsupported-claim", "Top chefs swear by this pan."),
    ("unsupported-claim", "Some in the crypto community believe the coin will flip Ethereum."),
    ("speculation", "Murmurs in the paddock suggest the team will switch engines."),
    ("speculation", "The brand is reportedly eyeing an expansion into Asia."),
    ("speculation", "A merger could be on the cards before year end."),
    ("speculation", "This little-known biotech might be the next Moderna."),
    ("speculation", "Prices are sure to rise once word gets out."),
    ("speculation", "The shares are certain to rebound once the lawsuit is settled."),
    ("speculation", "Tickets could easily sell out."),
    ("speculation", "The 2025 vintage will be the finest ever."),
    ("speculation", "Holders could see their investment grow tenfold."),
    ("unsupported-claim", "This phone is years ahead of anything Apple or Samsung make."),
    ("unsupported-claim", "This lens is in a league of its own."),
    ("unsupported-claim", "It is the most exciting thing to happen to running shoes in decades."),
    ("unsupported-claim", "This cream made my wrinkles disappear in a week."),
    ("unsupported-claim", "Members routinely quit their day jobs within a year."),
]

FAMILY_PASSES = [
    "The bridge is bound to the bank by cables.",
    "Sales may well be seasonal, the report said.",
    "Rates are expected to rise 0.25 points, according to a Reuters poll of 40 economists.",
    "Several economists expect the central bank to cut rates, a Reuters poll showed.",
    "The word is pronounced with a silent k.",
    "The next step will be the next release candidate.",
    "The cache could easily become a bottleneck under load.",
    "This release will be the last to support Python 3.8.",
    "The mission is headed for the moon in November.",
    "The project is on track to ship in the spring.",
    "The function is guaranteed to return a value.",
    "The easiest way to see the logs is with journalctl.",
    "Removing every last trace of the old configuration requires a reinstall.",
    "She quit her job to care for her mother.",
    "The merger may be in the works, Reuters reported, citing people familiar with the matter.",
    "Many in the town remember the flood of 1953.",
    "Odds are you already have Python installed.",
    "Forum users reported the bug on the issue tracker.",
    "Values in this column are rounded to two decimal places.",
    "Nobody answered the phone at the office on Sunday.",
]


@pytest.mark.parametrize(("category", "text"), FAMILY_FLAGS)
def test_family_wordings_are_flagged(tmp_path: Path, category: str, text: str) -> None:
    findings = lint_text(tmp_path, text + "\n")
    assert category in {f["category"] for f in findings}, text


def test_family_near_misses_stay_clean(tmp_path: Path) -> None:
    text = "\n\n".join(FAMILY_PASSES) + "\n"
    findings = lint_text(tmp_path, text)
    assert [(f["rule"], f["match"]) for f in findings] == []


# --- speculation: structural families (future/imminence frame + market or success outcome,
# hearsay frame + clause, unattributed expectation), on wordings no rule example uses ---------

SPECULATION_STRUCTURE_FLAGS = [
    "Mortgage rates will climb again before the autumn, so lock in now.",
    "Energy bills will only go up from here.",
    "Copper is about to enter its strongest run in a generation.",
    "Cloud kitchens are on course to wipe out the traditional takeaway.",
    "Traders expect silver to punch through $40 within weeks.",
    "Resale prices are expected to climb well above the sticker price.",
    "I'm told that the chief executive has already lined up a successor.",
    "We are hearing that two hedge funds are building big positions.",
    "There is talk in the paddock that the team will switch engines.",
    "The idea of a secondary listing is being mooted among investors.",
    "Rival labs are said to be racing to copy the design.",
    "A second funding round cannot be far behind.",
    "For this brand, global fame is not a question of if, but when.",
    "The band is on the verge of signing with a major label.",
    "The brewery is gearing up for a stock market flotation next spring.",
    "Odds are that the brand will be in every pharmacy by next winter.",
    "Early minters will flip for 10x the mint price.",
    "This watch will be worth double what you paid within five years.",
    "He will be out of a job before the next election.",
    "The developer will walk away with a fat payout once the scheme collapses.",
]

SPECULATION_STRUCTURE_PASSES = [
    "Rail fares in England will rise by 4.9% on 3 March, the Department for Transport said.",
    "The central bank expects inflation to fall to 2.1% next year, its governor said.",
    "Demand for electricity will rise in winter, so the grid keeps reserve plants.",
    "The learning rate will drop after ten epochs.",
    "Version 3 will drop support for Python 3.8.",
    "The court will sentence him on 3 May.",
    "You are about to delete the repository; this cannot be undone.",
    "The ship is on course to reach port by nightfall.",
    "The species is on the brink of extinction.",
    "The city is gearing up for the marathon on Sunday.",
    "We expect the function to return a list.",
    "I'm told the answer is in chapter four, so let me check.",
    "There is a talk at the conference that covers the new API.",
    "The company was floated in 1986 on the London Stock Exchange.",
    "The lake is said to be haunted by a drowned bride.",
    "A fix for the crash is in the works.",
    "All signs point to a problem with the power supply.",
    "A cheap drill will be worth it if you only need it twice.",
    "She will be gone for two weeks on holiday.",
    "You may need to restart the service after changing the configuration.",
]


# Sentences in wordings no rule lists, by category: each must be flagged; and neutral look-alikes
# that must not be.
STRUCTURES = {
    "unsupported-claim": (CLAIM_STRUCTURE_FLAGS, CLAIM_STRUCTURE_PASSES),
    "speculation": (SPECULATION_STRUCTURE_FLAGS, SPECULATION_STRUCTURE_PASSES),
}


@pytest.mark.parametrize(
    ("category", "text"),
    [(category, text) for category, (flags, _) in STRUCTURES.items() for text in flags],
)
def test_structures_are_flagged(tmp_path: Path, category: str, text: str) -> None:
    findings = lint_text(tmp_path, text + "\n")
    assert category in {f["category"] for f in findings}, text


@pytest.mark.parametrize("category", STRUCTURES)
def test_structure_look_alikes_stay_clean(tmp_path: Path, category: str) -> None:
    text = "\n\n".join(STRUCTURES[category][1]) + "\n"
    findings = lint_text(tmp_path, text)
    assert [(f["rule"], f["match"]) for f in findings if f["category"] == category] == []
