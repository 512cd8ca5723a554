"""Linting files: read, decode, build the Document, run the rules; one FileResult per file.

Errors for one file (unreadable, invalid UTF-8, ...) are recorded on its result and the run goes
on with the other files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from linter.document import Document, format_for_path
from linter.engine import DEFAULT_OPTIONS, LintOptions, lint_document, plan_for
from linter.entities import EntityDecoding, decode_entities
from linter.model import ArticleLintError, Finding
from linter.record import field, record
from linter.results import ResultStore
from linter.rules import RuleSet
from linter.safe_regex import PatternTimeout, pattern_timeouts
from linter.sources import STDIN, BinaryFileError, read_source

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from linter.prefilter import Plan


@record
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
    pending = _read(path, options, stdin_bytes, fmt, stdin_name, results)
    _plan([pending], ruleset, options)
    return _finish(pending, ruleset, options, results)


@record
class _Pending:
    """One file between reading and linting."""

    result: FileResult
    doc: Document | None = None  # None: nothing (more) to lint (an error, or stored findings)
    # The character references decoded in the text the Document was built from, if any: the
    # findings go back to the file's own positions through it (linter/entities.py).
    decoding: EntityDecoding | None = None
    key: str | None = None  # its entry in the findings cache
    # Where decoding replaced invalid bytes with U+FFFD (sources.Source.replaced).
    replaced: frozenset[int] = frozenset()
    plan: Plan | None = None


def _read(
    path: str,
    options: LintOptions,
    stdin_bytes: bytes | None,
    fmt: str | None,
    stdin_name: str | None,
    results: ResultStore | None,
) -> _Pending:
    """Read and decode `path`, then take its stored findings or build its Document."""
    # Standard input is reported (and its format chosen) under --stdin-filename when given.
    display = (stdin_name or "<stdin>") if path == STDIN else path
    pending = _Pending(FileResult(display))
    result = pending.result
    try:
        source = read_source(path, stdin_bytes=stdin_bytes, max_size=options.max_file_size)
    except BinaryFileError as exc:
        result.notes.append(str(exc))
        return pending
    except ArticleLintError as exc:
        result.errors.append(exc)
        return pending
    result.errors.extend(source.problems)
    pending.replaced = source.replaced
    fmt = fmt or format_for_path(display)
    # A file with invalid bytes is not cached: its text is the same as that of a file with
    # U+FFFD in those places, whose findings differ (see _without_decoder_replacements).
    if results is not None and path != STDIN and not source.replaced:
        pending.key = results.key(display, fmt, source.text)
        stored = results.get(pending.key, display)
        if stored is not None:
            result.findings = stored
            return pending
    try:
        pending.decoding = decode_entities(source.text, fmt)
        text = pending.decoding.text if pending.decoding is not None else source.text
        pending.doc = Document.from_text(text, path=display, fmt=fmt)
    except Exception as exc:  # a bug in a markup parser must cost one file, not the whole run
        result.errors.append(InternalError.from_exception(exc, display))
    return pending


def _plan(batch: list[_Pending], ruleset: RuleSet, options: LintOptions) -> None:
    """The prefilter's plan for each document of `batch`, all before any is linted.

    Planning searches every rule's RE2 superset over the document; the DFAs those searches
    build are large, and the rules' own work in between pushes them out of the CPU caches.
    Planning a few documents in a row, then linting them, keeps the DFAs warmer: ~8% less CPU
    in-process on a quiet machine, more when other processes share the caches
    (docs/performance.md)."""
    for pending in batch:
        if pending.doc is None:
            continue
        try:
            pending.plan = plan_for(pending.doc, ruleset, options)
        except Exception as exc:  # a bug must cost one file, not the whole run
            pending.result.errors.append(InternalError.from_exception(exc, pending.result.path))
            pending.doc = None


def _finish(
    pending: _Pending, ruleset: RuleSet, options: LintOptions, results: ResultStore | None
) -> FileResult:
    """Lint the pending document (if any) and store its findings."""
    result, doc = pending.result, pending.doc
    if doc is None:
        return result
    pending.doc = None  # the Document is large: let it go as soon as it is linted
    decoding, pending.decoding = pending.decoding, None
    try:
        # A user-written pattern that runs out of its time budget is stopped and reported for
        # this file; the other rules' findings are kept (see safe_regex.BudgetedPattern).
        with pattern_timeouts() as timeouts:
            result.findings = lint_document(doc, ruleset, options, plan=pending.plan)
        if decoding is not None:
            result.findings = decoding.original_findings(result.findings)
        if pending.replaced:
            result.findings = _without_decoder_replacements(
                result.findings, pending.replaced, ruleset
            )
        result.errors.extend(PatternTimeout(message, path=result.path) for message in timeouts)
    except Exception as exc:  # a bug (parser, rule) must cost one file, not the whole run
        result.findings = []
        result.errors.append(InternalError.from_exception(exc, result.path))
        return result
    if results is not None and pending.key is not None and not timeouts:
        results.put(pending.key, result.findings)
    return result


def _without_decoder_replacements(
    findings: list[Finding], replaced: frozenset[int], ruleset: RuleSet
) -> list[Finding]:
    """`findings` less the replacement-character findings whose every U+FFFD was put there by
    decoding invalid bytes: the input error (exit 2) already reports those bytes, and "a
    character here was lost" would be wrong, as the byte is still in the file."""

    def decoder_made(finding: Finding) -> bool:
        marks = [i for i, char in enumerate(finding.match) if char == "\ufffd"]
        return bool(marks) and all(finding.offset + i in replaced for i in marks)

    # The rules that report U+FFFD: the built-in one, or a user's rule based on it.
    reporting = {
        rule.id
        for rule in ruleset
        if getattr(rule.matcher, "detect", None) == "replacement-character"
    }
    return [
        finding
        for finding in findings
        if finding.rule not in reporting or not decoder_made(finding)
    ]


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


# Files read, planned, then linted together (see `_plan`): a few, so memory stays small.
BATCH_FILES = 16
BATCH_CHARS = 512 * 1024


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
    """Lint each file in order (paths must already be expanded; see `sources.iter_paths`),
    a small batch at a time."""
    batch: list[_Pending] = []
    chars = 0
    for path in paths:
        pending = _read(path, options, stdin_bytes, fmt, stdin_name, results)
        batch.append(pending)
        chars += len(pending.doc.raw) if pending.doc is not None else 0
        if len(batch) >= BATCH_FILES or chars >= BATCH_CHARS:
            yield from _lint_batch(batch, ruleset, options, results)
            batch, chars = [], 0
    yield from _lint_batch(batch, ruleset, options, results)


def _lint_batch(
    batch: list[_Pending], ruleset: RuleSet, options: LintOptions, results: ResultStore | None
) -> Iterator[FileResult]:
    _plan(batch, ruleset, options)
    for pending in batch:
        yield _finish(pending, ruleset, options, results)
