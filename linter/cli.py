"""The `article-lint` command: argument parsing and wiring only; the work is in the library.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it; 2 usage,
configuration, rule or input errors (2 wins over 1, so a broken input is never hidden).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from linter import record
from linter.model import CATEGORIES, ArticleLintError, Severity

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import NoReturn, TextIO

    from linter.config import Batch
    from linter.results import ResultStore

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

SUBCOMMANDS = ("rules", "explain", "config", "clean", "test-rules")

_DESCRIPTION = """\
Lint articles for promotional and hedged writing: encoding damage (mojibake), unsupported
claims, speculative framing, sponsored calls-to-action, hype, and readability.

Files and folders are linted (folders recursively: .md .markdown .mdown .mkd .mdx .txt .text
.html .htm .xhtml); `-` reads standard input. Every finding prints as
`path:line:col: severity: rule [category] message`.

other commands:
  article-lint rules [--rules DIR]   list every rule with its category and summary
  article-lint explain RULE          print a rule's documentation and examples
  article-lint config [PATH]         print the configuration that applies to PATH, and its file
  article-lint test-rules --rules DIR  check your rules' flag and pass examples
  article-lint clean                 delete the rule and findings caches (see --no-cache)
A folder named like a command is linted as `article-lint ./rules` or `article-lint -- rules`.
"""

_EPILOG = (
    """\
exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level
  2  a usage, configuration, rule or input error (a missing file, invalid UTF-8, ...)

selectors (for --select and --ignore) name a rule id (hype.PromoCliche), a rule name
(promo-cliche), a pack (hype) or a category ("""
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


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter with the terminal width worked out by `os` alone. argparse builds a
    formatter for every `add_argument` and imports `shutil` (with bz2, lzma and fnmatch) just
    for `shutil.get_terminal_size`, ~1.5 ms of each pre-commit run; this is the same
    computation (COLUMNS, else the terminal of stdout, else 80 columns)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # argparse's own margin
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _selection(value: str) -> list[str]:
    """--select's value: an empty one (an unset shell variable) would select every rule."""
    items = _csv(value)
    if not items:
        raise argparse.ArgumentTypeError("expected rules, packs or categories, got nothing")
    return items


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-lint",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint; '-' for standard input"
    )
    from linter import __version__
    from linter.report import FORMATS

    parser.add_argument(
        "-V", "--version", action="version", version=f"article-lint {__version__}"
    )

    parser.add_argument(
        "-f",
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--fail-on",
        type=str.lower,  # ERROR as in a config file
        choices=[s.label for s in Severity],
        default=None,
        help="lowest severity that makes the run exit 1 (default: the config's fail-on, else "
        "warning: infos, such as a disclosure or a readability note, are shown but do not fail "
        "the run)",
    )
    config_source = parser.add_mutually_exclusive_group()
    config_source.add_argument(
        "--config",
        metavar="FILE",
        help="use this config file (.article-lint.yaml or pyproject.toml) for every file "
        "instead of searching upward from each file",
    )
    config_source.add_argument(
        "--no-config", action="store_true", help="ignore every config file; flags only"
    )
    parser.add_argument(
        "--report-unused-suppressions",
        action="store_true",
        help="report article-lint-disable comments that suppressed nothing",
    )
    parser.add_argument(
        "--select",
        type=_selection,
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
    parser.add_argument(
        "--max-file-size",
        type=_size,
        default=_default_max_file_size(),
        metavar="SIZE",
        help="refuse (exit 2) files larger than this, without reading them: 50M, 500k, 1G, "
        "bytes, or 0 for no limit (default: 50M)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback of an internal error (normally one line per file)",
    )
    from linter.report.session import add_output_arguments

    add_output_arguments(parser)  # --color --statistics --output --fix --diff --baseline
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="lint on N processes, at most one per core (default: all cores; 1 = no worker "
        "processes)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="load the rule files afresh and lint every file afresh; by default the compiled "
        "rules and each file's findings (keyed by its name, text and the rules) are kept in the "
        "user cache folder, so an unchanged file is not linted again",
    )
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def _size(value: str) -> int | None:
    from linter.sources import parse_size

    try:
        size = parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return size or None  # 0: no limit


