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
    reads_metadata = True
    within_one_block = True
    gate = "pattern"
    keys: ClassVar[dict[str, str]] = {
        "tokens": "phrases (regex fragments) matched as whole words; one alternation per rule",
        "patterns": "raw regular expressions, matched anywhere (no word boundaries added)",
        "exceptions": "phrases that, where they overlap a match, cancel it",
        "ignorecase": "match case-insensitively (default true)",
        "suggestion": "a replacement to suggest for every match (optional)",
        "outside_promotional": "regular expressions: outside an article the other rules mark as "
        "promotional, a match is reported (and counts towards marking the article promotional) "
        "only if its sentence matches one of them (optional)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        listed_tokens = opts.indexed_strings("tokens")
        listed_patterns = opts.indexed_strings("patterns")
        if not listed_tokens and not listed_patterns:
            raise opts.error("an existence rule needs 'tokens' or 'patterns'", "extends")
        # Each checked alone first, so that an error names its line (in a list file too).
        for key_path, item in listed_tokens:
            opts.phrase(item, *key_path, ignorecase=ignorecase)
        for key_path, item in listed_patterns:
            opts.regex(item, *key_path, ignorecase=ignorecase)
        tokens = [item for _key_path, item in listed_tokens]
        patterns = [item for _key_path, item in listed_patterns]
        parts = []
        if tokens:
            parts.append(phrase_alternation(tokens, ignorecase=ignorecase))
        if patterns:  # each behind a first-character guard: same matches, fewer attempts
            parts.append(pattern_alternation(patterns, ignorecase=ignorecase))
        self.pattern: Regex = compile_regex("|".join(parts), ignorecase=ignorecase)
        self.exceptions = opts.phrases("exceptions", ignorecase=ignorecase)
        self.suggestion = opts.string("suggestion")
        # Read by the engine once the article has been weighed (engine._lint_document).
        self.outside_promotional = opts.patterns("outside_promotional", ignorecase=ignorecase)

    def hits(self, doc: Document) -> Iterator[Hit]:
        excepted = ExceptionSpans(doc, self.exceptions)  # scanned on first use
        for match in prose_matches(doc, self.pattern):  # finditer, prefiltered
            if match.end() == match.start():
                continue
            if excepted and inside_any(match.start(), match.end(), excepted):
                continue
            yield Hit(match.start(), match.end(), suggestion=self.suggestion)
