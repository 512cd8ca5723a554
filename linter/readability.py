"""Readability scores: fast built-in formulas, and textstat for the rest, offline.

textstat counts English syllables with NLTK's cmudict, which it downloads on first use; on a
pre-commit or CI runner with no network that download fails. `textstat_offline()` points
textstat's syllable counter at its own pyphen fallback (pyphen ships its dictionaries), so
every textstat metric works with no download.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from types import ModuleType

from linter.document import SENTENCE_STOP

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A stop, with any closing quotation marks or brackets, ends a sentence when white space
# follows: 'remain available." She added' is two sentences, as linter.document splits it.
_SENTENCE_END = re.compile(SENTENCE_STOP + r"(?=\s|$)|\n\s*\n|\n(?=\s*[A-Z0-9])")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


# Memoised: running text repeats a small vocabulary, so most words are counted once per
# process instead of once per occurrence (the metric rules' hot spot).
@lru_cache(maxsize=1 << 16)
def count_syllables(word: str) -> int:
    """Vowel-group syllable estimate (the classic heuristic): silent final e, -le, -ed."""
    word = word.lower().replace("’", "'").split("'")[0]
    if not word:
        return 0
    groups = len(_VOWEL_GROUP.findall(word))
    if (word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1) or (
        word.endswith("ed") and len(word) > 3 and word[-3] not in "dt" and groups > 1
    ):
        groups -= 1
    return max(groups, 1)


# The commonest English function words. In English prose they are about a third of the words
# (0.27-0.50 of each story of bench/realtext.py's wire news, 0.19-0.40 of each page of Python's
# documentation); in German, French, Spanish, Italian or Portuguese prose, almost none (none at
# all in a German news item). The syllable formulas are English ones: on other languages their
# scores mean nothing, and a "hard to read" German article would fail every CI run.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be",
        "by", "on", "not", "he", "i", "this", "are", "or", "his", "from", "at", "which", "but",
        "have", "an", "they", "you", "were", "her", "she", "there", "been", "has", "their", "one",
        "all", "we", "can", "if", "will", "would", "more", "when", "who", "so", "what", "its",
        "also", "into", "than", "them", "these", "only", "other", "our", "may", "could", "should",
        "about", "out", "up"
    ]
)
ENGLISH_MIN_SHARE = 0.1
# Metrics that do not assume English: a sentence's length in words is one in any language.
LANGUAGE_NEUTRAL_METRICS = frozenset({"words_per_sentence"})


# Memoised by text: several metric rules usually score the same paragraphs.
@lru_cache(maxsize=256)
def _counts(text: str) -> tuple[int, int, int, int, int]:
    words = _WORD.findall(text)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syllables = sum(map(count_syllables, words))
    letters = sum(map(len, words))
    english = sum(word.lower() in _ENGLISH_FUNCTION_WORDS for word in words)
    return len(words), sentences, syllables, letters, english


def _flesch_reading_ease(w: int, s: int, syl: int, _letters: int) -> float:
    return 206.835 - 1.015 * (w / s) - 84.6 * (syl / w)


def _flesch_kincaid_grade(w: int, s: int, syl: int, _letters: int) -> float:
    return 0.39 * (w / s) + 11.8 * (syl / w) - 15.59


def _automated_readability_index(w: int, s: int, _syl: int, letters: int) -> float:
    return 4.71 * (letters / w) + 0.5 * (w / s) - 21.43


def _coleman_liau_index(w: int, s: int, _syl: int, letters: int) -> float:
    return 0.0588 * (letters / w * 100) - 0.296 * (s / w * 100) - 15.8


def _words_per_sentence(w: int, s: int, _syl: int, _letters: int) -> float:
    return w / s


FAST_METRICS: dict[str, Callable[[int, int, int, int], float]] = {
    "flesch_reading_ease": _flesch_reading_ease,
    "flesch_kincaid_grade": _flesch_kincaid_grade,
    "automated_readability_index": _automated_readability_index,
    "coleman_liau_index": _coleman_liau_index,
    "words_per_sentence": _words_per_sentence,
}


def measure(text: str, metric: str, *, engine: str = "builtin", min_words: int = 1) -> float | None:
    """The score of `text`, or None when it has fewer than `min_words` words, or when the
    metric assumes English and fewer than `ENGLISH_MIN_SHARE` of its words are common English
    function words (German or French prose)."""
    words, sentences, syllables, letters, english = _counts(text)
    if words < min_words or words == 0:
        return None
    if metric not in LANGUAGE_NEUTRAL_METRICS and english < ENGLISH_MIN_SHARE * words:
        return None
    if engine == "builtin":
        return FAST_METRICS[metric](words, sentences, syllables, letters)
    function = getattr(textstat_offline(), metric, None)
    if not callable(function):
        raise ValueError(f"textstat has no metric {metric!r}")
    return float(function(text))


@cache
def textstat_offline() -> ModuleType:
    """textstat, with its English syllable counter made to work without NLTK's cmudict.

    textstat's `count_syllables` tries `cmu_dict[word]` and falls back to pyphen on TypeError;
    handing it no dictionary (None) takes that fallback for every word, with no download.
    """
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lambda lang: None  # type: ignore[attr-defined]
    return textstat
