"""evidence: a claim that is flagged only when its sentence (or paragraph) offers no support.

"the jaw-dropping trade figures" is flagged; "sales rose 12% to 1.4 million units" beside the
same claim is not. Support is a figure, percentage, amount, date, named source ("according to
the national registry"), a quotation with a named speaker, a link or a citation. The default
evidence patterns below define what counts; a rule can add its own (`evidence:`) or switch the
defaults off (`default_evidence: false`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from linter.document import Document, Span
from linter.matchers.base import Matcher, exception_spans, inside_any
from linter.model import Hit
from linter.patterns import Regex
from linter.rules import RuleSpec

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|half)"
)
# What supports a claim, checked over the prose of the claim's unit.
DEFAULT_PROSE_EVIDENCE: tuple[Regex, ...] = (
    # A figure: 12, 1.4, 3,000, 12%, $5m, 2024 (but not "3D" or "4K", which are names).
    re.compile(
        r"(?<![\w.])[$€£¥]?\d+(?:[.,]\d+)*(?:\s?(?:%|percent|per cent)|[kKmMbB]n?\b|\b)(?![A-Za-z])"
    ),
    re.compile(rf"\b{_NUMBER_WORDS}\s+(?:percent|per cent|million|billion|thousand)\b", re.I),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}\b"),
    # A named source.
    re.compile(
        r"\baccording to\b|\b(?:as )?reported by\b|\b(?:data|figures|statistics|numbers) "
        r"(?:from|published by|released by)\b|\bcited by\b|\bsource[sd]?:",
        re.I,
    ),
    re.compile(
        r"\b(?:said|says|told|wrote|writes|reported|reports|estimated|estimates|found|finds"
        r"|showed|shows|published)\s+(?:the\s+)?[A-Z][\w&.-]+"
    ),
    re.compile(
        r"\b[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*\s+(?:said|says|told|reported|estimated|found"
        r"|published|wrote)\b"
    ),
    # A citation: [12], (Smith, 2021), (Smith et al. 2021), et al.
    re.compile(r"\[\d{1,3}\]|\(\s*[A-Z][\w-]+(?:\s+et al\.)?,?\s+\d{4}[a-z]?\s*\)|\bet al\b"),
)
# Evidence only visible in the raw text, because the prose view blanks it: links.
DEFAULT_RAW_EVIDENCE: tuple[Regex, ...] = (
    re.compile(r"https?://|\bwww\.|\]\(|<a\s[^>]*href=", re.I),
)


class EvidenceMatcher(Matcher):
    extends = "evidence"
    keys: ClassVar[dict[str, str]] = {
        "claims": "claim phrases (regex fragments) matched as whole words",
        "exceptions": "phrases that, where they overlap a claim, cancel it",
        "within": "where evidence is looked for: sentence (default) or paragraph",
        "evidence": "extra regular expressions that count as evidence (case-sensitive)",
        "default_evidence": "use the built-in evidence patterns (default true)",
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
        self.within = opts.choice("within", ("sentence", "paragraph"), "sentence")
        extra = [
            opts.regex(p, "evidence", i, ignorecase=False)
            for i, p in enumerate(opts.strings("evidence"))
        ]
        use_defaults = opts.boolean("default_evidence", True)
        self.prose_evidence = (*(DEFAULT_PROSE_EVIDENCE if use_defaults else ()), *extra)
        self.raw_evidence = DEFAULT_RAW_EVIDENCE if use_defaults else ()

    def _unit(self, doc: Document, offset: int) -> Span | None:
        if self.within == "paragraph":
            block = doc.block_at(offset)
            return Span(block.start, block.end) if block else None
        return doc.sentence_at(offset)

    def supported(self, doc: Document, unit: Span) -> bool:
        return any(p.search(doc.prose, unit.start, unit.end) for p in self.prose_evidence) or any(
            p.search(doc.raw, unit.start, unit.end) for p in self.raw_evidence
        )

    def hits(self, doc: Document) -> Iterator[Hit]:
        excepted = exception_spans(doc, self.exceptions)
        verdicts: dict[int, bool] = {}  # unit start -> supported, so each unit is checked once
        for match in self.claims.finditer(doc.prose):
            if excepted and inside_any(match.start(), match.end(), excepted):
                continue
            unit = self._unit(doc, match.start())
            if unit is None:
                continue
            if unit.start not in verdicts:
                verdicts[unit.start] = self.supported(doc, unit)
            if not verdicts[unit.start]:
                yield Hit(match.start(), match.end())
