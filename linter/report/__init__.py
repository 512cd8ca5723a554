"""Output formats. One module per format; each renders a Report to a string.

Formatters only print: they never lint, filter or decide exit codes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from linter.model import ArticleLintError, Finding

# --format name -> "module:function"; a function takes a Report and returns the text to write.
FORMATS: dict[str, str] = {
    "text": "linter.report.text:render",
    "json": "linter.report.json_format:render",
}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ArticleLintError] = field(default_factory=list)
    files: int = 0
    color: bool = False
    statistics: bool = False
    quiet: bool = False


def formatter(name: str) -> Callable[[Report], str]:
    module_name, _, function = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]
