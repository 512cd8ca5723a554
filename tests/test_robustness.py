"""Bad input never crashes the run and never loses data: every bad file gets one clear line on
stderr (`article-lint: error: PATH[:LINE]: message`) or a note, the other files are still linted,
and any error makes the exit code 2 (even when findings alone would give 1)."""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import linter.runner
from linter.cli import main
from linter.fix import encode_like
from linter.sources import decode, iter_paths, parse_size

CLI = Path(sys.executable).parent / "article-lint"
# Root reads through chmod 000, so permission tests simulate the refusal instead.
IS_ROOT = getattr(os, "geteuid", lambda: -1)() == 0
RULE = """\
extends: existence
message: "'{match}' is hype"
category: hype
tokens:
  - stellar
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """One user rule flagging 'stellar', so positions do not depend on the built-in packs."""
    folder = tmp_path / "rules" / "test"
    folder.mkdir(parents=True)
    (folder / "Stellar.yaml").write_text(RULE, encoding="utf-8")
    return tmp_path / "rules"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def lint_json(rules_dir: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> Any:
    """(exit code, findings as JSON, stderr lines) with only the test rule."""
    argv = ["--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), "--format", "json"]
    code, out, err = run([*argv, *extra, *map(str, paths)])
    return code, json.loads(out), err.splitlines()


def positions(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(Path(f["path"]).name, f["line"], f["column"], f["match"]) for f in findings]


# --- encodings and line endings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
        ("utf16-le-bom", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
        ("utf16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("cr", lambda t: t.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_boms_and_line_endings_keep_columns_right(
    name: str, encode: Any, tmp_path: Path, rules_dir: Path
) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode("stellar start\nA café, stellar.\n\nend stellar"))
    code, findings, err = lint_json(rules_dir, path)
    assert (code, err) == (1, [])
    assert [(f["line"], f["column"], f["end_column"]) for f in findings] == [
        (1, 1, 8),
        (2, 9, 16),
        (4, 5, 12),
    ]


def test_invalid_utf8_is_located_and_the_rest_still_linted(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(
        "stellar one\r\nnaïve \xff\xfe stellar\n".encode("latin-1").replace(
            "ï".encode("latin-1"), "ï".encode()
        )  # the ï is valid UTF-8; \xff\xfe are not
    )
    code, findings, err = lint_json(rules_dir, path)
    assert code == 2  # an input error beats the findings' exit 1
    assert err == [
        f"article-lint: error: {path}:2: invalid UTF-8 (byte ff) at line 2, column 7; "
        "the rest was linted with U+FFFD in its place"
    ]
    assert positions(findings) == [("bad.txt", 1, 1, "stellar"), ("bad.txt", 2, 10, "stellar")]


def test_invalid_bytes_are_reported_once_not_also_as_replacement_characters(
    tmp_path: Path,
) -> None:
    # The input error names the first bad byte; the built-in U+FFFD rule used to flag the same
    # place again ("a character here was lost"), and every other bad byte of a Latin-1 file.
    # A U+FFFD really in the file is still reported.
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 and na\xefve, and a real \xef\xbf\xbd here.\n")
    code, out, err = run(["--no-config", "-f", "json", str(path)])
    assert code == 2
    assert err.count("invalid UTF-8 (byte e9) at line 1, column 4") == 1
    assert [(f["rule"], f["column"]) for f in json.loads(out)] == [
        ("encoding.ReplacementCharacter", 28)
    ]


def test_decoding_records_where_it_put_each_replacement() -> None:
    source = decode(b"a\xff\xfeb \xef\xbf\xbd c\xe2\x80", "x.txt")
    assert source.text == b"a\xff\xfeb \xef\xbf\xbd c\xe2\x80".decode("utf-8", "replace")
    assert sorted(source.replaced) == [1, 2, 8]  # not 5, the U+FFFD that is in the file
    assert decode(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "y.txt").replaced == frozenset({1})


def test_invalid_utf8_after_a_lone_cr_counts_lines_like_findings() -> None:
    source = decode(b"one\rtwo\r\nthree \x80", "x.txt")
    (problem,) = source.problems
    assert (problem.line, "column 7" in problem.message) == (3, True)


def test_truncated_utf16_is_located(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "stellar\n".encode("utf-16-le") + b"x")
    code, findings, err = lint_json(rules_dir, path)
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"article-lint: error: {path}:2: invalid UTF-16")
    assert positions(findings) == [("odd.txt", 1, 1, "stellar")]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_with_its_mark_is_read_as_utf32(tmp_path: Path, encoding: str) -> None:
    # The UTF-32 LE mark begins with the UTF-16 LE one: read as UTF-16, the text was NULs.
    data = "A stellar idea.\n".encode(encoding)
    if encoding == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    source = decode(data, "x.txt")
    assert (source.text, source.problems, source.bom) == ("A stellar idea.\n", [], True)
    assert encode_like("A fine idea.\n", source) == (
        data[:4] + "A fine idea.\n".encode(source.encoding)
    )


def test_binary_file_is_skipped_with_a_note(tmp_path: Path, rules_dir: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"stellar\x00\x01\x02" * 10)
    good = tmp_path / "good.txt"
    good.write_text("stellar\n", encoding="utf-8")
    code, findings, err = lint_json(rules_dir, binary, good)
    assert code == 1  # a note is not an error
    assert err == [f"article-lint: note: {binary}: binary file (NUL bytes), skipped"]
    assert positions(findings) == [("good.txt", 1, 1, "stellar")]


def test_empty_file_and_empty_stdin(tmp_path: Path, rules_dir: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert lint_json(rules_dir, empty) == (0, [], [])
    result = subprocess.run(
        [str(CLI), "--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), "-"],
        input=b"",
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")


def test_closed_stdin_is_an_error_not_an_empty_article(rules_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("stellar\n", encoding="utf-8")
    result = subprocess.run(
        [str(CLI), "--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), "-", str(good)],
        capture_output=True,
        check=False,
        preexec_fn=lambda: os.close(0),  # stdin closed before the program starts
    )
    assert result.returncode == 2
    assert result.stderr.decode() == "article-lint: error: <stdin>: standard input is closed\n"
    assert f"{good}:1:1:" in result.stdout.decode()


# --- size ----------------------------------------------------------------------------------


def test_one_megabyte_line(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "long.txt"
    filler = "word " * 200_000
    path.write_text(filler + "stellar " + filler + "\n", encoding="utf-8")
    code, findings, err = lint_json(rules_dir, path)
    assert (code, err) == (1, [])
    assert positions(findings) == [("long.txt", 1, len(filler) + 1, "stellar")]


def test_huge_file_is_refused_without_being_read(tmp_path: Path, rules_dir: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 200 MB file: costs no disk and no reading
        handle.truncate(200 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text("stellar\n", encoding="utf-8")
    code, findings, err = lint_json(rules_dir, huge, good)
    assert code == 2
    assert err == [
        f"article-lint: error: {huge}: file too large (200.0 MB, limit 50.0 MB); not linted "
        "(raise the limit with --max-file-size)"
    ]
    assert positions(findings) == [("good.txt", 1, 1, "stellar")]


def test_max_file_size_option(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text("stellar " * 200, encoding="utf-8")  # 1600 bytes
    code, findings, err = lint_json(rules_dir, path, extra=("--max-file-size", "1k"))
    assert (code, findings) == (2, [])
    assert "file too large (1.6 kB, limit 1.0 kB)" in err[0]
    code, findings, err = lint_json(rules_dir, path, extra=("--max-file-size", "0"))
    assert (code, len(findings), err) == (1, 200, [])
    result = subprocess.run(
        [str(CLI), "--max-file-size", "lots", str(path)], capture_output=True, check=False
    )
    assert result.returncode == 2
    assert "--max-file-size: not a size: 'lots'" in result.stderr.decode()


LIMIT_100 = ("--max-file-size", "100")


def test_stdin_over_the_size_limit(rules_dir: Path) -> None:
    result = subprocess.run(
        [str(CLI), "--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), *LIMIT_100, "-"],
        input=b"stellar " * 100,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    # Only the limit and one byte more were read: the message does not invent a size.
    assert result.stderr.decode().startswith(
        "article-lint: error: <stdin>: file too large (more than 100 bytes, limit 100 bytes)"
    )


def test_a_named_pipe_in_a_folder_is_skipped(tmp_path: Path, rules_dir: Path) -> None:
    # Reading a FIFO nobody writes to would wait forever; a folder walk lints regular files only.
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    (tmp_path / "good.txt").write_text("A stellar product.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    command = [str(CLI), "--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), "-q"]
    result = subprocess.run(
        [*command, str(tmp_path)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    assert result.stdout.decode().startswith(f"{tmp_path / 'good.txt'}:1:3: ")


@pytest.mark.parametrize(
    ("text", "size"), [("50M", 50 * 1024**2), ("200k", 204800), ("1.5GB", 3 * 1024**3 // 2)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


# --- files that are not there or cannot be read --------------------------------------------


def test_missing_path_does_not_stop_the_run(tmp_path: Path, rules_dir: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("stellar\n", encoding="utf-8")
    missing = tmp_path / "missing.md"
    code, findings, err = lint_json(rules_dir, missing, good)
    assert code == 2
    assert err == [f"article-lint: error: {missing}: no such file or folder"]
    assert positions(findings) == [("good.txt", 1, 1, "stellar")]


def test_broken_symlink_and_folder_loop(tmp_path: Path, rules_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("stellar\n", encoding="utf-8")
    (docs / "broken.md").symlink_to(tmp_path / "nowhere.md")
    (docs / "sub").mkdir()
    (docs / "sub" / "up").symlink_to(docs, target_is_directory=True)  # a folder loop
    (docs / "linked.md").symlink_to(docs / "sub", target_is_directory=True)  # a folder, not .md
    code, findings, err = lint_json(rules_dir, docs)
    assert code == 2
    assert err == [f"article-lint: error: {docs / 'broken.md'}: broken symlink"]
    assert positions(findings) == [("good.md", 1, 1, "stellar")]  # once: the loop not followed


def test_symlink_loop_file_is_one_error(tmp_path: Path, rules_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("stellar\n", encoding="utf-8")
    (docs / "loop-a.md").symlink_to(docs / "loop-b.md")
    (docs / "loop-b.md").symlink_to(docs / "loop-a.md")
    code, findings, err = lint_json(rules_dir, docs)
    assert code == 2
    assert err[0].startswith(f"article-lint: error: {docs / 'loop-a.md'}: cannot read: ")
    assert err[1].startswith(f"article-lint: error: {docs / 'loop-b.md'}: cannot read: ")
    assert len(err) == 2
    assert positions(findings) == [("good.md", 1, 1, "stellar")]


def _deny_reading(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real_open = open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("linter.sources.open", fake_open, raising=False)


def test_unreadable_file(tmp_path: Path, rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("stellar\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("stellar\n", encoding="utf-8")
    if IS_ROOT:  # root reads through chmod 000: simulate the refusal instead
        _deny_reading(monkeypatch, locked)
    else:
        locked.chmod(0)
    try:
        code, findings, err = lint_json(rules_dir, locked, good)
    finally:
        locked.chmod(0o644)
    assert code == 2
    assert err == [f"article-lint: error: {locked}: cannot read: Permission denied"]
    assert positions(findings) == [("good.txt", 1, 1, "stellar")]


@pytest.mark.skipif(IS_ROOT, reason="root can list any folder")
def test_unlistable_folder_is_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        errors: list[Any] = []
        assert list(iter_paths([str(tmp_path)], errors=errors)) == []
    finally:
        locked.chmod(0o755)
    assert [str(e) for e in errors] == [f"{locked}: cannot list folder: Permission denied"]


# --- many files, deep folders --------------------------------------------------------------


def test_many_files(tmp_path: Path, rules_dir: Path) -> None:
    root = tmp_path / "site"
    for folder in range(20):
        (root / f"d{folder:02}").mkdir(parents=True)
        for index in range(100):
            (root / f"d{folder:02}" / f"p{index:03}.md").write_text("ok\n", encoding="utf-8")
    (root / "d07" / "p042.md").write_text("so stellar\n", encoding="utf-8")
    (root / "d07" / "notes.json").write_text("stellar", encoding="utf-8")  # not an article
    found = list(iter_paths([str(root)]))
    assert len(found) == 2000
    assert found == sorted(found)
    code, findings, err = lint_json(rules_dir, root)
    assert (code, err) == (1, [])
    assert [(f["path"], f["line"], f["column"]) for f in findings] == [
        (str(root / "d07" / "p042.md"), 1, 4)
    ]


def test_a_folder_walk_skips_text_files_that_are_not_articles(tmp_path: Path) -> None:
    names = ("post.md", "NOTES.TXT", "LICENSE.txt", "LICENSE-MIT.txt", "requirements-dev.txt",
             "robots.txt", "license-plates.txt", "notice-board.txt")  # fmt: skip
    for name in names:
        (tmp_path / name).write_text("ok\n", encoding="utf-8")
    assert sorted(Path(p).name for p in iter_paths([str(tmp_path)])) == [
        "NOTES.TXT", "license-plates.txt", "notice-board.txt", "post.md"
    ]  # articles whose names only start like a licence's are linted
    named = str(tmp_path / "LICENSE.txt")
    assert list(iter_paths([named])) == [named]  # named, it is linted


def test_a_leading_dot_slash_is_dropped_but_never_makes_a_path_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("ok\n", encoding="utf-8")
    for given in ("./a.md", ".//a.md", "././a.md"):
        assert list(iter_paths([given])) == ["a.md"], given
    assert list(iter_paths([".//"])) == ["a.md"]
    (tmp_path / "-").write_text("ok\n", encoding="utf-8")
    assert list(iter_paths(["./-"])) == ["./-"]  # the file named "-", not standard input


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth


def test_walking_a_deep_tree_needs_no_recursion(tmp_path: Path) -> None:
    deep = str(tmp_path)
    for _ in range(150):
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    Path(deep, "bottom.md").write_text("x\n", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 60)  # a recursive walk (os.walk in 3.11) fails here
    try:
        found = list(iter_paths([str(tmp_path)]))
    finally:
        sys.setrecursionlimit(limit)
    assert found == [os.path.join(deep, "bottom.md")]


# --- crashes inside one file's linting -----------------------------------------------------


def test_internal_error_in_one_file_is_one_line(
    tmp_path: Path, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("boom stellar\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("stellar\n", encoding="utf-8")
    real = linter.runner.lint_document

    def exploding(doc: Any, *args: Any, **kwargs: Any) -> Any:
        if doc.raw.startswith("boom"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(linter.runner, "lint_document", exploding)
    code, findings, err = lint_json(rules_dir, bad, good)
    assert code == 2
    assert err == [
        f"article-lint: error: {bad}: internal error while linting this file: RecursionError: "
        "maximum recursion depth exceeded (the other files were linted; run with --debug for "
        "the traceback and please report it)"
    ]
    assert positions(findings) == [("good.md", 1, 1, "stellar")]
    code, _, err = lint_json(rules_dir, bad, good, extra=("--debug",))
    assert code == 2
    assert "Traceback (most recent call last)" in "\n".join(err)
    assert "in exploding" in "\n".join(err)


# Sizes keep this test quick; bench/fuzz.py and docs/robustness.md cover bigger ones.
NESTED = {
    "quotes.md": "> " * 5000 + "stellar\n",
    "lists.md": "".join("  " * depth + "- item\n" for depth in range(200)) + "stellar\n",
    "mixed.md": "".join("> " * d + "1. - " * (d % 7) + "x\n" for d in range(300)),
    "brackets.md": "[" * 20000 + "stellar" + "]" * 20000 + "(" * 20000 + "\n",
    "emphasis.md": "*_" * 20000 + "stellar" + "_*" * 20000 + "\n",
    "code.md": "`" * 10000 + "stellar\n" + "```\n" * 3000,
    "html.html": "<div>" * 5000 + "stellar" + "<b" * 2000 + "\n",
    "comments.html": "<!--" * 5000 + "stellar <script>" * 100 + "\n",
    "headings.md": "#" * 5000 + " stellar\n" + "=" * 10000 + "\n",
}


def test_deeply_nested_markup_does_not_stop_the_run(tmp_path: Path, rules_dir: Path) -> None:
    paths = []
    for name, text in NESTED.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    last = tmp_path / "zz-last.md"
    last.write_text("stellar\n", encoding="utf-8")
    code, findings, err = lint_json(rules_dir, *paths, last)
    # Each nested file is either linted or one internal-error line; never a traceback.
    assert code in (0, 1, 2)
    assert all(line.startswith("article-lint: error: ") for line in err), err
    assert (code == 2) == bool(err)
    assert ("zz-last.md", 1, 1, "stellar") in positions(findings)
    for finding in findings:
        text = Path(finding["path"]).read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
        assert text[finding["column"] - 1 : finding["end_column"] - 1] == finding["match"]


# --- output --------------------------------------------------------------------------------


def test_closed_output_pipe_prints_no_traceback(tmp_path: Path, rules_dir: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("A stellar line.\n" * 5000, encoding="utf-8")  # ~400 kB of output
    process = subprocess.Popen(
        [str(CLI), "--no-builtin-rules", "--no-cache", "--rules", str(rules_dir), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read()
    process.wait()
    assert first.startswith(f"{path}:1:3:".encode())
    assert stderr == b""
    assert process.returncode == 1


def test_backtracking_token_given_to_a_builtin_rule_by_rule_options_cannot_hang(
    tmp_path: Path,
) -> None:
    """`rule-options` in a config replaces a built-in rule's tokens: the same time budget."""
    (tmp_path / ".article-lint.yaml").write_text(
        "rule-options:\n  hype.PromoCliche:\n    tokens: ['(a+)+b', power move]\n",
        encoding="utf-8",
    )
    article = tmp_path / "post.txt"
    article.write_text("It was a power move. " + "a" * 40 + "\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "linter", "--no-cache", "--select", "hype.PromoCliche",
         "post.txt"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "hype.PromoCliche" in completed.stderr
    assert "post.txt:1:10: warning: hype.PromoCliche" in completed.stdout


def test_backtracking_token_added_to_a_builtin_rule_cannot_hang(tmp_path: Path) -> None:
    """`based_on` mixes built-in look-arounds with user tokens, so the rule runs on Python `re`
    with a time budget: the slow rule is named in one error and the run finishes."""
    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "Slow.yaml").write_text(
        "based_on: hype.PromoCliche\nadd_tokens: ['(a+)+b']\n", encoding="utf-8")
    article = tmp_path / "post.txt"
    article.write_text("It was a power move. " + "a" * 40 + "\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "linter", "--rules", str(tmp_path / "rules"), "--select",
         "house", str(article)],
        capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "house.Slow" in completed.stderr
    assert "post.txt:1:10: warning: house.Slow" in completed.stdout  # the other finding is kept
