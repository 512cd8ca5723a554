"""--format gitlab: GitLab Code Quality report (a JSON list of Code Climate issues).

Severity: info -> info, warning -> minor, error -> major. The fingerprint is a hash of path,
rule, matched text and occurrence, never the line, so an issue keeps its identity when lines
above it move and GitLab does not report it as fixed-and-new on every edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.model import Finding, Severity, displayable_path
from linter.report import (
    Fingerprints,
    JsonListStream,
    Report,
    Sink,
    relative_path,
    render_all_at_once,
)

SEVERITIES: dict[Severity, str] = {
    Severity.INFO: "info",
    Severity.WARNING: "minor",
    Severity.ERROR: "major",
}


class Writer:
    """Streams the issue list: each file's issues as its findings come in."""

    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.items = JsonListStream(stream)
        self.fingerprints = Fingerprints()

    def write(self, findings: Sequence[Finding]) -> None:
        self.items.write(self._issue(finding) for finding in findings)

    def _issue(self, f: Finding) -> dict[str, Any]:
        return {
            "type": "issue",
            "description": f"{f.rule}: {f.message}",
            "check_name": f.rule,
            "categories": ["Style"],
            "fingerprint": self.fingerprints.of(f),
            "severity": SEVERITIES[f.severity],
            "location": {
                "path": displayable_path(relative_path(f.path, self.report.root)),
                "lines": {"begin": f.line, "end": max(f.end_line, f.line)},
            },
        }

    def finish(self) -> None:
        self.items.finish()


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)
