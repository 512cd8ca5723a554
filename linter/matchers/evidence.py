"""evidence: a claim that is flagged only when its sentence (or paragraph) offers no support.

"the jaw-dropping trade figures" is flagged; "sales rose 12% to 1.4 million units" beside the
same claim is not. Support is a figure, percentage, amount, date, named source ("according to
the national registry"), a quotation with a named speaker, a link or a citation. The default
evidence patterns below define what counts; a rule can add its own (`evidence:`), keep only some
kinds of them (`evidence_kinds: [source, quote, link, citation]`: a forecast or a "clinically
proven" is not made factual by a percentage; `document` is the part of `source` that names a
study, report, publication or data set, not a speaker), or switch the defaults off
(`default_evidence: false`). Vague subjects ("experts said", "according to insiders") are never
a named source: they are what the claims packs flag.

Two options turn the same machinery into a document-level condition: `within: document` looks for
evidence anywhere in the article, and `when: supported` flags the claims that DO have evidence.
A pair of rules sharing their claims, one `when: unsupported` and one `when: supported`, so gives
exactly one finding per claim, with a severity that depends on the rest of the document (e.g. a
call-to-action in an article with no sponsorship disclosure is worse than in a disclosed one).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from linter.document import Document, Span
from linter.matchers.base import ExceptionSpans, Matcher, Options, inside_any
from linter.model import Hit
from linter.patterns import Regex, combine_for_search
from linter.prefilter import gated_search, prose_spans
from linter.rules import RuleSpec

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|half)"
)
# Subjects too vague to count as a source: "Experts said" is the claim, not its support.
_VAGUE_SUBJECT = (
    r"(?:Experts?|Analysts?|Insiders?|Sources?|Critics?|Observers?|Pundits?|Commentators?"
    r"|Watchers?|Many|Some|Most|Others?|People|Everyone|Everybody|Someone|Somebody|Studies"
    r"|Study|Research|Researchers|Scientists|Reports?|Rumou?rs?|Investors?|Traders?|Users?"
    r"|Customers?|Fans?|Doctors?|They|We|You|It|This|That|These|Those|Industry|Market|Crypto"
    r"|Wall Street|Word|Whispers?|Everyone"
    # Professions and hearsay nouns that open weasel sentences ("Nutritionists say ...").
    r"|Science|Dermatologists?|Nutritionists?|Dietitians?|Physicians?|Economists?|Strategists?"
    r"|Veterans?|Professionals?|Specialists?|Editors?|Reviewers?|Bankers?|Trainers?|Planners?"
    r"|Advis[eo]rs?|Consultants?|Tipsters?|Bettors?|Punters?|Chatter|Rumblings?|Gossip|Buzz"
    r"|Travell?ers?|Locals?|Parents?|Shoppers?|Buyers?|Members?|Subscribers?|Students?"
    # the seller's own forecaster: "Our AI predicts", "My model forecasts"
    r"|Our|My|AI|Models?|Algorithms?)\b"
)
# "according to experts" is vague attribution, not a named source.
_VAGUE_ACCORDING = (
    r"(?:some|many|most|experts?|insiders?|sources?|analysts?|observers?|rumou?rs?|reports"
    r"|critics|people|those|industry|market|unnamed|anonymous|several|various|multiple|a source"
    r"|one source|an insider|an expert|the experts|the rumou?r|word|whispers?|fans|users"
    # "according to one person briefed on the talks": nobody named.
    r"|one person|a person|persons|someone|somebody|a few|a number of|numerous|countless)\b"
)
_SPEECH_VERB = r"(?:said|says|told|tells|wrote|writes|reported|reports|added|noted|explained)"
_Source = tuple[str, int]
# What may stand between a named speaker and its verb: a clause that says who it is ("Unite,
# which represents the bank's staff, said", "Amit Rao, a physiologist who studies fluid balance,
# said"), its abbreviation and where it said it ("The International Energy Agency (IEA), in its
# annual outlook, has projected"), and the auxiliary of a perfect tense ("has said").
_BEFORE_SPEECH_VERB = (
    r"(?:\s+\([A-Z][\w&.-]{1,12}\))?"
    r"(?:,\s+(?:which|who|an?|the|in\s+(?:its|their|a|an|the))\s[^,.;:!?\n\"“”]{1,80},)?"
    r"(?:\s+(?:has|have|had))?"
)
# A small number that is part of a name, not a measurement: "the Metro 2", "its Home 13",
# "Windows 11", "Chapter 11". It follows a capitalised word that is not the first of its
# sentence (a lower-case letter or a comma before it: "Around 40 guests" is a figure) and has
# no unit after it. A day of the month after its month is a date (the "date" kind).
_NAME_NUMBER = (
    "(?!(?:"
    + "|".join(rf"(?<=[a-z,] [A-Z][a-z]{{{k}}} )" for k in range(1, 12))
    + r")\d{1,3}(?![\d%]|[.,]\d|\s?(?:percent|per cent|million|billion|thousand)\b|(?:bn|[kmb])\b))"
)


def _source(pattern: str, flags: int = 0) -> _Source:
    """A default evidence pattern, compiled by `evidence_kinds` when a rule first needs it."""
    return (pattern, flags)


# A document or data set named as the source: "data from the ONS", "published in The Lancet",
# "a study by the IMF", "Courtline's annual report forecasts": the `document` evidence kind. The
# `source` kind has these, "according to ..." and named speakers ("Sykes says", "she told").
_DOCUMENT_SOURCES: tuple[_Source, ...] = (
    _source(
        r"\b(?:as )?reported by\b|\b(?:data|figures|statistics|numbers) (?:from|published by"
        r"|released by)\b|\bcited by\b|\bsource[sd]?:",
        re.I,
    ),
    # "published in The Lancet", "a study by the IMF", "analysts at Citi", "polled by Reuters"
    _source(
        r"\b(?:[Pp]ublished|[Rr]eported|[Aa]ppeared) in (?:the )?[A-Z]"
        r"|\b(?:[Ss]tud(?:y|ies)|[Ss]urvey|[Rr]eport|[Pp]oll|[Aa]nalysis|[Pp]aper|[Rr]eview"
        r"|[Tt]rial|[Rr]esearch|[Dd]ata|[Bb]enchmarks?|[Rr]anking) (?:by|from|at|of|in)"
        r" (?:the )?[A-Z]"
        r"|\b(?:[Aa]nalysts?|[Ee]conomists?|[Ss]trategists?|[Rr]esearchers?|[Ss]cientists?"
        r"|[Ee]xperts?|[Oo]fficials?) (?:at|from|with|of) (?:the )?[A-Z]"
        # a body's own document: "Courtline's annual report forecasts that ..."
        r"|\b[A-Z][\w&.-]+['’]s (?:[\w-]+ ){0,2}(?:report|study|survey|outlook|forecast"
        r"|analysis|review|filing|accounts|prospectus|research) (?:forecasts?|predicts|projects"
        r"|expects|estimates|says|said|states|stated|shows|showed|found|finds|suggests|notes"
        r"|noted)\b"
        # "a Reuters poll showed", "the Gallup survey found"
        r"|\b(?:[Aa]n?|[Tt]he) (?:[A-Z][\w&.-]+ )+(?:poll|survey|study|report|analysis|estimate"
        r"|tally|ranking|benchmark)s? (?:showed|shows|found|finds|suggests|suggested"
        r"|published)\b"
        r"|\b(?:polled|surveyed|compiled|quoted|commissioned|conducted|funded) by"
        r" (?:the )?[A-Z]"
        # the outlet's own reporting: "analysts contacted for this report"
        r"|\b(?:contacted|interviewed|consulted|polled|surveyed|asked) (?:by|for) (?:this"
        r"|the) (?:report|article|story|newspaper|paper|publication|programme|program)\b"
    ),
)

# What supports a claim, checked over the prose of the claim's unit, grouped by kind so a rule
# can ask for only some kinds (`evidence_kinds`): a forecast is not made factual by a figure.
_EVIDENCE_SOURCES: dict[str, tuple[_Source, ...]] = {
    "figure": (
        # 12, 1.4, 3,000, 12%, $5m, $4K, 10k, 2024; not "3D" or "4K" (names), not "#1", "24/7",
        # the number of a code or name ("VRD-207", "COVID-19", "the Metro 2": _NAME_NUMBER) or
        # the slogan "100% natural" (rhetoric, not measurement).
        _source(
            r"(?<![\w.#/])(?<![A-Z]-)(?!24/7\b)"
            + _NAME_NUMBER
            + r"(?!100\s?%\s*(?:natural|pure|organic|safe|secure|guaranteed"
            r"|free|risk-free|satisfaction|legit|real|effective|proven|authentic|money-back|sure"
            r"|certain)\b)(?:[$€£¥]\d+(?:[.,]\d+)*(?:\s?[kKmMbB]n?\b)?|\d+(?:[.,]\d+)*"
            r"(?:\s?(?:%|percent|per cent)|(?:bn|[kmb])\b|\b))(?![A-Za-z])"
        ),
        _source(rf"\b{_NUMBER_WORDS}\s+(?:percent|per cent|million|billion|thousand)\b", re.I),
        # A share in words, of something: "more than half of its electricity", "two-thirds of
        # voters", "one in five adults". Not "almost half price" or "nearly a third faster",
        # which sell, nor a bare "half" ("half the price"), which measures nothing.
        _source(
            r"\b(?:(?:more|less|fewer) than|almost|nearly|about|roughly|around|over|under|just)"
            r"\s+(?:half|a (?:third|quarter|fifth|tenth)) of\b"
            r"|\b(?:two|three|four)[- ](?:thirds|quarters|fifths) of\b"
            r"|\b(?:one|two|three|four|five|six|seven|eight|nine) in (?:two|three|four|five|six"
            r"|seven|eight|nine|ten|\d+)\b",
            re.I,
        ),
    ),
    "date": (
        _source(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}\b"),
        _source(
            rf"\b(?:in|on|by|since|until|from|before|after|during|early|late|mid|next|last)"
            rf"[\s-]+{_MONTHS}\b"
        ),
        _source(
            r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:[Tt]his|[Nn]ext)\s+week(?:end)?\b"
            r"|\b(?:[Tt]omorrow|[Tt]onight)\b"
        ),
        _source(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
        # A scheduled year ("opens in 2027"), but not a horizon ("by 2030"), which forecasts use.
        _source(r"\b(?:in|until|since|during|from)\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d{2}\b"),
    ),
    "source": (
        _source(rf"\baccording to (?!{_VAGUE_ACCORDING})", re.I),
        *_DOCUMENT_SOURCES,
        _source(
            r"\b(?:told|tells)\s+(?:the\s+)?[A-Z]|\bsaid in an? (?:statement|filing|report|note"
            r"|release|interview|press release|post|email)\b"
        ),
        # "said John Smith, ..." / "said Smith." but not "says Bitcoin will ...".
        _source(
            rf"\b{_SPEECH_VERB}\s+(?:the\s+)?[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*\s*(?:[,.;:!?]|$"
            r"|\s+(?:in|on|at|of|to|from|who|during)\b)"
        ),
        _source(
            rf"\b(?!{_VAGUE_SUBJECT})[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*{_BEFORE_SPEECH_VERB}\s+"
            r"(?:said|says|told"
            r"|reported|estimated|found|published|wrote|announced|stated|confirmed"
            # a forecaster named as such: "Capital Economics predicts", "the ONS estimates"
            r"|estimates|forecasts|predicts|predicted|projected)\b"
        ),
        # A source named earlier in the paragraph: "the ministry said", "she told"; also a
        # body's own document ("the association's report projects") and a body named in full
        # ("the independent National Farm Credit Office projects").
        _source(
            r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+(?:['’]s)?\s+)?(?:[A-Z][\w&.-]*\s+){0,4}"
            r"(?i:company|firm|bank|ministry|agency|government"
            r"|department"
            r"|regulator|spokes(?:man|woman|person)|statement|court|police|official|officials"
            r"|authorities|authority|exchange|council|commission|committee|institute|university"
            r"|organi[sz]ation|central bank|bureau|office|board|chief executive|CEO|mayor"
            r"|minister|president|governor|senator|director|chair(?:man|woman)?|founder|professor"
            r"|economist|analyst|researchers?|scientists?|authors?|lawyer|judge|prosecutor|coach"
            r"|manager|report|study|survey|outlook|filing|union|trust|association|federation|society"
            r"|consultancy)"
            # ... named in full: "the Office for National Statistics", "the Bank of England"
            r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w&.-]*(?:\s+(?:[A-Z][\w&.-]*|and|of)){0,4})?"
            rf"{_BEFORE_SPEECH_VERB}\s+"
            rf"(?:{_SPEECH_VERB}|announced|stated|confirmed|estimated|forecasts?|predicts"
            r"|predicted|projects|projected|expects|expected|anticipates|estimates)\b"
            rf"|\b(?:[Hh]e|[Ss]he)\s+{_SPEECH_VERB}\b"
        ),
    ),
    "document": _DOCUMENT_SOURCES,
    "quote": (
        # A quotation attributed to a named speaker, either order, or to "he" or "she" (who
        # is named nearby, as the source kind has it).
        _source(
            rf"[\"“][^\"”]{{8,}}[\"”]\s*,?\s*{_SPEECH_VERB}\s+(?!{_VAGUE_SUBJECT})[A-Z]"
            rf"|[\"“][^\"”]{{8,}}[\"”]\s*,?\s*(?:[Hh]e|[Ss]he)\s+{_SPEECH_VERB}\b"
            rf"|\b(?!{_VAGUE_SUBJECT})[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*\s+{_SPEECH_VERB}\s*[:,]?"
            r"\s*[\"“]"
            # "quoted the chief executive, Lorna Baird, as saying “...”"
            r"|\bquoted\s+[^.;!?\"“”]{1,100}?\s+as\s+(?:saying|telling)\b"
        ),
    ),
    "citation": (
        # [12], (Smith, 2021), (Smith et al. 2021), et al., doi:, arXiv:
        _source(
            r"\[\d{1,3}\]|\(\s*[A-Z][\w-]+(?:\s+et al\.)?,?\s+\d{4}[a-z]?\s*\)|\bet al\b"
            r"|\bdoi:\s*10\.|\barXiv:\s*\d"
        ),
    ),
}
EVIDENCE_KIND_NAMES: tuple[str, ...] = (*_EVIDENCE_SOURCES, "link")
# Evidence only visible in the raw text, because the prose view blanks it: links.
_RAW_EVIDENCE_SOURCES: tuple[_Source, ...] = (
    _source(r"https?://|\bwww\.|\]\(|<a\s[^>]*href=", re.I),
)


@functools.cache
def evidence_kinds() -> dict[str, tuple[Regex, ...]]:
    """The default evidence patterns by kind, compiled on first use. A run served from the
    rule cache finds them compiled inside its matchers; compiling them again at import was
    a fifth of a pre-commit run."""
    return {
        kind: tuple(re.compile(*source) for source in sources)
        for kind, sources in _EVIDENCE_SOURCES.items()
    }


@functools.cache
def raw_evidence() -> tuple[Regex, ...]:
    return tuple(re.compile(*source) for source in _RAW_EVIDENCE_SOURCES)


def evidence_kind_option(opts: Options, key: str, default: list[str]) -> list[str]:
    """The evidence kinds a rule names under `key` (each checked against EVIDENCE_KIND_NAMES),
    or `default` when the key is absent; `[]` names none."""
    kinds = opts.strings(key, allow_empty=True) if opts.has(key) else default
    for index, kind in enumerate(kinds):
        if kind not in EVIDENCE_KIND_NAMES:
            raise opts.error(
                f"unknown evidence kind {kind!r}; use {', '.join(EVIDENCE_KIND_NAMES)}",
                key,
                index,
            )
    return kinds


def default_evidence(kinds: list[str]) -> tuple[tuple[Regex, ...], tuple[Regex, ...]]:
    """The built-in evidence patterns of `kinds`: those searched in the prose view, and those
    searched in the raw text (links, which the prose view blanks)."""
    prose = tuple(p for kind in kinds for p in evidence_kinds().get(kind, ()))
    return prose, (raw_evidence() if "link" in kinds else ())


# The seller vouching for itself: "the company says", "Roamwise says its customers ...",
# "according to the brand", "..., the resort says, ...". In a report that is a source; in an
# advertorial it is the advertiser's own claim again (the classifier's `article_seller_sources`).
# Compiled on first use, as the other evidence patterns are: not at import, which every run pays.
@functools.cache
def seller_source() -> re.Pattern[str]:
    return re.compile(
        r"\b(?:the\s+(?:company|firm|brand|maker|makers|manufacturer|retailer|resort|hotel|operator"
        r"|lodge|clinic|school|studio|startup|developer|platform|team|founders?|owners?)"
        r"|(?-i:[A-Z])[\w'’&.-]*(?:\s+(?-i:[A-Z])[\w'’&.-]*){0,2}|he|she|they)\s*,?\s+(?:says|said"
        r"|claims|claimed|told\s+(?:me|us)|tells\s+(?:me|us))\s*,?\s+(?:that\s+)?(?:its|it|it['’]s"
        r"|their|they|they['’]re|we|our)\b"
        # "Aurelle says the Hush 2 ...": a maker speaking of its product by name.
        r"|(?-i:[A-Z])[\w'’&.-]*(?:\s+(?-i:[A-Z])[\w'’&.-]*){0,2}\s*,?\s+(?:says|said|claims"
        r"|claimed)\s+(?:that\s+)?(?:the|its|their)\s+(?-i:[A-Z])[\w'’&.-]*(?:\s+[\w'’&.-]+)?"
        r"|\baccording\s+to\s+the\s+(?:company|firm|brand|maker|makers|manufacturer|retailer|resort"
        r"|operator|clinic|school|studio|startup|developer|platform|team|founders?)\b"
        r"|,\s+(?:the\s+(?:company|firm|brand|maker|makers|manufacturer|resort|operator|clinic|school)"
        r"|he|she|they)\s+(?:says|said|claims)\s*,",
        re.IGNORECASE,
    )


def has_evidence(
    doc: Document, unit: Span, prose: tuple[Regex, ...], raw: tuple[Regex, ...]
) -> bool:
    """Whether any of the patterns finds evidence inside `unit`, pattern by pattern (the early
    exit wins in a sentence)."""
    return any(p.search(doc.prose, unit.start, unit.end) for p in prose) or any(
        p.search(doc.raw, unit.start, unit.end) for p in raw
    )


def has_evidence_besides(
    doc: Document,
    unit: Span,
    prose: tuple[Regex, ...],
    raw: tuple[Regex, ...],
    besides: re.Pattern[str],
) -> bool:
    """`has_evidence`, not counting what lies in the matches of `besides` in `unit` (those
    characters are blanked, in both the prose and the raw text)."""
    if not has_evidence(doc, unit, prose, raw):
        return False
    spans = [m.span() for m in besides.finditer(doc.prose, unit.start, unit.end)]
    if not spans:
        return True

    def blanked(text: str) -> str:
        chars = list(text[unit.start : unit.end])
        for low, high in spans:
            chars[low - unit.start : high - unit.start] = " " * (high - low)
        return "".join(chars)

    prose_rest, raw_rest = blanked(doc.prose), blanked(doc.raw)
    return any(p.search(prose_rest) for p in prose) or any(p.search(raw_rest) for p in raw)


class EvidenceMatcher(Matcher):
    extends = "evidence"
    within_one_block = True
    gate = "claims"
    keys: ClassVar[dict[str, str]] = {
        "claims": "claim phrases (regex fragments) matched as whole words",
        "exceptions": "phrases that, where they overlap a claim, cancel it",
        "within": "where evidence is looked for: sentence (default), paragraph or document",
        "when": "flag claims that are 'unsupported' by evidence (default) or 'supported'",
        "evidence": "extra regular expressions that count as evidence (case-sensitive)",
        "default_evidence": "use the built-in evidence patterns (default true)",
        "evidence_kinds": "which built-in evidence counts: any of figure, date, source, document,"
        " quote, link, citation (default all)",
        "ignorecase": "match claims case-insensitively (default true)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        claims = opts.phrases("claims", ignorecase=ignorecase, required=True)
        assert claims is not None
        self.claims = claims
        self.exceptions = opts.phrases("exceptions", ignorecase=ignorecase)
        self.within = opts.choice("within", ("sentence", "paragraph", "document"), "sentence")
        # The verdict that gets a claim flagged: False (no evidence) by default.
        self.flag_when_supported = (
            opts.choice("when", ("unsupported", "supported"), "unsupported") == "supported"
        )
        extra = [
            opts.regex(pattern, *key_path, ignorecase=False)
            for key_path, pattern in opts.indexed_strings("evidence")
        ]
        use_defaults = opts.boolean("default_evidence", True)
        kinds = evidence_kind_option(opts, "evidence_kinds", list(EVIDENCE_KIND_NAMES))
        defaults, raw = default_evidence(kinds) if use_defaults else ((), ())
        self.prose_evidence = (*defaults, *extra)
        self.raw_evidence = raw
        # A quotation that goes on in the next sentence is still the named speaker's (checked
        # for sentence units only: `supported`).
        self.quote_evidence = evidence_kinds()["quote"] if use_defaults and "quote" in kinds else ()
        # Over a paragraph or a whole document, one scan for "any evidence here?" beats one scan
        # per pattern; in a short sentence the loop's early exit wins (None: use the loop).
        self.any_prose_evidence = (
            combine_for_search(self.prose_evidence) if self.within != "sentence" else None
        )

    def _unit(self, doc: Document, offset: int) -> Span | None:
        if self.within == "document":
            return Span(0, len(doc.prose))
        if self.within == "paragraph":
            block = doc.block_at(offset)
            return Span(block.start, block.end) if block else None
        return doc.sentence_at(offset)

    def supported(self, doc: Document, unit: Span) -> bool:
        if self.any_prose_evidence is None:
            return has_evidence(
                doc, unit, self.prose_evidence, self.raw_evidence
            ) or self._continues_quotation(doc, unit)
        in_prose = gated_search(self.any_prose_evidence, doc.prose, unit.start, unit.end)
        return in_prose or has_evidence(doc, unit, (), self.raw_evidence)

    def _continues_quotation(self, doc: Document, unit: Span) -> bool:
        """Whether the sentence opens a quotation right after a sentence that quotes a named
        speaker: '"Silver is finally getting some help," said Priya Natarajan, head of metals
        strategy at Halden Capital. "We expect prices to average $34 in the second quarter."'
        The attribution covers the speaker's next sentence too."""
        if not self.quote_evidence or doc.prose[unit.start : unit.start + 1] not in ('"', "“"):
            return False
        previous = doc.sentence_before(unit)
        return previous is not None and has_evidence(doc, previous, self.quote_evidence, ())

    def hits(self, doc: Document) -> Iterator[Hit]:
        excepted = ExceptionSpans(doc, self.exceptions)  # scanned on first use
        verdicts: dict[int, bool] = {}  # unit start -> supported, so each unit is checked once
        # Shared with any other rule scanning this text with the very same claims pattern.
        for start, end in prose_spans(doc, self.claims):
            if excepted and inside_any(start, end, excepted):
                continue
            unit = self._unit(doc, start)
            if unit is None:
                continue
            if unit.start not in verdicts:
                verdicts[unit.start] = self.supported(doc, unit)
            if verdicts[unit.start] == self.flag_when_supported:
                yield Hit(start, end)
