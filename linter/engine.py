"""Runs a RuleSet over a Document and turns matcher hits into sorted Findings.

The engine (not the rule) stamps rule id, category, severity, path and positions onto each hit,
applies scopes and the accept list, then filters by inline suppressions, after the rules ran.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from linter.document import (
    Document,
    collection_paused,
    format_for_path,
    inside,
    merged_spans,
    starts_inside,
)
from linter.model import CONTENT_CATEGORIES, PROMOTIONAL_CATEGORIES, Finding, Hit, Severity
from linter.record import field, record
from linter.rules import DIRECTIVE_RULES, Rule, RuleSet
from linter.sources import DEFAULT_MAX_FILE_SIZE

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

    from linter.patterns import Regex
    from linter.prefilter import Plan


@record(frozen=True)
class LintOptions:
    """Per-run settings the engine applies on top of the rules (from config or the CLI)."""

    # Words or phrases never flagged (e.g. a product name): a finding whose match lies inside
    # one of them is dropped.
    accept: tuple[str, ...] = ()
    # rule id -> severity, overriding the rule's own.
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    # Report suppression directives that suppressed nothing (--report-unused-suppressions).
    report_unused_suppressions: bool = False
    # Every loaded rule before --select/--ignore, so a directive naming an unselected rule is
    # not reported as unknown (None: the linted RuleSet).
    known_rules: RuleSet | None = None
    # The findings about suppression comments that --select/--ignore leave in
    # (linter.rules.DIRECTIVE_RULES).
    directive_rules: frozenset[str] = frozenset(DIRECTIVE_RULES)
    # Files larger than this many bytes are refused before being read (None: no limit);
    # --max-file-size. See linter/sources.py.
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE
    # Run rules only near the literals their patterns need (linter/prefilter.py). Same findings
    # either way; False (or ARTICLE_LINT_NO_PREFILTER=1) is a debugging aid.
    prefilter: bool = True

    @functools.cached_property  # built once per run, not once per document
    def accept_pattern(self) -> re.Pattern[str] | None:
        if not self.accept:
            return None
        body = "|".join(re.escape(a) for a in sorted(self.accept, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


DEFAULT_OPTIONS = LintOptions()


class _KeepUnknown(dict[str, str]):
    """Message values for `str.format_map`: a placeholder no hit fills is left as written
    instead of raising. Rules are checked when they load (rules._check_message), so this is a
    safety net, e.g. for a field a rule type fills only for some hits. (`string.Formatter` did
    the same in Python, at a cost on every finding and ~0.7 ms of imports on every run.)"""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(template: str, values: Mapping[str, str]) -> str:
    # Vale's rules quote the match with %s; accept that spelling too.
    if "%s" in template and "{match}" not in template:
        template = template.replace("%s", "{match}", 1)
    try:
        return template.format_map(_KeepUnknown(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        # a stray brace or a positional "{0}" in a user's message: show it as written
        return template


# Metadata fields (Markdown front matter, HTML <title>/<meta description>): linted by rules whose
# scope names them, and, under the default `text` scope, by the phrase and encoding rules (a
# headline is where hype and mojibake are seen first), not by sentence models or counts.
METADATA_SCOPES: frozenset[str] = frozenset({"title", "description"})


def _in_scope(rule: Rule, doc: Document, hit: Hit) -> bool:
    scopes = rule.spec.scope
    for name in METADATA_SCOPES & doc.front_matter.keys():
        span = doc.front_matter[name]
        if span.start <= hit.start < span.end:
            if hit.end > span.end:
                return False
            return name in scopes or ("text" in scopes and rule.matcher.reads_metadata)
    if "text" in scopes:
        return True
    block = doc.block_at(hit.start)
    return block is not None and block.kind in scopes


# Code inside a phrase's span, blanked to spaces in the prose view ("a power `sudo` move"):
# the words around it are not one phrase.
_CODE_INSIDE = re.compile(r"`|<(?:code|kbd|samp|var|tt|pre|script|style)(?![\w-])", re.I)


def findings_for(
    rule: Rule, doc: Document, hits: Iterable[Hit], options: LintOptions
) -> list[Finding]:
    spec = rule.spec
    severity = options.severity_overrides.get(spec.id, spec.severity)
    fixable = bool(getattr(rule.matcher, "fixable", False))
    # Words quoted to talk about them are not the writer's claim (linter/mentions.py).
    content = spec.category in CONTENT_CATEGORIES
    sentences = rule.matcher.reports_sentences
    one_block = rule.matcher.within_one_block and len(doc.blocks) > 1
    found: list[Finding] = []
    for hit in hits:
        if not _in_scope(rule, doc, hit):
            continue
        if one_block and (
            not doc.within_one_block(hit.start, hit.end)
            or _CODE_INSIDE.search(doc.raw, hit.start, hit.end)
        ):
            continue
        if content and doc.mentions and (
            inside(doc.mentions, hit.start, hit.end)
            if sentences
            else starts_inside(doc.mentions, hit.start)
        ):
            continue
        line, column = doc.position(hit.start)
        end_line, end_column = doc.position(hit.end)
        matched = doc.raw[hit.start : hit.end]
        # A match across a line break is quoted on one line: a message is one line of output.
        quoted = " ".join(matched.split()) if "\n" in matched or "\r" in matched else matched
        values = {"match": quoted, "suggestion": hit.suggestion or "", **hit.fields}
        found.append(
            Finding(
                path=doc.path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                rule=spec.id,
                category=spec.category,
                severity=severity,
                message=render_message(spec.message, values),
                match=matched,
                suggestion=hit.suggestion,
                offset=hit.start,
                end_offset=hit.end,
                fixable=fixable and hit.suggestion is not None,
            )
        )
    return found


def plan_for(
    doc: Document, ruleset: RuleSet, options: LintOptions = DEFAULT_OPTIONS
) -> Plan | None:
    """The prefilter's plan for `doc` (which rules run, and where), or None to run them all
    everywhere (linter/prefilter.py)."""
    from linter import prefilter

    use = options.prefilter and prefilter.enabled() and prefilter.wanted(ruleset, doc.prose)
    return prefilter.plan(doc, ruleset) if use else None


_UNPLANNED: Any = object()


def lint_document(
    doc: Document,
    ruleset: RuleSet,
    options: LintOptions = DEFAULT_OPTIONS,
    *,
    plan: Plan | None = _UNPLANNED,
) -> list[Finding]:
    """All findings of `ruleset` on `doc`, with accept list and inline suppressions applied.
    `plan`: the document's `plan_for`, if made already (the runner plans a few ahead)."""
    with collection_paused():
        return _lint_document(doc, ruleset, options, plan)


