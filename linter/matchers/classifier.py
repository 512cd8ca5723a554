"""classifier: a sentence whose wording as a whole a trained model scores as the rule's category.

The phrase rules point at the words; this type reads the sentence. A linear model (a JSON file
of weights beside the rule, see linter/textmodel.py and bench/train_model.py) scores every
sentence of the prose, and a sentence scoring at least `threshold` is flagged whole, its message
quoting the words that weighed most. It is a fallback (`Matcher.fallback`): the engine runs it
after the other rules and hands it the spans they flagged in its category (`Document.covered`),
and a sentence holding one is not scored, so an editor reads it only for sentences the phrase
rules missed. With `score_rest`, such a sentence is scored again with the flagged words blanked:
a sentence often carries two claims, and the phrase rules may know the wording of only one. If
the rest, or one of its clauses that holds no flagged words ("Her yard is the most respected
in Lambourn, and jockeys queue up to ride her horses"), still scores over the threshold it is
reported as well, its finding spanning the words that weighed most, so that it points elsewhere
than the phrase rule's finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import pairwise

from linter.document import Document, Span
from linter.matchers.base import Matcher
from linter.matchers.evidence import (
    default_evidence,
    evidence_kind_option,
    has_evidence,
    has_evidence_besides,
    seller_source,
)
from linter.model import CATEGORIES, PROMOTIONAL_CATEGORIES, Hit
from linter.patterns import _memo_for
from linter.rules import RuleSpec
from linter.textmodel import (
    LinearModel,
    ModelError,
    SentenceFeatures,
    feature_spans,
    load_model,
    logit,
    probability,
    prose_without_quotations,
    sentence_features,
)

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar


class ClassifierMatcher(Matcher):
    extends = "classifier"
    message_fields = frozenset({"score", "cues"})
    fallback = True
    reports_sentences = True
    keys: ClassVar[dict[str, str]] = {
        "model": "the model file, relative to the rule's pack folder (e.g. data/hype-model.json)",
        "threshold": "flag sentences the model gives at least this probability (default 0.5)",
        "min_words": "skip sentences shorter than this many words (default 4)",
        "unless_evidence": "evidence kinds that clear a sentence: any of figure, date, source,"
        " document, quote, link, citation (default none)",
        "cues": "how many of the strongest words the message quotes (default 3)",
        "article_threshold": "a lower threshold for an article the other rules already mark as"
        " promotional (see the article_min_* keys; default: none, `threshold` everywhere)",
        "article_categories": "the categories whose findings count toward that (default: hype,"
        " unsupported-claim, speculation, sponsored)",
        "article_min_findings": "at least this many such findings in the article (default 3)",
        "article_min_categories": "in at least this many of those categories (default 2)",
        "article_min_density": "and at least this many per 1,000 words of prose (default 4)",
        "score_rest": "also score a sentence another rule of the category flagged, its flagged"
        " words blanked, and report the rest when it, or one of its clauses with no flagged"
        " words, scores over the threshold (default false)",
        "article_rest_threshold": "with score_rest, in an article the other rules mark as"
        " promotional, the threshold for the rest of a sentence that another rule of the"
        " category flagged, and for its clauses (default: the article threshold)",
        "article_quotations": "in an article the other rules mark as promotional, score the"
        " words of quotations too: its testimonials are part of its pitch (default false)",
        "article_seller_sources": "in an article the other rules mark as promotional, the seller"
        " vouching for itself ('the company says', 'Acme says its ...') is not a source"
        " (default false)",
        "article_unless_evidence": "the evidence kinds that clear a sentence in an article the"
        " other rules mark as promotional (default: those of `unless_evidence`)",
        "requires": "regular expressions searched in the sentence (`^` is its start, quotations"
        " left out as the model leaves them): report it only if one matches (default none)",
        "exceptions": "regular expressions searched as for `requires`: a sentence one of them"
        " matches is not reported (default none)",
        "article_requires": "`requires` in an article the other rules mark as promotional"
        " (default: `requires`; `[]` for none there)",
        "article_exceptions": "`exceptions` in an article the other rules mark as promotional"
        " (default: `exceptions`; `[]` for none there)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        relative = opts.string("model", required=True)
        assert relative is not None
        try:
            self.model: LinearModel = load_model(spec.data_path(relative))
        except ModelError as exc:
            raise opts.error(str(exc), "model") from None
        if self.model.category != spec.category:
            raise opts.error(
                f"the model was trained for {self.model.category!r}, the rule's category is "
                f"{spec.category!r}",
                "model",
            )
        threshold = opts.number("threshold", 0.5, minimum=0.0)
        assert threshold is not None
        if not 0.0 < threshold < 1.0:
            raise opts.error("must be a probability between 0 and 1 (exclusive)", "threshold")
        self.threshold = threshold
        self.cutoff = logit(threshold)  # compare log-odds: no exp() per sentence
        self.min_words = int(opts.number("min_words", 4, minimum=1) or 4)
        self.cue_count = int(opts.number("cues", 3, minimum=0) or 0)
        # In an article the phrase rules already flag in several places and categories, a
        # sentence is more likely to be what they flag than in neutral prose: the model may
        # then flag at a lower score. Neutral articles rarely reach the bar (docs/quality.md).
        self.article_cutoff: float | None = None
        if opts.has("article_threshold"):
            article_threshold = opts.number("article_threshold", threshold, minimum=0.0)
            assert article_threshold is not None
            if not 0.0 < article_threshold <= threshold:
                raise opts.error(
                    "must be a probability above 0 and no higher than `threshold`",
                    "article_threshold",
                )
            self.article_cutoff = logit(article_threshold)
        # In an advertorial, the rest of a sentence a phrase rule flagged sits beside a claim of
        # the same kind: a second claim there needs less of the model (docs/quality.md).
        self.rest_cutoff: float | None = None
        if opts.has("article_rest_threshold"):
            rest_threshold = opts.number("article_rest_threshold", threshold, minimum=0.0)
            assert rest_threshold is not None
            if self.article_cutoff is None:
                raise opts.error("needs `article_threshold`", "article_rest_threshold")
            if not 0.0 < rest_threshold <= threshold:
                raise opts.error(
                    "must be a probability above 0 and no higher than `threshold`",
                    "article_rest_threshold",
                )
            self.rest_cutoff = logit(rest_threshold)
        named = opts.strings("article_categories")
        for index, name in enumerate(named):
            if name not in CATEGORIES:
                raise opts.error(f"unknown category {name!r}", "article_categories", index)
        self.article_categories = frozenset(named) if named else PROMOTIONAL_CATEGORIES
        self.article_min_findings = int(opts.number("article_min_findings", 3, minimum=1) or 3)
        self.article_min_categories = int(
            opts.number("article_min_categories", 2, minimum=1) or 2
        )
        self.article_min_density = opts.number("article_min_density", 4.0, minimum=0.0) or 0.0
        self.score_rest = opts.boolean("score_rest", False)
        self.article_quotations = opts.boolean("article_quotations", False)
        self.article_seller_sources = opts.boolean("article_seller_sources", False)
        kinds = evidence_kind_option(opts, "unless_evidence", [])
        self.prose_evidence, self.raw_evidence = default_evidence(kinds)
        # An advertorial's own figures ("over 40,000 women have made the switch", "a 99%
        # success rate") are part of its pitch, not evidence for it: with this key, only the
        # kinds it names clear a sentence there.
        self.article_prose_evidence, self.article_raw_evidence = (
            default_evidence(evidence_kind_option(opts, "article_unless_evidence", kinds))
            if opts.has("article_unless_evidence")
            else (self.prose_evidence, self.raw_evidence)
        )
        # What a sentence must, or must not, say besides scoring high: a model of calls to
        # action also scores "workers at ANZ will follow suit tomorrow", which speaks to no
        # reader; a model of forecasts scores an API reference's "the callback will be invoked
        # when the stream closes", which describes behaviour (docs/quality.md, stop 30).
        self.requires = opts.patterns("requires")
        self.exceptions = opts.patterns("exceptions")
        self.article_requires = (
            opts.patterns("article_requires", allow_empty=True)
            if opts.has("article_requires")
            else self.requires
        )
        self.article_exceptions = (
            opts.patterns("article_exceptions", allow_empty=True)
            if opts.has("article_exceptions")
            else self.exceptions
        )

    def promotional_article(self, doc: Document) -> bool:
        """Whether the other rules' findings mark `doc` as a promotional article, by this
        rule's `article_*` options."""
        return doc.reads_as_promotional(
            self.article_categories,
            self.article_min_findings,
            self.article_min_categories,
            self.article_min_density,
        )

    def weighs_article(self, doc: Document) -> bool | None:
        if self.article_cutoff is None:
            return None
        return self.promotional_article(doc)

    def hits(self, doc: Document) -> Iterator[Hit]:
        model, cutoff = self.model, self.cutoff
        promotional = False
        if self.article_cutoff is not None and self.promotional_article(doc):
            promotional, cutoff = True, self.article_cutoff
        # In an advertorial, the quotations are the advertiser's testimonials and its
        # executives' lines: with `article_quotations` their words are scored too.
        quotations = promotional and self.article_quotations
        view = scored_prose(doc, quotations=quotations)
        covered = doc.covered or []
        ends = [end for _start, end in covered]
        for index, span in enumerate(doc.sentences):
            # Another rule of the category flagged words here: its finding says it already.
            at = bisect.bisect_right(ends, span.start)
            if at < len(covered) and covered[at][0] < span.end:
                if self.score_rest:
                    yield from self._rest_hits(doc, span, covered, at, cutoff, promotional)
                continue
            sentence = sentence_at(doc, index, quotations=quotations)
            if sentence.words < self.min_words:
                continue
            score = model.logit(sentence)
            if (
                score < cutoff
                or self._supported(doc, span, promotional)
                or not self._wording_allows(view[span.start : span.end], promotional)
            ):
                continue
            spans = feature_spans(view, sentence.start, sentence.end, quotations=quotations)
            cues = [
                spans[name] for name in model.strongest(sentence, self.cue_count) if name in spans
            ]
            yield Hit(sentence.start, sentence.end, fields=self._fields(doc, score, cues))

    def _rest_hits(
        self,
        doc: Document,
        span: Span,
        covered: list[tuple[int, int]],
        at: int,
        cutoff: float,
        promotional: bool,
    ) -> Iterator[Hit]:
        """The hit for what is left of sentence `span` once the flagged spans in it (`covered`
        from index `at` on) are blanked, if that, or one of its clauses with no flagged words,
        still scores over `cutoff` (in an advertorial, with `article_rest_threshold`, over the
        rest cutoff instead)."""
        quotations = promotional and self.article_quotations
        start, end = span.start, span.end
        flagged: list[tuple[int, int]] = []
        while at < len(covered) and covered[at][0] < end:
            flagged.append((max(covered[at][0], start) - start, min(covered[at][1], end) - start))
            at += 1
        rest = _blanked(scored_prose(doc, quotations=quotations)[start:end], flagged)
        best: tuple[float, SentenceFeatures, int, int] | None = None
        for low, high in _pieces(rest, flagged):
            features = sentence_features(rest, low, high, quotations=quotations)
            if features.words < self.min_words:
                continue
            piece_score = self.model.logit(features)
            if best is None or piece_score > best[0]:
                best = (piece_score, features, low, high)
        if promotional and self.rest_cutoff is not None:
            cutoff = self.rest_cutoff
        if (
            best is None
            or best[0] < cutoff
            or self._supported(doc, span, promotional)
            or not self._wording_allows(
                scored_prose(doc, quotations=quotations)[start:end], promotional
            )
        ):
            return
        score, sentence, low, high = best
        spans = feature_spans(rest, low, high, quotations=quotations)
        cues = [
            (start + spans[name][0], start + spans[name][1])
            for name in self.model.strongest(sentence, self.cue_count)
            if name in spans
        ]
        # Point at the rest's own words, not at the sentence the other finding is in.
        low = min((cue[0] for cue in cues), default=start)
        high = max((cue[1] for cue in cues), default=end)
        yield Hit(low, high, fields=self._fields(doc, score, cues))

    def _supported(self, doc: Document, span: Span, promotional: bool) -> bool:
        """Whether sentence `span` offers evidence (`unless_evidence`), which clears it. In an
        advertorial the kinds are those of `article_unless_evidence`, and (with
        `article_seller_sources`) the seller's word for itself does not count."""
        if not promotional:
            return has_evidence(doc, span, self.prose_evidence, self.raw_evidence)
        if self.article_seller_sources:
            return has_evidence_besides(
                doc, span, self.article_prose_evidence, self.article_raw_evidence, seller_source()
            )
        return has_evidence(doc, span, self.article_prose_evidence, self.article_raw_evidence)

    def _wording_allows(self, sentence: str, promotional: bool) -> bool:
        """Whether `sentence` (as the model read it) meets the rule's `requires` and escapes
        its `exceptions` (in an advertorial, their `article_` forms)."""
        requires = self.article_requires if promotional else self.requires
        exceptions = self.article_exceptions if promotional else self.exceptions
        if requires is not None and requires.search(sentence) is None:
            return False
        return exceptions is None or exceptions.search(sentence) is None

    def _fields(self, doc: Document, score: float, cues: list[tuple[int, int]]) -> dict[str, str]:
        # A pair of words may span a line break: a message is one line. A sentence's first word
        # and its pair with the sentence start read the same: quoted once.
        quoted = list(dict.fromkeys(" ".join(doc.prose[low:high].split()) for low, high in cues))
        return {
            "score": f"{probability(score):.2f}",
            "cues": ", ".join(f"'{cue}'" for cue in quoted) or "its wording as a whole",
        }


