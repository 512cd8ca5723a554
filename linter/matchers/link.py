"""link: a hyperlink whose destination (or text) matches: an affiliate link, a shop button.

The markup parsers record every inline link (`Document.links`: Markdown `[text](url)`, HTML
`<a href>`); a rule of this type reads those instead of the prose, so it sees where a link goes,
which the prose view has blanked, and what its words are, a shop button's or a headline's.
`target` patterns are searched in the destination as written; `text` phrases must begin the
link's text; a hit spans the link's text. With `unless` the rule reports nothing in a document
whose prose matches one of those patterns (a disclosure, say), with `requires` only in one that
does: a pair of rules can tell a disclosed article from an undisclosed one, as the evidence
type's `when: supported` does. Plain-text files have no links.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.matchers.base import Matcher
from linter.model import Hit
from linter.rules import RuleSpec

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import ClassVar


class LinkMatcher(Matcher):
    extends = "link"
    example_format = "markdown"
    keys: ClassVar[dict[str, str]] = {
        "target": "regular expressions searched in the link's destination; a link matches if"
        " any does (default: any destination)",
        "text": "phrases (regex fragments, whole words) one of which must begin the link's text"
        " (default: any text)",
        "unless": "regular expressions (case-sensitive, as `evidence` is) that, found anywhere"
        " in the document's prose, silence the rule (a disclosure, say)",
        "requires": "regular expressions (case-sensitive) one of which must be found in the"
        " document's prose, or the rule reports nothing",
        "ignorecase": "match case-insensitively (default true)",
    }

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        super().__init__(spec, trusted=trusted)
        opts = self.options
        ignorecase = opts.boolean("ignorecase", True)
        self.target = opts.patterns("target", ignorecase=ignorecase)
        self.text = opts.phrases("text", ignorecase=ignorecase)
        if self.target is None and self.text is None:
            raise opts.error("a link rule needs 'target' or 'text'", "extends")
        # Case-sensitive, as the evidence type's `evidence` is: they share the disclosure list.
        self.unless = opts.patterns("unless", ignorecase=False)
        self.requires = opts.patterns("requires", ignorecase=False)

    def hits(self, doc: Document) -> Iterator[Hit]:
        found = [
            link
            for link in doc.links
            if link.text.start < link.text.end
            and (self.target is None or self.target.search(link.target))
            and (self.text is None or self.text.match(doc.prose, link.text.start, link.text.end))
        ]
        # The document-wide scans only once a link qualifies: most documents have none.
        if not found:
            return
        if self.unless is not None and self.unless.search(doc.prose):
            return
        if self.requires is not None and not self.requires.search(doc.prose):
            return
        for link in found:
            yield Hit(link.text.start, link.text.end)

