"""Hard-wrapped copies of labelled sets: does a paragraph wrapped at 72 columns lint as it does
on one line?

    .venv/bin/python bench/wrap_sets.py OUT SET [SET ...]
    .venv/bin/python bench/quality.py --set OUT/SET         # then measure a copy

Each Markdown and plain-text article of a set (promotional and neutral) is copied with its
long paragraph lines wrapped at 72 columns, the way an editor or `fmt` wraps them: a space
becomes a line break, so every offset stays the same. Headings, list items, quotes, tables,
code, HTML and front matter are left as they are, and so is a plain-text file without blank
lines (a line per paragraph there). The labels are rewritten with the text of the same spans
in the wrapped copy. The sets themselves are not changed; the copies go under OUT.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import quality  # noqa: E402

from linter.sources import read_source  # noqa: E402

WIDTH = 72
# Lines that are not paragraph text: headings, list items, quotes, tables, code, HTML, front
# matter, reference definitions.
_NOT_PARAGRAPH = re.compile(r"^(#|\||[-*+] |>|\d+[.)] |```|~~~|    |\t|<|---|\+\+\+|\[)")


def wrap_text(text: str, markdown: bool) -> str:
    """`text` with each long paragraph line wrapped at WIDTH columns, offsets unchanged."""
    if not markdown and "\n\n" not in text:
        return text
    out: list[str] = []
    fenced = False
    lines = text.split("\n")
    in_front_matter = markdown and bool(lines) and lines[0] == "---"
    for number, line in enumerate(lines):
        if in_front_matter:
            out.append(line)
            in_front_matter = not (number > 0 and line == "---")
            continue
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or _NOT_PARAGRAPH.match(line) or len(line) <= WIDTH:
            out.append(line)
            continue
        chars = list(line)
        column, last_space = 0, -1
        for index, char in enumerate(chars):
            if char == " ":
                last_space = index
            column += 1
            if column > WIDTH and last_space >= 0:
                chars[last_space] = "\n"
                column, last_space = index - last_space, -1
        out.append("".join(chars))
    return "\n".join(out)


def wrap_set(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    for kind in ("promotional", "neutral"):
        for path in sorted((target / kind).glob("*")):
            if path.suffix in (".md", ".txt"):
                text = path.read_bytes().decode("utf-8")
                path.write_bytes(wrap_text(text, path.suffix == ".md").encode("utf-8"))
    labels = quality.load_label_set(source)
    for label_file in sorted((target / "labels").glob("*.y*ml")):
        data = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        wrapped = read_source(str(target / "promotional" / data["article"])).text
        findings = []
        for label in labels[source / "promotional" / data["article"]]:
            needle = wrapped[label.start : label.end]
            item: dict[str, object] = {"category": label.category, "text": needle}
            if wrapped.count(needle) > 1:
                item["occurrence"] = _occurrence(wrapped, needle, label.start)
            findings.append(item)
        label_file.write_text(
            yaml.safe_dump(
                {"article": data["article"], "findings": findings},
                allow_unicode=True,
                width=10_000,
            ),
            encoding="utf-8",
        )


def _occurrence(text: str, needle: str, start: int) -> int:
    """Which occurrence of `needle` (counted as quality.py counts them, overlapping) starts at
    `start`."""
    count, index = 0, -1
    while True:
        index = text.find(needle, index + 1)
        if index < 0 or index > start:
            return count
        count += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder for the wrapped copies")
    parser.add_argument("sets", nargs="+", type=Path, help="labelled sets to copy")
    args = parser.parse_args()
    for source in args.sets:
        wrap_set(source, args.out / source.name)
        print(args.out / source.name)


if __name__ == "__main__":
    main()
