"""metric: readability scores with thresholds, per document or per paragraph.

The common formulas (Flesch reading ease, Flesch-Kincaid grade, ARI, Coleman-Liau, words per
sentence) are computed here from one pass of word, sentence and syllable counts, with a
vowel-group syllable counter: no import of textstat and no dictionary download on the hot path.
Any other textstat metric can be named with `engine: textstat`; it is imported only then, and
made to count syllables offline (see `linter.readability`).
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document, Span
from linter.matchers.base import Matcher
from linter.model import Hit
from linter.readability import FAST_METRICS, measure
from linter.rules import RuleSpec

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar


class MetricMatcher(Matcher):
    extends = "metric"
    message_fields = frozenset({"score", "limit", "metric"})
    keys: ClassVar[dict[str, str]] = {
        "metric": f"the score: one of {', '.join(sorted(FAST_METRICS))}, or any textstat "
        "function name with engine: textstat",
        "engine": "builtin (default, fast and offline) or textstat",
        "min": "flag when the score is below this",
        "max": "flag when the score is above this",
        "per": "document (default) or paragraph",
        "min_words": "skip units shorter than this many words (default 100)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        self.engine = opts.choice("engine", ("builtin", "textstat"), "builtin")
        metric = opts.string("metric", required=True)
        assert metric is not None
        if self.engine == "builtin" and metric not in FAST_METRICS:
            raise opts.error(
                f"unknown metric {metric!r} for engine builtin "
                f"(known: {', '.join(sorted(FAST_METRICS))}; or set engine: textstat)",
                "metric",
            )
        self.metric = metric
        self.minimum, self.maximum = opts.bounds("a metric rule needs 'min' or 'max'")
        self.per = opts.choice("per", ("document", "paragraph"), "document")
        self.min_words = int(opts.number("min_words", 100, minimum=1) or 100)

    def _units(self, doc: Document) -> list[Span]:
        if self.per == "paragraph":
            return [Span(b.start, b.end) for b in doc.blocks if b.kind != "heading"]
        if not doc.blocks:
            return []
        return [Span(doc.blocks[0].start, doc.blocks[-1].end)]

    def hits(self, doc: Document) -> Iterator[Hit]:
        for unit in self._units(doc):
            text = doc.prose[unit.start : unit.end]
            score = measure(text, self.metric, engine=self.engine, min_words=self.min_words)
            if score is None:
                continue
            too_low = self.minimum is not None and score < self.minimum
            too_high = self.maximum is not None and score > self.maximum
            if too_low or too_high:
                line_end = doc.prose.find("\n", unit.start, unit.end)
                end = unit.end if line_end < 0 else line_end
                limit = self.minimum if too_low else self.maximum
                yield Hit(
                    unit.start,
                    end,
                    fields={
                        "score": f"{score:.1f}",
                        "limit": f"{limit:g}",
                        "metric": self.metric,
                    },
                )
