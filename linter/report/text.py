"""--format text: `path:line:col: rule [category] message`, editor-clickable, plus a summary."""

from __future__ import annotations

from collections import Counter

from linter.model import Severity
from linter.report import Report

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(report: Report) -> str:
    lines: list[str] = []
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
    if report.statistics:
        lines.extend(statistics_lines(report))
    if not report.quiet:
        lines.append(summary_line(report))
    return "\n".join(lines) + ("\n" if lines else "")


def statistics_lines(report: Report) -> list[str]:
    counts = Counter(f.rule for f in report.findings)
    width = max((len(str(n)) for n in counts.values()), default=1)
    return [f"{n:>{width}}  {rule}" for rule, n in counts.most_common()]


def summary_line(report: Report) -> str:
    by_severity = Counter(f.severity for f in report.findings)
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
    if report.errors:
        text += f"; {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}"
    return text + "."