def _default_max_file_size() -> int:
    from linter.sources import DEFAULT_MAX_FILE_SIZE

    return DEFAULT_MAX_FILE_SIZE


def _quiet_broken_pipe(out: TextIO) -> None:
    """The reader of our stdout left (`article-lint ... | head -1`): point stdout at devnull so
    the interpreter's final flush does not print a BrokenPipeError traceback."""
    if out is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (replaced stdout): nothing to flush
        pass


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
    parser.add_argument(
        "--no-config", action="store_true", help="leave out the rule folders the config names"
    )
    parser.add_argument("--select", type=_csv, action="extend", default=[], metavar="SELECTORS")
    parser.add_argument("--ignore", type=_csv, action="extend", default=[], metavar="SELECTORS")
    return parser


def _with_config_rules(folders: list[str], no_config: bool) -> list[str]:
    """`folders` and, unless `no_config`, the `rules:` folders of the config that a lint in
    the working folder uses: `rules` and `explain` show the rules such a lint runs."""
    if no_config:
        return folders
    from pathlib import Path

    from linter.config import find_config, load_config

    found = find_config(Path.cwd())
    if found is None:
        return folders
    named = {os.path.realpath(folder) for folder in folders}
    extra = [str(f) for f in load_config(found).rules if os.path.realpath(f) not in named]
    return [*folders, *extra]  # a folder named both ways is loaded once


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            _write_what_the_streams_cannot_encode("text", out, err)
        if args_list and args_list[0] == "rules":
            return _cmd_rules(args_list[1:], out)
        if args_list and args_list[0] == "explain":
            return _cmd_explain(args_list[1:], out)
        if args_list and args_list[0] == "config":
            from linter.config import config_command

            return config_command(args_list[1:], out)
        if args_list and args_list[0] == "clean":
            return _cmd_clean(args_list[1:], out)
        if args_list and args_list[0] == "test-rules":
            return _cmd_test_rules(args_list[1:], out)
        return _cmd_lint(args_list, out, err)
    except ArticleLintError as exc:
        err.write(f"article-lint: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `article-lint ... | head`: the reader left; not our error
        _quiet_broken_pipe(out)
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        err.write("article-lint: interrupted\n")
        return 130
    except Exception as exc:  # a bug outside one file's linting: one line, not a traceback
        if "--debug" in args_list:
            raise
        err.write(
            f"article-lint: error: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback and please report it)\n"
        )
        return EXIT_ERROR


def run() -> NoReturn:
    """The `article-lint` command: `main`, then a quick exit.

    Tearing the interpreter down (freeing the loaded rules' ~70,000 objects one by one, then
    every module) costs a pre-commit run ~15 ms, a seventh of its wall time. When `main` returns,
    everything it writes is complete (reports and caches are written to a temporary file and
    renamed into place, and closed), so once the standard streams are flushed the process ends
    with `os._exit`, skipping the teardown (as mypy does). An exception still unwinds as usual.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader left, or a stream was closed: nothing to add
        pass
    os._exit(code)


def _cmd_rules(argv: list[str], out: TextIO) -> int:
    from linter.rules import load_rules

    args = build_rules_parser().parse_args(argv)
    folders = _with_config_rules(args.rules, args.no_config)
    ruleset = load_rules(folders, builtin=not args.no_builtin_rules).filter(
        args.select, args.ignore
    )
    width = max((len(r.id) for r in ruleset), default=10)
    for rule in ruleset:
        spec = rule.spec
        out.write(
            f"{spec.id:<{width}}  {spec.category:<17} {spec.severity.label:<7} {spec.summary}\n"
        )
    return EXIT_OK


def _cmd_test_rules(argv: list[str], out: TextIO) -> int:
    from pathlib import Path

    from linter.examples import check_rule
    from linter.rules import RuleSet, load_rules

    parser = argparse.ArgumentParser(
        prog="article-lint test-rules",
        description="Check rules' own examples: each flag example must be hit at exactly its "
        "[[marked]] spans, each pass example not at all. The rules of the --rules folders and "
        "of the config's `rules:` folders are checked (the built-in ones still run beside "
        "them, as in a lint); with neither, the built-in rules. A rule with no example fails "
        "too. Exit 1 if any example fails.",
    )
    parser.add_argument(
        "--rules", action="append", default=[], metavar="DIR", help="a folder of rule packs"
    )
    parser.add_argument(
        "--no-builtin-rules", action="store_true", help="load only the rules given with --rules"
    )
    parser.add_argument(
        "--no-config", action="store_true", help="leave out the config's `rules:` folders"
    )
    parser.add_argument("--select", type=_csv, action="extend", default=[], metavar="SELECTORS")
    args = parser.parse_args(argv)
    folders_named = _with_config_rules(args.rules, args.no_config)
    everything = load_rules(folders_named, builtin=not args.no_builtin_rules)
    mine = everything
    if folders_named:  # the rules of those folders, loaded once with the built-in ones
        folders = [Path(folder).resolve() for folder in folders_named]
        mine = RuleSet(
            tuple(
                rule
                for rule in everything
                if any(Path(rule.spec.source).resolve().is_relative_to(f) for f in folders)
            )
        )
    if folders_named and not len(mine):
        out.write(f"no rules found in {', '.join(folders_named)}: a rule file goes in "
                  "<folder>/<pack>/<Rule>.yaml\n")
        return EXIT_FINDINGS
    checked = mine.filter(args.select) if args.select else mine
    failures = examples = 0
    for rule in checked:
        listed = rule.spec.examples
        examples += len(listed.flag) + len(listed.passing)
        for problem in check_rule(rule, everything):
            failures += 1
            out.write(f"{problem}\n")
    count = len(checked)
    out.write(
        f"{examples} example{'s' if examples != 1 else ''} of {count} rule"
        f"{'s' if count != 1 else ''} checked; {failures} failed.\n"
    )
    return EXIT_FINDINGS if failures else EXIT_OK


def _cmd_clean(argv: list[str], out: TextIO) -> int:
    from linter.cache import cache_dir
    from linter.results import clean

    parser = argparse.ArgumentParser(
        prog="article-lint clean",
        description="Delete the compiled rule cache and the findings cache from the user cache "
        "folder ($ARTICLE_LINT_CACHE_DIR, else $XDG_CACHE_HOME/article-lint, else "
        "~/.cache/article-lint). They are rebuilt on the next run.",
    )
    parser.parse_args(argv)
    folder = cache_dir()
    rule_sets, setups = clean(folder)
    out.write(
        f"article-lint: removed {rule_sets} compiled rule set(s) and the stored findings of "
        f"{setups} setup(s) from {folder}\n"
    )
    return EXIT_OK


# The findings about suppression directives (linter/suppress.py) come from the engine, not from
# a YAML rule; `explain` documents them too, since they appear in reports like any rule's.
_DIRECTIVE_RULE_DOCS = {
    "unknown-directive": """# article-lint.unknown-directive

Category: style · severity: warning · built in (no YAML)

A suppression directive that names no loaded rule, pack or category
(`<!-- article-lint-disable-next-line hype.PromoClichee -->`), or a directive kind that does not
exist (`article-lint-disabel`). It is reported at the directive instead of silently suppressing
nothing. Fix the name (`article-lint rules` lists them), or leave the check out with
`--ignore article-lint.unknown-directive`. Rules loaded but not selected in this run are not
unknown.
""",
    "unused-suppression": """# article-lint.unused-suppression

Category: style · severity: info · built in (no YAML) · only with --report-unused-suppressions

A `disable`, `disable-next-line` or `disable-file` directive that suppressed no finding in this
run: the text it covered was fixed, or the rule no longer fires there. Remove it, so that it
does not hide a future finding. A directive naming a rule this run left out (`--select`,
`--ignore`, `severity: off`) is not reported: a full run may need it.
""",
}


def _cmd_explain(argv: list[str], out: TextIO) -> int:
    from linter.docs import render_rule_doc
    from linter.rules import load_rules

    parser = argparse.ArgumentParser(
        prog="article-lint explain", description="Print a rule's documentation."
    )
    parser.add_argument("rule", help="rule id or name")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR")
    parser.add_argument("--no-builtin-rules", action="store_true")
    parser.add_argument(
        "--no-config", action="store_true", help="leave out the rule folders the config names"
    )
    args = parser.parse_args(argv)
    built_in = _DIRECTIVE_RULE_DOCS.get(args.rule.lower().removeprefix("article-lint."))
    if built_in is not None:
        out.write(built_in)
        return EXIT_OK
    folders = _with_config_rules(args.rules, args.no_config)
    ruleset = load_rules(folders, builtin=not args.no_builtin_rules)
    wanted = args.rule.lower()
    matches = [
        r
        for r in ruleset
        if wanted in (r.id.lower(), r.spec.name, *(base.lower() for base in r.spec.replaces))
    ]
    if not matches:
        import difflib

        names = [r.id for r in ruleset] + [r.spec.name for r in ruleset]
        close = difflib.get_close_matches(args.rule, names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ArticleLintError(f"unknown rule {args.rule!r} (see 'article-lint rules'){hint}")
    exact = [r for r in matches if r.id.lower() == args.rule.lower()]
    if len(matches) > 1 and not exact:
        # A name is not unique across packs (a user pack may reuse a built-in rule's name).
        ids = ", ".join(r.id for r in matches)
        raise ArticleLintError(f"{args.rule!r} names {len(matches)} rules ({ids}); give the id")
    rule = (exact or matches)[0]
    out.write(render_rule_doc(rule.spec, fixable=bool(getattr(rule.matcher, "fixable", False))))
    return EXIT_OK


def _refuse_output_over_input(output: str, paths: Sequence[str]) -> None:
    """`-o post.md post.md` would replace the article with its own report."""
    try:
        written = os.stat(output)
    except OSError:
        return  # a new file cannot be an input
    for path in paths:
        try:
            if os.path.samestat(written, os.stat(path)):
                raise ArticleLintError("the report would overwrite this input file", path=output)
        except OSError:
            continue


def _excluded_named_files(
    named: Sequence[str], paths: Sequence[str], batches: Sequence[Batch]
) -> int:
    """How many files named on the command line the config's `exclude` dropped from `batches`."""
    planned = {path for batch in batches for path in batch.paths}
    wanted = set(named)
    return sum(1 for path in paths if path in wanted and path not in planned)


# Encodings that can write every character.
_UNICODE_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf-32", "utf-8-sig"})


def _write_what_the_streams_cannot_encode(output_format: str, out: TextIO, err: TextIO) -> None:
    """A console or pipe in a narrow encoding (cp1252 on a Windows redirect, ASCII under
    `PYTHONIOENCODING=ascii`) made the first "cliché" of a message an internal error, with no
    report at all. Machine formats are written in UTF-8 there, as JSON and SARIF must be; text
    (for people) keeps the stream's encoding and escapes what it cannot spell (`\\u0101`)."""
    for stream in (out, err):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding in _UNICODE_ENCODINGS or reconfigure is None:
            continue
        if stream is out and output_format not in ("text", "github"):
            reconfigure(encoding="utf-8")
        else:
            reconfigure(errors="backslashreplace")


def _cmd_lint(argv: list[str], out: TextIO, err: TextIO) -> int:
    from linter.cache import load_rules_cached
    from linter.config import plan_batches, resolver_from_args
    from linter.parallel import lint_paths_parallel
    from linter.report import Report
    from linter.report.session import OutputSession
    from linter.sources import STDIN, iter_paths, read_stdin

    parser = build_parser()
    # Paths and options in any order (`article-lint a.md --fail-on error b.md`), as ruff takes
    # them; with `--` (paths that start with a dash), the classic parse, which honours it.
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv) if "--" in argv else parser.parse_intermixed_args(argv)
    _write_what_the_streams_cannot_encode(args.format, out, err)
    if not args.paths:
        parser.print_usage(err)
        err.write("article-lint: error: no files given (try 'article-lint --help')\n")
        return EXIT_ERROR
    # The config file(s) decide the rules per file; files sharing one setup form one batch.
    resolver = resolver_from_args(args, load_rules_cached)
    report = Report(quiet=args.quiet)
    # Each file once, however often it is named or found (`- -` would read stdin twice), and
    # under whichever name it came first (`../post.md` and `/home/me/post.md` are one file).
    first_names: dict[str, str] = {}
    for path in iter_paths(args.paths, errors=report.errors):
        first_names.setdefault(path if path == "-" else os.path.realpath(path), path)
    paths = list(first_names.values())
    if args.stdin_filename and STDIN not in paths:
        raise ArticleLintError("--stdin-filename names standard input; pass '-' to read it")
    if not paths and not report.errors:
        # A CI step pointed at the wrong or an empty folder would pass, checking nothing.
        err.write(
            "article-lint: warning: no files to lint (Markdown, text or HTML) under "
            + ", ".join(args.paths)
            + "\n"
        )
    if args.output:
        _refuse_output_over_input(args.output, paths)
    batches = plan_batches(resolver, paths, stdin_name=args.stdin_filename)
    report.excluded = _excluded_named_files(args.paths, paths, batches)
    first = batches[0].setup if batches else resolver.setup_for(paths[0] if paths else ".")
    setups = [first, *(batch.setup for batch in batches)]
    # A run that checks nothing must not pass quietly, as if the files were clean: no rules at
    # all is an error, and so is --select/--ignore on the command line leaving none; a config
    # that switches every rule off for these files (`per-file-ignores`) is its author's
    # choice, but said.
    if all(len(setup.all_rules) == 0 for setup in setups):
        err.write(
            "article-lint: error: no rules loaded (--no-builtin-rules needs --rules DIR with "
            "rule packs, DIR/<pack>/<Rule>.yaml)\n"
        )
        return EXIT_ERROR
    if all(len(setup.ruleset) == 0 and not setup.options.directive_rules for setup in setups):
        if args.select or args.ignore:
            err.write(
                "article-lint: error: --select and --ignore (with the config's) leave no rules "
                "to run; nothing would be checked\n"
            )
            return EXIT_ERROR
        err.write(
            "article-lint: warning: select and ignore leave no rules to run; nothing is checked\n"
        )
    # --fail-on, else each file's config decides (the first file's for standard input alone).
    args.fail_on = first.fail_on.label
    stdin_bytes = None
    if STDIN in paths:
        stdin_read = read_stdin(args.max_file_size)
        if isinstance(stdin_read, ArticleLintError):  # closed or too large: report, go on
            report.errors.append(stdin_read)
            paths = [p for p in paths if p != STDIN]
            batches = plan_batches(resolver, paths, stdin_name=args.stdin_filename)
        else:
            stdin_bytes = stdin_read
    session = OutputSession(
        args,
        report,
        first.ruleset,
        out,
        err,
        total_files=sum(len(b.paths) for b in batches),
        stdin_bytes=stdin_bytes,
        options=first.options,
    )
    # Every batch's findings cache is keyed now, right after its rules were loaded, not when
    # its turn comes: a rule edited while a long run goes must not be keyed as the new rule.
    stores = [None if args.no_cache else _result_store(batch) for batch in batches]
    try:
        for batch, store in zip(batches, stores, strict=True):
            for result in lint_paths_parallel(
                batch.paths,
                batch.ruleset,
                record.replace(batch.setup.options, max_file_size=args.max_file_size),
                jobs=args.jobs,
                stdin_bytes=stdin_bytes,
                stdin_name=args.stdin_filename,
                results=store,
            ):
                # Prints the findings (streaming formats), after --fix/--diff (re-linting with
                # this batch's setup) and --baseline; advances the progress bar.
                session.add(
                    result,
                    ruleset=batch.ruleset,
                    options=batch.setup.options,
                    fail_on=batch.setup.fail_on,
                )
                for note in result.notes:
                    err.write(f"article-lint: note: {note}\n")
    except BaseException:
        session.abort()  # no half-written --output file is left behind
        raise
    for error in report.errors:
        err.write(f"article-lint: error: {error}\n")
        if args.debug and getattr(error, "details", ""):
            err.write(error.details)
    return session.finish()  # writes the report (or diff); the exit code


def _result_store(batch: Batch) -> ResultStore | None:
    """The findings cache for one batch of files (linter/results.py); None if unusable."""
    from linter.cache import cache_dir
    from linter.results import ResultStore, fingerprint
    from linter.sources import STDIN

    setup = batch.setup
    if setup.origin is None or all(path == STDIN for path in batch.paths):
        return None
    try:
        digest = fingerprint(
            batch.ruleset, setup.options, setup.config.rule_options, setup.origin
        )
    except OSError:
        return None
    return ResultStore.open(cache_dir(), digest)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
