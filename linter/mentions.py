"""Mentions: words quoted in order to talk about them are not the writer's own claim.

A fact-check quotes the advert it checks ('described the drink as "clinically proven"'), a guide
lists the pressure phrases to watch for (a list item: `- “Offer ends at midnight”`), a regulator
names the wording it banned ('“Clinically proven” should refer to a published study'). The words
inside such a quotation are mentioned, not used, and no content rule reports a match that starts
inside one, nor a sentence model a sentence wholly inside one (the engine, `findings_for`;
encoding damage inside a quotation still counts).
A quotation is a mention when it is

- introduced as one: "such as", "for example", "phrases like", "the slogan", "described ... as",
  "advertised as", "market it as", "billed as";
- named or read out: 'an article labelled “sponsored content”', 'providers advertise “...”',
  'the label reads: “...”', 'a timer reading “...”';
- what a piece of copy (an advert, a landing page, a thread, an advertising feature) said or
  told its readers: 'one advertisement, which ran from June, stated: “...”', 'a sponsored
  feature about the train called it “...”', 'the advert ... urged readers to “book now”', and
  what readers were told to do by whatever told them ('another told readers to “join over 3,000
  investors”');
- discussed as one: '“X” should refer to ...', '“X” is a marketing term', '“clinically proven”
  weight-loss claims', 'the “guaranteed results” promise', 'fined over “guaranteed returns”
  posts', 'would understand “X” to mean ...', 'treats “X” as a strong claim', 'the “paid
  partnership” tool';
- alone on its line, perhaps after a label's colon or a number (a heading `Claim 3: “...”` or
  `2. “...”`, a list item);
- the subject of a verb ('“Boosts immunity” goes further than the authorised wording',
  'whether “the finest beach” was misleading', '“grab yours” created a false sense of urgency'),
  or of a headline's verdict with its verb left out ('Hair serum: “clinically proven” not
  substantiated', '“Clinically proven” without a clinical trial');
- an item of a list of quotations that one of the above opens, or that opens a line or follows
  a colon ('labels such as “Sponsored,” “Paid partnership” or “#ad”').

What a piece of copy said goes on to the end of its sentence ('further text stated “X” and, beneath
a countdown timer, “Y”'), and a partial quotation in it is a mention too, the verb inside the
quotation or not ('the advert states that gas prices “are certain to climb”', 'the charity says in
the release that funding is “all but in the bag”'). The copy of an advert, a banner or a message
reported without quotation marks ("a banner saying stock is nearly gone") is a mention too, to the
end of its clause, and so are a self-description ("Voltline describes itself as the fastest-growing
battery company in Britain", quotations in it included), what something implied ("implied that
investors could replace their salaries"), what fraudsters say in a warning about them
("Scammers claim the product has been independently verified"), and a hashtag named as one
("the hashtag #gifted") or quoted ('tagged “#gifted” rather than “#ad”').

A quotation inside a sentence with a speaker ('“Best purchase ever,” says Jenna') is reported
speech, not a mention: the rules and their evidence patterns decide about it as before.
"""

from __future__ import annotations

import functools
import re

from linter.document import merged_spans


def _quotation(name: str) -> str:
    """A quotation on one line, its content captured as `name`."""
    return rf"""["“](?P<{name}>[^"“”\n]{{1,320}})["”]"""


