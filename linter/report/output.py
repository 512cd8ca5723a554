"""`--output FILE`: the report is streamed into a temporary file next to FILE and renamed over
it only when the run has finished, so a reader never sees half a report, and a failed or
interrupted run leaves FILE as it was and no temporary file behind (as `fix.atomic_write`).

A symlink is written through (its target is replaced, the link kept), and something that is not
a regular file (`/dev/null`, a named pipe, `/dev/stdout`, a shell's `>(cat)`) is written into
directly: renaming a file over a device would replace the device itself.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TextIO

from linter.model import ArticleLintError


class ReportFileError(ArticleLintError):
    """The report file cannot be written."""


def _error(exc: OSError, path: str) -> ReportFileError:
    return ReportFileError(f"cannot write the report: {exc.strerror or exc}", path=path)


class AtomicOutput:
    """A text stream into a temporary file that `commit` renames to `path`; `abort` drops it.

    Write errors (a full disk, ...) surface as ReportFileError, the message the old
    write-everything-at-the-end code gave, and remove the temporary file.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.temporary = ""
        try:
            existing = os.stat(path)  # through symlinks
        except OSError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            try:
                self.stream: TextIO | None = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise _error(exc, path) from None
            return
        import tempfile  # only with --output: it pulls in shutil, bz2 and lzma

        # Through a symlink to the file it names, so the link stays a link.
        target = os.path.realpath(path) if os.path.islink(path) else path
        self.folder = os.path.dirname(os.path.abspath(target))
        try:
            # The permission bits of the file being replaced are kept (a new one gets the
            # usual bits under the umask); mkstemp alone would make it 0600.
            self.mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else None
            descriptor, self.temporary = tempfile.mkstemp(
                dir=self.folder, prefix=f".{os.path.basename(target)}.", suffix=".article-lint.tmp"
            )
        except OSError as exc:
            raise _error(exc, path) from None
        self.target = target
        # newline="": no translation, so the file holds exactly what stdout would have shown.
        self.stream = os.fdopen(descriptor, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> int:
        if self.stream is None:
            raise ValueError("the report file is already closed")
        try:
            return self.stream.write(text)
        except OSError as exc:
            self.abort()
            raise _error(exc, self.path) from None

    def flush(self) -> None:
        """Nothing to do before `commit`: a half-written temporary file is nobody's business."""

    def isatty(self) -> bool:
        return False

    def commit(self) -> None:
        stream, self.stream = self.stream, None
        if stream is None:
            return
        if not self.temporary:  # written directly: a device or a pipe
            try:
                stream.close()
            except OSError as exc:
                raise _error(exc, self.path) from None
            return
        try:
            with stream:
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(self.temporary, self.mode if self.mode is not None else _default_mode())
            os.replace(self.temporary, self.target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            if isinstance(exc, OSError):
                raise _error(exc, self.path) from None
            raise
        # Make the rename itself durable where the platform lets us open a folder.
        with contextlib.suppress(OSError):
            folder_descriptor = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(folder_descriptor)
            finally:
                os.close(folder_descriptor)

    def abort(self) -> None:
        stream, self.stream = self.stream, None
        if stream is None:
            return
        with contextlib.suppress(OSError):
            stream.close()
        if self.temporary:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