def sentence_at(doc: Document, index: int, *, quotations: bool = False) -> SentenceFeatures:
    """The features of `doc`'s sentence number `index` (with the words of its quotations if
    `quotations`), computed on first use and shared by every classifier rule (a sentence
    another rule already flagged is never computed)."""
    memo = _memo_for(doc.prose)
    key = "sentence-features-quoted" if quotations else "sentence-features"
    cache = memo.get(key)
    if cache is None:
        cache = memo[key] = {}
    found = cache.get(index)  # type: ignore[union-attr]
    if found is None:
        span = doc.sentences[index]
        view = scored_prose(doc, quotations=quotations)
        text = view[span.start : span.end]
        if quotations and text == scored_prose(doc, quotations=False)[span.start : span.end] and (
            '"' not in text and "“" not in text and "”" not in text
        ):
            # No quotation touches the sentence: the same features as without quotations.
            found = sentence_at(doc, index)
        else:
            found = sentence_features(view, span.start, span.end, quotations=quotations)
        cache[index] = found  # type: ignore[index]
    return found  # type: ignore[no-any-return]


def scored_prose(doc: Document, *, quotations: bool) -> str:
    """The prose the models score, made once per document and kind: the words of mentions
    (linter/mentions.py) blanked, and those of quotations too unless `quotations`. Words quoted
    to talk about them ('the “clinically proven” claims') are never the writer's; reported
    speech is the speaker's, whichever sentence of a long quotation it is in
    (`without_quotations`), except in an advertorial (`article_quotations`)."""
    memo = _memo_for(doc.prose)
    key = "quoted-prose" if quotations else "unquoted-prose"
    view = memo.get(key)
    if view is None:
        text = doc.prose if quotations else prose_without_quotations(doc)
        view = memo[key] = _blanked(text, doc.mentions)
    return view  # type: ignore[return-value]