def _run_rule(
    index: int, rule: Rule, doc: Document, options: LintOptions, plan: Plan | None
) -> list[Finding]:
    """The findings of the phrase rule number `index`, scanning only where its gate pattern
    can match (`plan`)."""
    doc.gate = plan.rule_windows(index, rule) if plan is not None else None
    try:
        return findings_for(rule, doc, rule.matcher.hits(doc), options)
    finally:
        doc.gate = None


def _spans_of(findings: Iterable[Finding]) -> tuple[tuple[str, int, int], ...]:
    return tuple((f.category, f.offset, f.end_offset) for f in findings)


def _article_reading(
    doc: Document, in_promotional: list[tuple[int, Rule]], fallbacks: list[Rule]
) -> tuple[bool | None, ...]:
    """How the findings so far (`Document.context_findings`) make `doc` read: as promotional
    or not by the common bar, for the `context: promotional` rules (None if there are none),
    then by each fallback rule's own bar (None for a rule that does not weigh the article)."""
    common = doc.reads_as_promotional() if in_promotional else None
    return (common, *(rule.matcher.weighs_article(doc) for rule in fallbacks))


def _run_fallbacks(
    fallbacks: list[Rule], doc: Document, findings: list[Finding], options: LintOptions
) -> list[Finding]:
    """The findings of the fallback rules, each told what the other rules of its category
    flagged (`findings`)."""
    found: list[Finding] = []
    for rule in fallbacks:
        category = rule.spec.category
        doc.covered = merged_spans(
            (f.offset, f.end_offset) for f in findings if f.category == category
        )
        found.extend(findings_for(rule, doc, rule.matcher.hits(doc), options))
    return found


