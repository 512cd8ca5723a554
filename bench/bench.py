"""Throughput, scaling, memory and start-up benchmark for article-lint (a script, not a test).

    .venv/bin/python bench/bench.py                 # 1 MB and 10 MB corpora
    .venv/bin/python bench/bench.py --sizes 1,10,100
    .venv/bin/python bench/bench.py --sizes 1 --no-peers --markdown bench/out/results.md
    .venv/bin/python bench/bench.py --rule-profile 1     # CPU time per stage and per rule

It generates a deterministic corpus (seeded RNG) of article-like Markdown, text and HTML files
into bench/corpus/<N>mb/ (no two files alike: neutral reporting mixed with hype, unsupported
claims, speculation, sponsored calls-to-action, some mojibake, and markup), then, in one run,
times as separate processes (interpreter start included):

- article-lint with --jobs 1 and --jobs 2 (the full built-in rule set, all categories), each
  with no stored findings, so every file is linted; then --jobs 2 again over the unchanged
  corpus, where every file's findings come from the findings cache (linter/results.py),
- the one-regex reference scan: a single-pass Python scan of every file with ~500 phrases
  compiled into one trie-shaped regex (the floor any regex linter in Python sits on),
- reading and decoding the files only,
- proselint (from PyPI, into bench/.venv-peers) and write-good (from npm, into
  bench/.node-peers), when they can be installed; skipped with a note otherwise,

and prints MB/s, files/s, peak memory and the ratio to the reference scan, then the wall time of
one small file and one ~3 KB Markdown article with sub-headings and a list (the pre-commit
case, a file just changed: no stored findings) against `python -c pass`, both in the
development venv and with article-lint installed as pre-commit installs a hook (`pip install .`
into bench/.venv-hook), with proselint and write-good on the same files, and a linearity check
(one document 10x longer). Every run uses the benchmark's own cache folder (bench/out/cache),
not the user's.

Peak memory is given two ways: the largest single process (`ru_maxrss` from wait4, exact) and
the whole process tree's proportional set size (PSS, sampled every 50 ms from /proc; shared
copy-on-write pages of forked workers are counted once).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CORPUS_DIR = BENCH_DIR / "corpus"
OUT_DIR = BENCH_DIR / "out"
PEER_VENV = BENCH_DIR / ".venv-peers"
PEER_NODE = BENCH_DIR / ".node-peers"
# article-lint installed as pre-commit installs a hook: `pip install .` into a fresh venv. Its
# `python -c pass` is ~25 ms faster than the development venv's, whose editable-install finder
# imports pathlib and re at start; article-lint imports those anyway, so the lint itself takes
# about as long in both (stop 32, docs/performance.md).
HOOK_VENV = BENCH_DIR / ".venv-hook"
GENERATOR_VERSION = 3  # bump when the generator changes, so old corpora are rebuilt
SEED = 20240611

# --------------------------------------------------------------------------------------------
# Corpus generation
# --------------------------------------------------------------------------------------------

SUBJECTS = [
    "The city council",
    "The ministry of transport",
    "Researchers at the state university",
    "The regional hospital",
    "A spokesperson for the port authority",
    "The company",
    "Local farmers",
    "The central bank",
    "Teachers at the district school",
    "The airline",
    "The football club",
    "A group of residents",
    "The statistics office",
    "The mayor",
    "Shareholders",
    "The water utility",
    "Volunteers",
    "The museum",
    "Engineers",
    "Officials",
]
VERBS = [
    "approved",
    "published",
    "postponed",
    "reviewed",
    "announced",
    "rejected",
    "discussed",
    "presented",
    "reported",
    "described",
    "questioned",
    "completed",
    "updated",
    "measured",
]
OBJECTS = [
    "the budget for next year",
    "a revised timetable",
    "the results of the survey",
    "plans for a new bridge",
    "the annual report",
    "a proposal to extend opening hours",
    "the findings of an inspection",
    "changes to the parking rules",
    "the draft agreement",
    "a study of river levels",
    "the quarterly figures",
    "a plan to replace old pipes",
]
TAILS = [
    "on Tuesday",
    "after a long debate",
    "at a public meeting",
    "in a written statement",
    "earlier this month",
    "without a vote",
    "for the second time",
    "in the morning session",
    "according to the minutes",
    "with minor changes",
    "as expected",
    "late on Friday",
]
HYPE = [
    "game-changing",
    "revolutionary",
    "jaw-dropping",
    "mind-blowing",
    "world-class",
    "groundbreaking",
    "unprecedented",
    "cutting-edge",
    "best-in-class",
    "next-level",
    "breathtaking",
    "state-of-the-art",
    "disruptive",
    "record-breaking",
    "unbelievable",
    "stunning",
    "incredible",
    "legendary",
    "epic",
    "must-see",
    "skyrocketing",
    "explosive",
]
THINGS = [
    "platform",
    "launch",
    "product",
    "upgrade",
    "service",
    "app",
    "partnership",
    "strategy",
    "token",
    "gadget",
    "deal",
    "collection",
    "experience",
    "solution",
    "release",
]
CLICHES = [
    "a power move",
    "a masterclass in design",
    "an ace up its sleeve",
    "a true game changer",
    "the talk of the town",
    "a paradigm shift",
    "a perfect storm",
    "the new gold standard",
]
SPECULATION = [
    "Prices could double by next year.",
    "Analysts believe it may possibly reshape the market.",
    "It is rumoured that a bigger deal is coming.",
    "Some say the rally might never end.",
    "Insiders suggest the value will soar tenfold.",
    "It could perhaps be the next big thing.",
]
SPONSORED = [
    "Click here to buy now.",
    "Use code SAVE20 at checkout.",
    "Sign up today for exclusive access.",
    "Don't miss out: limited time offer.",
    "Subscribe now and get 50% off.",
    "This post is sponsored by our partners.",
    "Shop the collection via the link below.",
]
CLAIMS = [
    "Sales are skyrocketing.",
    "Demand has reached record-breaking levels.",
    "Experts agree it is the best on the market.",
    "Everyone is talking about it.",
    "Studies show it works better than anything else.",
]
MOJIBAKE = ["cafÃ©", "donâ€™t", "SÃ£o Paulo", "naÃ¯ve", "â€œquotedâ€\u009d", "rÃ©sumÃ©"]
NAMES = [
    "Amara Okafor",
    "Lena Fischer",
    "Tomás Ruiz",
    "Priya Natarajan",
    "Jonas Berg",
    "Mei Chen",
    "Olu Adeyemi",
    "Sara Lindqvist",
    "Ahmed Haddad",
    "Keiko Sato",
]


def neutral_sentence(rng: random.Random) -> str:
    sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    roll = rng.random()
    if roll < 0.3:
        sentence += f" {rng.choice(TAILS)}"
    elif roll < 0.5:
        sentence += f", and the cost rose by {rng.randint(2, 40)}% to {rng.randint(1, 900)} million"
    elif roll < 0.6:
        sentence += f", {rng.choice(NAMES)} said"
    return sentence + "."


def promotional_sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        adjectives = rng.sample(HYPE, rng.randint(1, 3))
        return f"This {', '.join(adjectives)} {rng.choice(THINGS)} is {rng.choice(CLICHES)}."
    if kind < 0.55:
        return rng.choice(SPECULATION)
    if kind < 0.75:
        return rng.choice(CLAIMS)
    if kind < 0.9:
        return rng.choice(SPONSORED)
    return f"The {rng.choice(HYPE)} {rng.choice(THINGS)} from {rng.choice(NAMES)} is here."


def paragraph(rng: random.Random, promo_rate: float, *, markdown: bool) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(2, 7)):
        sentence = promotional_sentence(rng) if rng.random() < promo_rate else neutral_sentence(rng)
        if rng.random() < 0.02:
            sentence = sentence[:-1] + f" near the {rng.choice(MOJIBAKE)} stand."
        if markdown and rng.random() < 0.08:
            sentence = (
                sentence[:-1] + f" ([details](https://example.org/a/{rng.randint(1, 99999)}))."
            )
        if markdown and rng.random() < 0.05:
            words = sentence.split()
            index = rng.randrange(len(words))
            words[index] = f"**{words[index]}**"
            sentence = " ".join(words)
        parts.append(sentence)
    return " ".join(parts)


def article(rng: random.Random, index: int, fmt: str, target_bytes: int) -> str:
    promo_rate = rng.choice([0.0, 0.05, 0.15, 0.3, 0.5])
    title = f"Report {index}: {rng.choice(OBJECTS).capitalize()}"
    chunks: list[str] = []
    size = 0
    if fmt == "markdown":
        if rng.random() < 0.4:
            chunks.append(
                f'---\ntitle: "{title}"\ndate: 2024-{rng.randint(1, 12):02d}-'
                f"{rng.randint(1, 28):02d}\nid: {index}\n---\n"
            )
        chunks.append(f"# {title}\n")
    elif fmt == "html":
        chunks.append(f"<html><head><title>{title}</title></head><body>\n<h1>{title}</h1>\n")
    else:
        chunks.append(f"{title}\n")
    chunks.append(f"Reference {index:06d}-{rng.randint(0, 10**9)}.\n")
    while size < target_bytes:
        roll = rng.random()
        if fmt == "markdown" and roll < 0.08:
            block = f"## {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        elif fmt == "markdown" and roll < 0.14:
            block = "\n".join(f"- {neutral_sentence(rng)}" for _ in range(rng.randint(2, 5)))
        elif fmt == "markdown" and roll < 0.17:
            block = f"```\nvalue = compute({rng.randint(1, 999)})  # game-changing code\n```"
        elif fmt == "markdown" and roll < 0.2:
            block = f"> {paragraph(rng, promo_rate, markdown=True)}"
        elif fmt == "html":
            block = f"<p>{paragraph(rng, promo_rate, markdown=False)}</p>"
        else:
            block = paragraph(rng, promo_rate, markdown=fmt == "markdown")
        chunks.append(block + "\n")
        size += len(block) + 2
    if fmt == "html":
        chunks.append("</body></html>\n")
    return "\n".join(chunks)


def generate_corpus(size_mb: int, seed: int = SEED) -> Path:
    """bench/corpus/<N>mb/, rebuilt only when missing or made by another generator version."""
    root = CORPUS_DIR / f"{size_mb}mb"
    stamp = root / ".generated"
    expected = f"{GENERATOR_VERSION} {seed} {size_mb}"
    if stamp.exists() and stamp.read_text() == expected:
        return root
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed * 1000 + size_mb)
    target = size_mb * 1_000_000
    written = 0
    index = 0
    while written < target:
        fmt = rng.choices(["markdown", "text", "html"], weights=[70, 25, 5])[0]
        extension = {"markdown": ".md", "text": ".txt", "html": ".html"}[fmt]
        # Article lengths vary like a real archive: mostly 2-15 KB, some long reads.
        length = int(min(80_000, max(800, rng.lognormvariate(8.8, 0.7))))
        text = article(rng, index, fmt, length)
        folder = root / f"section-{index // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"article-{index:06d}{extension}").write_bytes(data)
        written += len(data)
        index += 1
    stamp.write_text(expected)
    return root


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


# --------------------------------------------------------------------------------------------
# The reference scan and the read-only pass (run as subprocesses of this script)
# --------------------------------------------------------------------------------------------


def reference_phrases() -> list[str]:
    """~500 literal phrases: the corpus's own promotional vocabulary plus combinations."""
    phrases = set(HYPE) | {c.removeprefix("a ").removeprefix("an ") for c in CLICHES}
    phrases |= {s.rstrip(".").lower() for s in SPECULATION + SPONSORED + CLAIMS}
    rng = random.Random(SEED)
    while len(phrases) < 500:
        phrases.add(f"{rng.choice(HYPE)} {rng.choice(THINGS)}")
        if len(phrases) < 500:
            phrases.add(f"{rng.choice(THINGS)} {rng.choice(VERBS)}")
    return sorted(phrases)[:500]


