"""link: a hyperlink whose destination (or text) matches: an affiliate link, a shop button.

The markup parsers record every inline link (`Document.links`: Markdown `[text](url)`, HTML
`<a href>`); a rule of this type reads those instead of the prose, so it sees where a link goes,
which the prose view has blanked. `target` patterns are searched in the destination as written,
`text` phrases in the link's text; a hit spans the link's text. With `unless`, the rule reports
nothing in a document whose prose holds one of those phrases (a disclosure, say). Plain-text
files have no links.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from linter.document import Document
from linter.matchers.base import Matcher
from linter.model import Hit
from linter.patterns import Regex, compile_regex, pattern_alternation
from linter.rules import RuleSpec


class LinkMatcher(Matcher):
    extends = "link"
    example_format = "markdown"
    keys: ClassVar[dict[str, str]] = {
        "target": "regular expressions searched in the link's destination; a link matches if"
        " any does (default: any destination)",
        "text": "phrases (regex fragments, whole words) searched in the link's text (default:"
        " any text)",
        "unless": "phrases that, found anywhere in the document's prose, silence the rule (a"
        " disclosure, say)",
        "ignorecase": "match case-insensitively (default true)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        targets = opts.strings("target")
        for index, item in enumerate(targets):
            opts.regex(item, "target", index, ignorecase=ignorecase)
        self.target: Regex | None = None
        if targets:
            alternation = pattern_alternation(targets, ignorecase=ignorecase)
            self.target = compile_regex(alternation, ignorecase=ignorecase)
        self.text = opts.phrases("text", ignorecase=ignorecase)
        if self.target is None and self.text is None:
            raise opts.error("a link rule needs 'target' or 'text'", "extends")
        self.unless = opts.phrases("unless", ignorecase=ignorecase)

    def hits(self, doc: Document) -> Iterator[Hit]:
        found = [
            link
            for link in doc.links
            if link.text.start < link.text.end
            and (self.target is None or self.target.search(link.target))
            and (self.text is None or self.text.search(doc.prose, link.text.start, link.text.end))
        ]
        # The document-wide scan only once a link qualifies: most documents have none.
        if not found or (self.unless is not None and self.unless.search(doc.prose)):
            return
        for link in found:
            yield Hit(link.text.start, link.text.end)
