"""--fix and --diff: safe fixes applied atomically, keeping encoding, line endings and mode.

Uses a test-only rule pack with a `safe: true` substitution, so it does not depend on the
built-in rules.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from pathlib import Path

import pytest

import linter.fix
from linter.cli import main
from linter.fix import apply_fixes, unified_diff
from linter.model import Finding, Severity

SAFE_SWAP = """\
extends: substitution
category: style
severity: warning
summary: Test safe substitution.
message: "Use '{suggestion}' instead of '{match}'"
safe: true
swap:
  utilize: use
  in order to: to
"""
UNSAFE_SWAP = """\
extends: substitution
category: style
summary: Test unsafe substitution (suggests, never fixed).
message: "Consider '{suggestion}' for '{match}'"
swap:
  leverage: use
"""
HYPE = """\
extends: existence
category: hype
summary: Test hype.
message: "'{match}' is hype"
tokens:
  - power move
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    pack = tmp_path / "rules" / "fx"
    pack.mkdir(parents=True)
    (pack / "SafeSwap.yaml").write_text(SAFE_SWAP, encoding="utf-8")
    (pack / "UnsafeSwap.yaml").write_text(UNSAFE_SWAP, encoding="utf-8")
    (pack / "Hype.yaml").write_text(HYPE, encoding="utf-8")
    return tmp_path / "rules"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work


