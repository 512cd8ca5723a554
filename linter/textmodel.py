"""Sentence features and linear models for the `classifier` rule type (and its trainer).

Phrase families catch the idioms their authors thought of; on articles no author has seen they
found about half of what editors marked (docs/quality.md). A linear model over a sentence's
words and word pairs, trained on the labelled sets against a large body of neutral prose, reads
the wording of a whole sentence instead, and finds some of the rest. It is data like any rule:
a JSON file of weights beside the rule's YAML, scored here in pure Python (dict lookups, no
third-party package). `bench/train_model.py` writes the files, with these very features.

Features of a sentence, each present or absent (binary), from its words outside quotations of
20 characters or more and an interview's answers (reported speech is the speaker's, not the
writer's) and outside mentions (linter/mentions.py; the classifier rules blank them all before
scoring):

- `u:<word>`: a lower-cased word ("stunning"); numbers become `<num>` or `<pct>`, a
  capitalised word after the first becomes `<name>` (a brand or a place says nothing about
  the next article's; not in a title, where more than half the words are capitalised), and the
  punctuation `! ? % $ £ €` counts as words;
- `b:<word> <word>`: two words in a row, the first word of a sentence paired with `<s>`;
- `_you`, `_excl`, `_num`, `_pct`, `_money`, `_est`, `_short`, `_long`, `_quote`, `_caps`:
  the reader addressed, an exclamation mark, a figure, a percentage, an amount, a superlative
  in -est, fewer than 8 or more than 30 words, a quotation, two or more capitalised words
  after the first.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Mapping, Sequence
from itertools import repeat
from pathlib import Path

from linter.record import record

TYPE_CHECKING = False  # typing itself is not imported at run time
if TYPE_CHECKING:
    from linter.document import Block, Document

MODEL_FORMAT = "article-lint-linear-2"
# The least weight a word feature needs to be quoted in a finding's message as a cue.
CUE_WEIGHT = 1.0

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*%?|[!?%$£€]")
# A quotation of 20 characters or more (not a one-word scare quote), as the hype rules' own
# exceptions have it: reported speech is not the writer's claim.
# Marks pair up in order, whatever the length between them, and only then are the short ones
# left out: a pattern that asked for 20 characters between marks paired the closing mark of
# `"Hot"` with the next opening one and took the words between two quotations for one.
_QUOTATION = re.compile(r'["“][^"”\n]*["”]')
_MIN_QUOTATION, _MAX_QUOTATION = 20, 600
# A quotation of several sentences is split with them ("...: “It is the best. Buy it now.”"): in
# the first, an opening mark with no closing one quotes the rest of the sentence; in the last, a
# closing mark with no opening one quotes its start.
_OPEN_TO_END = re.compile(r'["“][^"“”\n]{20,600}$')
_START_TO_CLOSE = re.compile(r'^[^"“”\n]{20,600}["”]')
_READER = frozenset({"you", "your", "you're", "you'll", "yours", "you've", "yourself"})
_MONEY = frozenset({"$", "£", "€"})
# Words ending in -est that are not superlatives.
_NOT_SUPERLATIVE = frozenset(
    [
        "arrest", "attest", "behest", "bequest", "best", "budapest", "chest", "conquest",
        "contest", "crest", "detest", "digest", "doctest", "earnest", "east", "forest", "guest",
        "harvest", "honest", "inquest", "interest", "invest", "jest", "latest", "lest",
        "manifest", "midwest", "modest", "nest", "northeast", "northwest", "pest", "pretest",
        "priest", "protest", "pytest", "quest", "request", "rest", "retest", "southeast",
        "southwest", "suggest", "test", "unittest", "unrest", "vest", "west", "zest",
    ]
)


_DIGIT = re.compile(r"\d")
# Over the sentence's words joined by single spaces: a word after the first that starts with a
# capital, and a word of five letters or more ending in -est (a superlative by its shape).
_CAPITALISED = re.compile(r" [A-Z]")
# A word after the first that starts with a capital ("I" aside): a name, masked as `<name>`
# unless the sentence is a title in title case (`is_title`).
_NAME = re.compile(r"(?<= )(?!I(?:['’]| |$))[A-Z][^ ]*")
_EST = re.compile(r"(?<![^ ])[a-z]{2,}est(?![^ ])")


def is_title(capitalised: int, words: int) -> bool:
    """Whether a sentence of `words` words, `capitalised` of them after the first starting with
    a capital, is a title in title case: more than half its words capitalised. There a capital
    says nothing; elsewhere a capitalised word after the first is a name."""
    return capitalised * 2 > words


# Not frozen: a frozen record's __init__ sets each field through object.__setattr__, and one of
# these is built per sentence.
@record(slots=True)
class SentenceFeatures:
    """One sentence's features: its distinct words (`unigrams`), its distinct pairs of words in
    a row (`bigrams`, "w1 w2", the first word paired with `<s>`) and its style flags."""

    start: int
    end: int
    words: int
    unigrams: frozenset[str]
    bigrams: frozenset[str]
    style: tuple[str, ...]

    def names(self) -> list[str]:
        """Every feature by name, as a model file spells them (`u:w`, `b:w1 w2`, `_style`)."""
        return [
            *("u:" + word for word in sorted(self.unigrams)),
            *("b:" + pair for pair in sorted(self.bigrams)),
            *self.style,
        ]


# A quotation of several sentences within one paragraph. A blank line ends a paragraph, and a
# quotation with it; "\r" counts as white space, or a file with CRLF line endings would be one
# paragraph and its straight marks would pair across it.
_MAX_PARAGRAPH_QUOTATION = 3000
_LONG_QUOTATION = re.compile(
    rf"“((?:[^“”\n]|\n(?![ \t\r]*\n)){{{_MIN_QUOTATION},{_MAX_PARAGRAPH_QUOTATION}}})”"
)
_STRAIGHT_QUOTATION = re.compile(r'"((?:[^"\n]|\n(?![ \t\r]*\n))*)"')  # in order, as above
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t\r]*\n))+")


# An interview set out as questions and answers: the answers are the interviewee's speech, as a
# quotation is, though no mark says so. A question is a paragraph or heading of one line, of at
# most _MAX_QUESTION_WORDS words, that ends with a question mark (or opens with "Q:"); the
# paragraphs after it, up to the next question or another heading, are its answer. Only in a
# document that says it is an interview before its first question ("an interview with", "spoke
# to us", "we interviewed"), with at least _MIN_QUESTIONS answered questions: a how-to's "Why
# does this happen?" followed by the writer's explanation, or an FAQ page's questions, are the
# writer's own.
_MAX_QUESTION_WORDS = 40
_MIN_QUESTIONS = 3
_QUESTION_END = re.compile(r"\?[\s\"'”’)]*$")
_QUESTION_LABEL = re.compile(r"(?:Q|Question)\s*[:.)]\s")
# After a line break, or after the question mark where Markdown joined the lines.
_ANSWER_LABEL = re.compile(r"(?:^|(?<=\?\s))(?:A|Answer)\s*[:.)]\s", re.MULTILINE)
_INTERVIEW = re.compile(
    r"\binterview(?:s|ed)?\b|\b(?:spoke|speaks|talked|talks|sat\s+down)\s+(?:to|with)\s+(?:us|me)\b",
    re.IGNORECASE,
)


def interview_answers(prose: str, blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """The spans of `prose` that answer an interview's questions (see above), given the
    document's blocks, or none."""
    if "?" not in prose:
        return []
    answers: list[tuple[int, int]] = []
    answered = 0  # questions with an answer
    first_question = -1
    answering = unanswered = False
    for block in blocks:
        text = prose[block.start : block.end]
        labelled = _QUESTION_LABEL.match(text) is not None
        if labelled or (
            "\n" not in text
            and _QUESTION_END.search(text) is not None
            and len(text.split()) <= _MAX_QUESTION_WORDS
        ):
            if first_question < 0:
                first_question = block.start
            answering = unanswered = True
            answer = _ANSWER_LABEL.search(text) if labelled else None
            if answer is not None:  # "Q: ...\nA: ..." in one paragraph
                answers.append((block.start + answer.start(), block.end))
                answered += 1
                unanswered = False
        elif block.kind == "heading":  # a heading that asks nothing ends the interview part
            answering = unanswered = False
        elif answering and block.kind == "paragraph":
            answers.append((block.start, block.end))
            answered += unanswered
            unanswered = False
    if answered < _MIN_QUESTIONS or not _INTERVIEW.search(prose, 0, first_question):
        return []
    return answers


