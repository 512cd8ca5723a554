"""Performance features as a user sees them: --jobs, the rule cache, --no-cache, lazy imports,
and the trie-shaped phrase regexes (same spans as the plain alternation). No timing here: the
numbers are measured by bench/bench.py."""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import linter.cache
import linter.parallel
import linter.results
import linter.rules
import linter.runner
from linter.cache import load_rules_cached
from linter.cli import main
from linter.document import Document
from linter.engine import lint_document
from linter.patterns import (
    LazyPattern,
    first_char_guard,
    is_trie_literal,
    pattern_alternation,
    phrase_alternation,
    phrase_alternation_flat,
)
from linter.rules import RuleSet

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- trie-shaped phrase alternations ---------------------------------------------------------

# Letters with case, word joiners and a few non-ASCII characters whose case folding Python's
# `re` treats specially (long s, Kelvin sign, dotted I), so the trie is tested where it is hard.
ALPHABET = "abAB -'’éÉſKkİi"
literal_phrases = st.lists(
    st.text(alphabet=ALPHABET, min_size=1, max_size=6).map(str.strip).filter(bool),
    min_size=1,
    max_size=25,
)
texts = st.text(alphabet=ALPHABET + ".\n0x1$€", max_size=120)
FRAGMENTS = [
    "ab?",
    "(?:a|b)a",
    r"a\w",
    "b[ -]a",
    "k+",
    "é.",
    "(?:ab|ba|aa)",
    "(?i:Ab)",
    "(?-i:Ka)",
    "(?i:Sa)b",
    r"\d+x",
    "[$€]\\d",
    "(?:a|)b",
    "ſa",
]


def spans(pattern: str, text: str, ignorecase: bool) -> list[tuple[int, int]]:
    flags = re.IGNORECASE if ignorecase else 0
    return [m.span() for m in re.finditer(pattern, text, flags)]


@settings(max_examples=150, deadline=None)
@given(phrases=literal_phrases, text=texts, ignorecase=st.booleans())
# Found by a CI run: a phrase opening with a curly apostrophe was guarded to start at "’" only.
@example(phrases=["’É"], text="'É", ignorecase=False)
def test_trie_matches_the_same_spans_as_the_plain_alternation(
    phrases: list[str], text: str, ignorecase: bool
) -> None:
    trie = phrase_alternation(phrases, ignorecase=ignorecase)
    flat = phrase_alternation_flat(phrases)
    assert spans(trie, text, ignorecase) == spans(flat, text, ignorecase)


@settings(max_examples=120, deadline=None)
@given(
    phrases=literal_phrases,
    fragments=st.lists(st.sampled_from(FRAGMENTS), max_size=4),
    text=texts,
    ignorecase=st.booleans(),
)
def test_mixed_literals_and_fragments_keep_their_spans(
    phrases: list[str], fragments: list[str], text: str, ignorecase: bool
) -> None:
    tokens = phrases + fragments
    trie = phrase_alternation(tokens, ignorecase=ignorecase)
    flat = phrase_alternation_flat(tokens)
    assert spans(trie, text, ignorecase) == spans(flat, text, ignorecase)


@settings(max_examples=150, deadline=None)
@given(
    phrases=literal_phrases,
    fragments=st.lists(st.sampled_from(FRAGMENTS), min_size=4, max_size=9, unique=True),
    text=texts,
    ignorecase=st.booleans(),
)
def test_guarded_fragment_lists_keep_their_spans(
    phrases: list[str], fragments: list[str], text: str, ignorecase: bool
) -> None:
    tokens = phrases + fragments
    guarded = phrase_alternation(tokens, ignorecase=ignorecase)
    flat = phrase_alternation_flat(tokens)
    assert spans(guarded, text, ignorecase) == spans(flat, text, ignorecase)
    # Raw `patterns:` keep their given order (no trie, no sorting).
    raw = fragments + phrases
    flat_raw = "(?:" + "|".join(f"(?:{p})" for p in raw) + ")"
    got = spans(pattern_alternation(raw, ignorecase=ignorecase), text, ignorecase)
    assert got == spans(flat_raw, text, ignorecase)


