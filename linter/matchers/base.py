"""The Matcher base class and typed access to a rule's own options.

A matcher knows nothing of files or output: given a Document it yields `Hit`s (offsets).
Options are validated in `__init__`, so every error surfaces at load time with file and line.
"""

from __future__ import annotations

import abc
import bisect
import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from linter.document import Document, merged_spans, trimmed
from linter.model import Hit, RuleError
from linter.patterns import (
    PatternError,
    Regex,
    compile_phrases,
    compile_regex,
    flexible_fragment,
    pattern_alternation,
    starts_with_apostrophe,
)
from linter.prefilter import gated_spans
from linter.record import record
from linter.rules import RuleSpec, is_list_file
from linter.safe_regex import rule_label, untrusted_patterns
from linter.sources import read_settings_text

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any, ClassVar


class Matcher(abc.ABC):
    extends: ClassVar[str]
    # The type's own YAML keys, with a one-line description each (used in docs and errors).
    keys: ClassVar[Mapping[str, str]] = {}
    # Whether hits carry a suggestion that --fix may apply without a human looking.
    fixable: ClassVar[bool] = False
    # The attribute holding the compiled pattern every hit lies on a match of, if there is one:
    # the prefilter (linter/prefilter.py) then runs the rule only near that pattern's literals.
    gate: ClassVar[str | None] = None
    # Whether the rule only stands in for what the other rules missed: the engine runs it
    # after them and sets `Document.covered` to the spans they flagged in its category, where
    # it must not report (linter/matchers/classifier.py).
    fallback: ClassVar[bool] = False
    # Whether each hit is a whole sentence read as one (not a phrase): dropped as a mention
    # only when it lies wholly inside a mentioning quotation, where a phrase match is dropped
    # when it starts in one (linter/mentions.py).
    reports_sentences: ClassVar[bool] = False
    # Outside an article marked promotional, a hit is reported (and counts towards marking the
    # article promotional) only if its sentence matches this (engine._outside_promotional);
    # set by the types that offer the `outside_promotional` key.
    outside_promotional: Regex | None = None
    # Whether the default `text` scope takes in the title and description of the front matter
    # (engine._in_scope): phrase and encoding rules, not models of sentences or counts.
    reads_metadata: ClassVar[bool] = False
    # Whether each hit is a phrase that must lie within one block: a space in a phrase
    # matches any white space (patterns.SPACE_RUN), so a match can run on over a paragraph
    # break, from a heading into its paragraph or from one table cell or list item into the
    # next; the engine drops such a match.
    within_one_block: ClassVar[bool] = False
    # The markup a rule's YAML examples are written in: they are linted as a file of this
    # format (tests/test_rule_examples.py). Links exist only in Markdown and HTML.
    example_format: ClassVar[str] = "text"
    # The placeholders its hits fill in a rule's message, besides {match} and {suggestion}.
    message_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, spec: RuleSpec, *, trusted: bool = False) -> None:
        self.spec = spec
        self.trusted = trusted
        self.options = Options(spec)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = _compile_by_trust(cls.__dict__["__init__"])  # type: ignore[method-assign]

    @abc.abstractmethod
    def hits(self, doc: Document) -> Iterator[Hit]:
        """Every span of `doc` this rule flags."""

    def weighs_article(self, doc: Document) -> bool | None:
        """Whether this rule reads `doc` as a promotional article, if its hits depend on that
        (`Document.reads_as_promotional`); None if they do not."""
        return None

    def gate_pattern(self) -> object | None:
        """The pattern named by `gate` (None: the rule is never prefiltered)."""
        return getattr(self, self.gate, None) if self.gate else None


def _compile_by_trust(init: Callable[..., None]) -> Callable[..., None]:
    """Wrap a matcher's `__init__` so every pattern it compiles for an untrusted rule (from a
    --rules folder) goes through RE2 (linear time; see linter/safe_regex.py), whether it is
    compiled through `Options` or with `patterns.compile_regex` directly."""

    @functools.wraps(init)
    def build(self: Matcher, spec: RuleSpec, *, trusted: bool = False, **kwargs: Any) -> None:
        with untrusted_patterns(not trusted), rule_label(f"{spec.id} ({spec.source})"):
            try:
                init(self, spec, trusted=trusted, **kwargs)
            except PatternError as exc:  # a combined pattern: name the rule file at least
                raise spec.error(str(exc)) from None

    return build


