"""Safe YAML loading that remembers the line of every key and list item.

Rule and config errors must name the file and the line of the offending key, so we compose the
node tree with `yaml.SafeLoader` (no object construction from tags) and convert it ourselves,
recording `path -> line` for each mapping key and sequence item on the way.
"""

from __future__ import annotations

from linter.model import ArticleLintError
from linter.record import field, record

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

    import yaml

# `yaml` is imported where a document is parsed, not here: a run served by the rule cache
# unpickles YamlDocuments but never parses YAML, and importing PyYAML costs it ~10 ms.

KeyPath = tuple[str | int, ...]
# The most keys and list items a rule or config file may hold once its aliases are expanded
# (the built-in rules hold at most a few thousand).
MAX_ENTRIES = 200_000
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@record
class YamlDocument:
    data: Any
    path: str
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, *key_path: str | int) -> int | None:
        """Line of the deepest known node on `key_path` (1-based), or None."""
        probe: KeyPath = tuple(key_path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


def load_yaml(
    text: str, path: str, error: type[ArticleLintError] = ArticleLintError
) -> YamlDocument:
    """Parse one YAML document; syntax errors become `error` with the file and line."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        message, line = _syntax_error(exc)
        raise error(message, path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path) from None
    document = YamlDocument(data=None, path=path)
    if node is None:
        return document
    document.lines[()] = node.start_mark.line + 1
    # One loader, used only to resolve scalars to Python values with the safe constructors.
    scalars = yaml.SafeLoader("")
    document.data = _convert(node, (), document, error, scalars)
    return document


def _syntax_error(exc: yaml.MarkedYAMLError) -> tuple[str, int | None]:
    """The message and line of a YAML syntax error. PyYAML places an unterminated quote or
    bracket at the end of the file, a useless line: report it where the construct began."""
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    start = exc.context_mark
    if exc.context and exc.problem and start and mark and start.line != mark.line:
        if "end of stream" in exc.problem or "<stream end>" in exc.problem:
            problem = f"{exc.context} starting on this line, found the end of the file"
            mark = start
        else:
            problem = f"{problem} ({exc.context} from line {start.line + 1})"
    return f"invalid YAML: {problem}", (mark.line + 1 if mark else None)


def _convert(
    node: yaml.Node,
    key_path: KeyPath,
    document: YamlDocument,
    error: type[ArticleLintError],
    scalars: yaml.SafeLoader,
) -> Any:
    import yaml  # already loaded by load_yaml: a dictionary look-up

    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        # An explicit tag on a collection (e.g. `!!python/object`) would mean constructing an
        # object; we never do, and say so instead of silently dropping the tag.
        raise error(
            f"unsupported YAML tag {node.tag!r}", path=document.path, line=node.start_mark.line + 1
        )
    if len(document.lines) > MAX_ENTRIES:
        # Aliases of aliases ("billion laughs") expand exponentially: a few lines held 2.4 GB.
        raise error(
            f"more than {MAX_ENTRIES:,} keys and list items (YAML aliases expanding?)",
            path=document.path,
            line=node.start_mark.line + 1,
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise error(
                    "mapping keys must be plain strings",
                    path=document.path,
                    line=key_node.start_mark.line + 1,
                )
            # A key is the text as written: YAML 1.1 would read `off: out of` (a swap) or `no:`
            # as False and `~:` as None, and a rule would match "False" instead of "off".
            key = key_node.value
            if key in result:
                raise error(
                    f"duplicate key {key!r}", path=document.path, line=key_node.start_mark.line + 1
                )
            document.lines[(*key_path, key)] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, (*key_path, key), document, error, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            document.lines[(*key_path, index)] = item.start_mark.line + 1
            items.append(_convert(item, (*key_path, index), document, error, scalars))
        return items
    return _scalar(node, document, error, scalars)


def _scalar(
    node: yaml.Node,
    document: YamlDocument,
    error: type[ArticleLintError],
    scalars: yaml.SafeLoader,
) -> Any:
    import yaml

    try:
        return scalars.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(
            f"invalid YAML value: {problem}", path=document.path, line=node.start_mark.line + 1
        ) from None
