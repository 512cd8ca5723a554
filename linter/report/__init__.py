"""Output formats. One module per format; each renders a Report to a string.

Formatters only print: they never lint, filter or decide exit codes. Each is a pure function of
the Report (no clock, no environment, no file reads), so the same Report always renders the same
text.

Streaming: every format has a `Writer` that prints each file's findings as they arrive and
keeps only a `Tally` (counts) for the summary, so memory does not grow with the number of
findings: SARIF lists its rules after its results, GitLab counts fingerprint occurrences per
file, and JUnit, whose root element carries the totals, spools its suites to a temporary file.
`render(report)` runs the same Writer over `report.findings` (a Report built by hand, or
`--fix -`, which must know whether the fix worked before it prints), so both give the same
text.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence

from linter.model import ArticleLintError, Finding, Severity, relative_to, without_dot_slash
from linter.record import field, record

# typing is not imported at run time (~3 ms of a pre-commit run): the protocols below are plain
# classes then, and only type checkers see them as protocols.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, TextIO

    from linter.rules import RuleSpec
else:
    Protocol = object

# --format name -> "module:function"; a function takes a Report and returns the text to write.
FORMATS: dict[str, str] = {
    "text": "linter.report.text:render",
    "json": "linter.report.json_format:render",
    "sarif": "linter.report.sarif:render",
    "github": "linter.report.github:render",
    "junit": "linter.report.junit:render",
    "gitlab": "linter.report.gitlab:render",
}
# Formats whose output --statistics replaces with counts per rule.
STATISTICS_FORMATS: frozenset[str] = frozenset({"text", "json"})


class RuleTally:
    """Counts for one rule at one severity (a config may give a rule another severity in some
    files); the category is that of its first finding."""

    # Plain classes, not dataclasses: building a dataclass costs ~0.3 ms at import, and these
    # are imported by every run.
    __slots__ = ("category", "count", "fixable", "severity")

    def __init__(self, category: str, severity: Severity) -> None:
        self.category = category
        self.severity = severity
        self.count = 0
        self.fixable = 0


class Tally:
    """What the summary, --statistics and the exit code need to know about the findings: counts
    only, so a streamed report stays small however many findings it prints."""

    __slots__ = ("by_severity", "fixable", "paths_with_findings", "rules", "total")

    def __init__(self) -> None:
        self.total = 0
        self.by_severity: dict[Severity, int] = dict.fromkeys(Severity, 0)
        self.fixable = 0
        # Paths, not findings: the summary counts files with findings, and a path given twice
        # must count once. Grows with the files that have findings, never with the findings.
        self.paths_with_findings: set[str] = set()
        self.rules: dict[tuple[str, Severity], RuleTally] = {}

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        tally = cls()
        tally.add(findings)
        return tally

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.total += 1
            self.by_severity[finding.severity] += 1
            self.paths_with_findings.add(finding.path)
            key = (finding.rule, finding.severity)
            rule = self.rules.get(key)
            if rule is None:
                rule = self.rules[key] = RuleTally(finding.category, finding.severity)
            rule.count += 1
            if finding.fixable:
                self.fixable += 1
                rule.fixable += 1


@record
class Report:
    # Every finding, for the collecting formats (and for reports built by hand). A streamed run
    # leaves this empty and keeps `tally` instead.
    findings: list[Finding] = field(default_factory=list)
    errors: list[ArticleLintError] = field(default_factory=list)
    files: int = 0
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    # The rules that ran (SARIF lists them as the tool's rules); empty when unknown.
    rules: Sequence[RuleSpec] = ()
    # Every file linted, in order, including those with no finding (JUnit lists them as passes).
    paths: list[str] = field(default_factory=list)
    # How many findings --fix repaired (they are no longer in `findings`).
    fixed: int = 0
    # How many findings the --baseline file accepted (they are not in `findings` either).
    baselined: int = 0
    # Files named on the command line that the config's `exclude` skipped: said in the summary,
    # since a file the user named and never saw linted is a surprise (a folder's are expected).
    excluded: int = 0
    # The folder that relative artifact URIs are relative to (SARIF); None means the paths as
    # given, which are already relative when the user named relative paths.
    root: str | None = None
    # Counts of the findings reported so far, kept by a streamed run; None means "count
    # `findings`" (a Report built by hand, or one of the collecting formats).
    tally: Tally | None = None

    def counts(self) -> Tally:
        return self.tally if self.tally is not None else Tally.of(self.findings)


# Control characters a file may hold (ESC, BEL, backspace, C1): printed as they are, they would
# drive the terminal that shows the report. Tab, line feed and carriage return are left to
# each format.
_CONTROL = str.maketrans(
    {c: f"\\x{c:02x}" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
)


# A file name may hold a line break or a tab too: in a path they are escaped as well, so one
# finding stays one line.
_CONTROL_IN_PATH = str.maketrans({c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))})


def printable_path(path: str) -> str:
    """`path` with every control character, line breaks and tabs included, written as `\\xNN`."""
    return path if path.isprintable() else path.translate(_CONTROL_IN_PATH)


def printable(text: str) -> str:
    """`text` with its control characters written as `\\xNN`."""
    # Most lines have none: `isprintable` (in C) spares them the per-character translate,
    # which cost a re-run over 10 MB of unchanged files a quarter of its time.
    return text if text.isprintable() else text.translate(_CONTROL)


class Sink(Protocol):
    """Where a Writer prints: a text stream, or the temporary file of `--output`."""

    def write(self, text: str, /) -> int: ...


class ReportWriter(Protocol):
    """A streaming formatter: `write` each file's findings in order, then `finish` once."""

    def write(self, findings: Sequence[Finding]) -> None: ...

    def finish(self) -> None: ...