def run(rules_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-builtin-rules", "--rules", str(rules_dir), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _finding(start: int, end: int, suggestion: str | None, fixable: bool = True) -> Finding:
    return Finding(
        "a.md", 1, start + 1, 1, end + 1, "r", "style", Severity.WARNING, "m", "x",
        suggestion=suggestion, offset=start, end_offset=end, fixable=fixable,
    )  # fmt: skip


def test_apply_fixes_keeps_the_first_of_overlapping_fixes() -> None:
    text = "abcdefgh"
    fixed, applied = apply_fixes(
        text,
        [
            _finding(2, 5, "X"),  # cde -> X
            _finding(4, 6, "Y"),  # overlaps: skipped
            _finding(6, 8, "Z"),  # gh -> Z
            _finding(0, 1, "Q", fixable=False),  # not fixable: ignored
        ],
    )
    assert fixed == "abXfZ"
    assert [f.offset for f in applied] == [2, 6]


def test_apply_fixes_takes_the_longest_of_fixes_at_one_start() -> None:
    fixed, applied = apply_fixes("abcdef", [_finding(1, 2, ""), _finding(1, 4, "X")])
    assert fixed == "aXef"
    assert [(f.offset, f.end_offset) for f in applied] == [(1, 4)]


def test_apply_fixes_skips_no_op_fixes() -> None:
    fixed, applied = apply_fixes("use it", [_finding(0, 3, "use")])
    assert (fixed, applied) == ("use it", [])


def test_fix_rewrites_and_reports_what_remains(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("We utilize a power move.\nWe leverage it.\n", encoding="utf-8")
    code, out, _ = run(rules_dir, "--fix", str(article))
    assert article.read_text(encoding="utf-8") == "We use a power move.\nWe leverage it.\n"
    assert code == 1  # the hype and the unsafe suggestion remain
    rules_left = [line.split()[2] for line in out.splitlines()[:-1]]
    assert rules_left == ["fx.Hype", "fx.UnsafeSwap"]
    assert "fixed 1" in out.splitlines()[-1]


def test_a_fix_across_a_line_break_keeps_the_hard_wrap(rules_dir: Path, folder: Path) -> None:
    # "in order⏎to" -> "to" has no gap left for the break; "utilize the" (a test swap with as
    # many gaps as the original) keeps each one.
    (rules_dir / "fx" / "Wrapped.yaml").write_text(
        SAFE_SWAP.replace("utilize: use\n  in order to: to", "make use of the: use the"),
        encoding="utf-8",
    )
    article = folder / "a.md"
    article.write_text("We make use\nof the tool in order\r\nto win.\n", encoding="utf-8")
    run(rules_dir, "--fix", str(article))
    assert article.read_bytes() == b"We use\nthe tool to win.\n"


def test_fix_everything_exits_zero(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.txt"
    article.write_text("In order to win, utilize it.\n", encoding="utf-8")
    code, out, _ = run(rules_dir, "--fix", str(article))
    assert code == 0
    assert article.read_text(encoding="utf-8") == "To win, use it.\n"
    assert out.startswith("Found 0 problems")


def test_two_swaps_that_undo_each_other_leave_the_file_alone(
    rules_dir: Path, folder: Path
) -> None:
    (rules_dir / "fx" / "BackSwap.yaml").write_text(
        SAFE_SWAP.replace("utilize: use\n  in order to: to", "use: utilize"), encoding="utf-8"
    )
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    code, out, _ = run(rules_dir, "--fix", str(article))
    assert article.read_text(encoding="utf-8") == "We utilize it.\n"
    assert code == 1
    assert [line.split()[2] for line in out.splitlines()[:-1]] == ["fx.SafeSwap"]
    assert "fixed" not in out.splitlines()[-1]


def test_a_read_only_file_is_not_fixed(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    article.chmod(0o444)  # root may write it anyway: the mode says the user did not want that
    code, _, err = run(rules_dir, "--fix", str(article))
    assert code == 2
    assert f"{article}: not fixed: the file is read-only" in err
    assert article.read_text(encoding="utf-8") == "We utilize it.\n"


def test_a_hard_linked_file_stays_one_file(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    other = folder / "b.md"
    os.link(article, other)
    assert run(rules_dir, "--fix", str(article))[0] == 0
    assert other.read_text(encoding="utf-8") == "We use it.\n"
    assert article.stat().st_ino == other.stat().st_ino


def test_an_edit_made_while_fixing_is_not_overwritten(
    rules_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    real_fix_text = linter.fix.fix_text

    def fix_while_an_editor_saves(*args: object, **kwargs: object) -> linter.fix.FixResult:
        result = real_fix_text(*args, **kwargs)  # type: ignore[arg-type]
        article.write_text("We utilize it.\nA line the editor added.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(linter.fix, "fix_text", fix_while_an_editor_saves)
    code, _, err = run(rules_dir, "--fix", str(article))
    assert code == 2
    assert "the file changed while it was being fixed" in err
    assert article.read_text(encoding="utf-8").endswith("A line the editor added.\n")


def test_fix_gives_the_file_back_to_its_owner(
    rules_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    owners: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "chown", lambda path, uid, gid: owners.append((uid, gid)))
    assert run(rules_dir, "--fix", str(article))[0] == 0
    status = article.stat()
    assert owners == [(status.st_uid, status.st_gid)]


def test_fix_keeps_mode_crlf_and_is_idempotent(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_bytes(b"We utilize tools.\r\nIn order to win, utilize it.\r\n")
    article.chmod(0o640)
    assert run(rules_dir, "--fix", str(article))[0] == 0
    assert article.read_bytes() == b"We use tools.\r\nTo win, use it.\r\n"
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    once = article.read_bytes()
    os.utime(article, ns=(1_000_000_000, 1_000_000_000))
    assert run(rules_dir, "--fix", str(article))[0] == 0
    assert article.read_bytes() == once
    assert article.stat().st_mtime_ns == 1_000_000_000  # nothing to fix: not rewritten
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_fix_keeps_the_encoding_and_bom(
    rules_dir: Path, folder: Path, bom: bytes, codec: str
) -> None:
    article = folder / "a.txt"
    article.write_bytes(bom + "Café: we utilize it.\n".encode(codec))
    assert run(rules_dir, "--fix", str(article))[0] == 0
    assert article.read_bytes() == bom + "Café: we use it.\n".encode(codec)


def test_untouched_file_keeps_its_mtime(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("A power move.\n", encoding="utf-8")  # a finding, but nothing fixable
    os.utime(article, ns=(2_000_000_000, 2_000_000_000))
    code, _, _ = run(rules_dir, "--fix", str(article))
    assert code == 1
    assert article.stat().st_mtime_ns == 2_000_000_000


def test_invalid_utf8_is_not_fixed(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.txt"
    data = b"We utilize \xff it.\n"
    article.write_bytes(data)
    code, _, err = run(rules_dir, "--fix", str(article))
    assert code == 2
    assert "invalid UTF-8" in err
    assert article.read_bytes() == data


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_interrupted_write_leaves_the_original_and_no_temp_file(
    rules_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, failure: type[BaseException]
) -> None:
    article = folder / "a.md"
    original = b"We utilize tools.\n"
    article.write_bytes(original)

    real_replace = os.replace

    def fail_replace(source: str, target: str) -> None:
        if Path(target) != article:  # the findings cache's own writes (os is one module)
            real_replace(source, target)
            return
        assert Path(source).read_bytes() == b"We use tools.\n"  # the temp file was complete
        raise failure()

    monkeypatch.setattr(linter.fix.os, "replace", fail_replace)
    code, _, err = run(rules_dir, "--fix", str(article))
    assert code == (130 if failure is KeyboardInterrupt else 2)
    assert ("interrupted" if failure is KeyboardInterrupt else "cannot write the fixes") in err
    assert article.read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


def test_fix_through_a_symlink_keeps_the_link(rules_dir: Path, folder: Path) -> None:
    target = folder / "real.md"
    target.write_text("We utilize it.\n", encoding="utf-8")
    link = folder / "link.md"
    link.symlink_to(target)
    assert run(rules_dir, "--fix", str(link))[0] == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "We use it.\n"


def test_diff_prints_the_fixes_and_writes_nothing(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("Intro.\nWe utilize tools.\n", encoding="utf-8")
    clean = folder / "b.md"
    clean.write_text("Nothing.\n", encoding="utf-8")
    code, out, err = run(rules_dir, "--diff", str(article), str(clean))
    assert code == 1
    assert article.read_text(encoding="utf-8") == "Intro.\nWe utilize tools.\n"
    lines = out.splitlines()
    # an absolute path loses its leading slash, as in `git diff --no-index`
    assert lines[0] == f"--- a/{article.as_posix().lstrip('/')}"
    assert lines[1] == f"+++ b/{article.as_posix().lstrip('/')}"
    assert "--- a//" not in out
    assert "-We utilize tools." in lines and "+We use tools." in lines
    assert "1 file would be fixed" in err
    code, out, _ = run(rules_dir, "--diff", str(clean))
    assert (code, out) == (0, "")


def test_diff_of_a_utf16_file_says_the_patch_will_not_apply(
    rules_dir: Path, folder: Path
) -> None:
    article = folder / "a.md"
    article.write_bytes(codecs.BOM_UTF16_LE + "We utilize it.\n".encode("utf-16-le"))
    utf8 = folder / "b.md"
    utf8.write_text("We utilize it.\n", encoding="utf-8")
    code, out, err = run(rules_dir, "--diff", str(article), str(utf8))
    assert code == 1
    assert "+\ufeffWe use it." in out.splitlines()
    notes = [line for line in err.splitlines() if "note:" in line]
    assert notes == [
        f"article-lint: note: {article}: the diff is shown in UTF-8, but the file is "
        "UTF-16-LE: patch and git apply cannot apply it; --fix changes the file itself"
    ]


def test_diff_with_another_format_is_refused(rules_dir: Path, folder: Path) -> None:
    article = folder / "a.md"
    article.write_text("We utilize it.\n", encoding="utf-8")
    code, out, err = run(rules_dir, "--diff", "--format", "json", str(article))
    assert (code, out) == (2, "")
    assert "--diff prints a unified diff; it takes no --format json" in err


def test_unified_diff_names_a_relative_path_as_git_does() -> None:
    result = linter.fix.FixResult("posts/a.md", "utilize\n", "use\n", applied=1)
    assert unified_diff(result).splitlines()[:2] == ["--- a/posts/a.md", "+++ b/posts/a.md"]


def test_unified_diff_ends_a_name_with_a_space_by_a_tab_as_git_does() -> None:
    # GNU patch reads a name up to white space unless a tab ends it: "my" was patched.
    result = linter.fix.FixResult("my post.md", "utilize\n", "use\n", applied=1)
    assert unified_diff(result).splitlines()[:2] == ["--- a/my post.md\t", "+++ b/my post.md\t"]


def test_unified_diff_marks_a_missing_final_newline() -> None:
    result = linter.fix.FixResult("a.md", "utilize", "use", applied=1)
    assert unified_diff(result).endswith("+use\n\\ No newline at end of file\n")


def test_unified_diff_is_cut_at_line_feeds_only_and_keeps_the_bom() -> None:
    # patch and git read a lone CR, a form feed or U+2028 as part of a line; str.splitlines
    # broke lines there, and the patch did not apply.
    lone_cr = linter.fix.FixResult("a.txt", "We utilize.\rOk.\r", "We use.\rOk.\r", applied=1)
    assert unified_diff(lone_cr).split("\n")[3:] == [
        "-We utilize.\rOk.\r",
        "\\ No newline at end of file",
        "+We use.\rOk.\r",
        "\\ No newline at end of file",
        "",
    ]
    form_feed = linter.fix.FixResult("a.txt", "Page.\f\nutilize\n", "Page.\f\nuse\n", applied=1)
    assert "No newline" not in unified_diff(form_feed)
    assert " Page.\f\n" in unified_diff(form_feed)
    bom = linter.fix.FixResult("a.txt", "utilize\n", "use\n", applied=1, bom=True)
    assert unified_diff(bom).split("\n")[3:] == ["-\ufeffutilize", "+\ufeffuse", ""]


class _BinaryStdout(io.StringIO):
    """A text stdout with a binary buffer under it, as a real one has."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()


@pytest.mark.parametrize(
    "data",
    [b"Hello \xff world. We utilize it.\n", b"a\x00b", b"\xef\xbb\xbfWe utilize it.\r\n"],
    ids=["invalid UTF-8", "binary", "BOM and CRLF"],
)
def test_fix_stdin_always_gives_the_text_back_in_its_own_bytes(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    # `article-lint --fix - < in.md > out.md` (an editor's fix on save) must never replace the
    # article with the report: input it cannot fix comes back as it was, the rest fixed in
    # its own encoding and BOM.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out, err = _BinaryStdout(), io.StringIO()
    main(["--no-builtin-rules", "--rules", str(rules_dir), "--fix", "-"], stdout=out, stderr=err)
    expected = data.replace(b"utilize", b"use") if data.startswith(b"\xef") else data
    assert (out.buffer.getvalue(), out.getvalue()) == (expected, "")
    assert "Found" in err.getvalue()


def test_fix_stdin_prints_the_fixed_text(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"We utilize a power move.\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(rules_dir, "--fix", "-")
    assert out == "We use a power move.\n"
    assert "fx.Hype" in err  # the report of what remains goes to stderr
    assert code == 1
