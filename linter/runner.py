"""Linting files: read, decode, build the Document, run the rules; one FileResult per file.

Errors for one file (unreadable, invalid UTF-8, ...) are recorded on its result and the run goes
on with the other files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from linter.document import Document, format_for_path
from linter.engine import DEFAULT_OPTIONS, LintOptions, lint_document
from linter.model import ArticleLintError, Finding
from linter.rules import RuleSet
from linter.sources import STDIN, BinaryFileError, read_source


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[ArticleLintError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def lint_file(
    path: str,
    ruleset: RuleSet,
    options: LintOptions = DEFAULT_OPTIONS,
    *,
    stdin_bytes: bytes | None = None,
    fmt: str | None = None,
) -> FileResult:
    display = "<stdin>" if path == STDIN else path
    result = FileResult(display)
    try:
        source = read_source(path, stdin_bytes=stdin_bytes)
    except BinaryFileError as exc:
        result.notes.append(str(exc))
        return result
    except ArticleLintError as exc:
        result.errors.append(exc)
        return result
    result.errors.extend(source.problems)
    doc = Document.from_text(source.text, path=display, fmt=fmt or format_for_path(display))
    result.findings = lint_document(doc, ruleset, options)
    return result


def lint_paths(
    paths: Iterable[str],
    ruleset: RuleSet,
    options: LintOptions = DEFAULT_OPTIONS,
    *,
    stdin_bytes: bytes | None = None,
    fmt: str | None = None,
) -> Iterator[FileResult]:
    """Lint each file in order (paths must already be expanded; see `sources.iter_paths`)."""
    for path in paths:
        yield lint_file(path, ruleset, options, stdin_bytes=stdin_bytes, fmt=fmt)
