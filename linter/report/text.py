"""--format text: `path:line:col: severity: rule [category] message`, plus a summary. The
`severity:` after the position is the form of gcc and mypy, which editors' and CI log parsers
(Emacs' compilation mode, VS Code's `$gcc` problem matcher) read as the finding's level.

With `--statistics` the findings are replaced by one line per rule: count, rule, category and
how many of them `--fix` could repair, most frequent first (as `ruff --statistics` does).

Streams: each finding is printed as its file comes in; the summary at the end needs only the
counts (`Tally`), so nothing else is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from linter.model import Finding, Severity
from linter.report import Report, Sink, printable, printable_path, render_all_at_once

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class Writer:
    """Prints findings line by line as they come; the statistics and the summary at the end."""

    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.stream = stream

    def write(self, findings: Sequence[Finding]) -> None:
        if self.report.statistics or not findings:
            return  # --statistics prints counts only, at the end
        color = self.report.color
        self.stream.write("".join(finding_line(f, color=color) + "\n" for f in findings))

    def finish(self) -> None:
        report = self.report
        lines = statistics_lines(report) if report.statistics else []
        if not report.quiet:
            summary = summary_line(report)
            lines.append(f"{_BOLD}{summary}{_RESET}" if report.color else summary)
        if lines:
            self.stream.write("\n".join(lines) + "\n")


def finding_line(f: Finding, *, color: bool = False) -> str:
    location = f"{printable_path(f.path)}:{f.line}:{f.column}:"
    suggestion = f" (suggestion: {printable(f.suggestion)})" if f.suggestion else ""
    message = printable(f.message)
    severity = f"{f.severity.label}:"
    if color:
        return (
            f"{_BOLD}{location}{_RESET} {_COLORS[f.severity]}{severity} {f.rule}{_RESET} "
            f"{_DIM}[{f.category}]{_RESET} {message}{suggestion}"
        )
    return f"{location} {severity} {f.rule} [{f.category}] {message}{suggestion}"


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)


def statistics_rows(report: Report) -> list[tuple[str, str, str, int, int]]:
    """(rule, category, severity, count, fixable count) per rule and severity (a config may
    give a rule another severity in some files), most frequent first, then by rule id and
    severity so equal counts keep a stable order."""
    rules = report.counts().rules
    ordered = sorted(rules.items(), key=lambda item: (-item[1].count, item[0][0], item[0][1]))
    return [
        (rule, tally.category, severity.label, tally.count, tally.fixable)
        for (rule, severity), tally in ordered
    ]


def statistics_lines(report: Report) -> list[str]:
    rows = statistics_rows(report)
    count_width = max((len(str(row[3])) for row in rows), default=1)
    rule_width = max((len(row[0]) for row in rows), default=1)
    # A rule counted at two severities shows each on its own line, named.
    seen = Counter(row[0] for row in rows)
    lines = []
    for rule, category, severity, n, fixable in rows:
        fix_note = f"  ({fixable} fixable)" if fixable else ""
        label = f"[{category}, {severity}]" if seen[rule] > 1 else f"[{category}]"
        lines.append(f"{n:>{count_width}}  {rule:<{rule_width}}  {label}{fix_note}")
    return lines


def summary_line(report: Report) -> str:
    counts = report.counts()
    by_severity = counts.by_severity
    files_with = len(counts.paths_with_findings)
    parts = [
        f"{by_severity[s]} {s.label}{'s' if by_severity[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    total = counts.total
    text = (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {files_with} of {report.files} file{'s' if report.files != 1 else ''}"
    )
    if report.fixed:
        text += f"; fixed {report.fixed}"
    if report.baselined:
        text += f"; {report.baselined} more in the baseline"
    if counts.fixable:
        text += f"; {counts.fixable} fixable with --fix"
    if report.excluded:
        plural = "s" if report.excluded != 1 else ""
        text += f"; {report.excluded} named file{plural} excluded by the config"
    if report.errors:
        text += f"; {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}"
    return text + "."
