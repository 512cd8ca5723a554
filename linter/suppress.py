"""Inline suppression directives, applied by filtering findings after the rules ran.

Directives live in comments, found in the raw text (the prose view has them blanked):

    <!-- article-lint-disable [RULE[,RULE...]] -->       until the next enable (or end of file)
    <!-- article-lint-enable [RULE[,RULE...]] -->
    <!-- article-lint-disable-next-line [RULE...] -->    the line after the directive
    <!-- article-lint-disable-file [RULE...] -->         the whole file

In MDX, which refuses HTML comments, the same directives go in a JSX comment:
`{/* article-lint-disable-next-line hype */}`.

In plain text the same comments work, and so does a line of its own starting with `#`:
`# article-lint-disable-next-line hype`. RULE is a rule id, name, pack or category; no RULE means
every rule. Only comments the markup parser saw outside code count (Document.comments), so a
directive quoted in a code block does nothing.

A RULE that names no rule is reported (`article-lint.unknown-directive`) instead of silently
suppressing nothing; with `report_unused`, a directive that suppressed nothing is reported too
(`article-lint.unused-suppression`).
"""

from __future__ import annotations

import re

from linter.document import Document
from linter.model import CATEGORIES, Finding, Severity
from linter.record import record
from linter.rules import (
    DIRECTIVE_RULES,
    UNKNOWN_DIRECTIVE,
    UNUSED_SUPPRESSION,
    RuleSet,
    RuleSpec,
    selector_matches,
)

DIRECTIVE_KINDS: tuple[str, ...] = ("disable", "enable", "disable-next-line", "disable-file")

# The kind is words joined by single hyphens, so `<!--article-lint-disable-next-line-->` (no
# spaces) ends at the comment's `-->`; the prefix in any case, as HTML comments are written.
# In MDX, which refuses HTML comments, a JSX comment: `{/* article-lint-disable hype */}`.
_DIRECTIVE = re.compile(
    r"(?:<!--|\{/\*|^[ \t]*#)[ \t]*(?i:article-lint)-([A-Za-z]+(?:-[A-Za-z]+)*)[ \t]*(.*?)"
    r"[ \t]*(?:-->|\*/[ \t]*\}|$)",
    re.MULTILINE,
)
_SELECTOR_SPLIT = re.compile(r"[\s,]+")


@record
class Directive:
    kind: str
    selectors: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    used: bool = False


@record
class Region:
    """Offsets [start, end) where findings of `selectors` (all if empty) are suppressed."""

    start: int
    end: int
    selectors: tuple[str, ...]
    directive: Directive


def parse_directives(doc: Document) -> list[Directive]:
    directives: list[Directive] = []
    for comment in doc.comments:
        text = doc.raw[comment.start : comment.end]
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        selectors = tuple(s for s in _SELECTOR_SPLIT.split(match.group(2)) if s)
        directives.append(
            Directive(
                kind=match.group(1).lower(),
                selectors=selectors,
                start=comment.start + match.start(),
                end=comment.start + match.end(),
            )
        )
    return directives


def _regions(doc: Document, directives: list[Directive]) -> list[Region]:
    regions: list[Region] = []
    open_disables: list[Region] = []
    for directive in directives:
        if directive.kind == "disable-file":
            regions.append(Region(0, len(doc.raw), directive.selectors, directive))
        elif directive.kind == "disable-next-line":
            line, _ = doc.position(directive.end)
            if line < len(doc.line_starts):
                start = doc.line_starts[line]
                end = doc.line_starts[line + 1] if line + 1 < len(doc.line_starts) else len(doc.raw)
                regions.append(Region(start, end, directive.selectors, directive))
        elif directive.kind == "disable":
            open_disables.append(
                Region(directive.end, len(doc.raw), directive.selectors, directive)
            )
        elif directive.kind == "enable":
            still_open: list[Region] = []
            for region in open_disables:
                if not directive.selectors:
                    regions.append(
                        Region(region.start, directive.start, region.selectors, region.directive)
                    )
                    continue
                ended = tuple(s for s in region.selectors if _same(s, directive.selectors))
                if not ended:  # a bare disable is ended only by a bare enable
                    still_open.append(region)
                    continue
                regions.append(Region(region.start, directive.start, ended, region.directive))
                rest = tuple(s for s in region.selectors if s not in ended)
                if rest:
                    still_open.append(Region(directive.end, len(doc.raw), rest, region.directive))
            open_disables = still_open
    regions.extend(open_disables)
    return regions