class Options:
    """Typed, validated reads of a rule's type-specific keys; errors name the key's line."""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.raw: Mapping[str, Any] = spec.options

    def has(self, key: str) -> bool:
        return key in self.raw

    def error(self, message: str, *key_path: str | int | ListLine) -> RuleError:
        """A RuleError at the line of `key_path` in the rule file, or, for an entry read from
        a list file (a ListLine in the path), at that entry's line in the list file."""
        listed = next((part for part in key_path if isinstance(part, ListLine)), None)
        in_rule = tuple(part for part in key_path if not isinstance(part, ListLine))
        problem = self.spec.error(message, *in_rule)
        if listed is None:
            return problem
        line = self.spec.line_of(*in_rule)
        return RuleError(
            f"{problem.message} (in the list file of {self.spec.source}"
            f"{f':{line}' if line else ''})",
            path=listed.path,
            line=listed.line,
        )

    def string(self, key: str, default: str | None = None, *, required: bool = False) -> str | None:
        if key not in self.raw:
            if required:
                raise self.error("missing required key", key)
            return default
        value = self.raw[key]
        if not isinstance(value, str):
            raise self.error("must be a string", key)
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise self.error("must be true or false", key)
        return value

    def bounds(
        self, needs: str, *, min_at_least: float | None = None, max_at_least: float | None = None
    ) -> tuple[float | None, float | None]:
        """`min` and `max` of a rule that flags a unit outside them: at least one must be
        given (else the error `needs`), and `min` not over `max`, which would flag every
        unit."""
        minimum = self.number("min", minimum=min_at_least)
        maximum = self.number("max", minimum=max_at_least)
        if minimum is None and maximum is None:
            raise self.error(needs, "extends")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise self.error("'min' is more than 'max': every unit would be flagged", "min")
        return minimum, maximum

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        required: bool = False,
        minimum: float | None = None,
    ) -> float | None:
        if key not in self.raw:
            if required:
                raise self.error("missing required key", key)
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error("must be a number", key)
        if minimum is not None and value < minimum:
            raise self.error(f"must be at least {minimum}", key)
        return float(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.raw.get(key, default)
        if value not in choices:
            raise self.error(f"must be one of: {', '.join(choices)}", key)
        return str(value)

    def strings(
        self, key: str, *, required: bool = False, allow_empty: bool = False
    ) -> list[str]:
        """A list of strings, given inline or as `{file: data/list.txt}` (one entry a line,
        blank lines and `#` comments skipped); an inline `[]` only with `allow_empty`. An
        inline list may also include a list file among its entries (`- {file: ...}`): the
        way rules in several packs share one list."""
        return [entry for _, entry in self.indexed_strings(key, required, allow_empty)]

    def indexed_strings(
        self, key: str, required: bool = False, allow_empty: bool = False
    ) -> list[tuple[tuple[str | int | ListLine, ...], str]]:
        """`strings`, each entry with the key path of the YAML node it came from (an entry
        read from a list file: the node naming the file), for error lines."""
        if key not in self.raw:
            if required:
                raise self.error("missing required key", key)
            return []
        value = self.raw[key]
        if isinstance(value, dict):
            return [((key, where), entry) for where, entry in self._list_file(value, key)]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not (value or allow_empty):
            raise self.error("must be a non-empty list of strings", key)
        entries: list[tuple[tuple[str | int | ListLine, ...], str]] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                entries += [
                    ((key, index, where), entry)
                    for where, entry in self._list_file(item, key, index)
                ]
            elif not isinstance(item, str) or not item.strip():
                raise self.error(
                    "every entry must be a non-empty string or {file: data/NAME.txt}", key, index
                )
            else:
                entries.append(((key, index), item.strip()))
        return entries

    def _list_file(
        self, value: dict[str, Any], *key_path: str | int
    ) -> list[tuple[ListLine, str]]:
        if not is_list_file(value) or not isinstance(value["file"], str):
            raise self.error("must be a list of strings or {file: data/NAME.txt}", *key_path)
        path = self.spec.data_path(value["file"])
        shown = os.path.normpath(path)  # "rules/house/../_shared/x.txt" as "rules/_shared/x.txt"
        return [
            (ListLine(shown, line), entry)
            for line, entry in read_list_file(path, self, *key_path)
        ]

    def mapping(self, key: str, *, required: bool = False) -> dict[str, Any]:
        if key not in self.raw:
            if required:
                raise self.error("missing required key", key)
            return {}
        value = self.raw[key]
        if not isinstance(value, dict) or not value:
            raise self.error("must be a non-empty mapping", key)
        return value

    def regex(
        self, pattern: str, *key_path: str | int | ListLine, ignorecase: bool = True
    ) -> Regex:
        try:
            return compile_regex(pattern, ignorecase=ignorecase)
        except PatternError as exc:
            raise self.error(str(exc), *key_path) from None

    def phrase(
        self, token: str, *key_path: str | int | ListLine, ignorecase: bool = True
    ) -> Regex:
        """One entry of a whole-word phrase list, compiled alone to check it: it must be a valid
        regex, and able to match at all once wrapped in the whole-word boundary. Compiled as
        it is in the rule's alternation, its spaces matching any white space."""
        compiled = self.regex(flexible_fragment(token), *key_path, ignorecase=ignorecase)
        if starts_with_apostrophe(token):
            raise self.error(
                f"{token!r} starts with an apostrophe, so it can never match a contraction "
                "(phrases match as whole words: no letter may touch them); start it with "
                "the word, e.g. \"(?:it|they)['’]ll\"",
                *key_path,
            )
        return compiled

    def phrases(self, key: str, *, ignorecase: bool = True, required: bool = False) -> Regex | None:
        """One compiled alternation of the phrase list under `key` (None if absent)."""
        entries = self.indexed_strings(key, required)
        if not entries:
            return None
        for key_path, token in entries:
            self.phrase(token, *key_path, ignorecase=ignorecase)
        tokens = [token for _, token in entries]
        try:
            return compile_phrases(tokens, ignorecase=ignorecase)
        except PatternError as exc:
            raise self.error(str(exc), key) from None

    def patterns(
        self, key: str, *, ignorecase: bool = True, allow_empty: bool = False
    ) -> Regex | None:
        """One compiled alternation of the raw regular expressions under `key`, matched where
        they match (no word boundaries added); None if absent (or, with `allow_empty`, `[]`).
        Each is compiled alone first, so an error names its entry."""
        entries = self.indexed_strings(key, allow_empty=allow_empty)
        if not entries:
            return None
        for key_path, item in entries:
            self.regex(item, *key_path, ignorecase=ignorecase)
        items = [item for _, item in entries]
        alternation = pattern_alternation(items, ignorecase=ignorecase)
        try:
            return compile_regex(alternation, ignorecase=ignorecase)
        except PatternError as exc:
            raise self.error(str(exc), key) from None


@record(frozen=True)
class ListLine:
    """Where an entry of a list file is: a part of a key path (Options.error)."""

    path: str
    line: int


# "synergy   # buzzword": a comment after an entry would be part of the phrase, never matched.
_TRAILING_COMMENT = re.compile(r"\s#\s")


def read_list_file(path: Path, options: Options, *key_path: str | int) -> list[tuple[int, str]]:
    """(line number, entry) for each entry of a list file: one a line, blank lines and lines
    starting with `#` skipped."""
    try:
        lines = read_settings_text(path).splitlines()
    except ValueError as exc:
        raise options.error(f"cannot read list file {str(path)!r}: {exc}", *key_path) from None
    entries = [
        (number, line.strip())
        for number, line in enumerate(lines, 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not entries:
        raise options.error(f"list file {str(path)!r} is empty", *key_path)
    for number, entry in entries:
        if _TRAILING_COMMENT.search(entry):
            raise options.error(
                f"{entry!r} ends in what reads as a comment; a comment takes a line of its "
                "own (write \\# for a '#' in a phrase)",
                *key_path,
                ListLine(os.path.normpath(path), number),
            )
    return entries


def exception_spans(doc: Document, pattern: Regex | None) -> list[tuple[int, int]]:
    """Spans of the prose matched by a rule's `exceptions` pattern within one block each,
    sorted."""
    if pattern is None:
        return []
    # Shared by rules with the same exceptions pattern; RE2-gated in large runs.
    spans = gated_spans(pattern, doc.prose)
    if len(doc.blocks) < 2 or all(doc.within_one_block(start, end) for start, end in spans):
        return spans
    # White space at a match's ends is no part of any block: a heading's "## " is blanked to
    # spaces in the prose, so "^[ \t]*Affiliate links$" starts before the heading's block.
    spans = [span for span in (trimmed(doc.prose, *s) for s in spans) if span[0] < span[1]]
    # `\s` matches a paragraph break too: "our \w+ experts agree" ran from a heading ("Our
    # launch") into the paragraph under it ("Experts agree ...") and excused its claim. Such a
    # match excepts nothing; each block it ran over is searched again on its own, so a real
    # exception there still counts.
    found: list[tuple[int, int]] = []
    for start, end in spans:
        if doc.within_one_block(start, end):
            found.append((start, end))
            continue
        # The blocks the match ran over, from the one holding (or after) its start.
        first = max(0, bisect.bisect_right(doc.block_starts, start) - 1)
        for index in range(first, len(doc.blocks)):
            block = doc.blocks[index]
            if block.start >= end:
                break
            if block.end > start:
                low = max(start, block.start)
                found.extend(m.span() for m in pattern.finditer(doc.prose, low, block.end))
    return merged_spans(found)


class ExceptionSpans:
    """`exception_spans`, found on first use. Most documents never match a given rule, so most
    never need its exceptions, and scanning for them up front cost every rule a full pass."""

    __slots__ = ("_doc", "_pattern", "_spans")

    def __init__(self, doc: Document, pattern: Regex | None) -> None:
        self._doc = doc
        self._pattern = pattern
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = exception_spans(self._doc, self._pattern)
        return self._spans

    def __bool__(self) -> bool:
        return self._pattern is not None and bool(self.spans)


def inside_any(start: int, end: int, spans: list[tuple[int, int]] | ExceptionSpans) -> bool:
    """Whether [start, end) overlaps one of `spans`, which are sorted and do not overlap each
    other (they come from one finditer), so their ends are sorted too."""
    if isinstance(spans, ExceptionSpans):
        spans = spans.spans
    index = bisect.bisect_right(spans, start, key=lambda span: span[1])
    return index < len(spans) and spans[index][0] < end
