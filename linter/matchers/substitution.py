"""substitution: flag a phrase and suggest the preferred form (`swap: {bad: good}`)."""

from __future__ import annotations

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
            self.replacements.append(
                (opts.phrase(phrase, "swap", phrase, ignorecase=ignorecase), replacement)
            )
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
            replacement = next((r for p, r in self.replacements if p.fullmatch(text)), None)
            if replacement is not None:
                replacement = _match_case(text, replacement)
                if doc.raw[match.start() : match.end()].split() != text.split():
                    # Markup lies inside the span ("in **order** to"): replacing the file's
                    # text there would delete it, so the finding carries no fix.
                    replacement = None
            yield Hit(match.start(), match.end(), suggestion=replacement)


def _match_case(original: str, replacement: str) -> str:
    """Keep a capitalised first letter when the original had one."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