def without_quotations(prose: str, answers: Sequence[tuple[int, int]] = ()) -> str:
    """`prose` with the words of every quotation blanked, the marks kept (same length): the
    middle sentences of a quotation of several sentences hold no mark of their own. Straight
    marks pair up only in a paragraph that holds an even number of them. The `answers` of an
    interview (`interview_answers`) are blanked too."""
    if "“" not in prose and '"' not in prose and not answers:
        return prose
    chars = list(prose)
    spans = [match.span(1) for match in _LONG_QUOTATION.finditer(prose)]
    spans += answers
    if '"' in prose:
        for paragraph in _PARAGRAPH.finditer(prose):
            if paragraph.group().count('"') % 2 == 0:
                spans += [
                    m.span(1)
                    for m in _STRAIGHT_QUOTATION.finditer(prose, *paragraph.span())
                    if _MIN_QUOTATION <= m.end(1) - m.start(1) <= _MAX_PARAGRAPH_QUOTATION
                ]
    for low, high in spans:
        chars[low:high] = [c if c in "\r\n" else " " for c in prose[low:high]]
    return "".join(chars)


def prose_without_quotations(doc: Document) -> str:
    """`without_quotations` of `doc`'s prose, its interview answers blanked too, made once per
    text: the sentence models' view of a report and the engine's `quotations: promotional`
    filter read the same one."""
    from linter.patterns import _memo_for

    memo = _memo_for(doc.prose)
    view = memo.get(("without-quotations",))
    if view is None:
        view = memo[("without-quotations",)] = without_quotations(
            doc.prose, interview_answers(doc.prose, doc.blocks)
        )
    return view  # type: ignore[return-value]


