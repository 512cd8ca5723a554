"""A cache of the loaded RuleSet, so a run does not re-parse dozens of YAML files.

Parsing and validating the rule files in pure-Python YAML is most of the start-up time of a
pre-commit run. The loaded RuleSet is pickled into the user's cache folder
(`$ARTICLE_LINT_CACHE_DIR`, else `$XDG_CACHE_HOME/article-lint`, else `~/.cache/article-lint`;
never the project being linted), under a key made of:

- the article-lint version and the Python version,
- path, size, mtime_ns, ctime_ns and inode of every file under each rule folder (rules and
  data lists),
- the same of the linter's own modules (a matcher edited in a checkout changes what a pickled
  rule means),
- and, checked after loading, the same for any `{file: ...}` list a rule reads from outside
  its folder.

A missing, corrupt, stale or unreadable cache is rebuilt without a word; a cache folder that
cannot be written is simply not used.

Python's `re` pickles a pattern as its source and compiles it again on load, which for the big
phrase alternations costs as much as the YAML. So patterns are stored with their compiled SRE
code and rebuilt with `_sre.compile`, skipping the regex parser and compiler (`_sre` validates
the code it is given; the cache key holds the exact Python version, and any failure falls back
to `re.compile`). The code of each pattern is stored as one bytes object (its 32-bit words),
not as a list of ints: the built-in rules compile to over a million code words, and unpickling
them one int at a time was the largest single cost of a warm start. The file carries a checksum
of its body, checked before unpickling.

The entry also carries the module-level patterns of the modules a run imports while it reads
the entry (the matchers, the markup parsers, the prefilter, ...), as SRE code too: unpickled
first, they are put into `re`'s own cache, so the `re.compile` calls those modules make as they
are imported find them compiled (`_ModulePatterns`; ~6 ms of a pre-commit run).
"""

from __future__ import annotations

import gc
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from linter.rules import RuleSet, builtin_rules_dir, is_list_file, load_rules

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

try:  # the C pickler itself: importing the `pickle` module costs a pre-commit run ~1.5 ms
    import _pickle as pickle_impl
except ImportError:  # pragma: no cover - an interpreter without the accelerator
    import pickle as pickle_impl  # type: ignore[no-redef]

PICKLE_PROTOCOL = 5

CACHE_FORMAT = 8  # 6: prefilter spanning supersets; 7: RuleSpec.quotations; 8: .replaces
# Cache files kept per cache folder (one per distinct set of rule folders and versions).
MAX_ENTRIES = 8
_PREFIX = "rules-"
_SUFFIX = ".pickle"
ENTRY_GLOB = f"{_PREFIX}*{_SUFFIX}"

FileSignature = tuple[str, int, int, int, int]


