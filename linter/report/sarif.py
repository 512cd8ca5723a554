"""--format sarif: SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, ...).

One run; tool.driver.rules lists every rule that ran (id, name, descriptions, help, default
level); each result points at its rule by id and index. Columns count Unicode characters
(`columnKind: unicodeCodePoints`), 1-based, end column exclusive, as our findings do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from linter import __version__ as _version
from linter.model import Finding, Severity
from linter.report import (
    Fingerprints,
    Report,
    Sink,
    artifact_uri,
    indented_json,
    render_all_at_once,
)

if TYPE_CHECKING:
    from linter.rules import RuleSpec

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/article-lint/"
LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


class Writer:
    """Streams the log: the run's results as files come in, then its invocation and its tool
    (whose rule list gains the rules of later config batches as they appear). JSON objects
    are unordered, so `results` coming before `tool` is the same log."""

    def __init__(self, report: Report, stream: Sink) -> None:
        self.report = report
        self.stream = stream
        self.started = False
        self.fingerprints = Fingerprints()
        self.descriptors: list[dict[str, Any]] = []
        self.index_of: dict[str, int] = {}
        self._rules_seen = 0
        self._opened = False

    def _open(self) -> None:
        """The log's head, written with the first result (or at the end): a run that fails
        before any file is done prints nothing."""
        if self._opened:
            return
        self._opened = True
        self.stream.write(
            "{\n"
            f'  "$schema": {json.dumps(SCHEMA_URI)},\n'
            '  "version": "2.1.0",\n'
            '  "runs": [\n'
            "    {\n"
            '      "columnKind": "unicodeCodePoints",\n'
            '      "results": ['
        )

    def _add_new_rules(self) -> None:
        """Descriptors for the rules added to the report since the last look (a new config
        batch's; at the end, rules that ran without a finding), in their order."""
        rules = self.report.rules
        for spec in rules[self._rules_seen :]:
            if spec.id not in self.index_of:
                self.index_of[spec.id] = len(self.descriptors)
                self.descriptors.append(_descriptor(spec))
        self._rules_seen = len(rules)

    def _rule_index(self, finding: Finding) -> int:
        if len(self.report.rules) > self._rules_seen:
            self._add_new_rules()
        index = self.index_of.get(finding.rule)
        if index is None:  # a finding from a rule we were not told about: a minimal descriptor
            index = self.index_of[finding.rule] = len(self.descriptors)
            self.descriptors.append(
                {
                    "id": finding.rule,
                    "defaultConfiguration": {"level": LEVELS[finding.severity]},
                    "properties": {"category": finding.category},
                }
            )
        return index

    def write(self, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        self._open()
        parts = []
        for finding in findings:
            result = _result(
                finding, self._rule_index(finding), self.fingerprints.of(finding), self.report.root
            )
            parts.append(",\n        " if self.started else "\n        ")
            self.started = True
            parts.append(indented_json(result, 4))
        self.stream.write("".join(parts))

    def finish(self) -> None:
        report = self.report
        self._open()
        self._add_new_rules()
        invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
        if report.errors:
            invocation["toolExecutionNotifications"] = [
                _notification(e, report.root) for e in report.errors
            ]
        tool = {
            "driver": {
                "name": "article-lint",
                "version": _version,
                "informationUri": INFORMATION_URI,
                "rules": self.descriptors,
            }
        }
        self.stream.write(
            ("\n      ],\n" if self.started else "],\n")
            + f'      "invocations": {indented_json([invocation], 3)},\n'
            + f'      "tool": {indented_json(tool, 3)}\n'
            + "    }\n  ]\n}\n"
        )


def render(report: Report) -> str:
    return render_all_at_once(Writer, report)


def _descriptor(spec: RuleSpec) -> dict[str, Any]:
    from linter.docs import render_rule_doc

    descriptor: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": (spec.why or spec.summary).strip()},
        "help": {"text": spec.summary, "markdown": render_rule_doc(spec)},
        "defaultConfiguration": {"level": LEVELS[spec.severity]},
        "properties": {
            "category": spec.category,
            "tags": sorted({spec.category, spec.pack}),
        },
    }
    if spec.link:
        descriptor["helpUri"] = spec.link
    return descriptor


def _result(
    finding: Finding, rule_index: int, fingerprint: str, root: str | None
) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": max(finding.end_line, finding.line),
        "endColumn": max(finding.end_column, 1),
    }
    if finding.match:
        region["snippet"] = {"text": finding.match}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path, root)},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"articleLint/v1": fingerprint},
        "properties": {"category": finding.category},
    }
    if finding.suggestion is not None:
        result["properties"]["suggestion"] = finding.suggestion
        if finding.fixable:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace with {finding.suggestion!r}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": artifact_uri(finding.path, root)},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": region["startLine"],
                                        "startColumn": region["startColumn"],
                                        "endLine": region["endLine"],
                                        "endColumn": region["endColumn"],
                                    },
                                    "insertedContent": {"text": finding.suggestion},
                                }
                            ],
                        }
                    ],
                }
            ]
    return result


def _notification(error: Exception, root: str | None) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": str(error)}}
    path = getattr(error, "path", None)
    if path:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path, root)}}
        line = getattr(error, "line", None)
        if line:
            physical["region"] = {"startLine": line}
        notification["locations"] = [{"physicalLocation": physical}]
    return notification
