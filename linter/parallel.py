"""Linting many files on several cores: chunks of files go to a process pool.

Results come back in the order the paths were given (`Pool.imap` keeps it), so the output is
the same, byte for byte, whatever `--jobs` is. Each worker gets the RuleSet once: inherited
through `fork` where the platform has it (no pickling, no recompiling), or pickled once per
worker through the pool initializer elsewhere. Files are read inside the workers and each
result is handed back as soon as its chunk is done, so memory does not grow with the corpus.

Small runs (one file, a pre-commit hook with a handful of files) stay in-process: starting a
pool costs more than linting a few kilobytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from linter.engine import DEFAULT_OPTIONS, LintOptions
from linter.results import ResultStore
from linter.rules import RuleSet
from linter.runner import FileResult, lint_paths
from linter.sources import STDIN

# Below this many bytes in total, a pool costs more than it saves.
MIN_PARALLEL_BYTES = 256 * 1024

# The worker's RuleSet, options, format and findings cache, set once per worker process (see
# `_init_worker`).
_WorkerState = tuple[RuleSet, LintOptions, str | None, ResultStore | None]
_worker_state: _WorkerState | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _init_worker(state: _WorkerState | None) -> None:
    global _worker_state
    if state is not None:  # spawn/forkserver: the state came pickled; with fork it is inherited
        _worker_state = state


def _lint_chunk(paths: Sequence[str]) -> list[FileResult]:
    assert _worker_state is not None, "worker started without a rule set"
    ruleset, options, fmt, results = _worker_state
    return list(lint_paths(paths, ruleset, options, fmt=fmt, results=results))


def _total_size(paths: Sequence[str], limit: int) -> int:
    """Bytes in `paths`, stopping early once `limit` is reached (stat is cheap, not free)."""
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
        if total >= limit:
            break
    return total


def lint_paths_parallel(
    paths: Sequence[str],
    ruleset: RuleSet,
    options: LintOptions = DEFAULT_OPTIONS,
    *,
    jobs: int | None = None,
    stdin_bytes: bytes | None = None,
    fmt: str | None = None,
    stdin_name: str | None = None,
    results: ResultStore | None = None,
) -> Iterator[FileResult]:
    """Like `runner.lint_paths`, on `jobs` processes, same order.

    `jobs=None` (the default) means all cores, but only when the files add up to enough work to
    pay for the pool; `jobs=1` and standard input always lint in this process.
    """
    from linter import prefilter

    # One walk over the sizes answers both questions below.
    size = _total_size(
        paths, max(MIN_PARALLEL_BYTES, prefilter.RE2_WORTH_COMPILING, prefilter.WORTH_BUILDING)
    )
    small = jobs is None and size < MIN_PARALLEL_BYTES
    if options.prefilter and STDIN not in paths:
        # Enough text ahead to pay for the RE2 gates: build them now, once, before any worker
        # forks (they inherit them), instead of after the first 256 KB in every worker.
        prefilter.expect(ruleset, size)
    # Linting is CPU-bound: more processes than cores only add start-up and switching
    # (`--jobs 100000` on 300 files started 300 workers), so an explicit N is capped too.
    jobs = min(default_jobs() if jobs is None else max(1, min(jobs, default_jobs())), len(paths))
    if jobs <= 1 or small or STDIN in paths:
        yield from lint_paths(paths, ruleset, options, stdin_bytes=stdin_bytes, fmt=fmt,
                              stdin_name=stdin_name, results=results)
        return
    yield from _pool_results(paths, (ruleset, options, fmt, results), jobs)


def _pool_results(paths: Sequence[str], state: _WorkerState, jobs: int) -> Iterator[FileResult]:
    global _worker_state
    import multiprocessing  # only when a pool is needed: it is slow to import

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        context = multiprocessing.get_context("fork")
        _worker_state = state  # the children inherit it; nothing is pickled
        initargs: tuple[object, ...] = (None,)
    else:  # pragma: no cover - platforms without fork
        context = multiprocessing.get_context()
        initargs = (state,)
    # Chunks big enough to keep the pipe quiet, small enough to balance the cores at the end.
    size = max(1, min(32, len(paths) // (jobs * 8)))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    try:
        with context.Pool(jobs, initializer=_init_worker, initargs=initargs) as pool:
            for chunk in pool.imap(_lint_chunk, chunks):
                yield from chunk
    finally:
        _worker_state = None
