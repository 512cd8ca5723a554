"""Compiling rule patterns: phrase lists into one alternation, and regexes with a clear error.

Every pattern is compiled once, at load time. Phrase lists become one alternation per rule
(longest first, so "game-changing" wins over "game"), not one regex per phrase.

Python's `re` tries the branches of an alternation one after the other at every position, so a
flat list of 500 phrases costs 500 attempts per character. Runs of plain-literal phrases are
therefore emitted as a trie ("game(?:-chang(?:er|ing))?" instead of three branches): one
attempt per character in the common case, with exactly the spans the flat list would give.
Regex fragments stay branches in their place, each behind a one-class look-ahead of the
characters it can start with.

Every fragment appears once in the result. (Regrouping fragments by first character, a copy in
each group a fragment can start, made `re` try fewer branches per position but tripled the
compiled size of the large rules: 2.9 million SRE code words instead of 0.54 million, twice the
resident memory and twice the cold-cache build. The prefilter's RE2 windows now decide where
`re` runs at all, so it no longer paid: docs/performance.md.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

# Compiled regex type used across the linter. Built-in rules (reviewed, in this repo) use Python's
# `re`, which supports the look-arounds their evidence patterns need.
Regex = re.Pattern[str]

# Characters that make a token a regex fragment rather than a literal phrase.
_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")


class LazyPattern:
    """A compiled `re` pattern built on first use (the rule cache restores large patterns this
    way: a pre-commit run on one file uses a few of the built-in rules' alternations, and
    rebuilding all of them, a million SRE code words, would be a tenth of its run).

    `pattern`, `flags`, `groups` and `groupindex` are known without compiling, so keys and
    prefilter decisions made from them cost nothing. The first method call compiles the
    pattern and copies its bound methods onto the instance: later calls go straight to them.
    """

    def __init__(
        self,
        build: Any,
        pattern: str,
        flags: int,
        groups: int,
        groupindex: dict[str, int],
    ) -> None:
        self._build = build
        self.pattern = pattern
        self.flags = flags
        self.groups = groups
        self.groupindex = groupindex

    def compiled(self) -> Regex:
        """The real pattern, compiled now if it was not yet."""
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self.__dict__["_compiled"] = self._build()
            for name in _PATTERN_METHODS:
                self.__dict__[name] = getattr(found, name)
            del self._build  # and with it the stored code (4 MB for the built-in rules)
        return found  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        # Only called for what the instance does not hold yet: the methods, before first use.
        if name not in _PATTERN_METHODS:
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return _same, (self.compiled(),)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


_PATTERN_METHODS = frozenset(
    ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn", "scanner")
)


def _same(value: Any) -> Any:
    return value


def is_regex(value: object) -> bool:
    """A compiled `re` pattern, built or still to be built (`LazyPattern`)."""
    return isinstance(value, (re.Pattern, LazyPattern))


class PatternError(ValueError):
    """A pattern that does not compile; the message says why."""


# How much of a pattern an error quotes: a rule's whole alternation of 150,000 phrases made a
# one-line error of 2.7 MB.
QUOTED_PATTERN = 200


def quoted(pattern: str) -> str:
    """`pattern` as an error message quotes it: whole, or its start and its length."""
    if len(pattern) <= QUOTED_PATTERN:
        return repr(pattern)
    return f"{pattern[:QUOTED_PATTERN]!r}... ({len(pattern):,} characters)"


def compile_regex(pattern: str, *, ignorecase: bool = True, multiline: bool = False) -> Regex:
    # While a user's rule (from --rules) is being built, compile with RE2 (linear time) so a
    # pattern like `(a+)+$` cannot hang the run; see linter/safe_regex.py. Imported here, not
    # at the top, because safe_regex imports PatternError from this module.
    from linter.safe_regex import (
        budgeted_active,
        compile_budgeted,
        compile_untrusted,
        untrusted_active,
    )

    if untrusted_active():
        # A SafePattern has the re.Pattern methods the matchers use.
        return compile_untrusted(pattern, ignorecase=ignorecase, multiline=multiline)  # type: ignore[return-value]
    flags = re.IGNORECASE if ignorecase else 0
    if multiline:
        flags |= re.MULTILINE
    if budgeted_active():  # built-in patterns plus user-written ones: `re` with a time budget
        return compile_budgeted(pattern, flags)  # type: ignore[return-value]
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise PatternError(f"invalid regular expression {quoted(pattern)}: {exc}") from None


def is_trie_literal(token: str) -> bool:
    """Whether `token` can go into a trie: no regex syntax, and every character is ASCII or has
    no case. The case rule keeps trie branches disjoint under IGNORECASE: Python's `re` folds
    some non-ASCII letters in ways `str.lower` does not predict (e.g. the long s and 's')."""
    if not token or any(c in _REGEX_SYNTAX for c in token):
        return False
    return all(c.isascii() or not c.isalpha() for c in token)


def _fold(char: str, ignorecase: bool) -> str:
    return char.lower() if ignorecase and char.isascii() else char


# What a space in a phrase matches: any run of white space, so a phrase is found across a
# line break, two spaces, a tab, or the blanks left where markup was (the indent and marker of
# a wrapped list item's next line, tags, emphasis: "a **power** move"). It must stay a plain
# white-space run: the prefilter reads `\s+` as a bounded gap between literals, where a
# pattern such as `\**\s+\**` left a rule of 250 phrases ungated (ten times slower). A match
# that runs from one block into the next (a paragraph break, a heading into its paragraph, one
# table cell into the next) is dropped by the engine (`Matcher.within_one_block`).
SPACE_RUN = r"\s+"
# What an apostrophe in a phrase matches: straight or curly, as writers and their editors mix
# them ("don't hesitate" finds "Don’t hesitate"). A rule's raw `patterns:` keep their own.
APOSTROPHE = "['’]"
_APOSTROPHES = "'’"


def trie_regex(
    literals: Iterable[str], *, ignorecase: bool = True, flexible: bool = False
) -> str:
    """One regex matching any of `literals`, preferring the longest at a given position.

    Children of a node are keyed by (case-folded) character, so at most one branch can go on at
    each step; a phrase that ends at a node is an optional tail tried *after* the longer
    continuations, so backtracking (e.g. when a boundary check after the group fails) falls back
    to the next shorter phrase, as a longest-first flat alternation does.
    """
    root: dict[str, dict] = {}
    end = ""  # key marking "a phrase ends here"; no real character is the empty string
    for literal in literals:
        node = root
        for char in literal:
            if flexible and char in _APOSTROPHES:
                char = "'"  # one branch for both, written as APOSTROPHE
            node = node.setdefault(_fold(char, ignorecase), {})
        node[end] = {}
    return _emit(root, flexible)


def _emit(node: dict[str, dict], flexible: bool = False) -> str:
    terminal = "" in node
    branches: list[str] = []
    single_chars: list[str] = []  # leaf children, merged into one character class
    for char in sorted(k for k in node if k):
        child = node[char]
        if list(child) == [""]:
            single_chars.append(char)
        else:
            branches.append(_emit_char(char, flexible) + _emit(child, flexible))
    if single_chars:
        if flexible and "'" in single_chars:
            single_chars.append("’")
        if len(single_chars) == 1:
            branches.append(re.escape(single_chars[0]))
        else:
            branches.append("[" + "".join(_class_escape(c) for c in single_chars) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        # Greedy `?`: the longer continuation is tried first, the end of phrase second.
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def _emit_char(char: str, flexible: bool) -> str:
    if flexible and char == " ":
        return SPACE_RUN
    if flexible and char == "'":
        return APOSTROPHE
    return re.escape(char)


def _class_escape(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def phrase_alternation(
    tokens: Iterable[str], *, boundaries: bool = True, ignorecase: bool = True
) -> str:
    """One regex alternation of `tokens` (each itself a regex fragment, as in Vale), longest first.

    With `boundaries`, each token must stand as whole words: no word character may touch it.
    `ignorecase` must be the flag the result is compiled with (it decides how the trie folds).
    """
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    body = _ordered_branches(ordered, ignorecase)
    if not boundaries:
        return f"(?:{body})"
    return rf"(?<![\w-])(?:{body})(?![\w-])"


def _ordered_branches(ordered: list[str], ignorecase: bool, *, tries: bool = True) -> str:
    # Consecutive literals (in longest-first order) become one trie; regex fragments stay
    # branches in their place, so the branch order, and thus every span, is unchanged.
    branches: list[str] = []
    run: list[str] = []
    for token in ordered:
        if tries and is_trie_literal(token):
            run.append(token)
            continue
        if run:
            branches.append(_run_branch(run, ignorecase))
            run = []
        # A phrase's spaces match any white space; a raw pattern (`tries=False`, a rule's
        # `patterns:`) means exactly what it says.
        body = flexible_fragment(token) if tries else token
        # The guard is derived from the body as matched: from the phrase as written, a phrase
        # opening with a curly apostrophe ("’É") was guarded to start at "’" only, so it never
        # matched its straight-apostrophe form (found by the property test).
        guard = first_char_guard(body, ignorecase=ignorecase)
        branches.append(f"{guard}(?:{body})")
    if run:
        branches.append(_run_branch(run, ignorecase))
    return "|".join(branches)


# A quantifier after a space: `{}` or `{x}` are literal braces to `re`, not quantifiers.
_QUANTIFIER = re.compile(r"[?*+]|\{(\d+)(?:,\d*)?\}|\{,\d+\}")


@functools.lru_cache(maxsize=8192)
def flexible_fragment(fragment: str) -> str:
    """`fragment` with each run of literal spaces (outside a character class) matching any run
    of white space, as a trie literal's spaces do (SPACE_RUN), and so does the space of `[- ]`.
    A run followed by a quantifier keeps it: " ?" becomes `\\s*`, " +" `\\s+`. Spaces in a
    look-behind stay (its width is fixed); `[ ]` or `\\x20` still mean one space, and a
    fragment with inline flags such as `(?x)` is left alone. An apostrophe outside a class,
    straight or curly, matches either (APOSTROPHE). Cached: loading the rules asks for each
    phrase three times (checked alone, checked in its list, compiled in the alternation)."""
    if not any(char in fragment for char in " '’") or (
        "(?" in fragment and re.search(r"\(\?[a-zA-Z]*x", fragment)
    ):
        return fragment
    out: list[str] = []
    index, size = 0, len(fragment)
    in_class = False
    # Open groups, True for a look-behind: its width must stay fixed, so its spaces stay.
    groups: list[bool] = []
    while index < size:
        char = fragment[index]
        if char == "\\":
            if not in_class and fragment[index + 1 : index + 2] in ("'", "’"):
                out.append(APOSTROPHE)  # `we\'re` too
                index += 2
                continue
            named = fragment.startswith("\\N{", index) and fragment.find("}", index)
            escape_end = named + 1 if named and named > 0 else index + 2  # \N{NO-BREAK SPACE}
            out.append(fragment[index:escape_end])
            index = escape_end
            continue
        if in_class and fragment.startswith("[:", index):  # a POSIX class inside (RE2)
            close = fragment.find(":]", index + 2)
            if close > 0:
                out.append(fragment[index : close + 2])
                index = close + 2
                continue
        if not in_class and char in "()":
            if char == "(":
                groups.append(fragment.startswith(("(?<=", "(?<!"), index) or any(groups))
            elif groups:
                groups.pop()
            out.append(char)
            index += 1
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
            index += 1
            continue
        if char == "[" and fragment.startswith(("[- ]", "[ -]"), index) and not any(groups):
            out.append(rf"(?:-|{SPACE_RUN})")  # "game-changer" or "game changer", wrapped
            index += 4
            continue
        if char == "[":
            # "[]...]" and "[^]...]": a "]" first in a class is a member, not its end.
            close = index + 1 + (fragment.startswith("^", index + 1))
            close += fragment.startswith("]", close)
            out.append(fragment[index:close])
            index = close
            in_class = True
            continue
        if char in _APOSTROPHES:
            out.append(APOSTROPHE)  # one character either way: a look-behind keeps its width
            index += 1
            continue
        if char != " " or (groups and groups[-1]):
            out.append(char)
            index += 1
            continue
        end = index
        while end < size and fragment[end] == " ":
            end += 1
        quantifier = _QUANTIFIER.match(fragment, end)
        if quantifier is None:
            out.append(SPACE_RUN)
        else:
            # The spaces before the last are required; the last one is what is quantified.
            text = quantifier.group()
            optional = text in ("?", "*") or text.startswith("{,") or quantifier.group(1) == "0"
            required = end - index > 1 or not optional
            out.append(r"\s+" if required else r"\s*")
            end = quantifier.end()
            if end < size and fragment[end] in "?+":  # a lazy or possessive quantifier
                end += 1
        index = end
    return "".join(out)


def pattern_alternation(patterns: Sequence[str], *, ignorecase: bool = True) -> str:
    """One alternation of raw regexes, tried in the order given (no trie: a flat alternation of
    literals prefers the first listed, not the longest), each guarded like
    `phrase_alternation`'s fragments. Same matches as `(?:p1)|(?:p2)|...`."""
    return f"(?:{_ordered_branches(list(patterns), ignorecase, tries=False)})"


