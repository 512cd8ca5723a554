"""--format gitlab: GitLab Code Quality report (a JSON list of Code Climate issues).

Severity: info -> info, warning -> minor, error -> major. The fingerprint is a hash of path,
rule, matched text and occurrence, never the line, so an issue keeps its identity when lines
above it move and GitLab does not report it as fixed-and-new on every edit.
"""

from __future__ import annotations

import json
from typing import Any

from linter.model import Severity
from linter.report import Report, relative_path, stable_fingerprints

SEVERITIES: dict[Severity, str] = {
    Severity.INFO: "info",
    Severity.WARNING: "minor",
    Severity.ERROR: "major",
}


def render(report: Report) -> str:
    issues: list[dict[str, Any]] = []
    for f, fingerprint in zip(report.findings, stable_fingerprints(report.findings), strict=True):
        issues.append(
            {
                "type": "issue",
                "description": f"{f.rule}: {f.message}",
                "check_name": f.rule,
                "categories": ["Style"],
                "fingerprint": fingerprint,
                "severity": SEVERITIES[f.severity],
                "location": {
                    "path": relative_path(f.path, report.root),
                    "lines": {"begin": f.line, "end": max(f.end_line, f.line)},
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
