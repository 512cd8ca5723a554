"""--format sarif: SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, ...).

One run; tool.driver.rules lists every rule that ran (id, name, descriptions, help, default
level); each result points at its rule by id and index. Columns count Unicode characters
(`columnKind: unicodeCodePoints`), 1-based, end column exclusive, as our findings do.
"""

from __future__ import annotations

import json
from typing import Any

from linter import __version__ as _version
from linter.model import Finding, Severity
from linter.report import Report, artifact_uri, stable_fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/article-lint/"
LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def render(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    from linter.docs import render_rule_doc

    descriptors: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for spec in report.rules:
        if spec.id in index_of:
            continue
        index_of[spec.id] = len(descriptors)
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
        descriptors.append(descriptor)
    # A finding from a rule we were not told about still gets a (minimal) descriptor.
    for finding in report.findings:
        if finding.rule not in index_of:
            index_of[finding.rule] = len(descriptors)
            descriptors.append(
                {
                    "id": finding.rule,
                    "defaultConfiguration": {"level": LEVELS[finding.severity]},
                    "properties": {"category": finding.category},
                }
            )
    results = [
        _result(finding, index_of[finding.rule], fingerprint, report.root)
        for finding, fingerprint in zip(
            report.findings, stable_fingerprints(report.findings), strict=True
        )
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            _notification(e, report.root) for e in report.errors
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "article-lint",
                        "version": _version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


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
