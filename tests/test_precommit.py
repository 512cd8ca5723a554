"""Real pre-commit in a temporary git repository: a commit with a damaged article is blocked,
a clean one passes. The hook definition is taken from this repo's .pre-commit-hooks.yaml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
ARTICLE_LINT = BIN / "article-lint"

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git"
)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=_env(repo))


def _env(repo: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    })
    return env


@pytest.fixture
def hooked_repo(tmp_path: Path) -> Path:
    """A git repo whose pre-commit config runs the article-lint hook as this repo defines it,
    with the entry pointed at the installed command (no network, no hook-env install)."""
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["id"] == "article-lint"
    hook.update({"language": "system", "entry": str(ARTICLE_LINT)})
    repo = tmp_path / "articles"
    repo.mkdir()
    assert _git(repo, "init", "-q").returncode == 0
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git(repo, "add", ".pre-commit-config.yaml")
    assert _git(repo, "commit", "-q", "-m", "config").returncode == 0
    installed = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, capture_output=True,
                               text=True, env=_env(repo))
    assert installed.returncode == 0, installed.stderr
    return repo


def test_commit_with_damaged_article_is_blocked(hooked_repo: Path) -> None:
    (hooked_repo / "post.md").write_text("# Launch\n\nTheyâ€™re shipping the update on Monday.\n")
    _git(hooked_repo, "add", "post.md")
    commit = _git(hooked_repo, "commit", "-m", "add post")
    assert commit.returncode != 0, "the hook should have blocked the commit"
    output = commit.stdout + commit.stderr
    assert "post.md:3:" in output and "[encoding]" in output
    assert _git(hooked_repo, "log", "--oneline").stdout.count("\n") == 1  # only the config commit


def test_commit_with_clean_article_passes(hooked_repo: Path) -> None:
    (hooked_repo / "notes.md").write_text(
        "# Release notes\n\nVersion 2.3 fixes a crash when the settings file is empty.\n"
    )
    _git(hooked_repo, "add", "notes.md")
    commit = _git(hooked_repo, "commit", "-m", "add notes")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "article-lint" in commit.stdout + commit.stderr  # the hook ran, and passed


def test_hook_definition_targets_articles() -> None:
    from linter.sources import DEFAULT_EXTENSIONS

    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["entry"] == "article-lint"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for extension in DEFAULT_EXTENSIONS:  # what a folder walk lints, the hook lints
        assert files.search(f"posts/a{extension}") and not exclude.search(f"posts/a{extension}")
    for other in ("requirements.txt", "sub/requirements-dev.txt", "LICENSE.txt", "CMakeLists.txt"):
        assert files.search(other) and exclude.search(other), other
    assert not files.search("setup.py")
    # The hook skips what a folder walk skips, in any case.
    from linter.sources import NOT_ARTICLES

    names = ("license.txt", "LICENSE.TXT", "docs/Requirements.txt", "notes.txt", "README.MD",
             "LICENSE.md", "COPYING.markdown", "requirements.md", "CHANGELOG.md")  # fmt: skip
    for name in names:
        assert files.search(name), name
        assert bool(exclude.search(name)) == bool(NOT_ARTICLES.search(name)), name


def test_commit_with_a_requirements_file_is_not_linted(hooked_repo: Path) -> None:
    (hooked_repo / "requirements.txt").write_text("fancy-lib==1.0  # a game-changing library\n")
    (hooked_repo / "notes.text").write_text("Theyâ€™re shipping the update on Monday.\n")
    _git(hooked_repo, "add", "requirements.txt", "notes.text")
    commit = _git(hooked_repo, "commit", "-m", "add files")
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0 and "notes.text:1:" in output
    assert "requirements.txt" not in output


@pytest.mark.skipif(
    os.environ.get("ARTICLE_LINT_NETWORK_TESTS") != "1",
    reason="installs the hook's own environment from PyPI; set ARTICLE_LINT_NETWORK_TESTS=1",
)
def test_hook_from_this_repository_by_rev(tmp_path: Path) -> None:
    """The way another repository uses the hook: `repo:` this repository, `rev:` a commit.
    pre-commit clones it and pip-installs it (non-editable), so the built-in rules must ship."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                          text=True).stdout.strip()
    repo = tmp_path / "articles"
    repo.mkdir()
    _git(repo, "init", "-q")
    config = {"repos": [{"repo": str(REPO), "rev": head, "hooks": [{"id": "article-lint"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (repo / "post.md").write_text("# Launch\n\nTheyâ€™re shipping the update on Monday.\n")
    _git(repo, "add", "-A")
    run = subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, capture_output=True,
                         text=True, env=_env(repo), timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "post.md:3:1: error: encoding.Mojibake" in run.stdout