# What `without_quotations` keeps of a quotation besides white space.
_QUOTE_MARKS = ' \t\r\n"“”'


def unquoted_words_in(doc: Document, start: int, end: int) -> bool:
    """Whether `doc.prose[start:end]` holds anything outside quotations and interview answers
    (marks and spaces aside)."""
    return bool(prose_without_quotations(doc)[start:end].strip(_QUOTE_MARKS))


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """The spans of `sentence` inside quotations of 20 characters or more, in order: whole
    ones, and the part of one that began or ends in a neighbouring sentence. Straight marks
    pair up in order; an odd one out opens a quotation."""
    # "â€”" is an em dash garbled by a wrong encoding (linter/matchers/encoding.py), not a quote.
    sentence = sentence.replace("€”", "€-")
    spans = [
        match.span()
        for match in _QUOTATION.finditer(sentence)
        if _MIN_QUOTATION + 2 <= len(match.group()) <= _MAX_QUOTATION + 2
    ]
    rest = sentence
    for low, high in spans:
        rest = rest[:low] + " " * (high - low) + rest[high:]
    opened = rest.count("“") > rest.count("”") or rest.count('"') % 2 == 1
    if opened:
        tail = _OPEN_TO_END.search(rest)
        if tail is not None:
            spans = [span for span in spans if span[1] <= tail.start()] + [tail.span()]
    elif rest.count("”") > rest.count("“"):
        head = _START_TO_CLOSE.search(rest)
        if head is not None:
            spans = [head.span()] + [span for span in spans if span[0] >= head.end()]
    return spans


