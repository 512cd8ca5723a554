"""substitution: flag a phrase and suggest the preferred form (`swap: {bad: good}`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from linter.document import Document
from linter.matchers.base import ExceptionSpans, Matcher, inside_any
from linter.model import Hit
from linter.patterns import Regex, compile_regex, phrase_alternation
from linter.prefilter import prose_matches
from linter.rules import RuleSpec


class SubstitutionMatcher(Matcher):
    extends = "substitution"
    reads_metadata = True
    within_one_block = True
    gate = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "swap": "mapping of phrase (regex fragment) to its replacement",
        "exceptions": "phrases that, where they overlap a match, cancel it",
        "ignorecase": "match case-insensitively (default true)",
        "safe": "the replacements are safe for --fix to apply unreviewed (default false)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        swap = opts.mapping("swap", required=True)
        # (the phrase compiled, the phrase as written, its replacement)
        self.replacements: list[tuple[Regex, str, str]] = []
        for phrase, replacement in swap.items():
            if not isinstance(replacement, str):
                raise opts.error("every replacement must be a string", "swap", phrase)
            compiled = opts.phrase(phrase, "swap", phrase, ignorecase=ignorecase)
            self.replacements.append((compiled, phrase, replacement))
        self.pattern = compile_regex(
            phrase_alternation(swap, ignorecase=ignorecase), ignorecase=ignorecase
        )
        self.exceptions = opts.phrases("exceptions", ignorecase=ignorecase)
        self.safe = opts.boolean("safe", False)

    @property
    def fixable(self) -> bool:  # type: ignore[override]
        return self.safe

    def hits(self, doc: Document) -> Iterator[Hit]:
        excepted = ExceptionSpans(doc, self.exceptions)  # scanned on first use
        for match in prose_matches(doc, self.pattern):  # finditer, prefiltered
            if excepted and inside_any(match.start(), match.end(), excepted):
                continue
            text = match.group()
            replacement = None
            for phrase, key, written in self.replacements:
                whole = phrase.fullmatch(text)
                if whole is not None:
                    expanded = _expand(written, whole, int(getattr(phrase, "groups", 0) or 0))
                    replacement = _match_case(text, expanded, key)
                    break
            if replacement is not None:
                if replacement == text:
                    continue  # already the preferred form ("JavaScript" for javascript)
                written = doc.raw[match.start() : match.end()]
                if written.split() != text.split():
                    # Markup lies inside the span ("in **order** to"): replacing the file's
                    # text there would delete it, so the finding carries no fix.
                    replacement = None
                else:  # the file's own white space: the prose view may join wrapped lines
                    replacement = _keep_line_breaks(written, replacement)
            yield Hit(match.start(), match.end(), suggestion=replacement)


# In the replacement of a phrase with groups, `$1` is what its first group matched and `$$` a
# dollar sign. A phrase without groups keeps its replacement as written ("$1" stays "$1", as it
# did before groups were expanded), and so does `$9` for a phrase with fewer groups.
_GROUP_REFERENCE = re.compile(r"\$(?:(\d+)|\$)")


def _expand(replacement: str, whole: re.Match[str], groups: int) -> str:
    """The replacement with `$N` replaced by what group N (of `groups`) of the phrase matched."""
    if "$" not in replacement or not groups:
        return replacement

    def group(reference: re.Match[str]) -> str:
        if reference.group(1) is None:
            return "$"
        number = int(reference.group(1))
        return (whole.group(number) or "") if 1 <= number <= groups else reference.group()

    return _GROUP_REFERENCE.sub(group, replacement)


_WHITE_SPACE = re.compile(r"\s+")


def _keep_line_breaks(original: str, replacement: str) -> str:
    """A phrase wrapped over two lines ("utilize⏎the tool") keeps its line break in the fix:
    the replacement's gaps take the original's white space in order when there are as many,
    else its last gap takes the original's line break. A fix that joined the lines broke the
    hard wrap of the paragraph."""
    if "\n" not in original and "\r" not in original:
        return replacement
    gaps = list(_WHITE_SPACE.finditer(replacement))
    if not gaps:
        return replacement  # one word for several: no gap left to hold the break
    runs = _WHITE_SPACE.findall(original)
    if len(runs) != len(gaps):
        line_break = next(run for run in runs if "\n" in run or "\r" in run)
        runs = [gap.group() for gap in gaps[:-1]] + [line_break]
    pieces, previous = [], 0
    for gap, run in zip(gaps, runs, strict=True):
        pieces += [replacement[previous : gap.start()], run]
        previous = gap.end()
    return "".join(pieces) + replacement[previous:]


def _match_case(original: str, replacement: str, key: str) -> str:
    """Follow the case the text gives the phrase beyond the rule's own spelling (`key`): all
    capitals ("UTILIZE" -> "USE") when the phrase is written with a lowercase letter, a
    capitalised first letter when the phrase starts with one. An acronym's capitals ("ASAP"
    -> "as soon as possible") and a capitalised key ("Internet" -> "internet") are the rule's
    own, and say nothing about the text's case."""
    letters = [char for char in original if char.isalpha()]
    key_has_lowercase = any(char.islower() for char in key)
    if len(letters) > 1 and all(char.isupper() for char in letters) and key_has_lowercase:
        return replacement.upper()
    if original[:1].isupper() and not key[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