def _run_branch(run: list[str], ignorecase: bool) -> str:
    if len(run) == 1:
        # re.escape writes a space as "\\ ".
        flexible = ("'" if char in _APOSTROPHES else char for char in run[0])
        return "(?:" + "".join(_emit_char(char, True) for char in flexible) + ")"
    return f"(?:{trie_regex(run, ignorecase=ignorecase, flexible=True)})"


def first_char_guard(token: str, *, ignorecase: bool = True) -> str:
    """A look-ahead naming the characters `token` can start with, e.g. `(?=[ejm])`, or "".

    A regex fragment like "(?:staggering|whopping|...)\\s+(?:growth|...)" is otherwise tried
    branch by branch at every word start; the guard rejects most positions with one character
    class test. It only ever excludes positions where the fragment cannot match, so spans are
    unchanged. Fragments whose first character cannot be worked out (".", "\\W", a
    back-reference, a fragment that can match empty) get no guard.
    """
    from linter.safe_regex import untrusted_active

    if untrusted_active():  # a user rule, compiled with RE2: no look-aheads, and linear anyway
        return ""
    flags = re.IGNORECASE if ignorecase else 0
    try:
        parsed = _sre_parse(token, flags)
        if parsed.state.flags & ~(flags | re.UNICODE):  # inline global flags like (?x): skip
            return ""
        found = _first_chars(parsed.data)
    except Exception:  # the private parser API changed or a construct we do not model
        return ""
    if found is None or found[1] or not found[0] - {_CASELESS}:
        return ""
    guard = "(?=[" + "".join(sorted(found[0] - {_CASELESS})) + "])"
    if _CASELESS in found[0] and not ignorecase:
        # Part of the fragment is case-insensitive, `(?i:...)`: a caseless guard is a superset.
        guard = f"(?i:{guard})"
    return guard


