"""--fix and --diff: apply the safe fixes (findings marked `fixable`) to files.

A fix replaces `text[offset:end_offset]` by the finding's suggestion. Fixes are applied to the
decoded text, then the file is re-encoded the way it was read (same BOM and encoding); line
endings are untouched because only the flagged spans change. Overlapping fixes: the first (by
position) wins and the others wait for the next pass; passes repeat until nothing is left to fix,
so running --fix twice changes nothing the second time.

Writes are atomic: a temporary file in the same folder, fsync, the original's permission bits
and owner, then os.replace; if anything fails (or Ctrl-C arrives) before the rename, the original
is intact and the temporary file is removed. A file with nothing to fix is never opened for
writing; a read-only file, or one that changed while it was linted, is not written; a file with
other hard links is rewritten in place, so the links keep sharing it.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Sequence

from linter.document import format_for_path
from linter.engine import DEFAULT_OPTIONS, LintOptions, lint_source
from linter.model import ArticleLintError, Finding
from linter.record import field, record, replace
from linter.rules import RuleSet
from linter.sources import BYTE_ORDER_MARKS, STDIN, Source, decode

# Safety net against two rules that keep undoing each other's fixes.
MAX_PASSES = 10


class FixError(ArticleLintError):
    """A file that could not be fixed (unwritable, undecodable, ...)."""


@record
class FixResult:
    path: str
    original: str
    fixed: str
    # Fixes applied, over all passes.
    applied: int = 0
    # What is still reported once the fixes are in.
    remaining: list[Finding] = field(default_factory=list)
    # The file began with a byte-order mark (not part of `original`): --diff shows it, so the
    # patch applies to the file as it is.
    bom: bool = False
    # `fixed` as bytes in the input's own encoding and BOM (`--fix -` writes these).
    encoded: bytes | None = None
    # How the input was decoded (utf-8, utf-16-le, ...): --diff prints UTF-8 only.
    encoding: str = "utf-8"

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def apply_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """Apply every fixable finding whose span does not overlap an earlier one (at one start,
    the longest first).

    Returns the new text and the findings applied. A fix that would not change the text is not
    counted (so a rule that suggests what is already there cannot loop).
    """
    # At one start the longer span goes first: it is the whole of the damage (a mojibake
    # pair), a shorter one there a part of it.
    candidates = sorted(
        (f for f in findings if f.fixable and f.suggestion is not None),
        key=lambda f: (f.offset, -f.end_offset),
    )
    applied: list[Finding] = []
    pieces: list[str] = []
    cursor = 0
    last_span: tuple[int, int] | None = None
    for finding in candidates:
        start, end = finding.offset, finding.end_offset
        if start < cursor or (start, end) == last_span or not 0 <= start <= end <= len(text):
            continue  # overlaps a fix already taken: skip it, the next pass will see it again
        assert finding.suggestion is not None
        if text[start:end] == finding.suggestion:
            continue
        pieces.append(text[cursor:start])
        pieces.append(finding.suggestion)
        cursor = end
        last_span = (start, end)
        applied.append(finding)
    if not applied:
        return text, []
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def fix_text(
    text: str,
    ruleset: RuleSet,
    *,
    path: str = "<text>",
    fmt: str | None = None,
    options: LintOptions = DEFAULT_OPTIONS,
) -> FixResult:
    """Lint and fix `text` in memory until no fixable finding is left (or MAX_PASSES)."""
    fmt = fmt or format_for_path(path)
    result = FixResult(path=path, original=text, fixed=text)
    current = text
    # Linted as a run lints a file (lint_source: character references read as characters),
    # so the findings left after fixing are the ones a plain run reports.
    findings = lint_source(current, ruleset, path=path, fmt=fmt, options=options)[1]
    # Each text reached, with the fixes applied to reach it: two rules that undo each other
    # (`a` -> `b` and `b` -> `a`) come back to an earlier text, and the run stops there
    # instead of flipping the span and counting a fix for every pass.
    reached = {current: 0}
    for _ in range(MAX_PASSES):
        current, applied = apply_fixes(current, findings)
        if not applied:
            break
        if current in reached:
            result.applied = reached[current]
            findings = lint_source(current, ruleset, path=path, fmt=fmt, options=options)[1]
            break
        result.applied += len(applied)
        reached[current] = result.applied
        findings = lint_source(current, ruleset, path=path, fmt=fmt, options=options)[1]
    result.fixed = current
    result.remaining = findings
    return result


def encode_like(text: str, source: Source) -> bytes:
    """`text` encoded as `source` was read: the same encoding, and its BOM if it had one."""
    if source.bom:
        return BYTE_ORDER_MARKS[source.encoding] + text.encode(source.encoding)
    if source.encoding != "utf-8":
        raise ValueError(f"cannot re-encode {source.encoding!r} without its BOM")
    return text.encode("utf-8")


def _stamp(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _write_in_place(path: str, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write(
    path: str, data: bytes, *, mode: int | None = None, owner: tuple[int, int] | None = None
) -> None:
    """Replace `path` by `data` atomically; keep `mode` (the permission bits) and `owner`
    (uid, gid: as far as this process may give them away) if given.

    The temporary file lives in the same folder (so os.replace is a rename on one file system)
    and is removed on any failure, including KeyboardInterrupt, before the rename.
    """
    folder = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".article-lint.tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; give it the original's bits, or a new file's usual ones.
        if owner is not None and hasattr(os, "chown"):
            # Root fixing a user's file (a CI bind mount) must not hand it to root.
            with contextlib.suppress(OSError):
                os.chown(temporary, *owner)
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else _default_mode())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    # Make the rename itself durable where the platform lets us open a folder.
    with contextlib.suppress(OSError):
        folder_descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_descriptor)
        finally:
            os.close(folder_descriptor)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def fix_file(
    path: str,
    ruleset: RuleSet,
    *,
    options: LintOptions = DEFAULT_OPTIONS,
    fmt: str | None = None,
    write: bool = True,
    stdin_bytes: bytes | None = None,
    display: str | None = None,
) -> FixResult:
    """Fix one file (or stdin as `-`, never written). With `write=False` nothing is written
    (for --diff). Raises FixError for a file that cannot be fixed safely."""
    display = display or ("<stdin>" if path == STDIN else path)
    if path == STDIN:
        original_bytes = stdin_bytes or b""
        target = None
    else:
        target = os.path.realpath(path)  # write through a symlink, not over it
        try:
            with open(target, "rb") as handle:
                original_bytes = handle.read()
                read_stamp = _stamp(os.fstat(handle.fileno()))
        except OSError as exc:
            raise FixError(f"cannot read: {exc.strerror or exc}", path=display) from None
    source = decode(original_bytes, display)
    if source.problems:
        # The text was decoded with U+FFFD in place of bad bytes; writing it back would
        # destroy them, so this file is linted but not fixed.
        raise FixError("not fixed: the file is not valid UTF-8", path=display)
    fmt = fmt or format_for_path("<stdin>" if path == STDIN else path)
    result = fix_text(source.text, ruleset, path=display, fmt=fmt, options=options)
    result = replace(result, bom=source.bom, encoding=source.encoding)
    if target is None:
        try:
            encoded = encode_like(result.fixed, source)
        except ValueError as exc:
            raise FixError(f"not fixed: {exc}", path=display) from None
        return replace(result, encoded=encoded)
    if write and result.changed:
        try:
            now = os.stat(target)
            if _stamp(now) != read_stamp:
                # Saved by an editor while we linted: writing would throw that edit away.
                raise FixError("not fixed: the file changed while it was being fixed; run again",
                               path=display)  # fmt: skip
            if not now.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                raise FixError("not fixed: the file is read-only", path=display)
            data = encode_like(result.fixed, source)
            if now.st_nlink > 1:
                # A rename would give this name a new file and leave the other links with the
                # old text: a hard-linked file is rewritten in place instead (not atomic).
                _write_in_place(target, data)
            else:
                atomic_write(target, data, mode=now.st_mode, owner=(now.st_uid, now.st_gid))
        except OSError as exc:
            raise FixError(f"cannot write the fixes: {exc.strerror or exc}", path=display) from None
        except ValueError as exc:
            raise FixError(f"not fixed: {exc}", path=display) from None
    return result


def unified_diff(result: FixResult) -> str:
    """The fixes of one file as a unified diff (`a/PATH` -> `b/PATH`), empty if none."""
    if not result.changed:
        return ""
    # An absolute path loses its leading slash, as in `git diff --no-index`: "a/tmp/post.md",
    # not "a//tmp/post.md".
    name = result.path.replace("\\", "/").lstrip("/")
    bom = "\ufeff" if result.bom else ""
    lines = difflib.unified_diff(
        _patch_lines(bom + result.original),
        _patch_lines(bom + result.fixed),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    # GNU patch ends a file name at white space unless a tab follows it (git writes one there).
    tab = "\t" if any(char.isspace() for char in name) else ""
    out: list[str] = []
    for index, line in enumerate(lines):
        if index < 2 and tab:
            line = line[:-1] + tab + "\n"  # the "--- a/..." and "+++ b/..." lines
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _patch_lines(text: str) -> list[str]:
    """`text` cut after each line feed, as patch and git read a file: a lone CR, a form feed or
    U+2028 (which `str.splitlines` breaks at) stays inside its line."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])