_reference_pattern: Any = None


def _reference_count(paths: Sequence[Path]) -> int:
    matches = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for _ in _reference_pattern.finditer(text):
            matches += 1
    return matches


def reference_scan(root: Path, jobs: int = 1) -> int:
    """One regex over every file: the floor of a Python regex linter. With `jobs` > 1 the files
    are split between that many forked processes: how far this machine lets a plain CPU-bound
    Python scan scale with cores (the ceiling for article-lint's --jobs scaling)."""
    global _reference_pattern
    sys.path.insert(0, str(REPO))
    import re

    from linter.patterns import trie_regex

    _reference_pattern = re.compile(
        rf"(?<![\w-])(?:{trie_regex(reference_phrases())})(?![\w-])", re.IGNORECASE
    )
    files = corpus_files(root)
    if jobs <= 1:
        print(_reference_count(files))
        return 0
    import multiprocessing

    shares = [files[index::jobs] for index in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        print(sum(pool.map(_reference_count, shares)))
    return 0


def read_only(root: Path) -> int:
    total = 0
    for path in corpus_files(root):
        total += len(path.read_bytes().decode("utf-8", errors="replace"))
    print(total)
    return 0


# --------------------------------------------------------------------------------------------
# Measuring a process: wall time, largest process RSS, sampled tree PSS
# --------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    name: str
    wall: float
    max_rss_mb: float
    tree_pss_mb: float
    returncode: int
    cpu: float = 0.0  # user + system seconds of the process and the workers it waited for
    note: str = ""


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(c) for c in handle.read().split()]
            except OSError:
                continue
            found.extend(children)
            stack.extend(children)
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(name: str, argv: Sequence[str], *, env: dict[str, str] | None = None) -> Measurement:
    OUT_DIR.mkdir(exist_ok=True)
    peak_pss = 0
    done = threading.Event()

    with open(OUT_DIR / f"{name.replace(' ', '_')}.out", "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env)

        def sample() -> None:
            nonlocal peak_pss
            while not done.wait(0.05):
                pids = [process.pid, *_descendants(process.pid)]
                peak_pss = max(peak_pss, sum(_pss_kb(p) for p in pids))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(name, wall, usage.ru_maxrss / 1024, peak_pss / 1024, process.returncode, cpu)


# --------------------------------------------------------------------------------------------
# Peers
# --------------------------------------------------------------------------------------------


def ensure_proselint() -> Path | None:
    executable = PEER_VENV / "bin" / "proselint"
    if executable.exists():
        return executable
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "-q", "proselint"],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return executable if executable.exists() else None


