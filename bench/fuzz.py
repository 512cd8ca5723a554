"""Fuzzing harness for article-lint (a script to run for minutes outside CI, not a test).

    .venv/bin/python bench/fuzz.py                        # atheris if installed, 5 minutes
    .venv/bin/python bench/fuzz.py --seconds 60 --target pattern
    .venv/bin/python bench/fuzz.py --engine random        # no atheris: a mutation fuzzer
    .venv/bin/pip install -e '.[fuzz]'                    # atheris (coverage-guided)

Targets:
- `lint` (default): random bytes -> `sources.decode` -> `Document` in one of the three formats
  (picked by the first byte) -> every built-in rule. Anything but a clean result or a skipped
  binary file is a crash; so is a finding whose line/column span is not its `match` text, or
  findings that are not sorted.
- `pattern`: random bytes split into a user pattern and a text -> `safe_regex.compile_untrusted`
  (which may refuse with PatternError) -> finditer/search/fullmatch on the text, checking that
  every span lies in the text and `group()` is the text at the span.

Engines:
- `atheris` (libFuzzer, coverage-guided): seeds from seeds/ and tests/data/; new inputs go to
  bench/out/fuzz-corpus-<target>/, crashes to bench/out/fuzz-crash-*; an input slower than
  --timeout seconds is reported as a crash (that is how a slow regex shows up).
- `random`: mutations (bit flips, splices, inserted markup fragments) of the same seeds; each
  crash is saved to bench/out/fuzz-crashes/ and the run goes on; inputs slower than --timeout
  are listed at the end.

Both print how many inputs ran.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEED_DIRS = (ROOT / "seeds", ROOT / "tests" / "data")
FORMAT_NAMES = ("text", "markdown", "html")
MAX_INPUT = 8192
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

# Inserted by the random engine's mutations: markup and encoding damage the parsers must survive.
FRAGMENTS = [
    s.encode()
    for s in (
        "<",
        ">",
        "`",
        "```",
        "[",
        "](",
        "(",
        ")",
        "# ",
        "> ",
        "- ",
        "1. ",
        "*",
        "_",
        "|",
        "\r\n",
        "\r",
        "\n\n",
        "\ufeff",
        "\u200b",
        "â€™",
        "Ã©",
        "&amp;#8217;",
        "<!--",
        "-->",
        "<script>",
        "<a href='",
        "---\n",
        "http://x.y/",
        "game-changing",
        "experts agree",
        "buy now",
    )
] + [b"\xff", b"\xc3", b"\xe2\x80", b"\x00", b"\xfe\xff", b"\xef\xbb\xbf"]


def load_rules_once() -> object:
    from linter.rules import load_rules

    return load_rules()


def make_lint_target(ruleset: object) -> Callable[[bytes], None]:
    from linter.document import Document
    from linter.engine import lint_document
    from linter.sources import BinaryFileError, decode

    def lint_one(data: bytes) -> None:
        if not data:
            return
        fmt = FORMAT_NAMES[data[0] % 3]
        try:
            source = decode(data[1:], f"fuzz.{fmt}")
        except BinaryFileError:
            return
        text = source.text
        findings = lint_document(Document.from_text(text, fmt=fmt), ruleset)  # type: ignore[arg-type]
        starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        for finding in findings:
            start = starts[finding.line - 1] + finding.column - 1
            end = starts[finding.end_line - 1] + finding.end_column - 1
            if text[start:end] != finding.match:
                raise AssertionError(f"finding span is not its match: {finding}")
        if findings != sorted(findings):
            raise AssertionError("findings are not sorted")

    return lint_one


def pattern_target(data: bytes) -> None:
    from linter.patterns import PatternError
    from linter.safe_regex import compile_untrusted

    if len(data) < 2:
        return
    split = data[0] % max(1, min(len(data) - 1, 64)) + 1
    pattern = data[1:split].decode("utf-8", "replace")
    text = data[split:].decode("utf-8", "replace")
    try:
        compiled = compile_untrusted(pattern, ignorecase=bool(data[0] & 1))
    except PatternError:
        return
    for start, end in ((0, len(text)), (len(text) // 3, len(text) - len(text) // 4)):
        for match in compiled.finditer(text, start, end):
            a, b = match.span()
            if not start <= a <= b <= end or match.group() != text[a:b]:
                raise AssertionError(f"bad span {match.span()} for {pattern!r}")
        compiled.search(text, start, end)
        compiled.fullmatch(text, start, end)


# Seeds for the `pattern` target: user-style patterns (Python syntax) and a text to search.
PATTERN_SEEDS = [
    (r"(?<![\w-])(?:best|game(?:-changing)?)(?![\w-])", "The best game-changing game."),
    (r"(a+)+$", "a" * 40 + "!"),
    (r"\b\w+ly\s+(?P<adj>amazing|good)\b", "truly amazing, really good"),
    (r"[\d.,]+\s?%|\$\d+[kmb]?", "up 12.5 % to $40m"),
    (r"^#+\s.*$", "# Title\r\nbody"),
    (r"[^\W\d_]+\Z", "naïve café"),
    (r"(?i)caf[eé]|\u00e9|\x41", "CAFÉ A é"),
    (r"x*", "xxyx"),
]


def seeds(target: str = "lint") -> list[bytes]:
    if target == "pattern":
        return [
            bytes([len(pattern.encode()) - 1]) + pattern.encode() + text.encode()
            for pattern, text in PATTERN_SEEDS
        ]
    found: list[bytes] = []
    for folder in SEED_DIRS:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.stat().st_size <= MAX_INPUT:
                    found.append(bytes([len(found) % 3]) + path.read_bytes())
    return found or [b"\x00The game-changing launch.\n"]


def mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randint(0, len(buffer))
        if choice < 0.3:
            buffer[position:position] = rng.choice(FRAGMENTS) * rng.choice((1, 1, 2, 50, 500))
        elif choice < 0.5 and buffer:
            index = rng.randrange(len(buffer))
            buffer[index] ^= 1 << rng.randrange(8)
        elif choice < 0.65 and buffer:
            del buffer[position : position + rng.randint(1, 64)]
        elif choice < 0.8:
            other = rng.choice(corpus)
            cut = rng.randint(0, len(other))
            buffer[position:position] = other[cut : cut + rng.randint(1, 512)]
        else:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(buffer[:MAX_INPUT])


def run_random(
    target: Callable[[bytes], None], seconds: float, timeout: float, seed: int, target_name: str
) -> int:
    rng = random.Random(seed)
    corpus = seeds(target_name)
    crash_dir = OUT / "fuzz-crashes"
    runs = crashes = 0
    slow: list[tuple[float, str]] = []
    seen_crashes: set[str] = set()
    deadline = time.monotonic() + seconds
    next_report = time.monotonic() + 30
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(corpus), corpus)
        started = time.monotonic()
        try:
            target(data)
        except Exception as exc:  # every exception is a finding of the fuzzer
            crashes += 1
            signature = f"{type(exc).__name__}: {traceback.extract_tb(exc.__traceback__)[-1]}"
            crash_dir.mkdir(parents=True, exist_ok=True)
            name = crash_dir / f"crash-{hashlib.sha1(data).hexdigest()[:12]}"
            name.write_bytes(data)
            if signature not in seen_crashes:
                seen_crashes.add(signature)
                print(f"CRASH ({name}):\n{traceback.format_exc()}", flush=True)
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            slow_dir = OUT / "fuzz-slow"
            slow_dir.mkdir(parents=True, exist_ok=True)
            name = slow_dir / f"slow-{hashlib.sha1(data).hexdigest()[:12]}"
            name.write_bytes(data)
            slow.append((elapsed, str(name)))
        elif rng.random() < 0.05:
            corpus.append(data)  # keep some mutants so mutations compound
        runs += 1
        if time.monotonic() > next_report:
            print(f"... {runs} inputs, {crashes} crashes, {len(slow)} slow", flush=True)
            next_report += 30
    print(
        f"random engine: {runs} inputs in {seconds:.0f} s, {crashes} crashing inputs "
        f"({len(seen_crashes)} distinct), {len(slow)} slower than {timeout} s"
    )
    for elapsed, name in sorted(slow, reverse=True)[:10]:
        print(f"  slow: {elapsed:.2f} s  {name}")
    return 1 if crashes else 0


def run_atheris(target_name: str, seconds: float, timeout: float) -> int:
    import atheris

    with atheris.instrument_imports():
        import linter.document
        import linter.engine
        import linter.markup.html
        import linter.markup.markdown
        import linter.markup.text
        import linter.safe_regex
        import linter.sources  # noqa: F401
    target = make_lint_target(load_rules_once()) if target_name == "lint" else pattern_target
    corpus_dir = OUT / f"fuzz-corpus-{target_name}"
    if not corpus_dir.exists():
        corpus_dir.mkdir(parents=True)
        for index, data in enumerate(seeds(target_name)):
            (corpus_dir / f"seed-{index:05}").write_bytes(data)
    argv = [
        sys.argv[0],
        str(corpus_dir),
        f"-max_total_time={int(seconds)}",
        f"-timeout={int(max(1, timeout))}",
        f"-max_len={MAX_INPUT}",
        f"-artifact_prefix={OUT}/fuzz-crash-",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, target)
    atheris.Fuzz()  # exits the process: libFuzzer prints the number of runs ("Done N runs")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="how long to fuzz")
    parser.add_argument("--target", choices=("lint", "pattern"), default="lint")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument(
        "--timeout", type=float, default=5, help="seconds after which an input counts as slow"
    )
    parser.add_argument("--seed", type=int, default=1, help="random engine seed")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    if engine == "atheris":
        return run_atheris(args.target, args.seconds, args.timeout)
    target = make_lint_target(load_rules_once()) if args.target == "lint" else pattern_target
    return run_random(target, args.seconds, args.timeout, args.seed, args.target)


if __name__ == "__main__":
    sys.exit(main())
