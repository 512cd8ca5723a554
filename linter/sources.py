"""Finding the files to lint and decoding them, with a clear error for each bad input.

Decoding is strict first: a BOM picks UTF-8 or UTF-16; otherwise the bytes must be UTF-8. On
invalid UTF-8 (or UTF-16) the first bad byte's line and column are reported, and the rest is still
linted with replacement characters, so the other rules run. A file with a NUL byte in its first
8 KiB is binary and skipped with a note (not an error). A file larger than the size limit is
refused before it is read (its size comes from the file system), so a 200 MB log file costs
nothing. Folders are walked with an explicit stack (no recursion limit) one folder at a time, and
a folder that cannot be listed is an error, not a silent gap. See docs/robustness.md.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from linter.model import ArticleLintError, without_dot_slash
from linter.record import field, record

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import BinaryIO

# What a folder is searched for. Other files are linted only when named explicitly.
DEFAULT_EXTENSIONS: frozenset[str] = frozenset(
    {".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt", ".text", ".html", ".htm", ".xhtml"}
)
# Files a folder walk finds by extension that are not articles: requirements and constraints
# lists, licences, CMake and robots files (a file named on the command line is still linted).
# The pre-commit hook's `exclude` is the same pattern.
NOT_ARTICLES = re.compile(
    r"(?i)(?:^|/)(?:(?:(?:requirements|constraints)(?:[-_.][^/]*)?|CMakeLists|robots)\.txt"
    r"|(?:LICEN[CS]E|COPYING|NOTICE|AUTHORS)(?:[-_.](?:MIT|APACHE[^/]*|BSD[^/]*|GPL[^/]*|LGPL[^/]*"
    r"|MPL[^/]*|THIRD[-_]PARTY[^/]*))?\.(?:txt|md|markdown))$"
)
# Folders never descended into when searching.
SKIPPED_DIRS: frozenset[str] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".article-lint-cache",
    }
)
STDIN = "-"
# Files larger than this are refused unless --max-file-size says otherwise.
DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
# How much of a file is looked at for NUL bytes to call it binary (as git and grep do).
BINARY_PROBE = 8192
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """`50M`, `200k`, `1.5GB`, `1000000` -> bytes (units are powers of 1024); ValueError if not."""
    found = _SIZE.match(text)
    if not found:
        raise ValueError(f"not a size: {text!r} (try 50M, 500k or a number of bytes)")
    unit = (found.group(2) or "").lower()[:1]
    return int(float(found.group(1)) * _SIZE_UNITS[unit])


def format_size(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


class InputError(ArticleLintError):
    """A file that cannot be linted (missing, unreadable, binary, ...)."""


@record
class Source:
    path: str
    text: str
    # Problems found while decoding (e.g. invalid UTF-8 at line:col); the text is still linted.
    problems: list[ArticleLintError] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    # Notes that are not errors (e.g. a skipped binary file).
    notes: list[str] = field(default_factory=list)
    # Where decoding put a U+FFFD for bytes that were not valid (character offsets): the
    # input error already reports them, so the replacement-character rule does not.
    replaced: frozenset[int] = frozenset()


def iter_paths(
    paths: Iterable[str],
    *,
    extensions: frozenset[str] = DEFAULT_EXTENSIONS,
    errors: list[ArticleLintError] | None = None,
) -> Iterator[str]:
    """Expand files and folders into the files to lint, in a stable order, lazily.

    A path that does not exist, or a folder that cannot be listed, is appended to `errors` (if
    given) or raised. A broken symlink is yielded like a file: reading it is the error that
    names it, so a dangling link in a docs folder is not silently skipped.
    """

    def fail(error: ArticleLintError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        # `./docs/a.md` is reported (and fingerprinted) as `docs/a.md`, as `docs` finds it.
        given = without_dot_slash(given)
        if given == STDIN:
            given = "./-"  # a file named "-", not standard input
        path = Path(given)
        if path.is_dir():
            if os.path.normpath(given) == ".":
                yield from (name[2:] for name in _walk(".", extensions, fail))
            else:
                yield from _walk(given, extensions, fail)
        elif path.exists() or path.is_symlink():
            yield given
        else:
            fail(InputError("no such file or folder", path=given))


def _walk(
    root: str,
    extensions: frozenset[str],
    fail: Callable[[ArticleLintError], None],
) -> Iterator[str]:
    # Depth first with an explicit stack, so a deep tree cannot hit the recursion limit; one
    # folder's listing in memory at a time. Symlinked folders are not followed, so a symlink loop
    # cannot trap the walk. In each folder: its files (sorted), then its subfolders (sorted).
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            fail(InputError(f"cannot list folder: {exc.strerror or exc}", path=folder))
            continue
        subfolders: list[str] = []
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name not in SKIPPED_DIRS and not entry.name.startswith("."):
                    subfolders.append(entry.path)
                continue
            if os.path.splitext(entry.name)[1].lower() not in extensions:
                continue
            if NOT_ARTICLES.search(entry.name):
                continue
            try:
                mode = entry.stat().st_mode
            except OSError:
                mode = None  # a broken symlink: reading it reports the problem
            # Only regular files: a symlinked folder is not followed, and reading a named pipe
            # or a device found in a folder would wait forever or never end.
            if mode is not None and not stat.S_ISREG(mode):
                continue
            yield entry.path
        stack.extend(reversed(subfolders))


# The encodings a file declares by its byte-order mark, in the order they are tried: UTF-32
# before UTF-16, as the UTF-32 LE mark begins with the UTF-16 LE one. `--fix` writes a file
# back with the mark it was read with.
BYTE_ORDER_MARKS: dict[str, bytes] = {
    "utf-8": codecs.BOM_UTF8,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def decode(data: bytes, path: str) -> Source:
    """Bytes to text: BOM-aware, strict UTF-8 with a located error on the first bad byte."""
    for encoding, mark in BYTE_ORDER_MARKS.items():
        if not data.startswith(mark):
            continue
        body = data[len(mark) :]
        # The UTF-32 LE mark is also UTF-16 LE text starting with U+0000: it is UTF-32 only if
        # the rest reads as such.
        if encoding == "utf-32-le" and not _reads_as_utf32(body, encoding):
            continue
        return _decode_located(body, path, encoding, bom=True)
    if b"\x00" in data[:BINARY_PROBE]:
        raise BinaryFileError("binary file (NUL bytes), skipped", path=path)
    return _decode_located(data, path, "utf-8", bom=False)


def _reads_as_utf32(body: bytes, encoding: str) -> bool:
    if not body or len(body) % 4:
        return False
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class BinaryFileError(InputError):
    """A file that looks binary; skipped with a note rather than linted."""


def _decode_located(data: bytes, path: str, encoding: str, *, bom: bool) -> Source:
    """Decode strictly; on a bad byte, report its line and column (in characters, as findings
    count them, after the BOM) and decode the rest with U+FFFD so the rules still run."""
    label = encoding[:6].upper()  # UTF-8, UTF-16, UTF-32
    try:
        return Source(path, data.decode(encoding), encoding=encoding, bom=bom)
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode(encoding)
        line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(good))]
        line = len(line_starts)
        column = len(good) - line_starts[-1] + 1
        bad = data[exc.start : exc.end].hex(" ")
        problem = InputError(
            f"invalid {label} (byte {bad}) at line {line}, column {column}; "
            "the rest was linted with U+FFFD in its place",
            path=path,
            line=line,
        )
        text, replaced = _decode_replacing(data, encoding)
        return Source(path, text, [problem], encoding=encoding, bom=bom, replaced=replaced)


def _decode_replacing(data: bytes, encoding: str) -> tuple[str, frozenset[int]]:
    """The text `data.decode(encoding, errors="replace")` gives, and the offsets of the U+FFFD
    that decoding put in. The handler is called in order, for the same bad sequences as
    errors="replace"; it decodes the good stretch before each once more to count its
    characters, so this stays linear (a loop of strict decodes copied the rest of the file
    into each exception: quadratic in a Latin-1 file)."""
    state = _Replacing(encoding)
    token = _replacing.set(state)
    try:
        text = data.decode(encoding, errors=_RECORD_REPLACEMENTS)
    finally:
        _replacing.reset(token)
    return text, frozenset(state.offsets)


@record
class _Replacing:
    encoding: str
    done: int = 0  # bytes counted so far
    chars: int = 0  # characters they decode to
    offsets: list[int] = field(default_factory=list)


# The decode in progress, per thread (a ContextVar: `threading` itself would cost a small run
# ~1 ms to import).
_replacing: ContextVar[_Replacing | None] = ContextVar("article_lint_replacing", default=None)
_RECORD_REPLACEMENTS = "article-lint-record-replacements"


def _record_replacement(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    state = _replacing.get()
    if state is None:  # pragma: no cover - only _decode_replacing names this handler
        raise exc
    state.chars += len(exc.object[state.done : exc.start].decode(state.encoding))
    state.offsets.append(state.chars)
    state.chars += 1
    state.done = exc.end
    return "\ufffd", exc.end


codecs.register_error(_RECORD_REPLACEMENTS, _record_replacement)


# A rule, list, model or config file is small; a bigger one (or /dev/zero) is a mistake.
MAX_SETTINGS_FILE_SIZE = 64 * 1024 * 1024


def read_settings_text(path: Path) -> str:
    """The text of a rule, word-list or config file: a regular file of at most
    MAX_SETTINGS_FILE_SIZE bytes, UTF-8, a leading BOM dropped (an editor's BOM hid the first
    entry of a list). Raises ValueError saying why it cannot be read (a system error's reason,
    or where a bad byte is), for the caller to put after the file's name."""
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ValueError("not a regular file")
            data = handle.read(MAX_SETTINGS_FILE_SIZE + 1)
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from None
    if len(data) > MAX_SETTINGS_FILE_SIZE:
        raise ValueError(f"larger than {format_size(MAX_SETTINGS_FILE_SIZE)}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        raise ValueError(
            f"invalid UTF-8 (byte {data[exc.start]:02x}) at line {line}, column {column}"
        ) from None


