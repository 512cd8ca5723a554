"""classifier: a sentence whose wording as a whole a trained model scores as the rule's category.

The phrase rules point at the words; this type reads the sentence. A linear model (a JSON file
of weights beside the rule, see linter/textmodel.py and bench/train_model.py) scores every
sentence of the prose, and a sentence scoring at least `threshold` is flagged whole, its message
quoting the words that weighed most. It is a fallback (`Matcher.fallback`): the engine runs it
after the other rules and hands it the spans they flagged in its category (`Document.covered`),
and a sentence holding one is not scored, so an editor reads it only for sentences the phrase
rules missed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import ClassVar

from linter.document import Document
from linter.matchers.base import Matcher
from linter.matchers.evidence import default_evidence, evidence_kind_option, has_evidence
from linter.model import CATEGORIES, Hit
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
    sentence_features,
    without_quotations,
)

ARTICLE_CATEGORIES = ("hype", "unsupported-claim", "speculation", "sponsored")


class ClassifierMatcher(Matcher):
    extends = "classifier"
    fallback = True
    reports_sentences = True
    keys: ClassVar[dict[str, str]] = {
        "model": "the model file, relative to the rule's pack folder (e.g. data/hype-model.json)",
        "threshold": "flag sentences the model gives at least this probability (default 0.5)",
        "min_words": "skip sentences shorter than this many words (default 4)",
        "unless_evidence": "evidence kinds that clear a sentence: any of figure, date, source,"
        " quote, link, citation (default none)",
        "cues": "how many of the strongest words the message quotes (default 3)",
        "article_threshold": "a lower threshold for an article the other rules already mark as"
        " promotional (see the article_min_* keys; default: none, `threshold` everywhere)",
        "article_categories": "the categories whose findings count toward that (default: hype,"
        " unsupported-claim, speculation, sponsored)",
        "article_min_findings": "at least this many such findings in the article (default 3)",
        "article_min_categories": "in at least this many of those categories (default 2)",
        "article_min_density": "and at least this many per 1,000 words of prose (default 4)",
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
        named = opts.strings("article_categories")
        for index, name in enumerate(named):
            if name not in CATEGORIES:
                raise opts.error(f"unknown category {name!r}", "article_categories", index)
        self.article_categories = frozenset(named or ARTICLE_CATEGORIES)
        self.article_min_findings = int(opts.number("article_min_findings", 3, minimum=1) or 3)
        self.article_min_categories = int(
            opts.number("article_min_categories", 2, minimum=1) or 2
        )
        self.article_min_density = opts.number("article_min_density", 4.0, minimum=0.0) or 0.0
        kinds = evidence_kind_option(opts, "unless_evidence", [])
        self.prose_evidence, self.raw_evidence = default_evidence(kinds)

    def promotional_article(self, doc: Document) -> bool:
        """Whether the other rules' findings (`Document.phrase_findings`) mark `doc` as a
        promotional article: enough of them, in enough categories, dense enough."""
        spans = {(s, e) for c, s, e in doc.phrase_findings if c in self.article_categories}
        categories = {c for c, _s, _e in doc.phrase_findings if c in self.article_categories}
        return (
            len(spans) >= self.article_min_findings
            and len(categories) >= self.article_min_categories
            and len(spans) * 1000 >= self.article_min_density * doc.word_count
        )

    def hits(self, doc: Document) -> Iterator[Hit]:
        model, cutoff = self.model, self.cutoff
        if self.article_cutoff is not None and self.promotional_article(doc):
            cutoff = self.article_cutoff
        covered = doc.covered or []
        ends = [end for _start, end in covered]
        for index, span in enumerate(doc.sentences):
            # Another rule of the category flagged words here: its finding says it already.
            at = bisect.bisect_right(ends, span.start)
            if at < len(covered) and covered[at][0] < span.end:
                continue
            sentence = sentence_at(doc, index)
            if sentence.words < self.min_words:
                continue
            score = model.logit(sentence)
            if score < cutoff or has_evidence(doc, span, self.prose_evidence, self.raw_evidence):
                continue
            spans = feature_spans(unquoted_prose(doc), sentence.start, sentence.end)
            cues = [
                " ".join(doc.prose[slice(*spans[name])].split())  # a pair may span a line break
                for name in model.strongest(sentence, self.cue_count)
                if name in spans
            ]
            yield Hit(
                sentence.start,
                sentence.end,
                fields={
                    "score": f"{probability(score):.2f}",
                    "cues": ", ".join(f"'{cue}'" for cue in cues) or "its wording as a whole",
                },
            )


def sentence_at(doc: Document, index: int) -> SentenceFeatures:
    """The features of `doc`'s sentence number `index`, computed on first use and shared by
    every classifier rule (a sentence another rule already flagged is never computed)."""
    memo = _memo_for(doc.prose)
    cache = memo.get("sentence-features")
    if cache is None:
        cache = memo["sentence-features"] = {}
    found = cache.get(index)  # type: ignore[union-attr]
    if found is None:
        span = doc.sentences[index]
        found = cache[index] = sentence_features(unquoted_prose(doc), span.start, span.end)  # type: ignore[index]
    return found  # type: ignore[no-any-return]


def unquoted_prose(doc: Document) -> str:
    """The prose with the words of its quotations (`without_quotations`) and of its mentions
    (linter/mentions.py) blanked, made once per document: reported speech is the speaker's,
    not the writer's, whichever sentence of a long quotation it is in, and words quoted to
    talk about them ('the “clinically proven” claims') are not the writer's either."""
    memo = _memo_for(doc.prose)
    view = memo.get("unquoted-prose")
    if view is None:
        view = memo["unquoted-prose"] = _without_mentions(
            without_quotations(doc.prose), doc.mentions
        )
    return view  # type: ignore[return-value]


def _without_mentions(prose: str, mentions: list[tuple[int, int]]) -> str:
    """`prose` with the words inside `mentions` blanked (same length; quote marks and line
    breaks kept, so that sentences and quotations are found as before)."""
    if not mentions:
        return prose
    parts: list[str] = []
    done = 0
    for low, high in mentions:
        parts.append(prose[done:low])
        parts.append("".join(c if c in "\r\n\"“”" else " " for c in prose[low:high]))
        done = high
    parts.append(prose[done:])
    return "".join(parts)