class FileReportWriter(Protocol):
    """A streaming formatter that shows every file, findings or not (JUnit): it takes each
    file whole with `file_done`, then `finish` once."""

    def file_done(
        self,
        path: str,
        findings: Sequence[Finding],
        errors: Sequence[ArticleLintError],
        skipped: Sequence[str] = (),
    ) -> None: ...

    def finish(self) -> None: ...


def formatter(name: str) -> Callable[[Report], str]:
    # Only the chosen format's module is imported (sarif's and junit's imports are not free).
    module_name, _, function = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


def writer(name: str, report: Report, stream: Sink) -> ReportWriter | FileReportWriter:
    """The streaming Writer of format `name` printing to `stream`."""
    module_name = FORMATS[name].partition(":")[0]
    writer_class = importlib.import_module(module_name).Writer
    return writer_class(report, stream)  # type: ignore[no-any-return]


def render_all_at_once(
    writer_class: Callable[[Report, Sink], ReportWriter], report: Report
) -> str:
    """A streaming format's whole report as one string: its Writer run over every finding, so
    the one-shot and the streamed output are the same text."""
    import io

    buffer = io.StringIO()
    writer = writer_class(report, buffer)
    writer.write(report.findings)
    writer.finish()
    return buffer.getvalue()


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output for `--color MODE` written to `stream`.

    `auto` colours only a terminal, and never when NO_COLOR is set to anything non-empty
    (https://no-color.org); `always` and `never` do what they say, whatever NO_COLOR is.
    """
    if mode == "always":
        return True
    if mode == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def severity_counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    return dict(Tally.of(findings).by_severity)


class Fingerprints:
    """One fingerprint per finding that survives lines moving: a hash of path, rule, matched
    text and which occurrence of that (path, rule, text) it is, never of its line number.

    Used where a format wants an id per issue (GitLab's fingerprint, SARIF's
    partialFingerprints); the --baseline file uses a richer one with the sentence around it.
    Findings come file by file, so occurrences are counted per file and forgotten when the
    next file starts: memory stays that of one file's findings.
    """

    def __init__(self) -> None:
        import hashlib  # here, not at the top: OpenSSL costs a pre-commit run ~2 ms for nothing

        self._sha256 = hashlib.sha256
        self._cwd = os.getcwd()
        self._path: str | None = None
        self._hashed_path = ""
        self._seen: dict[tuple[str, str, str], int] = {}

    def of(self, finding: Finding) -> str:
        if finding.path != self._path:
            self._path = finding.path
            # The path as it lies under the working folder, however it was typed (`.`, `docs`,
            # `./docs/a.md`, an absolute path): the same file keeps its fingerprints. Worked
            # out once per file, as findings come file by file.
            self._hashed_path = relative_to(finding.path, self._cwd).replace("\\", "/")
            self._seen.clear()
        key = (self._hashed_path, finding.rule, " ".join(finding.match.split()))
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        payload = "\0".join((*key, str(occurrence)))
        # surrogatepass: a file name that is not UTF-8 still hashes, to its own bytes.
        return self._sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def indented_json(value: object, depth: int) -> str:
    """`value` as `json.dumps(..., indent=2, ensure_ascii=False)` writes it at nesting `depth`
    of an enclosing document (its lines after the first shifted by two spaces a level): the
    streamed formats write a list item by item. JSON strings never hold a raw line break, so
    shifting lines cannot touch a value."""
    return _json_encoder().encode(value).replace("\n", "\n" + "  " * depth)


@functools.cache
def _json_encoder() -> Any:
    import json  # only for the JSON formats: text output never needs it

    return json.JSONEncoder(indent=2, ensure_ascii=False)


class JsonListStream:
    """A top-level JSON list written item by item: the text is byte for byte what
    `json.dumps(items, indent=2, ensure_ascii=False)` gives for the whole list, plus a final
    line break (`[` comes with the first item, `]` at the end)."""

    def __init__(self, stream: Sink) -> None:
        self.stream = stream
        self.started = False

    def write(self, items: Iterable[object]) -> None:
        parts = []
        for item in items:
            parts.append(",\n  " if self.started else "[\n  ")
            self.started = True
            parts.append(indented_json(item, 1))
        self.stream.write("".join(parts))

    def finish(self) -> None:
        self.stream.write("\n]\n" if self.started else "[]\n")


def artifact_uri(path: str, root: str | None = None) -> str:
    """A path as a URI reference: relative with forward slashes where possible, else file://."""
    from urllib.parse import quote

    posix = relative_path(path, root)
    if posix == ".." or posix.startswith("../"):  # outside the folder: absolute, as documented
        posix = relative_path(os.path.abspath(path), root)
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/", errors="surrogateescape")
    return quote(posix, safe="/", errors="surrogateescape")  # a name's own bytes, %-escaped


def relative_path(path: str, root: str | None = None) -> str:
    """`path` with forward slashes, relative to `root` when it lies inside it (CI systems
    resolve annotation paths against the checkout)."""
    if root is not None and os.path.isabs(path):
        try:
            relative = os.path.relpath(path, root)
        except ValueError:
            relative = ""
        if relative and not relative.startswith(".."):
            path = relative
    return without_dot_slash(path.replace("\\", "/"))