def test_each_fragment_appears_once_in_the_alternation() -> None:
    # Copying a fragment once per first character it can start with (a former speed-up) tripled
    # the compiled size, and the memory, of the large built-in rules.
    verbs = "(?:book|buy|order|reserve|join|grab|claim|secure|try|get|shop|apply)"
    tokens = [
        f"{verbs} (?:your|a) {noun} (?:today|now)" for noun in ("seat", "spot", "copy", "kit")
    ]
    pattern = phrase_alternation([*tokens, "sign up", "x[yz]"])
    assert pattern.count(verbs) == len(tokens)
    text = "Book your seat today, then grab a kit now; sign up; xy."
    flat = phrase_alternation_flat([*tokens, "sign up", "x[yz]"])
    assert (
        spans(pattern, text, True)
        == spans(flat, text, True)
        == [(0, 20), (27, 41), (43, 50), (52, 54)]
    )


@settings(max_examples=120, deadline=None)
@given(fragment=st.sampled_from(FRAGMENTS), text=texts, ignorecase=st.booleans())
def test_first_char_guard_changes_no_match(fragment: str, text: str, ignorecase: bool) -> None:
    guarded = first_char_guard(fragment, ignorecase=ignorecase) + f"(?:{fragment})"
    assert spans(guarded, text, ignorecase) == spans(fragment, text, ignorecase)


def test_trie_factors_common_prefixes() -> None:
    pattern = phrase_alternation(["game-changer", "game-changing", "game"])
    assert pattern.count("game") == 1
    assert spans(pattern, "A game-changing game, a game-changer.", True) == [
        (2, 15),
        (16, 20),
        (24, 36),
    ]


def test_only_plain_literals_go_into_the_trie() -> None:
    assert is_trie_literal("power move")
    assert is_trie_literal("world’s best")
    assert not is_trie_literal("aces? up")
    assert not is_trie_literal("café")  # a cased non-ASCII letter: left to the plain branch


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("staggering|whopping", "(?=[sw])"),
        ("(?:a|b)?c", "(?=[abc])"),
        (r"\d+%", r"(?=[\d])"),
        (".x", ""),  # any character: no guard
        ("[^a]b", ""),  # a negated class: no guard
        ("x*", ""),  # can match empty: no guard
    ],
)
def test_first_char_guard(fragment: str, expected: str) -> None:
    assert first_char_guard(fragment) == expected


# --- --jobs ----------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of 24 different articles with findings, and one with invalid UTF-8."""
    root = tmp_path / "articles"
    root.mkdir()
    for index in range(24):
        body = "\n\n".join(
            f"Paragraph {p} of article {index}. This game-changing launch is a power move, "
            f"and demand is skyrocketing. The council approved budget line {index * 7 + p}."
            for p in range(10)
        )
        suffix = ".md" if index % 3 else ".txt"
        (root / f"article-{index:02d}{suffix}").write_text(f"# Report {index}\n\n{body}\n")
    (root / "broken.txt").write_bytes(b"A power move \xff in bytes.\n")
    return root


