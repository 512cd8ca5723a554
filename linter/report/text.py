"""--format text: `path:line:col: rule [category] message`, editor-clickable, plus a summary.

With `--statistics` the findings are replaced by one line per rule: count, rule, category and
how many of them `--fix` could repair, most frequent first (as `ruff --statistics` does).
"""

from __future__ import annotations

from collections import Counter

from linter.model import Severity
from linter.report import Report, severity_counts

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(report: Report) -> str:
    lines: list[str] = []
    if report.statistics:
        lines.extend(statistics_lines(report))
    else:
        for f in report.findings:
            location = f"{f.path}:{f.line}:{f.column}:"
            suggestion = f" (suggestion: {f.suggestion})" if f.suggestion else ""
            if report.color:
                color = _COLORS[f.severity]
                lines.append(
                    f"{_BOLD}{location}{_RESET} {color}{f.rule}{_RESET} "
                    f"{_DIM}[{f.category}]{_RESET} {f.message}{suggestion}"
                )
            else:
                lines.append(f"{location} {f.rule} [{f.category}] {f.message}{suggestion}")
    if not report.quiet:
        summary = summary_line(report)
        lines.append(f"{_BOLD}{summary}{_RESET}" if report.color else summary)
    return "\n".join(lines) + ("\n" if lines else "")


def statistics_rows(report: Report) -> list[tuple[str, str, str, int, int]]:
    """(rule, category, severity, count, fixable count) per rule, most frequent first, then by
    rule id so equal counts keep a stable order."""
    counts = Counter(f.rule for f in report.findings)
    fixable = Counter(f.rule for f in report.findings if f.fixable)
    first = {}
    for f in report.findings:
        first.setdefault(f.rule, f)
    return [
        (rule, first[rule].category, first[rule].severity.label, n, fixable[rule])
        for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics_lines(report: Report) -> list[str]:
    rows = statistics_rows(report)
    count_width = max((len(str(row[3])) for row in rows), default=1)
    rule_width = max((len(row[0]) for row in rows), default=1)
    lines = []
    for rule, category, _severity, n, fixable in rows:
        fix_note = f"  ({fixable} fixable)" if fixable else ""
        lines.append(f"{n:>{count_width}}  {rule:<{rule_width}}  [{category}]{fix_note}")
    return lines


def summary_line(report: Report) -> str:
    by_severity = severity_counts(report.findings)
    files_with = len({f.path for f in report.findings})
    parts = [
        f"{by_severity[s]} {s.label}{'s' if by_severity[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    total = len(report.findings)
    text = (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {files_with} of {report.files} file{'s' if report.files != 1 else ''}"
    )
    if report.fixed:
        text += f"; fixed {report.fixed}"
    if report.baselined:
        text += f"; {report.baselined} more in the baseline"
    fixable = sum(1 for f in report.findings if f.fixable)
    if fixable:
        text += f"; {fixable} fixable with --fix"
    if report.errors:
        text += f"; {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}"
    return text + "."