def ensure_write_good() -> Path | None:
    executable = PEER_NODE / "node_modules" / ".bin" / "write-good"
    if executable.exists():
        return executable
    if shutil.which("npm") is None:
        return None
    try:
        PEER_NODE.mkdir(exist_ok=True)
        (PEER_NODE / "package.json").write_text('{"name": "bench-peers", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--silent", "write-good"],
            cwd=PEER_NODE,
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return executable if executable.exists() else None


def install_as_hook() -> Path | None:
    """article-lint from this checkout, installed into HOOK_VENV the way pre-commit installs a
    hook (a wheel, not editable); reinstalled on every run so it is the code being measured."""
    executable = HOOK_VENV / "bin" / "article-lint"
    try:
        if not (HOOK_VENV / "bin" / "pip").exists():
            subprocess.run([sys.executable, "-m", "venv", str(HOOK_VENV)], check=True)
        # The dependencies once (from the index, as pre-commit does); then only article-lint.
        reinstall = ["--force-reinstall", "--no-deps"] if executable.exists() else []
        subprocess.run(
            [str(HOOK_VENV / "bin" / "pip"), "install", "-q", *reinstall, str(REPO)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return executable if executable.exists() else None


# --------------------------------------------------------------------------------------------
# Small-file start-up and linearity
# --------------------------------------------------------------------------------------------


# The benchmark's own cache folder (rule cache and findings cache; see linter/results.py):
# the user's is left alone, and every timed run but the "unchanged files" one starts with no
# stored findings, so it lints every file.
CACHE_DIR = OUT_DIR / "cache"
os.environ["ARTICLE_LINT_CACHE_DIR"] = str(CACHE_DIR)


def forget_findings() -> None:
    """Delete the stored findings, keeping the compiled rule cache."""
    sys.path.insert(0, str(REPO))
    from linter.results import forget

    forget(CACHE_DIR)


def median_wall(
    argv: Sequence[str], runs: int, *, before: Callable[[], None] | None = None
) -> float:
    walls = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


# Rounds of the linearity check: each times the small document ten times and the large once.
LINEARITY_ROUNDS = 5


def linearity() -> list[tuple[str, float, float, float]]:
    """CPU seconds to lint one ~100 KB document and one 10x longer (different text), in three
    shapes: paragraphs, one single paragraph, and one paragraph per line. Returns (shape, small
    seconds, large seconds, time ratio scaled to exactly 10x the size).

    The small document takes ~0.08 s, at the machine's noise floor, so it is timed ten times in
    a row as one measurement, which lasts as long as one run of the large document: each round
    times both, in turn, and the ratio is the median of five rounds' ratios. (Until stop 17 it
    was the best of 7 small runs against the best of 3 large ones, which the luckiest small
    run could push 5-15% up.)"""
    sys.path.insert(0, str(REPO))
    from linter import prefilter
    from linter.document import Document
    from linter.engine import lint_document
    from linter.rules import load_rules

    ruleset = load_rules()
    # One gate for every size (a run switches to the RE2 supersets after its first 256 KB),
    # built before timing: otherwise the smaller document would be timed with the other gate.
    prefilter.prepare(ruleset)
    prefilter.RE2_WORTH_COMPILING = 0
    rng = random.Random(SEED)
    paragraphs = [paragraph(rng, 0.2, markdown=True) for _ in range(3300)]
    lint_document(Document.from_text("\n\n".join(paragraphs[:30]), path="x.md"), ruleset)

    def timed(text: str, times: int) -> float:
        start = time.process_time()
        for _ in range(times):
            lint_document(Document.from_text(text, path="x.md"), ruleset)
        return time.process_time() - start

    results = []
    for shape, separator in (("paragraphs", "\n\n"), ("one paragraph", " "), ("lines", "\n")):
        small = separator.join(paragraphs[:300])
        large = separator.join(paragraphs[300:3300])
        scale = len(large) / len(small)
        small_times, large_times, ratios = [], [], []
        for _ in range(LINEARITY_ROUNDS):
            small_ten = timed(small, 10)
            large_one = timed(large, 1)
            small_times.append(small_ten / 10)
            large_times.append(large_one)
            ratios.append(large_one / (small_ten / 10) / scale * 10)
        results.append(
            (shape, statistics.median(small_times), statistics.median(large_times),
             statistics.median(ratios))
        )
    return results


def rule_profile(size_mb: int) -> str:
    """CPU seconds per stage and per rule over one corpus, in-process: where the time goes."""
    sys.path.insert(0, str(REPO))
    from linter import prefilter
    from linter.document import Document
    from linter.rules import load_rules
    from linter.sources import read_source

    ruleset = load_rules()
    prefilter.prepare(ruleset)  # as the rule cache would provide it
    prefilter.RE2_WORTH_COMPILING = 0  # as in any run over more than a few hundred KB
    files = corpus_files(generate_corpus(size_mb))
    read = build = scan = 0.0
    per_rule = dict.fromkeys((rule.id for rule in ruleset), 0.0)
    size = 0
    for path in files:
        start = time.process_time()
        source = read_source(str(path))
        read += time.process_time() - start
        size += len(source.text)
        start = time.process_time()
        doc = Document.from_text(source.text, path=str(path))
        build += time.process_time() - start
        # As linter.engine.lint_document runs the rules (ARTICLE_LINT_NO_PREFILTER=1: without).
        start = time.process_time()
        plan = prefilter.plan(doc, ruleset) if prefilter.enabled() else None
        scan += time.process_time() - start
        for index, rule in enumerate(ruleset):
            start = time.process_time()
            doc.gate = plan.rule_windows(index, rule) if plan is not None else None
            if plan is None or index not in plan.skip:
                for _ in rule.matcher.hits(doc):
                    pass
            doc.gate = None
            per_rule[rule.id] += time.process_time() - start
    megabytes = size / 1_000_000
    total = read + build + scan + sum(per_rule.values())
    lines = [
        f"### Where the time goes: {megabytes:.1f} MB, {len(ruleset)} rules, CPU seconds",
        "",
        "| stage or rule | CPU s | MB/s on one core |",
        "|---|---|---|",
        f"| read and decode | {read:.3f} | {megabytes / max(read, 1e-9):.1f} |",
        f"| markup parsing (Document) | {build:.3f} | {megabytes / max(build, 1e-9):.1f} |",
        f"| prefilter (RE2 supersets, literal scan) | {scan:.3f} "
        f"| {megabytes / max(scan, 1e-9):.1f} |",
    ]
    for rule_id, seconds in sorted(per_rule.items(), key=lambda item: -item[1]):
        lines.append(f"| {rule_id} | {seconds:.3f} | {megabytes / max(seconds, 1e-9):.1f} |")
    lines.append(f"| **total** | {total:.3f} | {megabytes / total:.2f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def _row(m: Measurement, megabytes: float, files: int, reference: float | None) -> str:
    mbs = megabytes / m.wall
    ratio = f"{(reference / m.wall):.2f}" if reference else "-"
    note = f" {m.note}" if m.note else ""
    return (
        f"| {m.name} | {m.wall:.2f} | {mbs:.2f} | {files / m.wall:.0f} | {m.cpu:.2f} "
        f"| {megabytes / max(m.cpu, 1e-9):.2f} | {m.max_rss_mb:.0f} | {m.tree_pss_mb:.0f} "
        f"| {ratio} |{note}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10", help="corpus sizes in MB (default: 1,10)")
    parser.add_argument("--no-peers", action="store_true", help="skip proselint and write-good")
    parser.add_argument(
        "--peer-max-mb",
        type=int,
        default=10,
        help="run the (slow) peers only on corpora up to this size (default 10)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument(
        "--rule-profile",
        type=int,
        metavar="MB",
        help="only print CPU time per stage and per rule over the MB corpus, then stop",
    )
    parser.add_argument("--reference-scan", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reference-jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--read-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reference_scan:
        return reference_scan(args.reference_scan, args.reference_jobs)
    if args.read_only:
        return read_only(args.read_only)
    if args.rule_profile:
        print(rule_profile(args.rule_profile))
        return 0

    python = str(REPO / ".venv" / "bin" / "python")
    lint = str(REPO / ".venv" / "bin" / "article-lint")
    rule_count = len(
        subprocess.run([lint, "rules"], capture_output=True, text=True).stdout.splitlines()
    )
    lines: list[str] = [
        f"article-lint benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{rule_count} built-in rules, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"load average at start {os.getloadavg()[0]:.2f}",
        "",
    ]
    proselint = write_good = None
    if not args.no_peers:
        proselint = ensure_proselint()
        write_good = ensure_write_good()
        if proselint is None:
            lines.append("note: proselint could not be installed; skipped")
        if write_good is None:
            lines.append("note: write-good (npm) could not be installed; skipped")
    # Warm the rule cache so every timed run starts the same way a second pre-commit run does.
    subprocess.run([lint, "--jobs", "1", str(Path(__file__))], capture_output=True, check=False)

    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"generating / checking the {size} MB corpus ...", file=sys.stderr)
        root = generate_corpus(size)
        files = corpus_files(root)
        megabytes = sum(p.stat().st_size for p in files) / 1_000_000
        print(f"timing the {size} MB corpus ({len(files)} files) ...", file=sys.stderr)
        me = str(Path(__file__).resolve())
        results: list[Measurement] = [
            measure("read files only", [python, me, "--read-only", str(root)]),
            measure(
                "reference scan (1 regex, 500 phrases)", [python, me, "--reference-scan", str(root)]
            ),
            measure(
                "reference scan, 2 processes",
                [python, me, "--reference-scan", str(root), "--reference-jobs", "2"],
            ),
        ]
        forget_findings()
        results.append(measure("article-lint --jobs 1", [lint, "--jobs", "1", "-q", str(root)]))
        forget_findings()
        results.append(measure("article-lint --jobs 2", [lint, "--jobs", "2", "-q", str(root)]))
        # The same run again over the unchanged corpus: every file's findings come from the
        # findings cache the run above filled (the CI re-run of an archive).
        results.append(
            measure(
                "article-lint --jobs 2, again, files unchanged",
                [lint, "--jobs", "2", "-q", str(root)],
            )
        )
        if size <= args.peer_max_mb:
            names = [str(p) for p in files]
            if proselint is not None:
                results.append(measure("proselint 0.16", [str(proselint), "check", *names]))
            if write_good is not None:
                md_txt = [n for n in names if not n.endswith(".html")]
                results.append(measure("write-good (npm)", [str(write_good), *md_txt]))
        elif not args.no_peers:
            lines.append(f"note: peers skipped on the {size} MB corpus (--peer-max-mb)")
        reference = next(r.wall for r in results if r.name.startswith("reference"))
        reference2 = next(r.wall for r in results if r.name == "reference scan, 2 processes")
        jobs1 = next(r.wall for r in results if r.name.endswith("--jobs 1"))
        jobs2 = next(r.wall for r in results if r.name.endswith("--jobs 2"))
        lines += [
            f"### {megabytes:.1f} MB corpus, {len(files)} files",
            "",
            "| run | wall s | MB/s | files/s | CPU s | MB per CPU s "
            "| peak RSS, largest process MB | peak PSS, all processes MB "
            "| speed vs reference scan |",
            "|---|---|---|---|---|---|---|---|---|",
            *[_row(r, megabytes, len(files), reference) for r in results],
            "",
            f"scaling --jobs 1 -> 2: {jobs1 / jobs2:.2f}x (the reference scan, 1 -> 2 processes, "
            f"in the same run: {reference / reference2:.2f}x)",
            "",
        ]
        print("\n".join(lines[-len(results) - 6 :]), file=sys.stderr)

    small = OUT_DIR / "small.md"
    OUT_DIR.mkdir(exist_ok=True)
    small.write_text(
        "# Launch\n\nThe council approved the budget on Tuesday. This game-changing, "
        "jaw-dropping platform is a power move. Prices could double by next year.\n"
    )
    # A pre-commit hook more often sees a whole article: ~3 KB of Markdown with sub-headings,
    # bold, links and a bullet list (deterministic, like the corpus). Without mojibake, as most
    # articles are: a damaged file also loads ftfy to repair it (~0.1 s).
    rng = random.Random(SEED)

    def clean_paragraph() -> str:
        while True:
            text = paragraph(rng, 0.3, markdown=True)
            if not any(damage in text for damage in MOJIBAKE):
                return text

    blocks = ["# Launch notes", clean_paragraph(), "## What changes"]
    blocks += [clean_paragraph() for _ in range(3)]
    blocks.append("\n".join(f"- **{rng.choice(THINGS).capitalize()}:** {neutral_sentence(rng)}"
                            for _ in range(4)))
    blocks += ["## Next", clean_paragraph()]
    while sum(map(len, blocks)) < 3000:
        blocks.append(clean_paragraph())
    article_file = OUT_DIR / "article.md"
    article_file.write_text("\n\n".join(blocks) + "\n")
    # As an installed package is (pip compiles every module at install time): a checkout run
    # with PYTHONDONTWRITEBYTECODE set (as CI sandboxes do) would compile linter/ on each run.
    import compileall

    compileall.compile_dir(str(REPO / "linter"), quiet=1)
    baseline = median_wall([python, "-c", "pass"], 15)
    lint_once = [lint, str(small)]
    subprocess.run(lint_once, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # A pre-commit run lints a file that just changed: no stored findings for it.
    cached = median_wall(lint_once, 15, before=forget_findings)
    uncached = median_wall([lint, "--no-cache", str(small)], 15)
    subprocess.run([lint, str(article_file)], stdout=subprocess.DEVNULL, check=False)
    article_time = median_wall([lint, str(article_file)], 15, before=forget_findings)
    lines += [
        "### One small file (pre-commit), median of 15 runs",
        "",
        "| run | wall s |",
        "|---|---|",
        f"| python -c pass (development venv, editable install) | {baseline:.3f} |",
        f"| article-lint small.md (development venv, rule cache warm) | {cached:.3f} |",
        f"| article-lint --no-cache small.md (development venv) | {uncached:.3f} |",
        f"| article-lint article.md ({article_file.stat().st_size:,} bytes, development venv, "
        f"rule cache warm) | {article_time:.3f} |",
    ]
    hook = install_as_hook()
    if hook is None:
        lines.append("| (installing article-lint as a pre-commit hook failed; skipped) | - |")
    else:
        hook_once = [str(hook), str(small)]
        subprocess.run(hook_once, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        hook_python = median_wall([str(HOOK_VENV / "bin" / "python"), "-c", "pass"], 15)
        hook_lint = median_wall(hook_once, 15, before=forget_findings)
        hook_article = median_wall([str(hook), str(article_file)], 15, before=forget_findings)
        lines += [
            f"| python -c pass (installed as pre-commit installs a hook) | {hook_python:.3f} |",
            f"| article-lint small.md (installed as a hook, rule cache warm) | {hook_lint:.3f} |",
            f"| article-lint article.md (installed as a hook, rule cache warm) | "
            f"{hook_article:.3f} |",
        ]
    for name, executable in (("proselint", proselint), ("write-good", write_good)):
        if executable is not None:
            peer = median_wall([str(executable), str(small)], 15)
            peer_article = median_wall([str(executable), str(article_file)], 15)
            lines.append(f"| {name} small.md / article.md | {peer:.3f} / {peer_article:.3f} |")
    lines.append("")
    lines += [
        "### Linearity: one document ~100 KB vs ~1 MB (different text), CPU s, median of "
        f"{LINEARITY_ROUNDS} rounds (the small one timed 10 times a round)",
        "",
        "| shape | ~100 KB | ~1 MB | time ratio for 10x the size |",
        "|---|---|---|---|",
    ]
    for shape, small_time, large_time, factor in linearity():
        lines.append(f"| {shape} | {small_time:.3f} | {large_time:.3f} | {factor:.2f}x |")
    lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