def sentence_features(
    text: str, start: int, end: int, *, quotations: bool = False
) -> SentenceFeatures:
    """The features of the sentence text[start:end], without the words of its quotations
    unless `quotations` (reported speech is the speaker's, except in an advertorial, whose
    testimonials are part of its pitch: linter/matchers/classifier.py).

    Run on every sentence of every article, so the per-word work is done by `re`, `str` and
    `set` in C: the words are found, joined, lower-cased and split again in one go."""
    sentence = text[start:end]
    has_quote = '"' in sentence or "“" in sentence or "”" in sentence
    body = sentence
    if has_quote and not quotations:
        for low, high in reversed(quoted_spans(sentence)):
            body = f"{body[:low]} {body[high:]}"
    found = _TOKEN.findall(body)
    joined = " ".join(found)
    capitalised = len(_CAPITALISED.findall(joined)) if " " in joined else 0
    if capitalised and not is_title(capitalised, len(found)):
        lowered = _NAME.sub("<name>", joined).lower().replace("’", "'")
    else:
        lowered = joined.lower().replace("’", "'")
    words = lowered.split(" ") if found else []
    if words and _DIGIT.search(body):
        words = [
            ("<pct>" if word[-1] == "%" else "<num>") if word[0].isdigit() else word
            for word in words
        ]
    unigrams = frozenset(words)
    # Pairs as "w1 w2" strings, not tuples: a document's features stay alive while its
    # classifier rules run, and tuples are objects the garbage collector walks (20 per
    # sentence), which made one huge document cost more than linear time.
    bigrams = frozenset(map(" ".join, zip(["<s>", *words], words, strict=False)))
    count = len(words)
    style: list[str] = []
    if not unigrams.isdisjoint(_READER):
        style.append("_you")
    if "!" in unigrams:
        style.append("_excl")
    if "<num>" in unigrams:
        style.append("_num")
    if "<pct>" in unigrams or "%" in unigrams:
        style.append("_pct")
    if not unigrams.isdisjoint(_MONEY):
        style.append("_money")
    if "est" in lowered and any(w not in _NOT_SUPERLATIVE for w in _EST.findall(lowered)):
        style.append("_est")
    if count < 8:
        style.append("_short")
    elif count > 30:
        style.append("_long")
    if has_quote:
        style.append("_quote")
    if capitalised >= 2:
        style.append("_caps")
    return SentenceFeatures(start, end, count, unigrams, bigrams, tuple(style))


def feature_spans(
    text: str, start: int, end: int, *, quotations: bool = False
) -> dict[str, tuple[int, int]]:
    """Where in text[start:end] each word feature (`u:`, `b:`) first occurs, counting the words
    of quotations as `sentence_features` does: to quote the words of a flagged sentence (a few
    per document, so plain Python is fine here)."""
    spans: dict[str, tuple[int, int]] = {}
    quoted = (
        []
        if quotations
        else [(start + low, start + high) for low, high in quoted_spans(text[start:end])]
    )
    previous, previous_start = "<s>", -1
    tokens = [
        match
        for match in _TOKEN.finditer(text, start, end)
        if not (quoted and any(low <= match.start() < high for low, high in quoted))
    ]
    # Names are masked as `sentence_features` masks them.
    capitalised = sum(1 for match in tokens[1:] if "A" <= match.group()[0] <= "Z")
    masked = capitalised > 0 and not is_title(capitalised, len(tokens))
    for position, match in enumerate(tokens):
        word = match.group().lower().replace("’", "'")
        if masked and position and _NAME.match(" " + match.group() + " ", 1):
            word = "<name>"
        if word[0].isdigit():
            word = "<pct>" if word.endswith("%") else "<num>"
        low, high = match.span()
        spans.setdefault("u:" + word, (low, high))
        pair_start = low if previous_start < 0 else previous_start
        spans.setdefault(f"b:{previous} {word}", (pair_start, high))
        previous, previous_start = word, low
    return spans


