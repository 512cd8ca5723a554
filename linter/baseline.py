"""--baseline FILE: accept today's findings, report only new ones.

A finding is known by (path, rule, matched text, context hash), never by its line number, so
editing elsewhere in the file (lines shifting above it) keeps it recognised. The context is the
sentence around the finding (or its line, outside prose), case-folded with white space collapsed,
so re-wrapping a paragraph does not make an old finding new. Identical keys are counted: a
baseline with the phrase twice in one sentence suppresses two findings there, and a third is new.

The file is JSON, sorted, with paths relative to the baseline's own folder and forward slashes,
so it is stable under version control and the same from any working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence

from linter.document import Document, format_for_path
from linter.model import ConfigError, Finding, relative_to
from linter.record import record

FORMAT_VERSION = 1


@record(frozen=True, order=True)
class BaselineKey:
    path: str
    rule: str
    match: str
    context: str


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _context_hash(text: str) -> str:
    return hashlib.sha256(_normalise(text).encode("utf-8")).hexdigest()[:16]


def baseline_path(path: str, base_dir: str) -> str:
    """`path` as written in a baseline: relative to the baseline's folder, forward slashes."""
    if path.startswith("<"):  # <stdin>, <text>: not a file name
        return path
    relative = relative_to(path, base_dir)
    # A name that is not UTF-8 is written with its bytes escaped (`bad\\xff.md`): valid JSON,
    # and two such names stay apart.
    return relative.replace(os.sep, "/").encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace"
    )


def finding_keys(
    findings: Sequence[Finding], text: str, *, base_dir: str, fmt: str | None = None
) -> list[BaselineKey]:
    """The baseline key of each finding of one file, whose decoded text is `text`."""
    if not findings:
        return []
    doc = Document.from_text(
        text, path=findings[0].path, fmt=fmt or format_for_path(findings[0].path)
    )
    keys: list[BaselineKey] = []
    for finding in findings:
        sentence = doc.sentence_at(finding.offset) if finding.offset < len(text) else None
        if sentence is not None and sentence.start <= finding.offset < sentence.end:
            context = text[sentence.start : sentence.end]
        else:
            line_start = text.rfind("\n", 0, finding.offset) + 1
            line_end = text.find("\n", finding.offset)
            context = text[line_start : line_end if line_end >= 0 else len(text)]
        keys.append(
            BaselineKey(
                path=baseline_path(finding.path, base_dir),
                rule=finding.rule,
                match=_normalise(finding.match),
                context=_context_hash(context),
            )
        )
    return keys


class Baseline:
    """The accepted findings, as counts per key; `filter` uses them up as it goes."""

    def __init__(self, counts: Counter[BaselineKey] | None = None) -> None:
        self.counts: Counter[BaselineKey] = Counter(counts or {})
        self._left: Counter[BaselineKey] = Counter(self.counts)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter(self, findings: Sequence[Finding], keys: Sequence[BaselineKey]) -> list[Finding]:
        """The findings not covered by the baseline (each baseline entry covers `count`
        findings with its key, the first ones met)."""
        new: list[Finding] = []
        for finding, key in zip(findings, keys, strict=True):
            if self._left[key] > 0:
                self._left[key] -= 1
            else:
                new.append(finding)
        return new

    @classmethod
    def from_keys(cls, keys: Iterable[BaselineKey]) -> Baseline:
        return cls(Counter(keys))

    def to_json(self) -> str:
        entries = [
            {
                "path": key.path,
                "rule": key.rule,
                "match": key.match,
                "context": key.context,
                "count": count,
            }
            for key, count in sorted(self.counts.items())
        ]
        document = {"tool": "article-lint", "version": FORMAT_VERSION, "findings": entries}
        return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, path: str) -> Baseline:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"baseline is not valid JSON: {exc.msg}", path=path, line=exc.lineno
            ) from None
        if (
            not isinstance(data, dict)
            or data.get("version") != FORMAT_VERSION
            or not isinstance(data.get("findings"), list)
        ):
            raise ConfigError(
                f"not an article-lint baseline (version {FORMAT_VERSION}); "
                "recreate it with --update-baseline",
                path=path,
            )
        counts: Counter[BaselineKey] = Counter()
        for index, entry in enumerate(data["findings"]):
            try:
                key = BaselineKey(
                    str(entry["path"]),
                    str(entry["rule"]),
                    str(entry["match"]),
                    str(entry["context"]),
                )
                count = int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"baseline entry {index} is malformed", path=path) from None
            counts[key] += max(count, 0)
        return cls(counts)


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as handle:
            return Baseline.from_json(handle.read(), path)
    except OSError as exc:
        raise ConfigError(f"cannot read the baseline: {exc.strerror or exc}", path=path) from None


def save_baseline(path: str, baseline: Baseline) -> None:
    from linter.fix import atomic_write

    mode = os.stat(path).st_mode if os.path.exists(path) else None
    try:
        atomic_write(path, baseline.to_json().encode("utf-8"), mode=mode)
    except OSError as exc:
        raise ConfigError(f"cannot write the baseline: {exc.strerror or exc}", path=path) from None
