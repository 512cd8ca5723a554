"""--format github: GitHub Actions workflow commands, shown as annotations on the pull request.

`::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, one per finding,
`error`/`warning`/`notice` by severity. GitHub's escaping: in the message `%`, `\\r` and `\\n`;
in property values also `:` and `,` (they would end the value).

Streams: one line per finding as its file comes in; input errors at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.model import Finding, Severity
from linter.report import Report, Sink, printable, relative_path, render_all_at_once

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(value: str) -> str:
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class Writer:
    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.stream = stream

    def write(self, findings: Sequence[Finding]) -> None:
        if findings:
            self.stream.write("".join(finding_line(f, self.report.root) + "\n" for f in findings))

    def finish(self) -> None:
        lines = []
        root = self.report.root
        for error in self.report.errors:
            path = getattr(error, "path", None)
            where = f" file={escape_property(relative_path(path, root))}" if path else ""
            line = getattr(error, "line", None)
            if path and line:
                where += f",line={line}"
            lines.append(f"::error{where}::{escape_data(str(error))}\n")
        self.stream.write("".join(lines))


def finding_line(f: Finding, root: str | None) -> str:
    properties = {
        "file": relative_path(f.path, root),
        "line": str(f.line),
        "col": str(f.column),
        "endLine": str(f.end_line),
        "endColumn": str(f.end_column),
        "title": f"{f.rule} [{f.category}]",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(message)}"


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)