def read_source(
    path: str, *, stdin_bytes: bytes | None = None, max_size: int | None = DEFAULT_MAX_FILE_SIZE
) -> Source:
    """Read and decode one file (or stdin as `-`), refusing files above `max_size` bytes
    (None: no limit) before reading them."""
    if path == STDIN:
        data = stdin_bytes or b""
        if max_size is not None and len(data) > max_size:
            # read_stdin stops one byte past the limit: then the full size is unknown.
            size = None if len(data) == max_size + 1 else len(data)
            raise InputError(_too_large(size, max_size), path="<stdin>")
        return decode(data, "<stdin>")
    try:
        with open(path, "rb") as handle:
            data = _read_limited(handle, path, max_size)
    except FileNotFoundError:
        kind = "broken symlink" if os.path.islink(path) else "no such file"
        raise InputError(kind, path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return decode(data, path)


def _too_large(size: int | None, max_size: int) -> str:
    """The message for input over `max_size`; `size` None when only the limit was read (a
    pipe or stdin has no size up front)."""
    actual = f"more than {format_size(max_size)}" if size is None else format_size(size)
    return (
        f"file too large ({actual}, limit {format_size(max_size)}); not linted "
        "(raise the limit with --max-file-size)"
    )


def _read_limited(handle: BinaryIO, path: str, max_size: int | None) -> bytes:
    if max_size is None:
        return handle.read()
    info = os.fstat(handle.fileno())
    if stat.S_ISREG(info.st_mode) and info.st_size > max_size:
        raise InputError(_too_large(info.st_size, max_size), path=path)
    # A pipe or device has no size up front (and a file may grow): read one byte past the limit.
    data = handle.read(max_size + 1)
    if len(data) > max_size:
        raise InputError(_too_large(None, max_size), path=path)
    return data


def read_stdin(max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> bytes | InputError:
    """All of standard input as bytes, or the error to report for `<stdin>` (closed, too big).

    A closed or missing stdin (`article-lint - <&-`) is an error rather than an empty file, so
    a broken pipeline is not mistaken for an empty article.
    """
    stream = sys.stdin
    if stream is None:
        return InputError("standard input is closed", path="<stdin>")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream without bytes underneath (e.g. replaced in tests)
            return stream.read().encode("utf-8")
        limit = -1 if max_size is None else max_size + 1
        data = buffer.read(limit)
    except (OSError, ValueError) as exc:  # EBADF on a closed descriptor; ValueError if closed
        return InputError(f"cannot read standard input: {exc}", path="<stdin>")
    if max_size is not None and len(data) > max_size:
        return InputError(_too_large(None, max_size), path="<stdin>")
    return data
