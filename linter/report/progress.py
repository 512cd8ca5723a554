"""A progress bar on stderr for long runs, only where a person is watching.

Shown when stderr is a terminal, there are at least MIN_FILES files, and the run is not in CI
(the CI variable is set by GitHub Actions, GitLab, Travis, ...). It redraws one line with `\\r`
at most every 1% and erases itself at the end, so nothing is left in scroll-back or logs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import TextIO

MIN_FILES = 50
_WIDTH = 30


def progress_wanted(
    total: int, stream: TextIO, environ: Mapping[str, str] | None = None, *, quiet: bool = False
) -> bool:
    env = os.environ if environ is None else environ
    if quiet or total < MIN_FILES or env.get("CI") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


class Progress:
    """`with Progress(stream, total) as bar: bar.advance()` draws `[####    ] 12/100 files`."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool = True) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.enabled = enabled
        self.done = 0
        self._drawn_percent = -1

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        percent = self.done * 100 // self.total
        if percent == self._drawn_percent:
            return
        self._drawn_percent = percent
        filled = self.done * _WIDTH // self.total
        bar = "#" * filled + " " * (_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} files")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar so other output can be printed on its line; the next `advance` draws
        it again."""
        self.close()

    def close(self) -> None:
        if self.enabled and self._drawn_percent >= 0:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn_percent = -1
