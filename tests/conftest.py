from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

# The CLI caches loaded rule sets in the user's cache folder; tests use a private one instead.
if "ARTICLE_LINT_CACHE_DIR" not in os.environ:
    _test_cache = tempfile.mkdtemp(prefix="article-lint-test-cache-")
    os.environ["ARTICLE_LINT_CACHE_DIR"] = _test_cache
    atexit.register(shutil.rmtree, _test_cache, True)

from linter.rules import RuleSet, load_rules


@pytest.fixture(scope="session")
def builtin_rules() -> RuleSet:
    return load_rules()


@pytest.fixture(autouse=True)
def _no_stored_findings(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs lint every file: the findings cache (linter/results.py) is shared by
    the whole session, and a test comparing two runs must compare two lints. Tests of the
    cache itself are marked `findings_cache`."""
    if request.node.get_closest_marker("findings_cache") is None:
        import linter.cli

        monkeypatch.setattr(linter.cli, "_result_store", lambda batch: None)
