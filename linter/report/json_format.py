"""--format json: a JSON list of findings with exactly the documented field names."""

from __future__ import annotations

import json

from linter.report import Report


def render(report: Report) -> str:
    return json.dumps([f.to_dict() for f in report.findings], indent=2, ensure_ascii=False) + "\n"