def _outside_quotations(
    doc: Document, findings: list[Finding], rule_ids: set[str]
) -> list[Finding]:
    """`findings` less those of `rule_ids` that lie inside a quotation or an interview's answer:
    in an article not marked promotional, reported speech is the speaker's words, not the
    writer's claim."""
    from linter.textmodel import unquoted_words_in

    return [
        f
        for f in findings
        if f.rule not in rule_ids or unquoted_words_in(doc, f.offset, f.end_offset)
    ]


def _outside_promotional(
    doc: Document, findings: list[Finding], narrowed: dict[str, Regex]
) -> list[Finding]:
    """`findings` less those of the `narrowed` rules whose sentence matches none of the rule's
    `outside_promotional` patterns (a finding outside any sentence is kept)."""
    kept = []
    for finding in findings:
        pattern = narrowed.get(finding.rule)
        sentence = None if pattern is None else doc.sentence_at(finding.offset)
        # Sliced, so that "^" and "$" anchor at the sentence's ends.
        if sentence is None or pattern.search(doc.prose[sentence.start : sentence.end]):
            kept.append(finding)
    return kept


def _lint_document(
    doc: Document, ruleset: RuleSet, options: LintOptions, plan: Plan | None
) -> list[Finding]:
    findings: list[Finding] = []
    if plan is _UNPLANNED:
        plan = plan_for(doc, ruleset, options)
    fallbacks: list[Rule] = []
    in_promotional: list[tuple[int, Rule]] = []
    # The rules that, inside a quotation, report only in an article marked promotional.
    quoted_in_promotional = {
        rule.id for rule in ruleset if rule.spec.quotations == "promotional"
    }
    # The rules that, outside an article marked promotional, report a match only where its
    # sentence matches their `outside_promotional` patterns.
    narrowed = {
        rule.id: rule.matcher.outside_promotional
        for rule in ruleset
        if rule.matcher.outside_promotional is not None
    }
    for index, rule in enumerate(ruleset):
        if plan is not None and index in plan.skip:
            continue  # the prefilter proved the rule's pattern cannot match here
        if rule.matcher.fallback:
            fallbacks.append(rule)  # after the others: it looks only where they found nothing
            continue
        if rule.spec.context == "promotional":
            in_promotional.append((index, rule))  # once the others have weighed the article
            continue
        findings.extend(_run_rule(index, rule, doc, options, plan))
    if fallbacks or in_promotional or quoted_in_promotional or narrowed:  # the context they read
        # A narrowed rule's finding counts only where it would be reported outside a
        # promotional article: a regulator's report of someone else's paid post is no sign
        # that the report itself is promotional.
        doc.context_findings = _spans_of(
            _outside_promotional(doc, findings, narrowed) if narrowed else findings
        )
    try:
        before = _article_reading(doc, in_promotional, fallbacks)
        if before[0]:
            for index, rule in in_promotional:
                findings.extend(_run_rule(index, rule, doc, options, plan))
        weighed = _run_fallbacks(fallbacks, doc, findings, options)
        if weighed:
            # The sentence models' findings count too: an advertorial written in words no
            # phrase rule knows is marked by them. If that changes how the article reads, the
            # rules that read it run again.
            doc.context_findings += _spans_of(weighed)
            after = _article_reading(doc, in_promotional, fallbacks)
            if after != before:
                if after[0] and not before[0]:
                    for index, rule in in_promotional:
                        findings.extend(_run_rule(index, rule, doc, options, plan))
                weighed = _run_fallbacks(fallbacks, doc, findings, options)
        findings.extend(weighed)
        if (quoted_in_promotional or narrowed) and not doc.reads_as_promotional():
            if quoted_in_promotional:
                findings = _outside_quotations(doc, findings, quoted_in_promotional)
            if narrowed:
                findings = _outside_promotional(doc, findings, narrowed)
    finally:
        doc.covered = None
        doc.context_findings = ()
    accept = options.accept_pattern
    if accept is not None:
        accepted = [(m.start(), m.end()) for m in accept.finditer(doc.raw)]
        if accepted:
            findings = [f for f in findings if not _about_accepted_words(doc.raw, f, accepted)]
    from linter.suppress import apply_suppressions

    findings = apply_suppressions(
        doc,
        findings,
        ruleset,
        known=options.known_rules,
        report_unused=options.report_unused_suppressions,
        reported=options.directive_rules,
    )
    findings.sort()
    return without_nested(findings)


