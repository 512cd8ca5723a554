"""occurrence: too many (or too few) of a phrase per sentence, paragraph or document.

Catches stacked hedges ("may possibly perhaps") and pile-ups of superlatives: the hit spans from
the first to the last occurrence inside the offending unit, so one unit gives one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.document import Document, Span
from linter.matchers.base import Matcher
from linter.model import Hit
from linter.prefilter import candidate_units
from linter.rules import RuleSpec
from linter.textmodel import is_title

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar


class OccurrenceMatcher(Matcher):
    extends = "occurrence"
    message_fields = frozenset({"count"})
    gate = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "tokens": "phrases (regex fragments) to count, as whole words",
        "max": "flag a unit with more than this many occurrences",
        "min": "flag a unit with fewer than this many occurrences",
        "per": "the unit counted over: sentence (default), paragraph or document",
        "ignorecase": "match case-insensitively (default true)",
        "skip_names": "do not count a match that starts with a capital letter after the unit's"
        " first word, a name ('Verdant Gut Co.'), unless the unit is a title, more than half"
        " of its words capitalised (default false)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        pattern = opts.phrases("tokens", ignorecase=opts.boolean("ignorecase", True), required=True)
        assert pattern is not None
        self.pattern = pattern
        self.minimum, self.maximum = opts.bounds(
            "an occurrence rule needs 'max' or 'min'", min_at_least=1, max_at_least=0
        )
        self.per = opts.choice("per", ("sentence", "paragraph", "document"), "sentence")
        self.skip_names = opts.boolean("skip_names", False)

    def gate_pattern(self) -> object | None:
        # Only "more than max" hits lie on matches; a unit with too few may have none at all.
        return self.pattern if self.minimum is None else None

    def _units(self, doc: Document) -> list[Span]:
        if self.per == "sentence":
            return doc.sentences
        if self.per == "paragraph":
            return [Span(b.start, b.end) for b in doc.blocks]
        return [Span(0, len(doc.prose))] if doc.prose.strip() else []

    def hits(self, doc: Document) -> Iterator[Hit]:
        for unit in candidate_units(doc, self.pattern, self._units(doc)):
            found = [
                (m.start(), m.end()) for m in self.pattern.finditer(doc.prose, unit.start, unit.end)
            ]
            if self.skip_names and found:
                found = _without_names(doc.prose, unit, found)
            count = len(found)
            if self.maximum is not None and count > self.maximum:
                yield Hit(found[0][0], found[-1][1], fields={"count": str(count)})
            elif self.minimum is not None and count < self.minimum:
                first_line_end = doc.prose.find("\n", unit.start, unit.end)
                end = unit.end if first_line_end < 0 else first_line_end
                yield Hit(unit.start, max(end, unit.start + 1), fields={"count": str(count)})


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _without_names(
    prose: str, unit: Span, found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """`found` without the matches that start with a capital letter after the unit's first
    word: in "sold by Leeds-based Verdant Gut Co." the word "verdant" is a company's name, not
    praise. In a title ("Stunning Views, Exquisite Food"), capitals say nothing, and every match
    counts (`is_title`, the rule the sentence models mask names by)."""
    words = [match.start() for match in _WORD.finditer(prose, unit.start, unit.end)]
    capitalised = sum(1 for start in words[1:] if prose[start].isupper())
    if not words or is_title(capitalised, len(words)):
        return found
    first = words[0]
    return [(low, high) for low, high in found if low == first or not prose[low].isupper()]