# Where a sentence's clauses meet: a semicolon, a colon, a dash, or a comma before a conjunction
# ("Her yard is the most respected in Lambourn, and jockeys queue up to ride her horses").
_CLAUSE_BREAK = re.compile(r"[;:\u2013\u2014]|\s-\s|,\s+(?=(?:and|but|so|while|yet)\b)")


def _pieces(rest: str, flagged: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What of a flagged sentence's rest (`rest`, the flagged spans blanked) is scored: all of
    it, and each of its clauses that holds no flagged words. A second claim often has a clause
    of its own, and the words left over from the flagged clause only dilute it."""
    pieces = [(0, len(rest))]
    bounds = [0, *(match.end() for match in _CLAUSE_BREAK.finditer(rest)), len(rest)]
    if len(bounds) > 2:
        pieces += [
            (low, high)
            for low, high in pairwise(bounds)
            if not any(low < f_high and f_low < high for f_low, f_high in flagged)
        ]
    return pieces


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the words inside `spans` (in order, not overlapping) blanked: same length,
    quote marks and line breaks kept, so that sentences and quotations are found as before."""
    if not spans:
        return text
    parts: list[str] = []
    done = 0
    for low, high in spans:
        parts.append(text[done:low])
        parts.append("".join(c if c in '\r\n"“”' else " " for c in text[low:high]))
        done = high
    parts.append(text[done:])
    return "".join(parts)