# The letters a finding may have outside accepted words and still be about them ("is", "the").
_SHORT_WORD = 3


def _about_accepted_words(text: str, finding: Finding, accepted: list[tuple[int, int]]) -> bool:
    """Whether the finding is about accepted words: it overlaps them and leaves at most a short
    word outside them ('is game-changing' with `game-changing` accepted). A finding with more
    of its own ('Order the Lumiflex Serum today', with the product's name accepted) stands."""
    start, end = finding.offset, finding.end_offset
    outside = list(text[start:end])
    overlaps = False
    for low, high in accepted:
        if low < end and start < high:
            overlaps = True
            outside[max(low, start) - start : min(high, end) - start] = " " * (
                min(high, end) - max(low, start)
            )
    return overlaps and sum(char.isalpha() for char in outside) <= _SHORT_WORD


def without_nested(findings: list[Finding]) -> list[Finding]:
    """`findings` (sorted) less those that say again what another finding of the same content
    category says about the same words: a span lying within another's span (or equal to it)
    that has the same or a higher severity and loses no fix. The packs'
    rule families overlap by design ("once-in-a-lifetime" is puffery, and "once-in-a-lifetime
    opportunity" a promotional cliché and an overstatement); one finding per claim is what an
    editor wants to read. Readability and style findings are all kept: their spans measure
    different things (a paragraph's sentences, the whole document)."""
    dropped: set[int] = set()
    active: dict[str, list[Finding]] = {}  # per category, findings whose span may still contain
    # Wider spans first, and of equal spans the more severe, then the fixable, then the first.
    order = sorted(findings, key=lambda f: (f.offset, -f.end_offset, -f.severity, not f.fixable))
    for finding in order:
        # Style findings are kept like readability's: a user's occurrence rule reports a whole
        # paragraph or document with too few of a phrase, which must not swallow the rest.
        if finding.category not in PROMOTIONAL_CATEGORIES:
            continue
        open_spans = [f for f in active.get(finding.category, ()) if f.end_offset > finding.offset]
        if any(_covers(other, finding) for other in open_spans):
            dropped.add(id(finding))
            continue
        open_spans.append(finding)
        active[finding.category] = open_spans
    if not dropped:
        return findings
    return [f for f in findings if id(f) not in dropped]


def _covers(container: Finding, finding: Finding) -> bool:
    return (
        container.end_offset >= finding.end_offset
        and container.severity >= finding.severity
        and (container.fixable or not finding.fixable)
    )


def lint_text(
    text: str,
    ruleset: RuleSet | None = None,
    *,
    path: str = "<text>",
    fmt: str | None = None,
    options: LintOptions = DEFAULT_OPTIONS,
) -> list[Finding]:
    """Lint a string. With no `ruleset`, the built-in rules are loaded."""
    if ruleset is None:
        from linter.rules import load_rules

        ruleset = load_rules()
    return lint_source(text, ruleset, path=path, fmt=fmt, options=options)[1]


def lint_source(
    text: str,
    ruleset: RuleSet,
    *,
    path: str = "<text>",
    fmt: str | None = None,
    options: LintOptions = DEFAULT_OPTIONS,
) -> tuple[Document, list[Finding]]:
    """The Document linted and the findings of a file's text, as the CLI lints it: character
    references in markup read as the characters they stand for (linter/entities.py), the
    findings at the text's own positions."""
    from linter.entities import decode_entities

    decoding = decode_entities(text, fmt or format_for_path(path))
    doc = Document.from_text(decoding.text if decoding else text, path=path, fmt=fmt)
    findings = lint_document(doc, ruleset, options)
    return doc, decoding.original_findings(findings) if decoding else findings
