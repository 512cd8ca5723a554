"""The `article-lint` command: argument parsing and wiring only; the work is in the library.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it; 2 usage,
configuration, rule or input errors (2 wins over 1, so a broken input is never hidden).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from linter.model import CATEGORIES, ArticleLintError, Severity

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

SUBCOMMANDS = ("rules", "explain")

_DESCRIPTION = """\
Lint articles for promotional and hedged writing: encoding damage (mojibake), unsupported
claims, speculative framing, sponsored calls-to-action, hype, and readability.

Files and folders are linted (folders recursively: .md .markdown .mdx .txt .text .html .htm);
`-` reads standard input. Every finding prints as `path:line:col: rule [category] message`.

other commands:
  article-lint rules [--rules DIR]   list every rule with its category and summary
  article-lint explain RULE          print a rule's documentation and examples
"""

_EPILOG = (
    """\
exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level
  2  a usage, configuration, rule or input error (a missing file, invalid UTF-8, ...)

selectors (for --select and --ignore) name a rule id (hype.PowerMove), a rule name
(power-move), a pack (hype) or a category ("""
    + ", ".join(CATEGORIES)
    + """).

examples:
  article-lint seeds/                         lint a folder
  article-lint --format json post.md          machine-readable findings
  article-lint --fail-on error docs/          fail CI only on errors
  article-lint --ignore readability --select hype,sponsored post.md
  article-lint --rules my-rules/ post.md      add your own rule packs
"""
)


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-lint",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint; '-' for standard input"
    )
    from linter.report import FORMATS

    parser.add_argument(
        "-f",
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--fail-on",
        choices=[s.label for s in Severity],
        default="info",
        help="lowest severity that makes the run exit 1 (default: info, i.e. any "
        "finding fails the run)",
    )
    parser.add_argument(
        "--select",
        type=_csv,
        action="extend",
        default=[],
        metavar="SELECTORS",
        help="only these rules, packs or categories (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        type=_csv,
        action="extend",
        default=[],
        metavar="SELECTORS",
        help="skip these rules, packs or categories (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of your own rule packs (DIR/<pack>/<Rule>.yaml); repeatable",
    )
    parser.add_argument(
        "--no-builtin-rules", action="store_true", help="use only the rules given with --rules"
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to report for '-' (its extension picks the format)",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print findings only, no summary line"
    )
    return parser


def build_rules_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-lint rules", description="List every rule with its category and summary."
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="DIR",
        help="also list the rules in this folder of packs",
    )
    parser.add_argument("--no-builtin-rules", action="store_true")
    parser.add_argument("--select", type=_csv, action="extend", default=[], metavar="SELECTORS")
    parser.add_argument("--ignore", type=_csv, action="extend", default=[], metavar="SELECTORS")
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        if args_list and args_list[0] == "rules":
            return _cmd_rules(args_list[1:], out)
        if args_list and args_list[0] == "explain":
            return _cmd_explain(args_list[1:], out)
        return _cmd_lint(args_list, out, err)
    except ArticleLintError as exc:
        err.write(f"article-lint: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `article-lint ... | head`: the reader left; not our error
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        err.write("article-lint: interrupted\n")
        return 130


def _cmd_rules(argv: list[str], out: TextIO) -> int:
    from linter.rules import load_rules

    args = build_rules_parser().parse_args(argv)
    ruleset = load_rules(args.rules, builtin=not args.no_builtin_rules).filter(
        args.select, args.ignore
    )
    width = max((len(r.id) for r in ruleset), default=10)
    for rule in ruleset:
        spec = rule.spec
        out.write(
            f"{spec.id:<{width}}  {spec.category:<17} {spec.severity.label:<7} {spec.summary}\n"
        )
    return EXIT_OK


def _cmd_explain(argv: list[str], out: TextIO) -> int:
    from linter.docs import render_rule_doc
    from linter.rules import load_rules

    parser = argparse.ArgumentParser(
        prog="article-lint explain", description="Print a rule's documentation."
    )
    parser.add_argument("rule", help="rule id or name")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR")
    args = parser.parse_args(argv)
    ruleset = load_rules(args.rules)
    matches = [r for r in ruleset if args.rule.lower() in (r.id.lower(), r.spec.name)]
    if not matches:
        raise ArticleLintError(f"unknown rule {args.rule!r} (see 'article-lint rules')")
    out.write(render_rule_doc(matches[0].spec))
    return EXIT_OK


def _cmd_lint(argv: list[str], out: TextIO, err: TextIO) -> int:
    from linter.report import Report, formatter
    from linter.rules import load_rules
    from linter.runner import lint_paths
    from linter.sources import STDIN, iter_paths

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.paths:
        parser.print_usage(err)
        err.write("article-lint: error: no files given (try 'article-lint --help')\n")
        return EXIT_ERROR
    ruleset = load_rules(args.rules, builtin=not args.no_builtin_rules).filter(
        args.select, args.ignore
    )
    report = Report(quiet=args.quiet)
    paths = list(iter_paths(args.paths, errors=report.errors))
    stdin_bytes = sys.stdin.buffer.read() if STDIN in paths and sys.stdin else None
    for result in lint_paths(paths, ruleset, stdin_bytes=stdin_bytes):
        if args.stdin_filename and result.path == "<stdin>":
            result.path = args.stdin_filename
        report.files += 1
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
        for note in result.notes:
            err.write(f"article-lint: note: {note}\n")
    for error in report.errors:
        err.write(f"article-lint: error: {error}\n")
    out.write(formatter(args.format)(report))
    if report.errors:
        return EXIT_ERROR
    fail_level = Severity.parse(args.fail_on)
    return EXIT_FINDINGS if any(f.severity >= fail_level for f in report.findings) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