# A quotation inside the words between a piece of copy and what it said.
_ANY_QUOTED = r"""["“][^"“”\n]{1,320}["”]"""
# What joins the items of a list of quotations: "“Sponsored,” “Paid partnership” or “#ad”".
# "or simply “affiliate link”" joins them too.
_LIST_JOIN = (
    r"""[ \t]*[,;/]?[ \t]*(?:(?:or|and|and/or|nor)[ \t]+(?:(?:simply|just|even)[ \t]+)?)?"""
)
# Whom a piece of copy tells or urges: "told readers to", "assured owners that".
_AUDIENCE = (
    r"(?:readers|viewers|listeners|followers|customers|buyers|shoppers|consumers|users|investors"
    r"|subscribers|visitors|fans|patients|members|owners|sellers|savers|holders|players|parents"
    r"|clients|people|guests|travell?ers|homeowners|drivers|diners|supporters|backers|donors"
    r"|residents|households|tenants|landlords|students|learners|candidates|applicants|borrowers"
    r"|the\s+public)"
)
# What a piece of copy is (an advert, a label, a banner): what it "says" is quoted copy.
_COPY = (
    r"(?:advert(?:isement)?s?|ads?|posts?|e-?mails?|leaflets?|flyers?|brochures?|banners?"
    r"|(?:web)?sites?|(?:web\s*|product\s+|landing\s+|sales\s+|home\s*)?pages?|listings?"
    r"|letters?"
    r"|packaging|packets?|labels?|signs?|notices?|pop-?ups?|tweets?|threads?|captions?"
    r"|bylines?|timers?|headlines?|disclaimers?"
    r"|messages?|notifications?|texts?|voice-?overs?|videos?|commercials?|jingles?|scripts?"
    r"|promotions?|campaigns?|mail-?shots?|advertorials?|advertising|marketing"
    r"|(?:sponsored|advertising|advertisement|paid|promotional)\s+(?:features?|articles?|pieces?))"
)
# What a piece of copy said, reported without quotation marks: "a red banner saying stock is
# nearly gone", "texts claiming the parcel is held at customs" (to the end of the clause).
# Found from the verb, then the copy's noun looked for just before it. The pattern starts with
# a literal ("ing", "hat") that `re` skips ahead to, the verb checked behind it: starting with
# the nouns, or with the verbs under IGNORECASE, it cost a scan of every document (0.2-0.7 s
# per 10 MB); this way 0.06 s.
_REPORTED = re.compile(
    r"(?:ing(?:(?<=\b[Ss]aying)|(?<=\b[Rr]eading)|(?<=\b[Cc]laiming)|(?<=\b[Ww]arning)"
    r"|(?<=\b[Pp]romising))"
    r"|hat(?<=\b[Tt]hat)\s+(?:says|said|reads|read|claims|claimed|warns|warned|promises"
    r"|promised))"
    r"""\s+(?:that\s+)?(?P<copy>[^.,;:!?\n"“”]{3,160})"""
)
# A claim reported without quotation marks, to the end of its clause: "Voltline describes itself
# as the fastest-growing battery company in Britain", "adverts that implied ordinary investors
# could replace their salaries" (not "the implied move"). Each pattern starts with a literal
# ("el", "impl") that `re` skips ahead to, as `_REPORTED` does; the verb of a self-description
# is checked behind (`_DESCRIBES_BEFORE`).
_SELF_DESCRIBED = re.compile(
    r"""el(?<=sel)(?:f|ves)\s+as\s+(?P<copy>(?:[^.,;:!?\n"“”]|["“][^"“”\n]{1,160}["”]){3,160})"""
)
_IMPLIED = re.compile(
    r"impl(?<!\wimpl)(?<!\bthe impl)(?<!\ban impl)(?<!\ba impl)(?:ied|ies|ying)\b(?:\s+that)?"
    r"""\s+(?P<copy>[^.,;:!?\n"“”]{3,160})"""
)
# The verb before "itself", "themselves": what precedes the match, up to the "s" of "self".
_DESCRIBES_BEFORE = re.compile(
    r"\b(?:describ|bill|market|styl|call|brand|tout|pitch|promot|position)(?:es|s|ed|e|ing)?\s+"
    r"(?:it|them|him|her)s$",
    re.IGNORECASE,
)
# What fraudsters and their like say, reported without quotation marks, to the end of the
# sentence: a regulator's warning that "Fraudsters use a familiar script. They say a coin could
# soar 1,000% and that you can earn $5,000 in 30 days", "Scammers claim the product has been
# independently verified". Found from the verb (lower case, a plain word list), the speaker
# checked just before it (`_SPEAKER_BEFORE`): a name for those who make such pitches, or "they"
# with one of those names earlier in the paragraph (a testimonial's "they told me only three
# slots are left" is the seller's pitch, passed on). Not "experts say" or "insiders claim",
# whose vagueness is claims.VagueAttribution's to report.
# Whom they tell it to ("tell" and "told" only with one of these: "they told me" is a
# testimonial's).
_TOLD = r"(?:you|victims|investors|people|them|buyers|savers)"
_SAYS = re.compile(
    r"\b(?:say|said|claim|claimed|promise|promised|insist|insisted|boast|boasted"
    rf"|(?:tell|told)(?=\s+{_TOLD}\b))\b(?:\s+{_TOLD})?(?:\s+that)?"
    r"""\s+(?P<copy>(?:[^.;:!?\n"“”]|(?<=\d)[.,](?=\d)){3,240})"""
)
_PITCHERS = (
    r"(?:fraudsters|scammers|con\s*men|con\s+artists|criminals|tricksters|touts|cold[- ]callers"
    r"|promoters)"
)
_SPEAKER_BEFORE = re.compile(
    rf"\b(?P<speaker>they|{_PITCHERS})\s+(?:(?:often|typically|usually|may|might|will|also"
    r"|then|routinely|falsely|even)\s+)?$",
    re.IGNORECASE,
)
_PITCHERS_NAMED = re.compile(rf"\b{_PITCHERS}\b", re.IGNORECASE)


