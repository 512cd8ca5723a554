"""--format junit: JUnit XML for CI test-report views (Jenkins, GitLab, Azure, ...).

One <testsuite> per linted file; one failing <testcase> per finding (named after rule and
position); a file with no finding gets one passing testcase so it shows as green; an input
error is an <error>. Text is escaped by ElementTree, and characters XML 1.0 cannot carry at all
(C0 controls, as mojibake may hold) are shown as U+FFFD instead of making the file invalid.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from linter.model import Finding
from linter.report import Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def render(report: Report) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    order: list[str] = []
    for path in report.paths:
        if path not in by_path:
            by_path[path] = []
            order.append(path)
    for finding in report.findings:
        if finding.path not in by_path:
            order.append(finding.path)
        by_path[finding.path].append(finding)
    errors_by_path: dict[str, list[str]] = defaultdict(list)
    for error in report.errors:
        path = getattr(error, "path", None) or "article-lint"
        if path not in by_path:
            by_path[path] = []
            order.append(path)
        errors_by_path[path].append(str(error))

    root = ET.Element("testsuites", name="article-lint")
    total_tests = total_failures = total_errors = 0
    for path in order:
        findings = by_path[path]
        errors = errors_by_path.get(path, [])
        tests = len(findings) + len(errors) or 1
        suite = ET.SubElement(
            root,
            "testsuite",
            name=xml_text(path),
            tests=str(tests),
            failures=str(len(findings)),
            errors=str(len(errors)),
            skipped="0",
        )
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                name=xml_text(f"{f.rule} at {f.line}:{f.column}"),
                classname=xml_text(path),
                file=xml_text(path),
                line=str(f.line),
            )
            failure = ET.SubElement(
                case, "failure", message=xml_text(f.message), type=xml_text(f.rule)
            )
            detail = f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.category}] {f.message}"
            if f.suggestion:
                detail += f" (suggestion: {f.suggestion})"
            failure.text = xml_text(detail)
        for message in errors:
            case = ET.SubElement(suite, "testcase", name="input", classname=xml_text(path))
            ET.SubElement(case, "error", message=xml_text(message)).text = xml_text(message)
        if not findings and not errors:
            ET.SubElement(suite, "testcase", name="article-lint", classname=xml_text(path))
        total_tests += tests
        total_failures += len(findings)
        total_errors += len(errors)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