# Marks a piece set that came from inside `(?i:...)`; never a real class piece.
_CASELESS = "<caseless>"

_APOSTROPHES = frozenset({"'", "’"})


def starts_with_apostrophe(token: str) -> bool:
    """Whether every match of `token` must start with an apostrophe ("['’]ll", "'s"). Such a
    phrase can never match inside a contraction ("they'll") once wrapped in the whole-word
    boundary, which forbids the letter before it: a load-time error, not a silent dead entry."""
    try:
        found = _first_chars(_sre_parse(token, re.IGNORECASE).data)
    except Exception:  # the private parser API changed, or the token does not parse
        return False
    if found is None or found[1] or not found[0]:
        return False
    return {piece.lstrip("\\") for piece in found[0] - {_CASELESS}} <= _APOSTROPHES


def sre_modules() -> tuple[Any, Any]:
    """CPython's regex parser and its opcode constants (private modules, renamed in 3.11): the
    parse trees the prefilter and the RE2 supersets read."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


@functools.cache
def repeat_ops(sre: Any) -> frozenset[Any]:
    """The repeat opcodes (greedy, lazy and, from Python 3.11, possessive)."""
    found = {sre.MAX_REPEAT, sre.MIN_REPEAT}
    possessive = getattr(sre, "POSSESSIVE_REPEAT", None)
    if possessive is not None:
        found.add(possessive)
    return frozenset(found)


def _sre_parse(token: str, flags: int) -> Any:
    return sre_modules()[0].parse(token, flags)


def _sre_constants() -> Any:
    return sre_modules()[1]


def _first_chars(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """(character-class pieces a sequence can start with, whether it can match empty), or None
    when unknown."""
    pieces: set[str] = set()
    for op, argument in items:
        found = _first_chars_of(op, argument)
        if found is None:
            return None
        pieces |= found[0]
        if not found[1]:
            return pieces, False
    return pieces, True


def _first_chars_of(op: Any, argument: Any) -> tuple[set[str], bool] | None:
    sre = _sre_constants()
    categories = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_SPACE: r"\s"}
    if op is sre.LITERAL:
        return {re.escape(chr(argument))}, False
    if op is sre.IN:
        pieces: set[str] = set()
        for item_op, item in argument:
            if item_op is sre.LITERAL:
                pieces.add(re.escape(chr(item)))
            elif item_op is sre.RANGE:
                pieces.add(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
            elif item_op is sre.CATEGORY and item in categories:
                pieces.add(categories[item])
            else:  # a negated class or an unusual category: give up
                return None
        return pieces, False
    if op is sre.BRANCH:
        pieces, nullable = set(), False
        for branch in argument[1]:
            found = _first_chars(branch.data)
            if found is None:
                return None
            pieces |= found[0]
            nullable = nullable or found[1]
        return pieces, nullable
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = argument
        if (add_flags | del_flags) & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
            return None  # ASCII or LOCALE change what the classes mean
        found = _first_chars(sub.data)
        if found is not None and add_flags & re.IGNORECASE:
            found[0].add(_CASELESS)
        # `(?-i:...)` inside a caseless pattern needs nothing: its guard is a superset.
        return found
    if op in repeat_ops(sre):
        minimum, _maximum, sub = argument
        found = _first_chars(sub.data)
        return None if found is None else (found[0], found[1] or minimum == 0)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: look at what follows
        return set(), True
    return None


# The text being linted and the results of scanning it, shared by rules that run the very same
# pattern over it (the two sponsored call-to-action rules share one list and one verdict). One
# entry per process: a new text clears it, and holding the text keeps its id from being reused.
_memo_text: str | None = None
_memo: dict[tuple[object, ...], object] = {}


def _memo_for(text: str) -> dict[tuple[object, ...], object]:
    global _memo_text
    if text is not _memo_text:
        _memo.clear()
        _memo_text = text
    return _memo


def scan_spans(pattern: Regex, text: str) -> list[tuple[int, int]]:
    """`[m.span() for m in pattern.finditer(text)]`, computed once per text and pattern."""
    memo = _memo_for(text)
    key = ("finditer", type(pattern), pattern.pattern, getattr(pattern, "flags", None))
    found = memo.get(key)
    if found is None:
        found = [match.span() for match in pattern.finditer(text)]
        memo[key] = found
    return found  # type: ignore[return-value]


_SCOPED_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
# Back-references and conditionals refer to groups by number or name, which combining shifts.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def combine_for_search(patterns: Sequence[object]) -> Regex | None:
    """One regex that `search` finds a match with wherever any of `patterns` would (for yes/no
    tests such as "does this sentence hold any evidence?"): one scan instead of one per pattern.

    Each pattern keeps its own flags as a scoped group (`(?i-msx:...)`). None when they cannot
    be combined safely (not all `re` patterns, group references, global inline flags).
    """
    if not patterns or not all(is_regex(p) for p in patterns):
        return None
    parts: list[str] = []
    for pattern in patterns:
        assert is_regex(pattern)
        if not isinstance(pattern.pattern, str) or pattern.flags & (re.ASCII | re.LOCALE):
            return None
        if pattern.groups and _GROUP_REFERENCE.search(pattern.pattern):
            return None
        on = "".join(letter for flag, letter in _SCOPED_FLAGS if pattern.flags & flag)
        off = "".join(letter for flag, letter in _SCOPED_FLAGS if not pattern.flags & flag)
        # A verbose pattern may end in a comment: the line break keeps our ")" out of it.
        tail = "\n" if pattern.flags & re.VERBOSE else ""
        parts.append(f"(?{on}-{off}:{pattern.pattern}{tail})")
    try:
        return re.compile("|".join(parts))
    except re.error:  # e.g. a global inline flag or a group name used twice
        return None


def phrase_alternation_flat(tokens: Iterable[str], *, boundaries: bool = True) -> str:
    """The plain longest-first alternation (no trie): the reference the trie must agree with,
    each phrase's spaces and apostrophes as flexible as the trie's (`flexible_fragment`)."""
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    body = "|".join(f"(?:{flexible_fragment(token)})" for token in ordered)
    if not boundaries:
        return f"(?:{body})"
    return rf"(?<![\w-])(?:{body})(?![\w-])"


def compile_phrases(
    tokens: Iterable[str], *, ignorecase: bool = True, boundaries: bool = True
) -> Regex:
    tokens = list(tokens)
    for token in tokens:  # name the offending token, not the whole alternation
        # As the alternation holds it (and as Options.phrase checked it: `re`'s cache then
        # spares a second compile of each token on a cold start).
        compile_regex(flexible_fragment(token), ignorecase=ignorecase)
    return compile_regex(
        phrase_alternation(tokens, boundaries=boundaries, ignorecase=ignorecase),
        ignorecase=ignorecase,
    )
