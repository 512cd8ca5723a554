"""--format github: GitHub Actions workflow commands, shown as annotations on the pull request.

`::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, one per finding,
`error`/`warning`/`notice` by severity. GitHub's escaping: in the message `%`, `\\r` and `\\n`;
in property values also `:` and `,` (they would end the value).
"""

from __future__ import annotations

from linter.model import Severity
from linter.report import Report, relative_path

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines: list[str] = []
    for f in report.findings:
        properties = {
            "file": relative_path(f.path, report.root),
            "line": str(f.line),
            "col": str(f.column),
            "endLine": str(f.end_line),
            "endColumn": str(f.end_column),
            "title": f"{f.rule} [{f.category}]",
        }
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        message = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
        lines.append(f"::{COMMANDS[f.severity]} {joined}::{escape_data(message)}")
    for error in report.errors:
        path = getattr(error, "path", None)
        where = f" file={escape_property(relative_path(path, report.root))}" if path else ""
        line = getattr(error, "line", None)
        if path and line:
            where += f",line={line}"
        lines.append(f"::error{where}::{escape_data(str(error))}")
    return "\n".join(lines) + ("\n" if lines else "")