def test_jobs_1_and_2_give_identical_json(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []
    real_pool_results = linter.parallel._pool_results

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        pools.append(1)
        return real_pool_results(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linter.parallel, "_pool_results", spy)
    one = run("--jobs", "1", "--format", "json", str(corpus))
    assert not pools  # --jobs 1 lints in this process
    two = run("--jobs", "2", "--format", "json", str(corpus))
    assert pools  # --jobs 2 went through the pool
    assert one == two
    code, out, err = two
    assert code == 2  # the invalid UTF-8 file is an input error, whatever the job count
    assert "broken.txt" in err
    findings = json.loads(out)
    assert len({f["path"] for f in findings}) == 25
    paths = [f["path"] for f in findings]
    assert paths == sorted(paths)


def test_batched_linting_gives_each_file_its_own_result(
    corpus: Path, builtin_rules: RuleSet
) -> None:
    # lint_paths reads, plans and lints files a batch at a time (runner.BATCH_FILES); every
    # file's result must be what linting it alone gives, errors and notes included.
    (corpus / "missing.md").symlink_to(corpus / "nowhere.md")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    paths = sorted(str(p) for p in corpus.iterdir())
    assert len(paths) > linter.runner.BATCH_FILES
    batched = list(linter.runner.lint_paths(paths, builtin_rules))
    alone = [linter.runner.lint_file(path, builtin_rules) for path in paths]

    def shape(result: linter.runner.FileResult) -> tuple[object, ...]:
        return (result.path, result.findings, [str(e) for e in result.errors], result.notes)

    assert [shape(r) for r in batched] == [shape(r) for r in alone]
    assert sum(bool(r.findings) for r in batched) == 25  # the invalid UTF-8 one is linted too
    assert [bool(r.errors) for r in batched].count(True) == 2  # invalid UTF-8, broken link
    assert [bool(r.notes) for r in batched].count(True) == 1  # the binary file


def test_jobs_must_be_a_positive_number(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:  # argparse's usage error
        run("--jobs", "0", str(corpus))
    assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_parallel_run_in_a_real_process(corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ARTICLE_LINT_CACHE_DIR": str(tmp_path / "cache")}
    outputs = []
    for jobs in ("1", "2"):
        linter.results.forget(tmp_path / "cache")  # both runs lint: the second is not served stored
        outputs.append(
            subprocess.run(
                [PYTHON, "-m", "linter.cli", "--jobs", jobs, "-q", str(corpus)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
        )
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[0].returncode == outputs[1].returncode == 2
    assert outputs[0].stdout.count("\n") > 24


# --- the rule cache --------------------------------------------------------------------------


def write_pack(root: Path, token: str, data_token: str = "best-in-class") -> Path:
    pack = root / "rules" / "mypack"
    (pack / "data").mkdir(parents=True, exist_ok=True)
    (pack / "Buzz.yaml").write_text(
        textwrap.dedent(
            f"""\
            extends: existence
            category: hype
            message: "'{{match}}' is buzz"
            tokens:
              - {token}
            """
        )
    )
    (pack / "Listed.yaml").write_text(
        textwrap.dedent(
            """\
            extends: existence
            category: hype
            message: "'{match}' is listed"
            tokens: {file: data/words.txt}
            """
        )
    )
    (pack / "data" / "words.txt").write_text(f"{data_token}\n")
    return root / "rules"


def lint_with_pack(rules: Path, article: Path, *extra: str) -> list[str]:
    code, out, _ = run(
        "--no-builtin-rules", "--rules", str(rules), "--format", "json", *extra, str(article)
    )
    assert code in (0, 1)
    return sorted(f["match"] for f in json.loads(out))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("ARTICLE_LINT_CACHE_DIR", str(folder))
    return folder


def bump(path: Path, text: str) -> None:
    """Rewrite a file with a new mtime, even on a coarse-grained file system clock."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_cache_is_used_and_invalidated_when_a_rule_changes(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "post.md"
    article.write_text("A synergy play, best-in-class and world-class.\n")
    rules = write_pack(tmp_path, "synergy play")
    assert lint_with_pack(rules, article) == ["best-in-class", "synergy play"]
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 1

    # Served from the cache: loading the YAML again would fail.
    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("rules were loaded from YAML although the cache is fresh")

    monkeypatch.setattr(linter.cache, "load_rules", no_yaml)
    assert lint_with_pack(rules, article) == ["best-in-class", "synergy play"]
    monkeypatch.undo()
    monkeypatch.setenv("ARTICLE_LINT_CACHE_DIR", str(cache_dir))

    # A changed rule file is picked up ...
    buzz = rules / "mypack" / "Buzz.yaml"
    bump(buzz, buzz.read_text().replace("synergy play", "world-class"))
    assert lint_with_pack(rules, article) == ["best-in-class", "world-class"]
    # ... and so is a changed data list.
    bump(rules / "mypack" / "data" / "words.txt", "synergy play\n")
    assert lint_with_pack(rules, article) == ["synergy play", "world-class"]


def test_cache_sees_an_edit_that_keeps_size_and_mtime(tmp_path: Path, cache_dir: Path) -> None:
    """A tool that restores timestamps (or two saves within the clock's resolution) leaves
    size and mtime as they were; the edit must still reach the next run."""
    article = tmp_path / "post.md"
    article.write_text("A synergy play, best-in-class and earth-shaking.\n")
    rules = write_pack(tmp_path, "synergy play")
    words = rules / "mypack" / "data" / "words.txt"
    assert lint_with_pack(rules, article) == ["best-in-class", "synergy play"]
    stamp = words.stat()
    words.write_text("earth-shaking\n")  # as long as "best-in-class\n"
    os.utime(words, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert (words.stat().st_size, words.stat().st_mtime_ns) == (stamp.st_size, stamp.st_mtime_ns)
    assert lint_with_pack(rules, article) == ["earth-shaking", "synergy play"]


def test_corrupt_cache_is_rebuilt_silently(tmp_path: Path, cache_dir: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text("A synergy play.\n")
    rules = write_pack(tmp_path, "synergy play")
    assert lint_with_pack(rules, article) == ["synergy play"]
    (entry,) = cache_dir.glob("rules-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-40] + b"garbage")
    code, out, err = run("--no-builtin-rules", "--rules", str(rules), str(article))
    assert code == 1 and "synergy play" in out and err == ""
    assert load_rules_cached([rules], builtin=False).get("mypack.Buzz") is not None


def test_no_cache_neither_reads_nor_writes_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "post.md"
    article.write_text("A synergy play.\n")
    rules = write_pack(tmp_path, "synergy play")
    assert lint_with_pack(rules, article, "--no-cache") == ["synergy play"]
    assert not cache_dir.exists()

    assert lint_with_pack(rules, article) == ["synergy play"]  # now the cache exists
    loads: list[int] = []
    real_load = linter.cache.load_rules

    def counting_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(1)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(linter.cache, "load_rules", counting_load)
    assert lint_with_pack(rules, article, "--no-cache") == ["synergy play"]
    assert loads == [1]


def test_cache_goes_to_the_user_cache_folder_not_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    home = tmp_path / "home"
    project.mkdir()
    home.mkdir()
    (project / "post.md").write_text("A power move.\n")
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME",)}
    env.pop("ARTICLE_LINT_CACHE_DIR", None)
    env["HOME"] = str(home)
    subprocess.run(
        [PYTHON, "-m", "linter.cli", "post.md"], cwd=project, env=env, capture_output=True
    )
    assert sorted(p.name for p in project.iterdir()) == ["post.md"]
    assert list((home / ".cache" / "article-lint").glob("rules-*.pickle"))


def test_cached_rules_find_what_freshly_loaded_rules_find(tmp_path: Path, cache_dir: Path) -> None:
    seed = next((REPO / "seeds").glob("*.txt"))
    fresh = run("--no-cache", "--format", "json", str(seed))
    run("--format", "json", str(seed))  # fills the cache
    cached = run("--format", "json", str(seed))  # served from it
    assert list(cache_dir.glob("rules-*.pickle"))
    assert fresh == cached


def _lazy_patterns(ruleset: RuleSet) -> list[LazyPattern]:
    return [
        value
        for rule in ruleset
        for value in vars(rule.matcher).values()
        if isinstance(value, LazyPattern)
    ]


def test_large_patterns_are_built_on_first_use(tmp_path: Path, cache_dir: Path) -> None:
    load_rules_cached()
    cached = load_rules_cached()  # from the pickle
    lazy = _lazy_patterns(cached)
    assert lazy, "the built-in phrase alternations are restored lazily"
    assert not any("_compiled" in vars(p) for p in lazy)
    # Keys and prefilter decisions read these without building the pattern.
    keys = [(p.pattern, p.flags, p.groups, dict(p.groupindex)) for p in lazy]
    assert not any("_compiled" in vars(p) for p in lazy)

    text = "This game-changing platform is a power move. Demand is skyrocketing, experts say."
    fresh = linter.rules.load_rules()
    assert lint_document(Document.from_text(text), cached) == lint_document(
        Document.from_text(text), fresh
    )
    built = [p for p in lazy if "_compiled" in vars(p)]
    assert built and len(built) < len(lazy)  # only what this text needed
    pattern = built[0]
    real = re.compile(pattern.pattern, pattern.flags)
    assert keys[lazy.index(pattern)] == (real.pattern, real.flags, real.groups, real.groupindex)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert pickle.loads(pickle.dumps(lazy[-1])).pattern == lazy[-1].pattern


# --- lazy imports ----------------------------------------------------------------------------


def test_default_run_imports_no_textstat_nltk_or_pool(tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text("# Launch\n\nThe council approved the budget. It is a power move.\n")
    probe = (
        "import sys, io\n"
        "from linter.cli import main\n"
        f"main([{str(article)!r}], stdout=io.StringIO(), stderr=io.StringIO())\n"
        "print(sorted(m for m in ('textstat', 'nltk', 'multiprocessing', 'ftfy')"
        " if m in sys.modules))\n"
    )
    env = {**os.environ, "ARTICLE_LINT_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # once filling the rule cache, once served from it
        linter.results.forget(tmp_path / "cache")  # linted both times
        done = subprocess.run(
            [PYTHON, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        assert done.stdout.strip() == "[]"


def test_user_rules_with_many_fragments_still_work(tmp_path: Path) -> None:
    """User rules compile with RE2, which has no look-aheads: no dispatch or guards for them."""
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "Fragments.yaml").write_text(
        textwrap.dedent(
            """\
            extends: existence
            category: hype
            message: "'{match}' is hype"
            tokens:
              - mega[- ]deals?
              - (?:super|hyper)charged
              - top[- ]tier
              - best (?:ever|yet)
              - game[- ]chang(?:er|ing)
            patterns:
              - 'BUY NOW'
              - 'act (?:fast|now)'
              - 'limited[- ]time'
              - '\\d+x returns'
            """
        )
    )
    article = tmp_path / "post.md"
    article.write_text("A supercharged mega deal, the best ever: act now, 10x returns.\n")
    code, out, _ = run(
        "--no-builtin-rules", "--rules", str(tmp_path / "rules"), "--format", "json", str(article)
    )
    assert code == 1
    assert sorted(f["match"] for f in json.loads(out)) == [
        "10x returns",
        "act now",
        "best ever",
        "mega deal",
        "supercharged",
    ]


def test_jobs_are_capped_at_the_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `--jobs 100000` on 300 files started 300 workers on a 2-core machine.
    paths = []
    for index in range(6):
        path = tmp_path / f"a{index}.txt"
        path.write_text("It was a power move by the board.\n" * 2000, encoding="utf-8")
        paths.append(str(path))
    started: list[int] = []

    def fake_pool(paths: list[str], state: object, jobs: int) -> list[object]:
        started.append(jobs)
        return []

    monkeypatch.setattr(linter.parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(linter.parallel, "_pool_results", fake_pool)
    ruleset = linter.rules.load_rules()
    for asked, used in ((100000, 2), (2, 2), (None, 2)):
        list(linter.parallel.lint_paths_parallel(paths, ruleset, jobs=asked))
        assert started.pop() == used, asked
