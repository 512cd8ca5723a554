"""--format json: a JSON list of findings with exactly the documented field names.

With `--statistics`: a JSON list of {rule, category, severity, count, fixable} per rule.

Streams: `[` comes with the first finding, each finding is written as its file comes in, `]` at
the end. The text is byte for byte what `json.dumps(list, indent=2, ensure_ascii=False)` gives
for the whole list (a finding at depth 1 is its own indented dump with every line shifted by
two spaces: JSON strings never hold a raw line break, so shifting lines cannot touch a value).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from linter.model import Finding
from linter.report import Report, Sink, render_all_at_once

_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)


class Writer:
    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.stream = stream
        self.started = False

    def write(self, findings: Sequence[Finding]) -> None:
        if self.report.statistics or not findings:
            return  # --statistics prints counts only, at the end
        parts = []
        for finding in findings:
            parts.append(",\n  " if self.started else "[\n  ")
            self.started = True
            parts.append(_ENCODER.encode(finding.to_dict()).replace("\n", "\n  "))
        self.stream.write("".join(parts))

    def finish(self) -> None:
        if self.report.statistics:
            from linter.report.text import statistics_rows

            keys = ("rule", "category", "severity", "count", "fixable")
            rows = [dict(zip(keys, row, strict=True)) for row in statistics_rows(self.report)]
            self.stream.write(_ENCODER.encode(rows) + "\n")
            return
        self.stream.write("\n]\n" if self.started else "[]\n")


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)
