"""Start-up: a pre-commit run on one small file imports only what it uses.

Each import below costs a run milliseconds (PyYAML ~10, re2 and its friends ~3, hashlib's
OpenSSL ~2, ...), and a pre-commit hook pays them on every commit. These tests run the CLI in a
fresh interpreter and look at `sys.modules` afterwards; they assert no timings (see
docs/performance.md for those).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import linter.results

PYTHON = sys.executable
ARTICLE = (
    "# Launch\n\nThe council approved the budget. This launch is a power move.\n\n"
    "> A block quote: the Markdown parser is needed.\n"
)

# Never imported by a default run served from the rule cache.
NOT_IMPORTED = (
    "yaml",  # the rule cache hit: no YAML is parsed
    "re2",  # only for --rules folders
    "textstat",
    "nltk",
    "ftfy",
    "multiprocessing",  # one file: no pool
    "concurrent.futures",
    "hashlib",  # --baseline, sarif and gitlab fingerprints only
    "tempfile",  # --output, --fix and cache writes only
    "shutil",
    "difflib",  # --diff, `explain` suggestions
    "json",  # --format json, --baseline
    "tomllib",  # a pyproject.toml with our table
    "linter.baseline",
    "linter.fix",
    "linter.docs",
    "linter.report.output",
    "linter.report.json_format",
    "linter.report.sarif",
    "linter.report.junit",
    "linter.report.gitlab",
    "linter.report.github",
)

# Runs `main(argv)` and prints the loaded modules, one a line (nothing imported for printing).
PROBE = """\
import io, sys
from linter.cli import main
main(sys.argv[1:], stdout=io.StringIO(), stderr=io.StringIO())
sys.stdout.write("\\n".join(sorted(sys.modules)))
"""


def probe_output(
    probe: str,
    argv: list[str],
    cache: Path,
    cwd: Path,
    *,
    rebuilt: Callable[[list[str]], bool],
    keep_findings: bool = False,
) -> list[str]:
    """The lines `probe` prints for a run of `argv` with the rule cache warm in `cache`.

    A run that `rebuilt` says had to (re)build the cache is repeated: while other work edits
    the rule files in the same checkout, the cache can go stale between two runs, which says
    nothing about what a warm run does. Before each run the stored findings are deleted (a
    pre-commit run lints a file that changed), unless `keep_findings`."""
    env = {**os.environ, "ARTICLE_LINT_CACHE_DIR": str(cache)}
    env.pop("PYTHONSTARTUP", None)
    lines: list[str] = []
    for _ in range(4):
        if not keep_findings:
            linter.results.forget(cache)
        done = subprocess.run(
            [PYTHON, "-c", probe, *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            check=True,
            timeout=120,
        )
        lines = done.stdout.split("\n")
        if not rebuilt(lines):
            return lines
    return lines


def loaded_modules(
    argv: list[str], cache: Path, cwd: Path, *, retry: bool = True, keep_findings: bool = False
) -> set[str]:
    """Modules loaded by a run of `argv` with the rule cache warm in `cache` (a run that wrote
    the cache imported tempfile; it is repeated unless not `retry`)."""
    return set(
        probe_output(
            PROBE,
            argv,
            cache,
            cwd,
            rebuilt=lambda modules: retry and "tempfile" in modules,
            keep_findings=keep_findings,
        )
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "post.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_default_run_imports_only_what_it_needs(article: Path, tmp_path: Path) -> None:
    modules = loaded_modules([str(article)], tmp_path / "cache", tmp_path)
    assert "linter.engine" in modules  # the probe ran a lint
    assert sorted(name for name in NOT_IMPORTED if name in modules) == []
    assert "markdown_it" in modules  # a block quote needs the Markdown parser


def test_a_file_of_headings_paragraphs_and_lists_needs_no_markdown_parser(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# Launch\n\nThe council approved the **budget**.\n\n- Roads: repaired.\n- Parks: open.\n"
        "\n```\ncode\n```\n",
        encoding="utf-8",
    )
    modules = loaded_modules([str(path)], tmp_path / "cache", tmp_path)
    assert "linter.markup.markdown" in modules and "linter.engine" in modules
    assert "markdown_it" not in modules
    # linter.record stands in for dataclasses, which would cost ~6 ms of imports (inspect, ast,
    # dis) and ~18 ms of class building, and typing (~3 ms) is read by type checkers only; only
    # markdown_it still imports them.
    assert "dataclasses" not in modules and "inspect" not in modules
    assert "typing" not in modules


def test_an_unchanged_file_is_not_parsed_again(article: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    loaded_modules([str(article)], cache, tmp_path)  # lints it, stores its findings
    modules = loaded_modules([str(article)], cache, tmp_path, keep_findings=True)
    assert "linter.results" in modules
    assert "markdown_it" not in modules and "linter.engine" in modules
    article.write_text(ARTICLE + "\nOne more line.\n", encoding="utf-8")
    modules = loaded_modules([str(article)], cache, tmp_path, keep_findings=True)
    assert "markdown_it" in modules  # changed: linted again


def test_plain_text_does_not_import_the_markdown_parser(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    modules = loaded_modules([str(path)], tmp_path / "cache", tmp_path)
    assert "linter.engine" in modules
    assert "markdown_it" not in modules and "linter.markup.markdown" not in modules
    assert sorted(name for name in NOT_IMPORTED if name in modules) == []


def test_only_the_chosen_format_is_imported(article: Path, tmp_path: Path) -> None:
    modules = loaded_modules(["--format", "json", str(article)], tmp_path / "cache", tmp_path)
    assert {"json", "linter.report.json_format"} <= modules
    others = {"linter.report.sarif", "linter.report.junit", "linter.report.gitlab", "hashlib"}
    assert not modules & others
    modules = loaded_modules(["--format", "sarif", str(article)], tmp_path / "cache", tmp_path)
    assert "linter.report.sarif" in modules


def test_the_probe_sees_lazy_imports_when_they_are_needed(article: Path, tmp_path: Path) -> None:
    """The same probe does see yaml, re2 and tempfile when a run needs them, so the tests above
    are not vacuous."""
    cache = tmp_path / "cache"
    modules = loaded_modules(["--no-cache", str(article)], cache, tmp_path)
    assert "yaml" in modules  # no cache: the rule files are parsed
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "Launch.yaml").write_text(
        "extends: existence\ncategory: hype\nsummary: Test.\nmessage: \"'{match}'\"\n"
        "tokens:\n  - launch\n",
        encoding="utf-8",
    )
    modules = loaded_modules(["--rules", str(tmp_path / "rules"), str(article)], cache, tmp_path)
    assert "re2" in modules  # user rules run on RE2
    output = tmp_path / "report.txt"
    modules = loaded_modules(["--output", str(output), str(article)], cache, tmp_path, retry=False)
    assert "linter.report.output" in modules and output.exists()


# Runs a lint with `re`'s compiler wrapped and prints the linter files that compiled a pattern.
COMPILE_PROBE = """\
import io, os, sys
import re._compiler as compiler
compiled_by = []
original = compiler.compile
def counting(pattern, flags=0):
    frame = sys._getframe(1)
    while frame and os.sep + "re" + os.sep in frame.f_code.co_filename:
        frame = frame.f_back
    compiled_by.append(frame.f_code.co_filename if frame else "?")
    return original(pattern, flags)
