"""Finding the files to lint and decoding them, with a clear error for each bad input.

Decoding is strict first: a BOM picks UTF-8 or UTF-16; otherwise the bytes must be UTF-8. On
invalid UTF-8 the first bad byte's line and column are reported, and the rest is still linted
with replacement characters, so the other rules run.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from linter.model import ArticleLintError

# What a folder is searched for. Other files are linted only when named explicitly.
DEFAULT_EXTENSIONS: frozenset[str] = frozenset(
    {".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt", ".text", ".html", ".htm", ".xhtml"}
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


class InputError(ArticleLintError):
    """A file that cannot be linted (missing, unreadable, binary, ...)."""


@dataclass
class Source:
    path: str
    text: str
    # Problems found while decoding (e.g. invalid UTF-8 at line:col); the text is still linted.
    problems: list[ArticleLintError] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    # Notes that are not errors (e.g. a skipped binary file).
    notes: list[str] = field(default_factory=list)


def iter_paths(
    paths: Iterable[str],
    *,
    extensions: frozenset[str] = DEFAULT_EXTENSIONS,
    errors: list[ArticleLintError] | None = None,
) -> Iterator[str]:
    """Expand files and folders into the files to lint, in a stable order.

    A path that does not exist is appended to `errors` (if given) or raised.
    """
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, extensions)
        elif path.exists() or path.is_symlink():
            yield given
        else:
            error = InputError("no such file or folder", path=given)
            if errors is None:
                raise error
            errors.append(error)


def _walk(root: Path, extensions: frozenset[str]) -> Iterator[str]:
    # os.walk does not follow symlinked folders, so a symlink loop cannot trap it.
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if os.path.splitext(name)[1].lower() in extensions:
                yield os.path.join(folder, name)


def decode(data: bytes, path: str) -> Source:
    """Bytes to text: BOM-aware, strict UTF-8 with a located error on the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[len(codecs.BOM_UTF8) :], path, bom=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Source(path, data.decode("utf-16"), encoding="utf-16", bom=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16: {exc.reason}", path=path) from None
    if b"\x00" in data[:8192]:
        raise BinaryFileError("binary file (NUL bytes), skipped", path=path)
    return _decode_utf8(data, path, bom=False)


class BinaryFileError(InputError):
    """A file that looks binary; skipped with a note rather than linted."""


def _decode_utf8(data: bytes, path: str, *, bom: bool) -> Source:
    try:
        return Source(path, data.decode("utf-8"), bom=bom)
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        problem = InputError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}) at line {line}, column {column}; "
            "the rest was linted with U+FFFD in its place",
            path=path,
            line=line,
        )
        return Source(path, data.decode("utf-8", errors="replace"), [problem], bom=bom)


def read_source(path: str, *, stdin_bytes: bytes | None = None) -> Source:
    """Read and decode one file (or stdin as `-`)."""
    if path == STDIN:
        return decode(stdin_bytes or b"", "<stdin>")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        kind = "broken symlink" if os.path.islink(path) else "no such file"
        raise InputError(kind, path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return decode(data, path)
