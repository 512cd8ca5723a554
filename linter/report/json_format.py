"""--format json: a JSON list of findings with exactly the documented field names.

With `--statistics`: a JSON list of {rule, category, severity, count, fixable} per rule.
"""

from __future__ import annotations

import json

from linter.report import Report


def render(report: Report) -> str:
    if report.statistics:
        from linter.report.text import statistics_rows

        rows = [
            {"rule": rule, "category": category, "severity": severity, "count": n, "fixable": fx}
            for rule, category, severity, n, fx in statistics_rows(report)
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    return json.dumps([f.to_dict() for f in report.findings], indent=2, ensure_ascii=False) + "\n"
