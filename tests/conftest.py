from __future__ import annotations

import pytest

from linter.rules import RuleSet, load_rules


@pytest.fixture(scope="session")
def builtin_rules() -> RuleSet:
    return load_rules()
