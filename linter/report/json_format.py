"""--format json: a JSON list of findings with exactly the documented field names.

With `--statistics`: a JSON list of {rule, category, severity, count, fixable} per rule.

Streams: `[` comes with the first finding, each finding is written as its file comes in, `]` at
the end. The text is byte for byte what `json.dumps(list, indent=2, ensure_ascii=False)` gives
for the whole list (a finding at depth 1 is its own indented dump with every line shifted by
two spaces: JSON strings never hold a raw line break, so shifting lines cannot touch a value).
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.model import Finding
from linter.report import JsonListStream, Report, Sink, indented_json, render_all_at_once


class Writer:
    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.stream = stream
        self.items = JsonListStream(stream)

    def write(self, findings: Sequence[Finding]) -> None:
        if self.report.statistics:
            return  # --statistics prints counts only, at the end
        self.items.write(finding.to_dict() for finding in findings)

    def finish(self) -> None:
        if self.report.statistics:
            from linter.report.text import statistics_rows

            keys = ("rule", "category", "severity", "count", "fixable")
            rows = [dict(zip(keys, row, strict=True)) for row in statistics_rows(self.report)]
            self.stream.write(indented_json(rows, 0) + "\n")
            return
        self.items.finish()


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)
