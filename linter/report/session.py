"""What happens to each file's findings between linting and printing: --fix/--diff, --baseline,
the progress bar, and the final write (--format, --statistics, --color, --output).

Kept out of cli.py so the CLI stays wiring only: the CLI adds these options with
`add_output_arguments`, feeds every FileResult to `OutputSession.add` as it arrives, and returns
`OutputSession.finish()` as the exit code (or calls `abort()` if the run fails on the way).

Streaming: in every format each file's findings are printed as soon as the file is done (JUnit
spools them, see linter/report/junit.py), and only counts are kept (`Report.tally`), so memory
stays flat however many findings a run has. With --output FILE they stream into a temporary
file renamed over FILE by `finish()`. Findings are held in memory until the end in one case
only, where the report's destination is known only then: `--fix -` (the fixed text takes
standard output and the report moves to stderr, unless the fix fails).
Under --diff the diffs are the output and stream the same way; findings are only counted.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from linter.engine import DEFAULT_OPTIONS, LintOptions
from linter.model import ConfigError, Finding, Severity
from linter.report import (
    STATISTICS_FORMATS,
    FileReportWriter,
    Report,
    ReportWriter,
    Sink,
    Tally,
    formatter,
    use_color,
    writer,
)
from linter.report.progress import Progress, progress_wanted
from linter.rules import RuleSet
from linter.runner import FileResult
from linter.sources import STDIN

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import TextIO

    from linter.baseline import Baseline, BaselineKey
    from linter.report.output import AtomicOutput

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format: auto (on a terminal, unless NO_COLOR is set), "
        "always or never (default: auto)",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per rule instead of each finding (text, json)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE (atomically) instead of standard output",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply safe fixes in place (encoding repairs, safe substitutions) and report "
        "what remains; with '-' the fixed text goes to standard output, the report to stderr",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the safe fixes as a unified diff instead of applying them; exit 1 if any",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in FILE (create FILE with --update-baseline)",
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="with --baseline: write FILE with today's findings (creating it), and exit 0",
    )


class OutputSession:
    """Takes the run's results file by file, applying fixes and the baseline on the way, and
    prints them as they come (or, under `--fix -`, at the end)."""

    def __init__(
        self,
        args: argparse.Namespace,
        report: Report,
        ruleset: RuleSet,
        out: TextIO,
        err: TextIO,
        *,
        total_files: int,
        stdin_bytes: bytes | None = None,
        options: LintOptions = DEFAULT_OPTIONS,
    ) -> None:
        if args.update_baseline and not args.baseline:
            raise ConfigError("--update-baseline needs --baseline FILE")
        if args.diff and args.fix:
            # Either the fixes are written or they are shown; one silently winning surprised.
            raise ConfigError("--fix writes the fixes and --diff only shows them; give one")
        if args.diff and args.format != "text":
            # The diff is the output: a JSON or SARIF consumer would get a patch instead.
            raise ConfigError(f"--diff prints a unified diff; it takes no --format {args.format}")
        if args.statistics and args.format not in STATISTICS_FORMATS:
            raise ConfigError(
                f"--statistics works with --format {' or '.join(sorted(STATISTICS_FORMATS))}"
            )
        self.args = args
        self.report = report
        self.ruleset = ruleset
        self.out = out
        self.err = err
        self.stdin_bytes = stdin_bytes
        self.options = options
        self.report.rules = tuple(rule.spec for rule in ruleset)
        self._last_ruleset: RuleSet | None = ruleset
        self.report.root = os.getcwd()
        self.report.statistics = args.statistics
        self.fixing = bool(args.fix or args.diff)
        self.diff_count = 0
        # Whether a file had a finding at or above the fail-on level of its own config.
        self.failing = False
        # The fixed bytes of '-' under --fix, in its own encoding and BOM.
        self.stdin_fixed: bytes | None = None
        self.progress = Progress(err, total_files, enabled=progress_wanted(total_files, err))
        self._baseline_setup()
        # Under `--fix -` the report goes to stdout or stderr depending on whether the fix
        # works out: only known at the end, so that case collects (see the module docstring).
        fixing_stdin = stdin_bytes is not None and args.fix and not args.diff
        self.streaming = bool(args.diff) or not fixing_stdin
        self.output: AtomicOutput | None = None
        self.writer: ReportWriter | FileReportWriter | None = None
        self.sink: Sink = out
        if self.streaming:
            report.tally = Tally()
            if args.output:
                from linter.report.output import AtomicOutput

                self.output = AtomicOutput(args.output)
                self.sink = self.output
            if not args.diff:
                report.color = self._color(out)
                self.writer = writer(args.format, report, self.sink)
        # The progress bar shares a terminal with the findings printed on the way: erase it
        # before printing them (it is redrawn on the next file).
        self._clear_progress = self.progress.enabled and self.output is None and _is_tty(out)

    def _color(self, stream: TextIO) -> bool:
        if self.args.format != "text":
            return False
        if self.args.output:
            return bool(self.args.color == "always")
        return use_color(self.args.color, stream)

    # -- baseline -------------------------------------------------------------------------------

    def _baseline_setup(self) -> None:
        self.baseline: Baseline | None = None
        # With --update-baseline (or a new baseline file) the keys of every finding are kept
        # until the file is written at the end: a baseline holds them all, by its nature.
        self.recorded: list[BaselineKey] | None = None
        path = self.args.baseline
        if not path:
            return
        from linter.baseline import load_baseline  # only with --baseline: json and hashlib

        self.baseline_dir = os.path.dirname(os.path.abspath(path))
        # What --update-baseline rewrites: the entries of the files this run lints, for the
        # rules it runs. The rest of an existing file is kept (a pre-commit run passes only
        # the staged files; --select runs some rules).
        self.previous: Baseline | None = None
        self.linted_paths: set[str] = set()
        if self.args.diff:  # --diff writes nothing: a baseline is only read
            if os.path.exists(path):
                self.baseline = load_baseline(path)
            return
        if self.args.update_baseline:
            self.recorded = []
            if os.path.exists(path):
                self.previous = load_baseline(path)
        elif not os.path.exists(path):
            # Once this created the file and passed: a baseline never committed, or its name
            # mistyped in a CI job, let every finding through, run after run, with exit 0.
            raise ConfigError(
                "baseline file not found; create it with --update-baseline (it then records "
                "today's findings)",
                path=path,
            )
        else:
            self.baseline = load_baseline(path)

    def _apply_baseline(
        self, result: FileResult, findings: list[Finding], text: str | None
    ) -> list[Finding]:
        if self.recorded is not None and not result.errors and not result.notes:
            from linter.baseline import baseline_path

            self.linted_paths.add(baseline_path(result.path, self.baseline_dir))
        if (self.baseline is None and self.recorded is None) or not findings:
            return findings
        from linter.baseline import finding_keys

        if text is None:
            text = self._read_text(result)
        keys = finding_keys(findings, text, base_dir=self.baseline_dir)
        if self.recorded is not None:
            self.recorded.extend(keys)
            return []
        assert self.baseline is not None
        new = self.baseline.filter(findings, keys)
        self.report.baselined += len(findings) - len(new)
        return new

    def _is_stdin(self, result: FileResult) -> bool:
        return self.stdin_bytes is not None and result.path in (
            "<stdin>",
            self.args.stdin_filename,
        )

    def _read_text(self, result: FileResult) -> str:
        from linter.sources import read_source

        if self._is_stdin(result):
            return read_source(STDIN, stdin_bytes=self.stdin_bytes).text
        # The file was already accepted for linting: no size limit on re-reading it here.
        return read_source(result.path, max_size=None).text

    # -- per file -------------------------------------------------------------------------------

    def add(
        self,
        result: FileResult,
        *,
        ruleset: RuleSet | None = None,
        options: LintOptions | None = None,
        fail_on: Severity | None = None,
    ) -> None:
        """Take one file's result. `ruleset`/`options`/`fail_on` are the ones of its setup, when
        files have different setups (per-folder config); --fix re-lints with the same ones."""
        report = self.report
        if ruleset is not None and ruleset is not self._last_ruleset:
            self._last_ruleset = ruleset
            known = {spec.id for spec in report.rules}
            extra = tuple(rule.spec for rule in ruleset if rule.id not in known)
            if extra:
                report.rules = (*report.rules, *extra)
        report.files += 1
        if not self.streaming:
            report.paths.append(result.path)  # JUnit lists files without findings too
        report.errors.extend(result.errors)
        findings = list(result.findings)
        text: str | None = None
        is_stdin = self._is_stdin(result)
        # A file that could not be read, or was skipped as binary (its note), is not fixed.
        if self.fixing and not result.errors and not result.notes:
            wanted = any(f.fixable for f in findings)
            if wanted or (is_stdin and self.args.fix and not self.args.diff):
                findings, text = self._fix(
                    result,
                    is_stdin,
                    findings,
                    ruleset or self.ruleset,
                    options or self.options,
                )
        findings = self._apply_baseline(result, findings, text)
        level = fail_on if fail_on is not None else Severity.parse(self.args.fail_on)
        self.failing = self.failing or any(f.severity >= level for f in findings)
        self._report(result, findings)
        self.progress.advance()

    def _report(self, result: FileResult, findings: Sequence[Finding]) -> None:
        """Print (streaming) or keep (collecting) one file's remaining findings."""
        if not self.streaming:
            self.report.findings.extend(findings)
            return
        assert self.report.tally is not None
        self.report.tally.add(findings)
        if self.writer is None:
            return
        # A format that shows every file, findings or not (JUnit), takes whole files.
        if hasattr(self.writer, "file_done"):
            self.writer.file_done(result.path, findings, result.errors, result.notes)
        elif findings:
            self._before_printing()
            self.writer.write(findings)

    def _before_printing(self) -> None:
        if self._clear_progress:
            self.progress.clear()

    def _fix(
        self,
        result: FileResult,
        is_stdin: bool,
        findings: list[Finding],
        ruleset: RuleSet,
        options: LintOptions,
    ) -> tuple[list[Finding], str | None]:
        from linter.fix import FixError, fix_file, unified_diff

        try:
            fixed = fix_file(
                STDIN if is_stdin else result.path,
                ruleset,
                options=options,
                write=bool(self.args.fix) and not self.args.diff and not is_stdin,
                stdin_bytes=self.stdin_bytes,
                display=result.path,
            )
        except FixError as exc:
            self.report.errors.append(exc)
            return findings, None
        if self.args.diff:
            diff = unified_diff(fixed)
            if diff:
                self.diff_count += 1
                if fixed.encoding != "utf-8":
                    # The patch is printed as UTF-8 text; its lines match no line of the file.
                    result.notes.append(
                        f"{result.path}: the diff is shown in UTF-8, but the file is "
                        f"{fixed.encoding.upper()}: patch and git apply cannot apply it; "
                        "--fix changes the file itself"
                    )
                self._before_printing()
                self.sink.write(diff)
            return findings, None
        if is_stdin:
            self.stdin_fixed = fixed.encoded
        self.report.fixed += fixed.applied
        return fixed.remaining, fixed.fixed

    # -- the end --------------------------------------------------------------------------------

    def abort(self) -> None:
        """The run failed or was interrupted: no report file appears (the old one stays)."""
        self.progress.close()
        if self.output is not None:
            self.output.abort()

    def finish(self) -> int:
        try:
            return self._finish()
        finally:
            if self.output is not None:
                self.output.abort()  # a no-op after the commit; else drops the temporary file

    def _finish(self) -> int:
        self.progress.close()
        args, report = self.args, self.report
        if self.recorded is not None:
            self._save_baseline(self.recorded)
        if args.diff:
            if not args.quiet:
                count = self.diff_count
                self.err.write(
                    f"article-lint: {count} file{'s' if count != 1 else ''} would be fixed\n"
                )
            self._commit()
            if report.errors:
                return EXIT_ERROR
            return EXIT_FINDINGS if self.diff_count else EXIT_OK
        if self.writer is not None:
            self.writer.finish()
            self._commit()
        else:
            self._render_collected()
        if report.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_OK

    def _save_baseline(self, recorded: list[BaselineKey]) -> None:
        from collections import Counter

        from linter.baseline import Baseline, save_baseline
        from linter.rules import DIRECTIVE_RULES

        ran = {spec.id for spec in self.report.rules} | set(DIRECTIVE_RULES)
        kept: Counter[BaselineKey] = Counter()
        deleted: dict[str, bool] = {}  # per path, looked up once
        if self.previous is not None:
            for key, count in self.previous.counts.items():
                if key.path in self.linted_paths and key.rule in ran:
                    continue  # re-recorded from today's findings
                if key.path not in deleted:
                    deleted[key.path] = _deleted(key.path, self.baseline_dir)
                if not deleted[key.path]:  # a deleted file's entries would never match
                    kept[key] = count
        gone = [path for path, is_deleted in deleted.items() if is_deleted]
        save_baseline(self.args.baseline, Baseline(kept + Counter(recorded)))
        count, others = len(recorded), sum(kept.values())
        notes = []
        if others:
            notes.append(f"{others} more kept from files or rules this run did not check")
        if gone:
            notes.append(
                f"the entries of {len(gone)} deleted file{'s' if len(gone) != 1 else ''} dropped"
            )
        note = f" ({'; '.join(notes)})" if notes else ""
        self.err.write(
            f"article-lint: recorded {count} finding{'s' if count != 1 else ''} in "
            f"{self.args.baseline}{note}\n"
        )

    def _commit(self) -> None:
        if self.output is not None:
            self.output.commit()

    def _render_collected(self) -> None:
        """The report of `--fix -`, at the end: standard output carries the text (fixed, or as
        it came when it could not be fixed: invalid UTF-8, a binary file, a name the config
        excludes), so `article-lint --fix - < in.md > out.md` never loses the article; the
        report goes to stderr."""
        args, report = self.args, self.report
        fixed = self.stdin_fixed
        _write_bytes(self.out, fixed if fixed is not None else (self.stdin_bytes or b""))
        report_stream = self.err
        report.color = self._color(report_stream)
        text = formatter(args.format)(report)
        if not args.output:
            report_stream.write(text)
            return
        from linter.report.output import AtomicOutput

        output = AtomicOutput(args.output)
        output.write(text)
        output.commit()


def _write_bytes(stream: TextIO, data: bytes) -> None:
    """`data` as it is, through the binary buffer of a text stream that has one."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a StringIO (tests, embedding)
        stream.write(data.decode("utf-8", "replace"))
        return
    stream.flush()
    buffer.write(data)
    buffer.flush()


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _deleted(recorded: str, folder: str) -> bool:
    """Whether the file a baseline entry names (relative to the baseline's folder) is gone.
    Standard input and names whose bytes were escaped (not UTF-8) are never taken for gone."""
    if recorded.startswith("<") or "\\x" in recorded:
        return False
    # Lexically, as the path was made relative (model.relative_to): "ci/../docs/a.md" is
    # "docs/a.md" even where ci is a symbolic link to another folder.
    return not os.path.lexists(os.path.normpath(os.path.join(folder, recorded)))