def _same(selector: str, others: tuple[str, ...]) -> bool:
    return selector.lower() in {o.lower() for o in others}


def _known(selector: str, known: RuleSet) -> bool:
    lowered = selector.lower()
    return (
        lowered == "all"
        or lowered in CATEGORIES
        or lowered in DIRECTIVE_RULES
        or bool(known.resolve(selector))
    )


def _covers(region: Region, finding: Finding, spec: RuleSpec | None) -> bool:
    if not region.start <= finding.offset < region.end:
        return False
    if not region.selectors:
        return True
    for selector in region.selectors:
        if spec is not None and selector_matches(selector, spec):
            return True
        if selector.lower() in (finding.rule.lower(), finding.category):
            return True
    return False


def apply_suppressions(
    doc: Document,
    findings: list[Finding],
    ruleset: RuleSet,
    *,
    known: RuleSet | None = None,
    report_unused: bool = False,
    reported: frozenset[str] = frozenset(DIRECTIVE_RULES),
) -> list[Finding]:
    """`findings` minus the suppressed ones, plus findings about the directives themselves.

    `known` is every loaded rule (before --select/--ignore), so a directive naming a rule that
    this run does not select is not "unknown".
    """
    directives = parse_directives(doc)
    if not directives:
        return findings
    known = known if known is not None else ruleset
    extra: list[Finding] = []
    for directive in directives:
        if directive.kind not in DIRECTIVE_KINDS:
            extra.append(
                _directive_finding(
                    doc,
                    directive,
                    UNKNOWN_DIRECTIVE,
                    f"unknown directive 'article-lint-{directive.kind}' (expected one of: "
                    + ", ".join(f"article-lint-{k}" for k in DIRECTIVE_KINDS)
                    + ")",
                )
            )
            continue
        for selector in directive.selectors:
            if not _known(selector, known):
                extra.append(
                    _directive_finding(
                        doc,
                        directive,
                        UNKNOWN_DIRECTIVE,
                        f"'{selector}' in article-lint-{directive.kind} names no rule, pack or "
                        "category (see 'article-lint rules')",
                    )
                )
    regions = _regions(doc, [d for d in directives if d.kind in DIRECTIVE_KINDS])
    kept: list[Finding] = []
    for finding in findings:
        spec = rule.spec if (rule := ruleset.get(finding.rule)) else None
        covering = [r for r in regions if _covers(r, finding, spec)]
        for region in covering:
            region.directive.used = True
        if not covering:
            kept.append(finding)
    if report_unused:
        for directive in directives:
            if (
                directive.kind in DIRECTIVE_KINDS
                and directive.kind != "enable"
                and not directive.used
                and _every_named_rule_ran(directive, ruleset, known)
            ):
                extra.append(
                    _directive_finding(
                        doc,
                        directive,
                        UNUSED_SUPPRESSION,
                        f"article-lint-{directive.kind} suppressed nothing; remove it",
                    )
                )
    # --select/--ignore choose these findings too (`reported`), like any rule's.
    return kept + [finding for finding in extra if finding.rule in reported]


def _every_named_rule_ran(directive: Directive, ruleset: RuleSet, known: RuleSet) -> bool:
    """Whether this run ran every loaded rule the directive names. One that suppressed nothing
    because its rules were left out (`--select`, `--ignore`, `severity: off`) may still be
    needed by a full run: "remove it" would bring their findings back."""
    ran = {rule.id for rule in ruleset}
    selectors = directive.selectors or ("all",)
    return all(rule.id in ran for selector in selectors for rule in known.resolve(selector))


def _directive_finding(
    doc: Document,
    directive: Directive,
    rule: str,
    message: str,
    severity: Severity = Severity.WARNING,
) -> Finding:
    line, column = doc.position(directive.start)
    end_line, end_column = doc.position(directive.end)
    return Finding(
        path=doc.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=rule,
        category="style",
        severity=severity,
        message=message,
        match=doc.raw[directive.start : directive.end],
        offset=directive.start,
        end_offset=directive.end,
    )
