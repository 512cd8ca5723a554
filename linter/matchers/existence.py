"""existence: flag any of a list of phrases (or regexes) wherever it appears in prose."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.matchers.base import ExceptionSpans, Matcher, inside_any
from linter.model import Hit
from linter.patterns import Regex, compile_regex, pattern_alternation, phrase_alternation
from linter.prefilter import prose_matches
from linter.rules import RuleSpec

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar


class ExistenceMatcher(Matcher):
    extends = "existence"
    within_one_block = True
    gate = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "tokens": "phrases (regex fragments) matched as whole words; one alternation per rule",
        "patterns": "raw regular expressions, matched anywhere (no word boundaries added)",
        "exceptions": "phrases that, where they overlap a match, cancel it",
        "ignorecase": "match case-insensitively (default true)",
        "suggestion": "a replacement to suggest for every match (optional)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        tokens = opts.strings("tokens")
        patterns = opts.strings("patterns")
        if not tokens and not patterns:
            raise opts.error("an existence rule needs 'tokens' or 'patterns'", "extends")
        for index, item in enumerate(tokens):
            opts.phrase(item, "tokens", index, ignorecase=ignorecase)
        for index, item in enumerate(patterns):
            opts.regex(item, "patterns", index, ignorecase=ignorecase)
        parts = []
        if tokens:
            parts.append(phrase_alternation(tokens, ignorecase=ignorecase))
        if patterns:  # each behind a first-character guard: same matches, fewer attempts
            parts.append(pattern_alternation(patterns, ignorecase=ignorecase))
        self.pattern: Regex = compile_regex("|".join(parts), ignorecase=ignorecase)
        self.exceptions = opts.phrases("exceptions", ignorecase=ignorecase)
        self.suggestion = opts.string("suggestion")

    def hits(self, doc: Document) -> Iterator[Hit]:
        excepted = ExceptionSpans(doc, self.exceptions)  # scanned on first use
        for match in prose_matches(doc, self.pattern):  # finditer, prefiltered
            if match.end() == match.start():
                continue
            if excepted and inside_any(match.start(), match.end(), excepted):
                continue
            yield Hit(match.start(), match.end(), suggestion=self.suggestion)