def cache_dir() -> Path:
    """Where cached rule sets live: a per-user folder, never inside the linted project."""
    explicit = os.environ.get("ARTICLE_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "article-lint"
    if sys.platform == "win32":  # pragma: no cover
        local = os.environ.get("LOCALAPPDATA")
        if local:
            return Path(local) / "article-lint" / "Cache"
    return Path.home() / ".cache" / "article-lint"


def _signature(path: str | Path) -> FileSignature | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    # ctime and the inode too: an edit that keeps a file's size and mtime (a tool restoring
    # timestamps, two saves within the clock's resolution, `touch -r`) still moves its ctime,
    # and an editor that saves by replacing the file gives it a new inode.
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _files_under(folder: str, suffix: str = "") -> Iterator[str]:
    """Paths of the files under `folder` (ending in `suffix`, if given), depth first in name
    order. os.scandir, not os.walk or Path.rglob: this runs on every pre-commit run, and the
    Path objects and extra stat calls of those cost it a few milliseconds."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():  # a link to a folder is not followed, as os.walk does not
            if not entry.is_symlink():
                yield from _files_under(entry.path, suffix)
        elif entry.name.endswith(suffix) and not entry.name.endswith((".pyc", ".pyo")):
            yield entry.path


def _tree_signatures(root: Path) -> Iterator[FileSignature | tuple[str, int, int]]:
    """Signatures of every file under `root`, in a stable order (a missing root has one entry
    saying so, so that creating it later changes the key)."""
    if not root.is_dir():
        yield (str(root), -1, -1)
        return
    for path in _files_under(str(root)):
        signature = _signature(path)
        if signature is not None:
            yield signature


def _code_signatures() -> Iterator[FileSignature]:
    for module in _files_under(os.path.dirname(os.path.realpath(__file__)), ".py"):
        signature = _signature(module)
        if signature is not None:
            yield signature


def cache_key(roots: Iterable[tuple[Path, bool]]) -> str:
    """Everything the loaded RuleSet depends on, as text (see the module docstring). It is
    stored in the entry and compared in full, so the short checksum naming the file only has to
    spread keys out, not tell them apart."""
    from linter import __version__

    digest = _KeyText()
    digest.update(f"{CACHE_FORMAT}|{__version__}|{sys.version}\n".encode())
    for signature in _code_signatures():
        digest.update(repr(signature).encode())
    for root, builtin in roots:
        digest.update(f"root|{root.resolve()}|{builtin}\n".encode())
        for signature in _tree_signatures(root):
            digest.update(repr(signature).encode())
    return digest.text()


class _KeyText:
    """Collects the key's parts (hashlib would cost an OpenSSL import on every run)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def update(self, part: bytes) -> None:
        self.parts.append(part + b"\n")

    def text(self) -> str:
        return b"".join(self.parts).decode("utf-8", "surrogateescape")


def _checksum(data: bytes) -> bytes:
    """64 bits of CRC-32 and Adler-32 (the name of a cache entry, from its key)."""
    return zlib.crc32(data).to_bytes(4, "big") + zlib.adler32(data).to_bytes(4, "big")


def _body_checksum(body: bytes | memoryview) -> bytes:
    """CRC-32 of an entry's body, its first 4 bytes: enough to notice a damaged or truncated
    file, at 1 ms for the built-in rules' 7 MB (a second checksum cost as much again)."""
    return zlib.crc32(body).to_bytes(4, "big")


def _referenced_files(ruleset: RuleSet) -> list[Path]:
    """Every `{file: ...}` list and classifier `model` the rules name, wherever it lies."""
    found: list[Path] = []
    for rule in ruleset:
        model = rule.spec.options.get("model")
        if isinstance(model, str):
            found.append(rule.spec.data_path(model).resolve())
        for value in _walk_values(rule.spec.options):
            if is_list_file(value):
                relative = value["file"]
                if isinstance(relative, str):
                    found.append(rule.spec.data_path(relative).resolve())
    return found


def referenced_stamps(ruleset: RuleSet) -> list[FileSignature | None]:
    """Stamps of the files `_referenced_files` names (None for one that is missing)."""
    return [_signature(path) for path in _referenced_files(ruleset)]


# The key of each set of rule folders this process loaded through the cache, with the stamps of
# the files its rules read from elsewhere: everything the loaded rules depend on, taken before
# they were loaded (or, for those files, as the cache entry was checked). linter/results.py
# builds on it, so a rule edited while a run goes makes the next run lint afresh, rather than
# reuse findings of the old rule under the new rule's key.
_origins: dict[tuple[tuple[str, ...], bool], str] = {}


def take_origin(extra_dirs: Iterable[str | Path], *, builtin: bool) -> str | None:
    """The key recorded by the last cached load of these rule folders (None if they were not
    loaded through the cache since the last call), forgotten as it is returned."""
    return _origins.pop((tuple(str(Path(d)) for d in extra_dirs), builtin), None)


def _walk_values(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _walk_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_values(item)


def load_rules_cached(
    extra_dirs: Iterable[str | Path] = (), *, builtin: bool = True, use_cache: bool = True
) -> RuleSet:
    """`rules.load_rules`, served from the cache when nothing it depends on has changed."""
    extra = [Path(d) for d in extra_dirs]
    if not use_cache:
        return load_rules(extra, builtin=builtin)
    roots = ([(builtin_rules_dir(), True)] if builtin else []) + [(d, False) for d in extra]
    try:
        key = cache_key(roots)
    except OSError:
        return load_rules(extra, builtin=builtin)
    entry_path = (
        cache_dir() / f"{_PREFIX}{_checksum(key.encode('utf-8', 'surrogateescape')).hex()}{_SUFFIX}"
    )
    cached = _read_entry(entry_path, key)
    if cached is not None:
        ruleset, referenced = cached
    else:
        ruleset = load_rules(extra, builtin=builtin)
        referenced = [s for s in referenced_stamps(ruleset) if s is not None]
        _write_entry(entry_path, key, ruleset, referenced)
    _origins[(tuple(str(d) for d in extra), builtin)] = f"{key}\n{referenced!r}"
    return ruleset


def _read_entry(path: Path, key: str) -> tuple[RuleSet, list[FileSignature]] | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        # A view, not a copy: slicing 7 MB of bytes costs a pre-commit run a millisecond or two.
        view = memoryview(data)
        checksum, body = view[:4], view[4:]
        if _body_checksum(body) != checksum:
            return None
        # Unpickling allocates many objects and no garbage: a collection pass in the middle
        # would only walk them (a few ms of a pre-commit run).
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            entry = pickle_impl.loads(body)
        finally:
            if gc_was_enabled:
                gc.enable()
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if any(_signature(Path(sig[0])) != sig for sig in entry["referenced"]):
            return None  # a list file outside the rule folders changed
        ruleset = entry["ruleset"]
        if not isinstance(ruleset, RuleSet):
            return None
        from linter import prefilter

        # The prefilter's literal scan, compiled once (linter/prefilter.py); rebuilt if absent.
        prefilter.adopt(ruleset, entry.get("prefilter"))
        return ruleset, list(entry["referenced"])
    except Exception:  # any damage to a cache file means: rebuild it
        return None


def _write_entry(
    path: Path, key: str, ruleset: RuleSet, referenced: list[FileSignature]
) -> None:
    from linter import prefilter

    entry = {
        "key": key,
        # First, so that it is unpickled before the rule set imports the matcher modules.
        "patterns": _ModulePatterns(),
        "referenced": referenced,
        "ruleset": ruleset,
        "prefilter": prefilter.prepare(ruleset),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Write then rename, so a concurrent run never reads half a file.
        import tempfile  # only when writing: it pulls in shutil, bz2 and lzma

        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            body = _dumps(entry)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_body_checksum(body))
                handle.write(body)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
        _prune(path.parent)
    except Exception:  # a cache that cannot be written is just not used
        return


# The modules whose module-level patterns a run compiles: those the rule set's unpickling and
# a lint of one document import. Their ~50 patterns (with the markdown parser's) took ~6 ms to
# compile on every pre-commit run, a sixteenth of it; restored from SRE code, well under 1 ms.
_RUN_MODULES = (
    "linter.mentions",  # imported by the first Document.mentions, after the rule cache is read
    "linter.prefilter",
    "linter.superset",
    "linter.matchers.base",
    "linter.matchers.evidence",
    "linter.matchers.classifier",
    "linter.matchers.encoding",
    "linter.matchers.existence",
    "linter.matchers.occurrence",
    "linter.matchers.metric",
    "linter.matchers.link",
    "linter.textmodel",
    "linter.readability",
    "linter.markup.text",
    "linter.markup.markdown",
    "linter.markup.html",
    "linter.suppress",
    "linter.report.text",
)


class _ModulePatterns:
    """The module-level patterns of `_RUN_MODULES`, pickled as SRE code. Unpickling them puts
    them in `re`'s own cache of compiled patterns (`re._cache`, keyed by type, source and
    flags), so that the `re.compile` calls of those modules, made as the rule set's
    unpickling imports them, find them there instead of compiling. Best effort: an interpreter
    whose `re` keeps no such cache, or a pattern whose code `_sre` rejects, is compiled as
    usual; a priming entry is always the pattern `re.compile` would return for its key."""

    def __reduce__(self) -> tuple[Any, ...]:
        import _sre
        import importlib

        # A pattern one module imports from another (markdown's URL, from markup.text) is
        # stored once.
        patterns = {
            id(value): value
            for name in _RUN_MODULES
            for value in list(vars(importlib.import_module(name)).values())
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str)
        }
        table = []
        for pattern in patterns.values():
            flags = _passed_flags(pattern)
            if flags is not None:
                table.append((flags, *_pattern_code(pattern)))
        return _prime_re_cache, (sys.version, _sre.MAGIC, table)


def _passed_flags(pattern: re.Pattern[str]) -> int | None:
    """The flags `re.compile` was given for `pattern` (its flags less the implicit UNICODE and
    the inline ones of its source), or None if compiling the source with them gives other
    flags: `re._cache` is keyed by the flags passed."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    inline = _parser.parse(pattern.pattern, 0).state.flags & ~re.UNICODE
    flags = pattern.flags & ~re.UNICODE & ~inline
    return flags if _compiler.compile(pattern.pattern, flags).flags == pattern.flags else None


def _prime_re_cache(version: str, magic: int, table: list[tuple[Any, ...]]) -> int:
    """Put the patterns of `table` into `re._cache` (see `_ModulePatterns`); how many."""
    import _sre

    cache = getattr(re, "_cache", None)
    if version != sys.version or magic != _sre.MAGIC or not isinstance(cache, dict):
        return 0
    primed = 0
    for flags, source, *args in table:
        key = (str, source, flags)
        if key not in cache:
            pattern = _build_pattern(source, *args)
            if isinstance(pattern, re.Pattern):
                cache[key] = pattern
                primed += 1
    return primed


def _prune(folder: Path) -> None:
    """Keep the `MAX_ENTRIES` most recently written entries."""
    entries = sorted(
        folder.glob(ENTRY_GLOB), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


class _RulePickler(pickle_impl.Pickler):  # type: ignore[misc]
    """Pickles compiled regexes as SRE code (see the module docstring)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            try:
                return _restore_pattern, _pattern_code(obj)
            except Exception:  # an unexpected parser internals change: plain re pickling
                return NotImplemented
        return NotImplemented


def _dumps(entry: Any) -> bytes:
    buffer = io.BytesIO()
    _RulePickler(buffer, protocol=PICKLE_PROTOCOL).dump(entry)
    return buffer.getvalue()


def _pattern_code(pattern: re.Pattern[Any]) -> tuple[Any, ...]:
    """The arguments `re` itself hands `_sre.compile` for `pattern` (as in re._compiler)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    flags = pattern.flags
    parsed = _parser.parse(pattern.pattern, flags)
    code = _compiler._code(parsed, flags)
    group_index = dict(parsed.state.groupdict)
    index_group: list[str | None] = [None] * parsed.state.groups
    for name, index in group_index.items():
        index_group[index] = name
    return (
        pattern.pattern,
        flags | parsed.state.flags,
        _pack_code([int(op) for op in code]),  # plain ints: the opcode constants do not pickle
        parsed.state.groups - 1,
        group_index,
        tuple(index_group),
    )


def _pack_code(code: list[int]) -> bytes | list[int]:
    """SRE code as the bytes of an array of its words, when the array type has their size."""
    import _sre
    from array import array

    if array("I").itemsize != _sre.CODESIZE:  # pragma: no cover - no such platform known
        return code
    return array("I", code).tobytes()


def _unpack_code(code: bytes | list[int]) -> list[int]:
    if isinstance(code, list):
        return code
    from array import array

    words = array("I")
    words.frombytes(code)
    return words.tolist()  # _sre.compile takes a list


# Patterns with more SRE code words than this are restored as `LazyPattern`s, built on first
# use: the large phrase alternations, which a run on one small file mostly never calls (the
# prefilter skips their rules). Smaller ones cost less to build than to defer.
LAZY_CODE_WORDS = 4096


def _restore_pattern(
    source: Any,
    flags: int,
    code: bytes | list[int],
    groups: int,
    group_index: dict[str, int],
    index_group: tuple[str | None, ...],
) -> Any:
    """The pattern pickled by `_pattern_code`: compiled now if small, else a `LazyPattern`."""
    size = len(code) // 4 if isinstance(code, bytes) else len(code)
    if size <= LAZY_CODE_WORDS or not isinstance(source, str):
        return _build_pattern(source, flags, code, groups, group_index, index_group)
    from functools import partial

    from linter.patterns import LazyPattern

    build = partial(_build_pattern, source, flags, code, groups, group_index, index_group)
    return LazyPattern(build, source, flags, groups, group_index)


def _build_pattern(
    source: Any,
    flags: int,
    code: bytes | list[int],
    groups: int,
    group_index: dict[str, int],
    index_group: tuple[str | None, ...],
) -> re.Pattern[Any]:
    try:
        import _sre

        return _sre.compile(source, flags, _unpack_code(code), groups, group_index, index_group)  # type: ignore[no-any-return]
    except Exception:  # the SRE code did not validate: compile from source
        return re.compile(source, flags)