compiler.compile = counting
from linter.cli import main
before = len(compiled_by)
main(sys.argv[1:], stdout=io.StringIO(), stderr=io.StringIO())
sys.stdout.write("\\n".join(compiled_by[before:]))
"""


def test_a_warm_run_compiles_no_module_pattern_of_the_matchers(
    article: Path, tmp_path: Path
) -> None:
    """The module-level patterns of the modules a run imports as it reads the rule cache come
    out of the rule cache as SRE code (linter/cache.py, `_ModulePatterns`): ~6 ms a run."""
    # The first run builds the rule cache (its YAML loading compiles patterns); a stale cache too.
    compilers = probe_output(
        COMPILE_PROBE,
        [str(article)],
        tmp_path / "cache",
        tmp_path,
        rebuilt=lambda paths: any(path.endswith(("yamlsource.py", "rules.py")) for path in paths),
    )
    package = Path(linter.results.__file__).parent
    from linter.cache import _RUN_MODULES

    run_files = {
        str(package.joinpath(*name.split(".")[1:]).with_suffix(".py")) for name in _RUN_MODULES
    }
    assert sorted(path for path in compilers if path in run_files) == []


def test_primed_patterns_are_what_re_compile_returns() -> None:
    import re

    from linter.cache import _passed_flags, _pattern_code, _prime_re_cache

    sources = [("(?i)power move", 0), ("power move", re.IGNORECASE), (r"\bx\w+", re.MULTILINE)]
    for source, flags in sources:
        compiled = re.compile(source + "(?#primed)", flags)
        passed = _passed_flags(compiled)
        assert passed is not None
        key = (str, compiled.pattern, passed)
        re._cache.pop(key, None)  # type: ignore[attr-defined]
        assert _prime_re_cache(sys.version, __import__("_sre").MAGIC, [
            (passed, *_pattern_code(compiled))
        ]) == 1
        primed = re.compile(compiled.pattern, passed)
        assert (primed.pattern, primed.flags) == (compiled.pattern, compiled.flags)
        text = "A Power move, a power MOVE\nxyz"
        assert [m.span() for m in primed.finditer(text)] == [
            m.span() for m in compiled.finditer(text)
        ]
    # a table written by another Python is not used
    assert _prime_re_cache("another version", 0, [(0, *_pattern_code(re.compile("q")))]) == 0
