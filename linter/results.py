"""A cache of each file's findings, so a re-run over an unchanged archive skips the linting.

As ruff does: a file whose content, name and rules are the same as in an earlier run gets that
run's findings back without being parsed or linted. Each entry is named by a digest of

- a *fingerprint* of the whole setup (`fingerprint`): the article-lint version, the Python
  version, the stamps (path, size, mtime) of the linter's own modules and of every file under
  each rule folder in use (rules, word lists, models: `cache.cache_key`), the libraries whose
  behaviour findings depend on (ftfy, textstat, RE2, PyYAML), the rules of the batch with their
  severities, the config's `rule-options`, and the engine options (accept list, severity
  overrides, `--report-unused-suppressions`);
- the reported path and the format it was read as (Markdown, HTML, text);
- the decoded text.

The file is still read and decoded every time (its decoding problems are reported afresh, and
the digest needs the text); only building the Document and running the rules are skipped.

Entries live in the user cache folder, beside the rule cache (`cache.cache_dir()`), one folder
per fingerprint (`results-<digest>/`); the `MAX_SETUPS` most recently used folders are kept.
Nothing is cached for a file whose lint hit a pattern time-out or an internal error. Writes
are atomic (temporary file, then rename), so concurrent runs and `--jobs` workers can share a
folder; a damaged or unreadable entry is a miss; a folder that cannot be written is not used.
`--no-cache` turns this off with the rule cache; `article-lint clean` deletes both.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.model import Finding, Severity

if TYPE_CHECKING:
    from linter.engine import LintOptions
    from linter.rules import RuleSet

RESULTS_FORMAT = 1
# Fingerprint folders kept (one per distinct setup: a project's config, --select, ...).
MAX_SETUPS = 8
FOLDER_PREFIX = "results-"
_STAMP = ".last-used"
# Libraries whose versions change findings: an upgrade rewrites their files, and so their stamps.
_LIBRARIES = ("ftfy", "textstat", "re2", "yaml")

_SEVERITIES = {int(s): s for s in Severity}
_temp_names = itertools.count()


def _blake2b(data: bytes = b"", *, digest_size: int = 20) -> Any:
    # `_blake2` is hashlib's own blake2 module; importing hashlib itself costs ~7 ms of
    # OpenSSL start-up, a tenth of a pre-commit run.
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=digest_size)


def _library_stamps() -> list[tuple[str, int, int] | tuple[str]]:
    import importlib.util

    stamps: list[tuple[str, int, int] | tuple[str]] = []
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            if origin is None:
                stamps.append((name,))
                continue
            info = os.stat(origin)
            stamps.append((origin, info.st_size, info.st_mtime_ns))
        except (ImportError, ValueError, OSError):
            stamps.append((name,))
    return stamps


def fingerprint(
    ruleset: RuleSet, options: LintOptions, rule_options: Mapping[str, Any] | None = None
) -> bytes:
    """Everything besides a file's own name and text that its findings depend on, digested."""
    from linter.cache import cache_key

    # A rule file is <root>/<pack>/<Rule>.yaml (a rule built in code has no folder to stamp).
    sources = {rule.spec.source for rule in ruleset}
    packs = {os.path.dirname(os.path.abspath(src)) for src in sources if os.path.isfile(src)}
    roots = sorted({Path(os.path.dirname(pack)) for pack in packs})
    digest = _blake2b(digest_size=32)
    digest.update(f"{RESULTS_FORMAT}|{sys.version}\n".encode())
    # The rule cache's key: version, the linter's modules, every file under the rule folders.
    digest.update(cache_key((root, False) for root in roots).encode("utf-8", "surrogateescape"))
    digest.update(repr(_library_stamps()).encode())
    for rule in ruleset:
        digest.update(f"{rule.id}|{rule.spec.source}|{int(rule.spec.severity)}\n".encode())
    digest.update(repr(sorted((rule_options or {}).items(), key=lambda item: item[0])).encode())
    digest.update(repr(sorted(options.accept)).encode())
    overrides = sorted((rule, int(level)) for rule, level in options.severity_overrides.items())
    digest.update(repr(overrides).encode())
    digest.update(f"{options.report_unused_suppressions}\n".encode())
    known = options.known_rules if options.known_rules is not None else ruleset
    digest.update(",".join(sorted(rule.id for rule in known)).encode())
    return digest.digest()  # type: ignore[no-any-return]


