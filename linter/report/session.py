"""What happens to each file's findings between linting and printing: --fix/--diff, --baseline,
the progress bar, and the final write (--format, --statistics, --color, --output).

Kept out of cli.py so the CLI stays wiring only: the CLI adds these options with
`add_output_arguments`, feeds every FileResult to `OutputSession.add` as it arrives, and returns
`OutputSession.finish()` as the exit code.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from linter.engine import DEFAULT_OPTIONS, LintOptions
from linter.model import ArticleLintError, ConfigError, Finding, Severity
from linter.report import STATISTICS_FORMATS, Report, formatter, use_color
from linter.report.progress import Progress, progress_wanted
from linter.rules import RuleSet
from linter.runner import FileResult
from linter.sources import STDIN

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
        help="report only findings not recorded in FILE; if FILE does not exist, record "
        "today's findings in it and exit 0",
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="with --baseline: rewrite FILE with today's findings",
    )


class OutputSession:
    """Collects the run's Report file by file, applying fixes and the baseline on the way."""

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
        self.diffs: list[str] = []
        self.stdin_text: str | None = None  # the (fixed) text of '-' under --fix
        self.progress = Progress(err, total_files, enabled=progress_wanted(total_files, err))
        self._baseline_setup()

    # -- baseline -------------------------------------------------------------------------------

    def _baseline_setup(self) -> None:
        from linter.baseline import Baseline, BaselineKey, load_baseline

        self.baseline: Baseline | None = None
        self.recorded: list[BaselineKey] | None = None
        path = self.args.baseline
        if not path:
            return
        self.baseline_dir = os.path.dirname(os.path.abspath(path))
        if self.args.update_baseline or not os.path.exists(path):
            self.recorded = []
        else:
            self.baseline = load_baseline(path)

    def _apply_baseline(
        self, result: FileResult, findings: list[Finding], text: str | None
    ) -> list[Finding]:
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
    ) -> None:
        """Take one file's result. `ruleset`/`options` are the ones that linted it, when files
        have different setups (per-folder config); --fix re-lints with the same ones."""
        report = self.report
        if ruleset is not None and ruleset is not self._last_ruleset:
            self._last_ruleset = ruleset
            known = {spec.id for spec in report.rules}
            extra = tuple(rule.spec for rule in ruleset if rule.id not in known)
            if extra:
                report.rules = (*report.rules, *extra)
        report.files += 1
        report.paths.append(result.path)
        report.errors.extend(result.errors)
        findings = list(result.findings)
        text: str | None = None
        is_stdin = self._is_stdin(result)
        if self.fixing and not result.errors:
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
        report.findings.extend(findings)
        self.progress.advance()

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
                self.diffs.append(diff)
            return findings, None
        if is_stdin:
            self.stdin_text = fixed.fixed
        self.report.fixed += fixed.applied
        return fixed.remaining, fixed.fixed

    # -- the end --------------------------------------------------------------------------------

    def finish(self) -> int:
        self.progress.close()
        args, report = self.args, self.report
        if self.recorded is not None:
            from linter.baseline import Baseline, save_baseline

            save_baseline(args.baseline, Baseline.from_keys(self.recorded))
            self.err.write(
                f"article-lint: recorded {len(self.recorded)} finding"
                f"{'s' if len(self.recorded) != 1 else ''} in {args.baseline}\n"
            )
        if args.diff:
            text = "".join(self.diffs)
            if not args.quiet:
                count = len(self.diffs)
                self.err.write(
                    f"article-lint: {count} file{'s' if count != 1 else ''} would be fixed\n"
                )
            self._emit(text, self.out)
            if report.errors:
                return EXIT_ERROR
            return EXIT_FINDINGS if self.diffs else EXIT_OK
        report_stream = self.out
        if self.stdin_text is not None:
            # The fixed text owns standard output; the report moves to stderr.
            self.out.write(self.stdin_text)
            self.out.flush()
            report_stream = self.err
        if args.output:
            report.color = args.color == "always" and args.format == "text"
        else:
            report.color = args.format == "text" and use_color(args.color, report_stream)
        self._emit(formatter(args.format)(report), report_stream)
        if report.errors:
            return EXIT_ERROR
        fail_level = Severity.parse(args.fail_on)
        failing = any(f.severity >= fail_level for f in report.findings)
        return EXIT_FINDINGS if failing else EXIT_OK

    def _emit(self, text: str, stream: TextIO) -> None:
        if not self.args.output:
            stream.write(text)
            return
        from linter.fix import atomic_write

        path = self.args.output
        try:
            mode = os.stat(path).st_mode if os.path.exists(path) else None
            atomic_write(path, text.encode("utf-8"), mode=mode)
        except OSError as exc:
            raise ArticleLintError(
                f"cannot write the report: {exc.strerror or exc}", path=path
            ) from None
