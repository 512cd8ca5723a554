"""`--output FILE`: the report is streamed into a temporary file next to FILE and renamed over
it only when the run has finished, so a reader never sees half a report, and a failed or
interrupted run leaves FILE as it was and no temporary file behind (as `fix.atomic_write`).
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
        import tempfile  # only with --output: it pulls in shutil, bz2 and lzma

        self.path = path
        self.folder = os.path.dirname(os.path.abspath(path))
        try:
            # The permission bits of the file being replaced are kept (a new one gets the
            # usual bits under the umask); mkstemp alone would make it 0600.
            self.mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else None
            descriptor, self.temporary = tempfile.mkstemp(
                dir=self.folder, prefix=f".{os.path.basename(path)}.", suffix=".article-lint.tmp"
            )
        except OSError as exc:
            raise _error(exc, path) from None
        # newline="": no translation, so the file holds exactly what stdout would have shown.
        self.stream: TextIO | None = os.fdopen(descriptor, "w", encoding="utf-8", newline="")

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
        try:
            with stream:
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(self.temporary, self.mode if self.mode is not None else _default_mode())
            os.replace(self.temporary, self.path)
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
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
