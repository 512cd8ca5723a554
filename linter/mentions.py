"""Mentions: words quoted in order to talk about them are not the writer's own claim.

A fact-check quotes the advert it checks ('described the drink as "clinically proven"'), a guide
lists the pressure phrases to watch for (a list item: `- “Offer ends at midnight”`), a regulator
names the wording it banned ('“Clinically proven” should refer to a published study'). The words
inside such a quotation are mentioned, not used, and no content rule reports a match that lies
wholly inside one (the engine, `findings_for`; encoding damage inside a quotation still counts).
A quotation is a mention when it is

- introduced as one: "such as", "phrases like", "the slogan", "described ... as", "advertised
  as", "billed as";
- discussed as one: '“X” should refer to ...', '“X” is a marketing term';
- alone on its line, perhaps after a label's colon (a heading `Claim 3: “...”`, a list item).

A quotation inside a sentence with a speaker ('“Best purchase ever,” says Jenna') is reported
speech, not a mention: the rules and their evidence patterns decide about it as before.
"""

from __future__ import annotations

import bisect
import math
import re


def _quotation(name: str) -> str:
    """A quotation on one line, its content captured as `name`."""
    return rf"""["“](?P<{name}>[^"“”\n]{{1,160}})["”]"""


_MENTION = re.compile(
    # introduced as a mention
    r"(?:\bsuch\s+as"
    r"|\b(?:words?|phrases?|terms?|claims?|statements?|labels?|wording|slogans?|lines?"
    r"|promises?|messages?|banners?|taglines?|headlines?)\s+(?:like|such\s+as|including)"
    r"|\b(?:words?|phrases?|terms?|slogans?|labels?|taglines?|wording)"
    r"|\bdescrib(?:e|es|ed|ing)\s+(?:[\w'’-]+\s+){0,3}?as"
    r"|\b(?:marketed|billed|sold|advertised|labell?ed|branded|promoted|touted|pitched|dubbed)"
    r"\s+(?:[\w'’-]+\s+){0,2}?as"
    rf")\s*[:,]?\s*{_quotation('introduced')}"
    # discussed as a mention
    rf"|{_quotation('discussed')}\s+(?:should|must|may\s+only|can\s+only|means|refers"
    r"|is\s+(?:a|an|not\s+a|only\s+a)\s+(?:claim|term|phrase|label|slogan|marketing))\b"
    # alone on its line (markers of headings and list items are blank in the prose view)
    rf"|(?:(?<=\n)|(?<!.)|(?<=:))[ \t]*{_quotation('alone')}(?=[ \t]*(?::|\n|$))",
    re.IGNORECASE,
)
_GROUPS = ("introduced", "discussed", "alone")
_QUOTE_MARK = re.compile(r'["“]')


def mention_spans(prose: str) -> list[tuple[int, int]]:
    """The quotations of `prose` that are mentions, marks included, sorted."""
    if '"' not in prose and "“" not in prose:
        return []
    spans = []
    # Only lines holding a quote mark can hold a mention: the pattern, which starts with a
    # list of words, is run on those lines alone (a thirtieth of the time on whole articles).
    line_end = -1
    for mark in _QUOTE_MARK.finditer(prose):
        if mark.start() < line_end:
            continue  # that line was searched already
        line_start = prose.rfind("\n", 0, mark.start()) + 1
        line_end = prose.find("\n", mark.start())
        if line_end < 0:
            line_end = len(prose)
        for match in _MENTION.finditer(prose, line_start, line_end):
            name = next(name for name in _GROUPS if match.start(name) >= 0)
            spans.append((match.start(name) - 1, match.end(name) + 1))
    return sorted(spans)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies wholly inside one of `spans` (sorted, not overlapping)."""
    at = bisect.bisect_right(spans, (start, math.inf)) - 1  # the last span starting <= start
    return at >= 0 and end <= spans[at][1]