class ResultStore:
    """The findings cache of one setup (see the module docstring)."""

    def __init__(self, folder: Path, setup_digest: bytes) -> None:
        self.folder = folder
        self.setup_digest = setup_digest
        self.writable = True

    @classmethod
    def open(cls, root: Path, setup_digest: bytes) -> ResultStore | None:
        """The store for a setup under `root`, marked as just used; None if `root` cannot be
        written."""
        folder = root / f"{FOLDER_PREFIX}{setup_digest[:10].hex()}"
        try:
            fresh = not folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = folder / _STAMP
            stamp.touch()
            if fresh:
                _prune(root)
        except OSError:
            return None
        return cls(folder, setup_digest)

    def key(self, path: str, fmt: str, text: str) -> str:
        digest = _blake2b(self.setup_digest)
        digest.update(f"\0{path}\0{fmt}\0".encode("utf-8", "surrogatepass"))
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()  # type: ignore[no-any-return]

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str, path: str) -> list[Finding] | None:
        """The findings stored under `key`, reported for `path`; None on a miss."""
        try:
            with open(self._entry(key), "rb") as handle:
                rows = marshal.loads(handle.read())
            return [_finding(path, row) for row in rows]
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            return None  # absent, or damaged: lint the file

    def put(self, key: str, findings: Iterable[Finding]) -> None:
        if not self.writable:
            return
        body = marshal.dumps([_row(finding) for finding in findings])
        entry = self._entry(key)
        temp = entry.parent / f".tmp-{os.getpid()}-{next(_temp_names)}"
        try:
            entry.parent.mkdir(exist_ok=True)
            with open(temp, "xb") as handle:
                handle.write(body)
            os.replace(temp, entry)
        except OSError:
            self.writable = False  # full disk, folder deleted: stop trying for this run
            with contextlib.suppress(OSError):
                temp.unlink()


def _row(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.rule,
        finding.category,
        int(finding.severity),
        finding.message,
        finding.match,
        finding.suggestion,
        finding.offset,
        finding.end_offset,
        finding.fixable,
    )


def _finding(path: str, row: tuple[Any, ...]) -> Finding:
    (line, column, end_line, end_column, rule, category, severity, message, match, suggestion,
     offset, end_offset, fixable) = row
    return Finding(
        path,
        line,
        column,
        end_line,
        end_column,
        rule,
        category,
        _SEVERITIES[severity],
        message,
        match,
        suggestion,
        offset,
        end_offset,
        fixable,
    )


def _prune(root: Path) -> None:
    """Keep the `MAX_SETUPS` most recently used fingerprint folders."""

    def last_used(folder: Path) -> int:
        try:
            return (folder / _STAMP).stat().st_mtime_ns
        except OSError:
            return 0

    folders = sorted(root.glob(f"{FOLDER_PREFIX}*"), key=last_used, reverse=True)
    if len(folders) <= MAX_SETUPS:
        return
    import shutil  # only now: ~1.5 ms of imports a pre-commit run need not pay

    for old in folders[MAX_SETUPS:]:
        shutil.rmtree(old, ignore_errors=True)


def clean(root: Path) -> list[Path]:
    """Delete every cache entry under `root` (rule cache and results); the paths removed."""
    import shutil

    from linter.cache import ENTRY_GLOB

    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder in sorted(root.glob(f"{FOLDER_PREFIX}*")):
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for entry in sorted(root.glob(ENTRY_GLOB)):
        with contextlib.suppress(OSError):
            entry.unlink()
            removed.append(entry)
    return removed
