"""article-lint: a linter for promotional, hedged and damaged writing.

Public API::

    from linter import lint_text, load_rules
    findings = lint_text("A game-changing, jaw-dropping launch.", load_rules())
"""

from __future__ import annotations

from linter.document import Document
from linter.engine import LintOptions, lint_document, lint_text
from linter.model import ArticleLintError, Finding, Hit, RuleError, Severity
from linter.rules import RuleSet, load_rules

__all__ = [
    "ArticleLintError",
    "Document",
    "Finding",
    "Hit",
    "LintOptions",
    "RuleError",
    "RuleSet",
    "Severity",
    "lint_document",
    "lint_text",
    "load_rules",
]
__version__ = "0.1.0"
