"""Rule types. Each module defines one `Matcher` subclass; `extends:` in a rule picks it.

Adding a rule type is one small module plus one line in `_TYPES`.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from linter.matchers.base import Matcher

# extends-name -> "module:Class", imported only when a rule of that type is loaded.
_TYPES: dict[str, str] = {
    "existence": "linter.matchers.existence:ExistenceMatcher",
    "substitution": "linter.matchers.substitution:SubstitutionMatcher",
    "occurrence": "linter.matchers.occurrence:OccurrenceMatcher",
    "evidence": "linter.matchers.evidence:EvidenceMatcher",
    "metric": "linter.matchers.metric:MetricMatcher",
    "encoding": "linter.matchers.encoding:EncodingMatcher",
    "classifier": "linter.matchers.classifier:ClassifierMatcher",
    "link": "linter.matchers.link:LinkMatcher",
}


def rule_types() -> tuple[str, ...]:
    return tuple(_TYPES)


def matcher_class(extends: str) -> type[Matcher]:
    module_name, _, class_name = _TYPES[extends].partition(":")
    return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]
