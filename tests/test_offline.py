"""article-lint needs no network at run time, on a fresh machine with no NLTK data.

textstat's English syllable counter downloads NLTK's cmudict on first use; this test runs the
CLI with the network cut off (a new network namespace where `unshare -n` works, otherwise a
socket guard) and an empty NLTK data path and home, including a rule that uses textstat itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ARTICLE_LINT = Path(sys.executable).parent / "article-lint"

ARTICLE = " ".join(
    ["The committee published its annual report on the regional water supply."]
    + ["Consumption rose by four percent, driven by agricultural irrigation and new housing."] * 8
    + ["Officials recommended additional monitoring stations across the northern districts."] * 6
)

TEXTSTAT_RULE = """\
extends: metric
category: readability
severity: info
message: "Gunning fog index is {score}, above {limit}"
engine: textstat
metric: gunning_fog
max: 1
min_words: 20
examples:
  pass:
    - "Short."
"""

# Used when unshare is unavailable: refuse every socket connection inside the child process.
SOCKET_GUARD = """\
import socket
def _refuse(*args, **kwargs):
    raise OSError("network disabled by test_offline")
socket.socket.connect = _refuse
socket.create_connection = _refuse
"""


def _offline_command(tmp_path: Path, argv: list[str]) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "XDG_"))}
    home = tmp_path / "home"
    home.mkdir()
    env.update({"HOME": str(home), "NLTK_DATA": str(tmp_path / "no-nltk-data"),
                "XDG_CACHE_HOME": str(home / ".cache")})
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n", str(ARTICLE_LINT), *argv], env
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SOCKET_GUARD)
    env["PYTHONPATH"] = str(guard)
    return [str(ARTICLE_LINT), *argv], env


def test_lints_offline_with_textstat_metric(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "offline"
    rules.mkdir(parents=True)
    (rules / "Fog.yaml").write_text(TEXTSTAT_RULE)
    article = tmp_path / "report.txt"
    article.write_text(ARTICLE + "\n")
    command, env = _offline_command(
        tmp_path, ["--rules", str(tmp_path / "rules"), "--select", "offline", str(article)])
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    # The metric's finding is an info: shown, and not failed on by default.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "offline.Fog [readability] Gunning fog index is" in result.stdout
    # Nothing was downloaded into the empty NLTK path or home.
    assert not (tmp_path / "no-nltk-data").exists()
    assert not any((tmp_path / "home").rglob("cmudict*"))


def test_default_rules_run_offline(tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text("# Launch\n\nIt is a power move.\n\n" + ARTICLE + "\n")
    command, env = _offline_command(tmp_path, ["--format", "json", str(article)])
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