def _pitch_reported(prose: str, start: int) -> bool:
    """Whether the verb at `start` reports what fraudsters (or "they", after them) say."""
    speaker = _SPEAKER_BEFORE.search(prose, max(0, start - 30), start)
    if speaker is None:
        return False
    if speaker.group("speaker").lower() != "they":
        return True
    paragraph = prose.rfind("\n\n", 0, speaker.start()) + 1
    window = max(paragraph, speaker.start() - 400)
    return _PITCHERS_NAMED.search(prose, window, speaker.start()) is not None


# A hashtag named as one ("the hashtag #gifted was not enough to disclose the payment") or
# quoted ('posts tagged “#gifted” rather than “#ad”').
_HASHTAG = re.compile(r"""\bhashtags?\s+(?P<tag>#\w+)|["“](?P<quoted>#\w+)["”]""", re.IGNORECASE)
# The copy's noun before the verb (whose first letters precede the match: "banner say|ing").
_COPY_BEFORE = re.compile(rf"\b{_COPY}\s+[\w-]*$", re.IGNORECASE)
# Compiled on first use (`_patterns`), by a document with a quotation mark in it: the two
# patterns below take 9 ms to compile, a tenth of a pre-commit run on a small file.
_MENTION = (
    # introduced as a mention
    r"(?:\bsuch\s+as|\bfor\s+(?:example|instance)|\be\.g\."
    r"|\b(?:words?|phrases?|terms?|claims?|statements?|labels?|wording|slogans?|lines?"
    r"|promises?|messages?|banners?|taglines?|headlines?|forms?|examples?|disclosures?"
    r"|disclaimers?)\s+(?:like|such\s+as|including|includes?)"
    r"|\b(?:words?|phrases?|terms?|slogans?|labels?|taglines?|wording|lines?|headlines?"
    r"|messages?|banners?|captions?|notices?|disclaimers?|disclosures?|claims?|statements?"
    # a saying as a noun ("the old saying “...”"), not the verb ('a customer saying “...”')
    r"|promises?|(?:(?<=the )|(?<=old )|(?<=an )|(?<=that ))saying|sayings|adages?|maxims?"
    r"|mantras?|proverbs?|mottos?)"
    # ... with a few words after "as": 'describes the purifier as able to “remove 99.97%”'
    r"|\bdescrib(?:e|es|ed|ing)\s+(?:[\w'’-]+\s+){0,4}?as(?:\s+[\w'’-]+){0,3}?"
    r"|\b(?:market(?:s|ed|ing)?|bill(?:s|ed|ing)|sold|sells?|selling|advertis(?:e|es|ed|ing)"
    r"|label(?:s|l?ed|l?ing)?|brand(?:s|ed|ing)|promot(?:e|es|ed|ing)|touts?|touted|touting"
    r"|pitch(?:es|ed|ing)?|dubbed)\s+(?:[\w'’-]+\s+){0,2}?as"
    # named: "a drink called “X”", "an article labelled “sponsored content”"
    r"|\b(?:labell?ed|titled|entitled|captioned|tagged|headlined|called|named|dubbed|branded"
    r"|marked|advertis(?:e|es|ed|ing))"
    # read out: "the label reads: “X”", "a timer reading “X”"
    r"|\bread(?:s|ing)?"
    # taken up as a topic, at the start of a sentence: 'On “Guaranteed to outlast any other
    # brand”, the ASA noted that ...'
    r"|(?-i:(?:(?<![^\n])|(?<=[.!?]\s))On)"
    # the content of a claim: 'repeat claims that its property had “the finest beach”'
    r"|\b(?:claims?|assertions?|promises?|statements?)\s+that\s+[^\n\"“”.;:!?]{0,100}?"
    # what the reader was told to do: 'the advert ... told readers to “join over 3,000 investors”'
    r"|\b(?:told|tells|telling|urged|urges|urging|encouraged|encourages|encouraging|invited"
    rf"|invites|inviting)\s+{_AUDIENCE}\s+to"
    # ... or what it told them: 'told owners that “buyers are queuing”', 'told readers that its
    # members “win far more often”'
    r"|\b(?:told|tells|telling|assured|assures|assuring|promised|promises|promising|warned"
    rf"|warns|warning)\s+{_AUDIENCE}\s+that\s+(?:[\w'’-]+\s+){{0,3}}?"
    # what copy calls a thing: 'some posts call a pool “risk-free” or “the safest”'
    # ('its posts have called Larder & Flint “the most exciting opening”', 'a sponsored
    # feature called it “the finest train in the world”')
    rf"|\b(?:{_COPY}|features?|articles?|reviews?|stor(?:y|ies)|pieces?|releases?)\s+"
    r"(?:(?:about|on|for|from|by)\s+(?:[\w'’-]+\s+){1,3}?)?(?:(?:have|has|had)\s+)?"
    r"call(?:s|ed)?\s+(?:it|them"
    r"|(?:an?|the|its|their|this|that)\s+[\w-]+"
    r"|(?-i:[A-Z])[\w'’-]*(?:\s+(?:&\s+)?(?-i:[A-Z])[\w'’-]*){0,3})"
    rf")\s*[:,]?\s*{_quotation('introduced')}"
    # discussed as a mention
    rf"|{_quotation('discussed')}\s+(?:should|must|may\s+only|can\s+only|means|refers"
    r"|is\s+(?:a|an|not\s+a|only\s+a)\s+(?:claim|term|phrase|label|slogan|marketing)"
    # what readers take it to mean: 'consumers would understand “boost your immunity” to mean
    # ...', 'treats “clinically proven” as a strong claim'
    r"|to\s+mean|as\s+(?:an?\s+)?(?:[\w'’-]+\s+){0,2}?(?:claim|term|phrase|label|slogan|promise"
    r"|statement|description|wording)s?"
    # a quotation that qualifies a kind of copy: "“clinically proven” weight-loss claims",
    # or names a promise right after it: 'the “guaranteed results” promise' (not 'the
    # founder's statement', which may introduce reported speech)
    r"|(?:promises?|pledges?|guarantees?|boasts?|phrases?)"
    r"|(?:[\w'’-]+\s+){0,2}?(?:claims?|labels?|wording|slogans?|advertising|adverts?"
    r"|advertisements?|ads|messaging|tactics?|disclaimers?|disclosures?|banners?|pop-?ups?"
    r"|stickers?|badges?|buttons?|captions?|headlines?|taglines?|tags?|tools?|toggles?|settings?"
    # or a kind of post: 'fined over “guaranteed returns” posts', or of fraud: 'jailed over
    # “guaranteed returns” scheme'
    r"|posts?|campaigns?|e-?mails?|videos?|leaflets?|flyers?|mailers?|brochures?|schemes?"
    r"|scams?|frauds?))\b"
    # alone on its line (markers of headings and list items are blank in the prose view), or
    # after a number as a numbered heading has it ("## 2. “Boosts your immunity”")
    rf"|(?:(?<=\n)|(?<!.)|(?<=:))[ \t]*(?:\d{{1,3}}[.)][ \t]+)?{_quotation('alone')}"
    r"(?=[ \t]*(?::|\n|$))"
    # the subject of a verb: "“Boosts immunity” goes further than the authorised wording",
    # 'whether “the finest beach” was misleading' (not reported speech: "“It works,” said Ana")
    rf"|{_quotation('subject')}(?<![,.!?][\"”])[ \t]+(?:is|was|were|are|would|could|should"
    r"|must|might|may|had|has|have|did|does|do|goes|went|means|meant|implies|implied"
    r"|suggests|suggested|refers|referred|appears|appeared|sounds|sounded|reflected|reflects"
    # a verdict on the copy: '“grab yours before they're gone” created a false sense of urgency'
    r"|created|creates|gave|gives|misled|misleads|breached|breaches|exaggerated|exaggerates"
    r"|overstated|overstates|amounted|amounts|constituted|constitutes|conveyed|conveys"
    # a headline's verdict, its verb left out: '## Hair serum: “clinically proven” not
    # substantiated', '“Guaranteed returns” misleading, rules regulator'
    r"|not|unsubstantiated|unproven|misleading|banned|without)\b"
    # the first of a list of quotations that opens a line (after emphasis marks, as a bold
    # lead-in) or follows a colon: "labels such as these: “Sponsored,” “Paid partnership”"
    rf"|(?:(?<=\n)|(?<!.)|(?<=:))[ \t]*[*_]{{0,2}}{_quotation('listed')}(?={_LIST_JOIN}[\"“])"
)
# The copy whose words a report quotes: the kinds of `_COPY`, and the kinds of piece a
# fact-check reads ("the article states that ...", "the release says that ...").
_COPY_QUOTED = (
    rf"(?:{_COPY}|articles?|features?|listicles?|blogs?|(?:press\s+)?releases?|newsletters?"
    r"|appeals?|prospectus(?:es)?)"
)
# What a piece of copy said or told its readers: "one advertisement, which ran from June,
# stated: “X”", 'the advert claimed the clinic offered “...” and urged readers to “X”'. Its own
# pattern: the words between may hold other quotations, which `_MENTION` must still see, but
# not the end of a sentence.
_COPY_SAID = (
    rf"(?:\b{_COPY_QUOTED}\b(?:[^\n\"“”.!?]|[.!?](?!\s)|{_ANY_QUOTED}){{0,200}}?"
    r"\b(?:stated|states|said|says|claimed|claims|promised|promises|declared|declares"
    r"|proclaimed|boasted|boasts|urged|urges|warned"
    r"|warns|told|tells|added|adds|stating|saying|claiming|promising|declaring|boasting|urging"
    r"|call(?:s|ed)\s+(?:it|them)"
    rf"|warning|telling)(?:\s+(?:{_AUDIENCE}|them))?"
    # ... or the copy named after the verb: "the charity also says in the release that ..."
    r"|\b(?:stated|states|said|says|claimed|claims|promised|promises|added|adds)\s+in\s+"
    rf"(?:the|its|their|this|that|one|an?)\s+(?:[\w'’-]+\s+)?{_COPY_QUOTED}\b)"
    r"(?:\s+(?:that|to(?:\s+be)?))?"
    # "claimed it was “...”", "claiming the powder would “...”", "states that contrast bathing
    # is “...”", or a partial quotation that holds the verb: 'states that gas prices “are
    # certain to climb”'
    r"(?:\s+(?:it|they|(?:(?:an?|the|its|their)\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3})"
    r"(?:\s+(?:was|were|is|are|would|could|will|can|had|has|did|does))?)?"
    rf"\s*[:,]?\s*{_quotation('introduced')}"
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`_MENTION` and `_COPY_SAID`, compiled."""
    return re.compile(_MENTION, re.IGNORECASE), re.compile(_COPY_SAID, re.IGNORECASE)


_GROUPS = ("introduced", "discussed", "alone", "subject", "listed")
_QUOTE_MARK = re.compile(r'["“]')
# A quotation on one line, as `_quotation` has it; the gap between two items of a list.
_ANY_QUOTATION = re.compile(_ANY_QUOTED)
_JOINED = re.compile(_LIST_JOIN, re.IGNORECASE)


def mention_spans(prose: str) -> list[tuple[int, int]]:
    """The quotations of `prose` that are mentions, marks included, the copy reported
    without quotation marks, and hashtags named as such, sorted."""
    spans = [
        match.span("copy")
        for match in _REPORTED.finditer(prose)
        if _COPY_BEFORE.search(prose, max(0, match.start() - 40), match.start())
    ]
    spans += [
        match.span("copy")
        for match in _SELF_DESCRIBED.finditer(prose)
        if _DESCRIBES_BEFORE.search(prose, max(0, match.start() - 30), match.start())
    ]
    spans += [match.span("copy") for match in _IMPLIED.finditer(prose)]
    spans += [
        match.span("copy")
        for match in _SAYS.finditer(prose)
        if _pitch_reported(prose, match.start())
    ]
    if "#" in prose:
        spans += [match.span(match.lastgroup or 0) for match in _HASHTAG.finditer(prose)]
    if '"' not in prose and "“" not in prose:
        return merged_spans(spans)
    # Only lines holding a quote mark can hold a mention: the pattern, which starts with a
    # list of words, is run on those lines alone (a thirtieth of the time on whole articles).
    mention, copy_said = _patterns()
    line_end = -1
    for mark in _QUOTE_MARK.finditer(prose):
        if mark.start() < line_end:
            continue  # that line was searched already
        line_start = prose.rfind("\n", 0, mark.start()) + 1
        line_end = prose.find("\n", mark.start())
        if line_end < 0:
            line_end = len(prose)
        found = []
        for match in mention.finditer(prose, line_start, line_end):
            name = next(name for name in _GROUPS if match.start(name) >= 0)
            found.append((match.start(name) - 1, match.end(name) + 1))
            if name == "introduced":  # 'told owners that “X” and that “Y”'
                found += _later_in_sentence(prose, match.end(), line_end)
        for match in copy_said.finditer(prose, line_start, line_end):
            found.append((match.start("introduced") - 1, match.end("introduced") + 1))
            found += _later_in_sentence(prose, match.end(), line_end)
        spans += _with_listed(prose, line_start, line_end, found)
    return merged_spans(spans)


# The end of a sentence between two quotations.
_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)")


def _later_in_sentence(prose: str, start: int, line_end: int) -> list[tuple[int, int]]:
    """The quotations after `start` in the same sentence: what a piece of copy said goes on
    ('further text stated “X” and, beneath a countdown timer, “Y”')."""
    spans = []
    for quotation in _ANY_QUOTATION.finditer(prose, start, line_end):
        if _SENTENCE_BREAK.search(prose, start, quotation.start()):
            break
        spans.append(quotation.span())
        start = quotation.end()
    return spans


def _with_listed(
    prose: str, line_start: int, line_end: int, found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """`found` and every quotation in a list with one of them: the items of "such as “#sp,”
    “#spon” or “thanks to [brand]”" are all mentioned, and so are those of 'the “clinically
    proven”, “rebuild cartilage” and “experts agree” claims', which only the last one's noun
    marks as mentions."""
    if not found:
        return found
    mentioned = set(found)
    chain: list[tuple[int, int]] = []  # the list of quotations this one continues
    chain_mentioned = False
    for quotation in _ANY_QUOTATION.finditer(prose, line_start, line_end):
        span = quotation.span()
        if not (chain and _JOINED.fullmatch(prose, chain[-1][1], span[0])):
            chain, chain_mentioned = [], False
        chain.append(span)
        if chain_mentioned:
            mentioned.add(span)
        elif span in mentioned:  # the list's items so far are mentioned with it, once
            chain_mentioned = True
            mentioned.update(chain)
    return list(mentioned)

