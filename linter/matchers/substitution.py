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
        self.replacements: list[tuple[Regex, str]] = []
        for phrase, replacement in swap.items():
            if not isinstance(replacement, str):
                raise opts.error("every replacement must be a string", "swap", phrase)
            compiled = opts.phrase(phrase, "swap", phrase, ignorecase=ignorecase)
            groups = int(getattr(compiled, "groups", 0) or 0)
            for reference in _GROUP_REFERENCE.finditer(replacement):
                number = reference.group(1)
                if number is not None and not 1 <= int(number) <= groups:
                    raise opts.error(
                        f"replacement {replacement!r} uses ${number}, but the phrase has "
                        f"{groups} capturing group{'s' if groups != 1 else ''} "
                        "(write $$ for a dollar sign)",
                        "swap",
                        phrase,
                    )
            self.replacements.append((compiled, replacement))
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
            for phrase, written in self.replacements:
                whole = phrase.fullmatch(text)
                if whole is not None:
                    replacement = _match_case(text, _expand(written, whole))
                    break
            if replacement is not None:
                if replacement == text:
                    continue  # already the preferred form ("JavaScript" for javascript)
                if doc.raw[match.start() : match.end()].split() != text.split():
                    # Markup lies inside the span ("in **order** to"): replacing the file's
                    # text there would delete it, so the finding carries no fix.
                    replacement = None
            yield Hit(match.start(), match.end(), suggestion=replacement)


# `$1` in a replacement is the phrase's first group; `$$` is a dollar sign.
_GROUP_REFERENCE = re.compile(r"\$(?:(\d+)|\$)")


def _expand(replacement: str, whole: re.Match[str]) -> str:
    """The replacement with `$N` replaced by what group N of the phrase matched."""
    if "$" not in replacement:
        return replacement
    return _GROUP_REFERENCE.sub(
        lambda ref: "$" if ref.group(1) is None else whole.group(int(ref.group(1))) or "",
        replacement,
    )


def _match_case(original: str, replacement: str) -> str:
    """Follow the original's case: all capitals ("UTILIZE" -> "USE") when it has two letters or
    more and no lowercase one, else a capitalised first letter when it had one."""
    letters = [char for char in original if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
