"""The records that flow through the linter: severities, categories, hits, findings and errors.

Matchers produce `Hit`s (offsets into the document, nothing else); the engine stamps rule id,
category, severity, path and positions onto them to make `Finding`s, as yamllint does.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from types import MappingProxyType

from linter.record import field, record

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

CATEGORIES: tuple[str, ...] = (
    "encoding",
    "unsupported-claim",
    "speculation",
    "sponsored",
    "hype",
    "readability",
    "style",
)
# The categories about what an article says (as opposed to how it is encoded or how easy it reads).
CONTENT_CATEGORIES: tuple[str, ...] = (
    "unsupported-claim",
    "speculation",
    "sponsored",
    "hype",
    "style",
)
# The categories whose findings mark an article as promotional (`Document.reads_as_promotional`).
PROMOTIONAL_CATEGORIES: frozenset[str] = frozenset(
    {"hype", "unsupported-claim", "speculation", "sponsored"}
)

_EMPTY: Mapping[str, str] = MappingProxyType({})


def displayable_path(path: str) -> str:
    """A file name as valid Unicode text for a report: the bytes of a name that is not UTF-8
    (which Python decodes to lone surrogates) become U+FFFD, so JSON and XML stay valid."""
    if path.isascii():
        return path
    try:
        raw = path.encode("utf-8", "surrogateescape")  # a byte that is not UTF-8: itself
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def relative_to(path: str, base_dir: str) -> str:
    """`path` relative to `base_dir`, `../` included (an absolute path would change with the
    checkout's location); absolute where no relative path exists (another Windows drive)."""
    try:
        return os.path.relpath(os.path.abspath(path), base_dir)
    except ValueError:
        return os.path.abspath(path)


def without_dot_slash(path: str) -> str:
    """`path` without leading `./` parts: `./docs/a.md` and `.//docs/a.md` are `docs/a.md`
    (never `/docs/a.md`), as a folder walk from `docs` names the file; `./` alone stays."""
    while path.startswith("./") and len(path) > 2:
        path = path[2:].lstrip("/") or "."
    return path


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so `severity >= Severity.WARNING` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class ArticleLintError(Exception):
    """A problem with input, configuration or rules that stops one file or the whole run.

    Carries the file (and line, where known) so the CLI can print one clear line.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class RuleError(ArticleLintError):
    """A rule file that cannot be loaded: broken YAML, unknown key, bad regex, ..."""


class ConfigError(ArticleLintError):
    """A configuration file or command-line setting that is invalid."""


@record(frozen=True, slots=True)
class Hit:
    """What a matcher reports: a half-open character span of the document, plus optional extras.

    `fields` are extra values the rule's message template may quote (e.g. `{count}`).
    """

    start: int
    end: int
    suggestion: str | None = None
    fields: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@record(frozen=True, slots=True, order=True)
class Finding:
    """One reported problem. Positions are 1-based and count characters, not bytes.

    Field order is the sort order: by path, then position, then rule.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    match: str = field(compare=False)
    suggestion: str | None = field(default=None, compare=False)
    # Character offsets into the decoded text; used by --fix and baselines, not serialised.
    offset: int = field(default=0, compare=False, repr=False)
    end_offset: int = field(default=0, compare=False, repr=False)
    fixable: bool = field(default=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding: exactly these keys, in this order."""
        return {
            "path": displayable_path(self.path),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.label,
            "message": self.message,
            "match": self.match,
            "suggestion": self.suggestion,
        }


FINDING_FIELDS: tuple[str, ...] = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "category",
    "severity",
    "message",
    "match",
    "suggestion",
)
