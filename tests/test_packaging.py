"""The built wheel carries everything a run needs.

`pip install .` and a pre-commit hook env install the wheel, not this checkout: a rule file the
package data leaves out breaks every installed run, while every test of the editable install
still passes. (Stop 23's rules/_shared/ list was left out that way: the installed command
failed to load the built-in rules.) The wheel is built offline, from a copy of the sources, so
no stale build/ directory of the checkout can hide a missing file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_6168d3e40d533a2a.txt"


def _package_files(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("linter", "rules"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel_file] = out.glob("article_lint-*.whl")
    return wheel_file


def test_wheel_holds_every_rule_file_and_every_linter_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = {f"article_lint_rules/{name}" for name in _package_files(REPO / "rules")}
    linter = {f"linter/{name}" for name in _package_files(REPO / "linter")}
    assert rules - names == set()
    assert linter - names == set()


def test_installed_wheel_lints_the_seed_as_the_checkout_does(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(target), str(wheel)],
        capture_output=True, text=True,
    )
    assert installed.returncode == 0, installed.stderr
    run = "import sys, linter.cli; print(linter.cli.__file__, file=sys.stderr); linter.cli.run()"

    def lint(pythonpath: str | None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, ARTICLE_LINT_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
        env.pop("PYTHONPATH", None)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        # cwd outside the checkout, so `import linter` cannot find the sources beside it
        return subprocess.run(
            [sys.executable, "-c", run, "--format", "json", str(SEED)],
            capture_output=True, text=True, env=env, cwd=tmp_path,
        )

    from_wheel = lint(str(target))
    from_checkout = lint(None)
    assert from_wheel.stderr.splitlines()[0].startswith(str(target)), from_wheel.stderr
    assert from_wheel.returncode == 1, from_wheel.stderr
    assert from_wheel.stdout == from_checkout.stdout