# The weight tables of a LinearModel, by attribute (its feature names contain no newline).
_WEIGHT_TABLES = ("_unigrams", "_bigrams", "_style")


class LinearModel:
    """A logistic-regression model: P(category | sentence) = sigmoid(bias + sum of weights)."""

    def __init__(
        self,
        category: str,
        bias: float,
        weights: Mapping[str, float],
        metadata: Mapping[str, object],
    ) -> None:
        self.category = category
        self.bias = bias
        self.metadata = metadata
        # Split by kind, keyed without the prefix: a sentence's words are looked up as they are.
        self._unigrams = {k[2:]: w for k, w in weights.items() if k.startswith("u:")}
        self._bigrams = {k[2:]: w for k, w in weights.items() if k.startswith("b:")}
        self._style = {k: w for k, w in weights.items() if k.startswith("_")}

    # The rule cache pickles a model as each table's keys joined into one string and its
    # weights as one array of doubles: unpickling the four built-in models' 20,000 keys and
    # floats one object at a time cost a pre-commit run ~1 ms more than this.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        for name in _WEIGHT_TABLES:
            table = state[name]
            state[name] = ("\n".join(table), array("d", table.values()).tobytes())
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in _WEIGHT_TABLES:
            keys, packed = state[name]  # type: ignore[misc]
            weights = array("d")
            weights.frombytes(packed)
            state[name] = dict(zip(keys.split("\n"), weights.tolist(), strict=True)) if keys else {}
        self.__dict__.update(state)

    def logit(self, sentence: SentenceFeatures) -> float:
        zero = repeat(0.0)
        return (
            self.bias
            + sum(map(self._unigrams.get, sentence.unigrams, zero))
            + sum(map(self._bigrams.get, sentence.bigrams, zero))
            + sum(map(self._style.get, sentence.style, zero))
        )

    def strongest(self, sentence: SentenceFeatures, count: int = 3) -> list[str]:
        """The word features pushing hardest towards the category, strongest first; only
        those weighing at least CUE_WEIGHT (a lone "a" or "the" explains nothing to a reader)."""
        scored = [(self._unigrams.get(w, 0.0), "u:" + w) for w in sentence.unigrams]
        scored += [(self._bigrams.get(p, 0.0), "b:" + p) for p in sentence.bigrams]
        scored.sort(reverse=True)
        return [name for weight, name in scored[:count] if weight >= CUE_WEIGHT]


class ModelError(ValueError):
    """A model file that cannot be used; the message says why."""


def load_model(path: Path) -> LinearModel:
    """Read a model file written by bench/train_model.py."""
    import json  # only when the rules are built; a run served from the rule cache skips it

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"cannot read model file {str(path)!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model file {str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        if isinstance(found, str) and found.startswith("article-lint-linear-"):
            # Another version's file (stop 14 changed the features): its weights were learnt
            # over features this version does not compute.
            raise ModelError(
                f"model file {str(path)!r} is in the {found} format, whose features this "
                f"version does not compute; retrain it with bench/train_model.py (format "
                f"{MODEL_FORMAT})"
            )
        raise ModelError(f"model file {str(path)!r} is not in the {MODEL_FORMAT} format")
    weights = data.get("weights")
    bias = data.get("bias")
    category = data.get("category")
    if (
        not isinstance(weights, dict)
        or not all(isinstance(v, (int, float)) for v in weights.values())
        or not isinstance(bias, (int, float))
        or not isinstance(category, str)
    ):
        raise ModelError(
            f"model file {str(path)!r} needs 'category' (text), 'bias' (a number) and "
            "'weights' (feature -> number)"
        )
    metadata = data.get("metadata", {})
    return LinearModel(
        category,
        float(bias),
        {str(k): float(v) for k, v in weights.items()},
        metadata if isinstance(metadata, dict) else {},
    )


def logit(probability: float) -> float:
    return math.log(probability / (1.0 - probability))


def probability(logit_value: float) -> float:
    if logit_value < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit_value))
