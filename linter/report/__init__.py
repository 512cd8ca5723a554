"""Output formats. One module per format; each renders a Report to a string.

Formatters only print: they never lint, filter or decide exit codes. Each is a pure function of
the Report (no clock, no environment, no file reads), so the same Report always renders the same
text and a later streaming runner can feed them per batch.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from linter.model import ArticleLintError, Finding, Severity

if TYPE_CHECKING:
    from linter.rules import RuleSpec

# --format name -> "module:function"; a function takes a Report and returns the text to write.
FORMATS: dict[str, str] = {
    "text": "linter.report.text:render",
    "json": "linter.report.json_format:render",
    "sarif": "linter.report.sarif:render",
    "github": "linter.report.github:render",
    "junit": "linter.report.junit:render",
    "gitlab": "linter.report.gitlab:render",
}
# Formats whose output --statistics replaces with counts per rule.
STATISTICS_FORMATS: frozenset[str] = frozenset({"text", "json"})


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ArticleLintError] = field(default_factory=list)
    files: int = 0
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    # The rules that ran (SARIF lists them as the tool's rules); empty when unknown.
    rules: Sequence[RuleSpec] = ()
    # Every file linted, in order, including those with no finding (JUnit lists them as passes).
    paths: list[str] = field(default_factory=list)
    # How many findings --fix repaired (they are no longer in `findings`).
    fixed: int = 0
    # How many findings the --baseline file accepted (they are not in `findings` either).
    baselined: int = 0
    # The folder that relative artifact URIs are relative to (SARIF); None means the paths as
    # given, which are already relative when the user named relative paths.
    root: str | None = None


def formatter(name: str) -> Callable[[Report], str]:
    module_name, _, function = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output for `--color MODE` written to `stream`.

    `auto` colours only a terminal, and never when NO_COLOR is set to anything non-empty
    (https://no-color.org); `always` and `never` do what they say, whatever NO_COLOR is.
    """
    if mode == "always":
        return True
    if mode == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def severity_counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def stable_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding that survives lines moving: a hash of path, rule, matched
    text and which occurrence of that (path, rule, text) it is, never of its line number.

    Used where a format wants an id per issue (GitLab's fingerprint, SARIF's
    partialFingerprints); the --baseline file uses a richer one with the sentence around it.
    """
    seen: dict[tuple[str, str, str], int] = {}
    fingerprints: list[str] = []
    for finding in findings:
        key = (finding.path.replace("\\", "/"), finding.rule, " ".join(finding.match.split()))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        payload = "\0".join((*key, str(occurrence)))
        fingerprints.append(hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32])
    return fingerprints


def artifact_uri(path: str, root: str | None = None) -> str:
    """A path as a URI reference: relative with forward slashes where possible, else file://."""
    posix = relative_path(path, root)
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    if posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def relative_path(path: str, root: str | None = None) -> str:
    """`path` with forward slashes, relative to `root` when it lies inside it (CI systems
    resolve annotation paths against the checkout)."""
    if root is not None and os.path.isabs(path):
        try:
            relative = os.path.relpath(path, root)
        except ValueError:
            relative = ""
        if relative and not relative.startswith(".."):
            path = relative
    return path.replace("\\", "/")
