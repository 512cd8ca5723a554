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
from linter.results import ResultStore
from linter.rules import RuleSet
from linter.safe_regex import PatternTimeout, pattern_timeouts
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
    stdin_name: str | None = None,
    results: ResultStore | None = None,
) -> FileResult:
    """Read, decode and lint one file. With `results`, a file seen before with the same name,
    text and setup gets its stored findings instead of being linted (linter/results.py)."""
    # Standard input is reported (and its format chosen) under --stdin-filename when given.
    display = (stdin_name or "<stdin>") if path == STDIN else path
    result = FileResult(display)
    try:
        source = read_source(path, stdin_bytes=stdin_bytes, max_size=options.max_file_size)
    except BinaryFileError as exc:
        result.notes.append(str(exc))
        return result
    except ArticleLintError as exc:
        result.errors.append(exc)
        return result
    result.errors.extend(source.problems)
    fmt = fmt or format_for_path(display)
    key = None
    if results is not None and path != STDIN:
        key = results.key(display, fmt, source.text)
        stored = results.get(key, display)
        if stored is not None:
            result.findings = stored
            return result
    try:
        # A user-written pattern that runs out of its time budget is stopped and reported for
        # this file; the other rules' findings are kept (see safe_regex.BudgetedPattern).
        with pattern_timeouts() as timeouts:
            doc = Document.from_text(source.text, path=display, fmt=fmt)
            result.findings = lint_document(doc, ruleset, options)
        result.errors.extend(PatternTimeout(message, path=display) for message in timeouts)
    except Exception as exc:  # a bug (parser, rule) must cost one file, not the whole run
        result.findings = []
        result.errors.append(InternalError.from_exception(exc, display))
        return result
    if results is not None and key is not None and not timeouts:
        results.put(key, result.findings)
    return result


class InternalError(ArticleLintError):
    """An unexpected exception while linting one file: reported as one line for that file
    (exit 2); the traceback is kept in `details` for `--debug`."""

    details: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException, path: str) -> InternalError:
        import traceback

        error = cls(
            f"internal error while linting this file: {type(exc).__name__}: {exc} "
            "(the other files were linted; run with --debug for the traceback and please "
            "report it)",
            path=path,
        )
        error.details = "".join(traceback.format_exception(exc))
        return error


def lint_paths(
    paths: Iterable[str],
    ruleset: RuleSet,
    options: LintOptions = DEFAULT_OPTIONS,
    *,
    stdin_bytes: bytes | None = None,
    fmt: str | None = None,
    stdin_name: str | None = None,
    results: ResultStore | None = None,
) -> Iterator[FileResult]:
    """Lint each file in order (paths must already be expanded; see `sources.iter_paths`)."""
    for path in paths:
        yield lint_file(path, ruleset, options, stdin_bytes=stdin_bytes, fmt=fmt,
                        stdin_name=stdin_name, results=results)
