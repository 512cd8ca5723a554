"""Compiling rule patterns: phrase lists into one alternation, and regexes with a clear error.

Every pattern is compiled once, at load time. Phrase lists become one alternation per rule
(longest first, so "game-changing" wins over "game"), not one regex per phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Compiled regex type used across the linter. Built-in rules (reviewed, in this repo) use Python's
# `re`, which supports the look-arounds their evidence patterns need.
Regex = re.Pattern[str]


class PatternError(ValueError):
    """A pattern that does not compile; the message says why."""


def compile_regex(pattern: str, *, ignorecase: bool = True, multiline: bool = False) -> Regex:
    flags = re.IGNORECASE if ignorecase else 0
    if multiline:
        flags |= re.MULTILINE
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise PatternError(f"invalid regular expression {pattern!r}: {exc}") from None


def phrase_alternation(tokens: Iterable[str], *, boundaries: bool = True) -> str:
    """One regex alternation of `tokens` (each itself a regex fragment, as in Vale), longest first.

    With `boundaries`, each token must stand as whole words: no word character may touch it.
    """
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    body = "|".join(f"(?:{token})" for token in ordered)
    if not boundaries:
        return f"(?:{body})"
    return rf"(?<![\w-])(?:{body})(?![\w-])"


def compile_phrases(
    tokens: Iterable[str], *, ignorecase: bool = True, boundaries: bool = True
) -> Regex:
    tokens = list(tokens)
    for token in tokens:  # name the offending token, not the whole alternation
        compile_regex(token, ignorecase=ignorecase)
    return compile_regex(phrase_alternation(tokens, boundaries=boundaries), ignorecase=ignorecase)
