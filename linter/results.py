"""A cache of each file's findings, so a re-run over an unchanged archive skips the linting.

As ruff does: a file whose content, name and rules are the same as in an earlier run gets that
run's findings back without being parsed or linted. Each entry is named by a digest of

- a *fingerprint* of the whole setup (`fingerprint`): the article-lint version, the Python
  version, the stamps (path, size, mtime, ctime, inode) of the linter's own modules and of
  every file under each rule folder loaded and of the lists and models rules read from
  elsewhere (the rule cache's key, taken *before* the rules were loaded:
  `cache.take_origin`), the libraries whose behaviour findings depend on (ftfy, textstat,
  pyphen, RE2, PyYAML, markdown-it-py), the rules of the batch with their severities, the
  config's `rule-options` and the files they name, and the engine options (accept list,
  severity overrides, `--report-unused-suppressions`);
- the reported path and the format it was read as (Markdown, HTML, text);
- the decoded text.

The file is still read and decoded every time (its decoding problems are reported afresh, and
the digest needs the text); only building the Document and running the rules are skipped.

Entries live in the user cache folder, beside the rule cache (`cache.cache_dir()`), one folder
per fingerprint (`results-<digest>/`). Folders used in the last week are kept (of older ones,
the 8 most recently used), and entries not rewritten for 30 days are deleted, checked once a
day: the cache does not grow without bound under a long-lived install.
Nothing is cached for a file whose lint hit a pattern time-out or an internal error. Writes
are atomic (temporary file, then rename), so concurrent runs and `--jobs` workers can share a
folder; a damaged or unreadable entry is a miss; a folder that cannot be written is only read.
`--no-cache` turns this off with the rule cache; `article-lint clean` deletes both.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from linter.model import Finding, Severity

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

    from linter.engine import LintOptions
    from linter.rules import RuleSet

RESULTS_FORMAT = 1
# Fingerprint folders (one per distinct setup: a project's config, --select, ...) used in the
# last KEEP_DAYS are kept; of the older ones, the MAX_SETUPS most recently used.
MAX_SETUPS = 8
KEEP_DAYS = 7
# Entries not written for this long are deleted (a file unchanged for a month is linted once
# more), checked at most once a day per setup; so is a temporary file a killed run left.
ENTRY_DAYS = 30
_DAY = 24 * 3600
FOLDER_PREFIX = "results-"
_STAMP = ".last-used"
# Libraries whose versions change findings: an upgrade rewrites their files, and so their stamps.
_LIBRARIES = ("ftfy", "textstat", "pyphen", "re2", "yaml", "markdown_it")

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
    ruleset: RuleSet,
    options: LintOptions,
    rule_options: Mapping[str, Any] | None,
    origin: str,
) -> bytes:
    """Everything besides a file's own name and text that its findings depend on, digested.
    `origin` is what the loaded rules depend on (`cache.take_origin`, stamped before loading)."""
    from linter.cache import referenced_stamps

    digest = _blake2b(digest_size=32)
    digest.update(f"{RESULTS_FORMAT}|{sys.version}\n".encode())
    # The rule cache's key: version, the linter's modules, every file under the rule folders
    # loaded (those of rules a `based_on` rule replaced included), and outside lists.
    digest.update(origin.encode("utf-8", "surrogateescape"))
    digest.update(repr(_library_stamps()).encode())
    for rule in ruleset:
        digest.update(f"{rule.id}|{rule.spec.source}|{int(rule.spec.severity)}\n".encode())
    # Lists and models named by the config's rule-options are not in `origin`. Without
    # rule-options the rules are those loaded, whose lists `origin` already stamps (walking
    # every rule's options for them again costs a pre-commit run ~2 ms).
    if rule_options:
        digest.update(repr(referenced_stamps(ruleset)).encode())
    digest.update(repr(sorted((rule_options or {}).items(), key=lambda item: item[0])).encode())
    digest.update(repr(sorted(options.accept)).encode())
    overrides = sorted((rule, int(level)) for rule, level in options.severity_overrides.items())
    digest.update(repr(overrides).encode())
    digest.update(f"{options.report_unused_suppressions}\n".encode())
    digest.update(",".join(sorted(options.directive_rules)).encode())
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
        """The store for a setup under `root`, marked as just used; None if it cannot be made.
        A store that exists but cannot be written is still read."""
        folder = root / f"{FOLDER_PREFIX}{setup_digest[:10].hex()}"
        stamp = folder / _STAMP
        try:
            fresh = not folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
        store = cls(folder, setup_digest)
        try:
            last_used = 0.0 if fresh else stamp.stat().st_mtime
        except OSError:
            last_used = 0.0
        try:
            stamp.touch()
        except OSError:
            store.writable = False  # someone else's or a read-only cache: read it only
            return store
        now = time.time()
        if fresh:
            _prune(root, now)
        elif now - last_used > _DAY:
            with contextlib.suppress(OSError):  # a concurrent `clean`: nothing left to sweep
                _sweep(folder, now)
        return store

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
        # Unique even where a killed run's temporary file and a reused pid meet.
        temp = entry.parent / f".tmp-{os.getpid()}-{next(_temp_names)}-{os.urandom(4).hex()}"
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


def _prune(root: Path, now: float) -> None:
    """Delete the fingerprint folders not used in `KEEP_DAYS`, beyond the `MAX_SETUPS` most
    recently used (a run with many setups never deletes one it is using)."""

    def last_used(folder: Path) -> float:
        try:
            return (folder / _STAMP).stat().st_mtime
        except OSError:
            return 0.0

    folders = sorted(
        ((last_used(folder), folder) for folder in root.glob(f"{FOLDER_PREFIX}*")), reverse=True
    )
    old = [f for used, f in folders[MAX_SETUPS:] if now - used > KEEP_DAYS * _DAY]
    if not old:
        return
    import shutil  # only now: ~1.5 ms of imports a pre-commit run need not pay

    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep(folder: Path, now: float) -> None:
    """Delete entries not written for `ENTRY_DAYS` and temporary files older than an hour."""
    for sub in os.scandir(folder):
        if not sub.is_dir(follow_symlinks=False):
            continue
        for item in os.scandir(sub.path):
            with contextlib.suppress(OSError):
                age = now - item.stat(follow_symlinks=False).st_mtime
                temporary = item.name.startswith(".tmp-")
                if age > (3600 if temporary else ENTRY_DAYS * _DAY):
                    os.unlink(item.path)


def forget(root: Path) -> int:
    """Delete the stored findings of every setup under `root`, keeping the rule cache (the next
    run lints every file); the number of setups whose findings were deleted."""
    import shutil

    folders = sorted(root.glob(f"{FOLDER_PREFIX}*"))
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return len(folders)


def clean(root: Path) -> tuple[int, int]:
    """Delete every cache entry under `root`: (compiled rule sets, setups' findings) removed."""
    from linter.cache import ENTRY_GLOB

    if not root.is_dir():
        return 0, 0
    setups = forget(root)
    rule_sets = 0
    for entry in root.glob(ENTRY_GLOB):
        with contextlib.suppress(OSError):
            entry.unlink()
            rule_sets += 1
    return rule_sets, setups
