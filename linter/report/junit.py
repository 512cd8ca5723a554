"""--format junit: JUnit XML for CI test-report views (Jenkins, GitLab, Azure, ...).

One <testsuite> per linted file; one failing <testcase> per finding (named after rule and
position); a file with no finding gets one passing testcase so it shows as green; an input
error is an <error>. Text is escaped by ElementTree, and characters XML 1.0 cannot carry at all
(C0 controls, as mojibake may hold) are shown as U+FFFD instead of making the file invalid.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from linter.model import ArticleLintError, Finding
from linter.report import Report, Sink

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


class Writer:
    """Streams the suites: each file's as its result comes in (`file_done`), into a spool
    file, because the root element's totals come first and are known only at the end; memory
    stays that of one file. Input errors that belong to no linted file get suites at the end.
    """

    def __init__(self, report: Report, stream: Sink) -> None:
        import tempfile

        self.report = report
        self.stream = stream
        # Closed by `finish`; an aborted run's spool goes with the process.
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.tests = self.failures = self.errors = 0
        self.reported_errors: set[int] = set()  # ids of errors already in a suite

    def file_done(
        self,
        path: str,
        findings: Sequence[Finding],
        errors: Sequence[ArticleLintError],
        skipped: Sequence[str] = (),
    ) -> None:
        """One file's suite; `skipped` holds why a file was not linted (a binary file)."""
        messages = [str(error) for error in errors]
        self.reported_errors.update(id(error) for error in errors)
        self._suite(path, findings, messages, skipped)

    def _suite(
        self,
        path: str,
        findings: Sequence[Finding],
        errors: Sequence[str],
        skipped: Sequence[str] = (),
    ) -> None:
        tests = len(findings) + len(errors) or 1
        suite = _suite_element(path, findings, errors, tests, skipped)
        ET.indent(suite, level=1)
        self.spool.write("\n  " + ET.tostring(suite, encoding="unicode"))
        self.tests += tests
        self.failures += len(findings)
        self.errors += len(errors)

    def finish(self) -> None:
        leftover: dict[str, list[str]] = {}
        for error in self.report.errors:
            if id(error) not in self.reported_errors:
                path = getattr(error, "path", None) or "article-lint"
                leftover.setdefault(path, []).append(str(error))
        for path, messages in leftover.items():
            self._suite(path, (), messages)
        root = ET.Element("testsuites", name="article-lint")
        root.set("tests", str(self.tests))
        root.set("failures", str(self.failures))
        root.set("errors", str(self.errors))
        empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self.spool.tell():
            self.stream.write(empty + "\n")
        else:
            self.stream.write(empty[: -len(" />")] + ">")
            self.spool.seek(0)
            while chunk := self.spool.read(1 << 16):
                self.stream.write(chunk)
            self.stream.write("\n</testsuites>\n")
        self.spool.close()


def _suite_element(
    path: str,
    findings: Sequence[Finding],
    errors: Sequence[str],
    tests: int,
    skipped: Sequence[str] = (),
) -> ET.Element:
    # A file skipped unread (binary) shows as skipped, not as a green pass.
    skipped = skipped if not findings and not errors else ()
    suite = ET.Element(
        "testsuite",
        name=xml_text(path),
        tests=str(tests),
        failures=str(len(findings)),
        errors=str(len(errors)),
        skipped="1" if skipped else "0",
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
        failure = ET.SubElement(case, "failure", message=xml_text(f.message), type=xml_text(f.rule))
        detail = f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.category}] {f.message}"
        if f.suggestion:
            detail += f" (suggestion: {f.suggestion})"
        failure.text = xml_text(detail)
    for message in errors:
        case = ET.SubElement(suite, "testcase", name="input", classname=xml_text(path))
        ET.SubElement(case, "error", message=xml_text(message)).text = xml_text(message)
    if not findings and not errors:
        case = ET.SubElement(suite, "testcase", name="article-lint", classname=xml_text(path))
        if skipped:
            ET.SubElement(case, "skipped", message=xml_text("; ".join(skipped)))
    return suite


def render(report: Report) -> str:
    """The whole report at once: every linted file in order (files with no finding pass),
    then any file that only has findings, then input errors that belong to no linted file."""
    import io

    by_path: dict[str, list[Finding]] = {}
    for path in report.paths:
        by_path.setdefault(path, [])
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    errors_by_path: dict[str, list[ArticleLintError]] = {}
    for error in report.errors:
        path = getattr(error, "path", None)
        if path in by_path:
            errors_by_path.setdefault(path, []).append(error)
    buffer = io.StringIO()
    writer = Writer(report, buffer)
    for path, findings in by_path.items():
        writer.file_done(path, findings, errors_by_path.get(path, ()))
    writer.finish()
    return buffer.getvalue()
