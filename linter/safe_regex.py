"""Linear-time matching for patterns written by users (rules from `--rules` folders).

Python's `re` backtracks, so a user pattern such as `(a+)+$` can take exponential time on a line
of `a`s and hang the run. Patterns from untrusted rules are therefore compiled with RE2 (the
`google-re2` package), whose matching time is linear in the text, behind `SafePattern`, a small
adapter with the `re.Pattern` methods the matchers use (`search`, `match`, `fullmatch`,
`finditer`, `findall`), so matchers work with either engine unchanged.

Differences from `re` that the adapter hides:
- Python `\\w`, `\\d`, `\\s` are Unicode-aware; RE2's are ASCII. They are rewritten to Unicode
  classes (`\\w` -> `[\\p{L}\\p{N}_]`), and `\\Z` to RE2's `\\z`.
- The whole-word guards that `patterns.phrase_alternation` wraps around phrase lists are
  look-arounds, which RE2 lacks. Each is replaced by the one character it tests (or the text's
  edge) plus an empty marker group; the adapter reports the span between the markers, so a
  match's span is what `re` would report.
- RE2 works on UTF-8 bytes; offsets are converted back to characters with a per-text table
  (cached for the last few texts, since a rule searches the same document many times).

What cannot be adapted (other look-arounds, backreferences, atomic groups) is a load error that
names the rule file, line and key, and suggests an alternative.
"""

from __future__ import annotations

import _thread
import bisect
import contextlib
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar

from linter.model import ArticleLintError
from linter.patterns import PatternError, quoted
from linter.record import record

TYPE_CHECKING = False  # typing itself is not imported at run time (~3 ms of a run)
if TYPE_CHECKING:
    from typing import Any

# The whole-word guards emitted by `patterns.phrase_alternation`, and the character class each one
# tests, as an RE2 class body with Unicode letters and digits (Python's `\w`).
_WORD_CLASS_BODY = r"\p{L}\p{N}_"
_GUARDS_BEFORE: dict[str, str] = {
    r"(?<![\w-])": _WORD_CLASS_BODY + "-",
    r"(?<!\w)": _WORD_CLASS_BODY,
}
_GUARDS_AFTER: dict[str, str] = {r"(?![\w-])": _WORD_CLASS_BODY + "-", r"(?!\w)": _WORD_CLASS_BODY}
_START_MARKER = "al_start_"
_END_MARKER = "al_end_"

# Python's Unicode-aware shorthand classes as RE2 class bodies (for use inside `[...]`).
_SPACE_BODY = r"\t-\r\x1c-\x20\x85\p{Z}"
_CLASS_BODIES: dict[str, str] = {"w": _WORD_CLASS_BODY, "d": r"\p{Nd}", "s": _SPACE_BODY}
# Outside a character class, the negated forms too.
_SHORTHANDS: dict[str, str] = {
    "w": f"[{_WORD_CLASS_BODY}]",
    "W": f"[^{_WORD_CLASS_BODY}]",
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "s": f"[{_SPACE_BODY}]",
    "S": f"[^{_SPACE_BODY}]",
}
# Compiled-program memory per pattern; RE2's default (8 MiB) is too small for long phrase lists.
_MAX_MEMORY = 64 << 20
# Characters per checkpoint of the char <-> byte offset table of non-ASCII texts.
_CHECKPOINT = 1024

_untrusted: ContextVar[bool] = ContextVar("article_lint_untrusted_patterns", default=False)


@contextlib.contextmanager
def untrusted_patterns(active: bool = True) -> Iterator[None]:
    """While active, `patterns.compile_regex` compiles with RE2 (see `Matcher`)."""
    token = _untrusted.set(active)
    try:
        yield
    finally:
        _untrusted.reset(token)


def untrusted_active() -> bool:
    return _untrusted.get()


# --- Python `re` under a time budget ------------------------------------------------------------
# For rules that must stay on Python's `re` (a built-in rule with look-arounds) but carry text a
# user wrote (a rule `based_on` a built-in that adds tokens): RE2 cannot compile the built-in's
# look-arounds, and Python's `re` cannot bound a user's nested quantifiers, so each search runs
# under a wall-clock budget. Python's `re` checks for signals while it matches, so a SIGALRM stops
# it (POSIX, main thread; elsewhere the pattern runs unbudgeted).

# Seconds one search (or one step of finditer) may take before the rule is stopped for the file.
PATTERN_BUDGET_SECONDS = 2.0

_budgeted: ContextVar[bool] = ContextVar("article_lint_budgeted_patterns", default=False)
_rule_label: ContextVar[str] = ContextVar("article_lint_rule_label", default="")


class PatternTimeout(ArticleLintError):
    """A budgeted pattern ran out of time on one file (reported for that file, exit 2)."""


@record
class _Timeouts:
    messages: list[str]
    expired: set[int]


_collector: ContextVar[_Timeouts | None] = ContextVar("article_lint_timeouts", default=None)


@contextlib.contextmanager
def pattern_timeouts() -> Iterator[list[str]]:
    """Collect the timeouts of budgeted patterns while one file is linted (instead of raising),
    so the other rules' findings are kept; yields the list of messages."""
    collector = _Timeouts([], set())
    token = _collector.set(collector)
    try:
        yield collector.messages
    finally:
        _collector.reset(token)


@contextlib.contextmanager
def budgeted_patterns(active: bool = True) -> Iterator[None]:
    """While active, `patterns.compile_regex` returns `BudgetedPattern`s (Python `re` with a
    time budget). Wrap the building of a rule that mixes built-in and user-written patterns."""
    token = _budgeted.set(active)
    try:
        yield
    finally:
        _budgeted.reset(token)


def budgeted_active() -> bool:
    return _budgeted.get()


@contextlib.contextmanager
def rule_label(label: str) -> Iterator[None]:
    """Name the rule whose patterns are being compiled (for PatternTimeout messages)."""
    token = _rule_label.set(label)
    try:
        yield
    finally:
        _rule_label.reset(token)


def compile_budgeted(pattern: str, flags: int) -> BudgetedPattern:
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        raise PatternError(f"invalid regular expression {quoted(pattern)}: {exc}") from None
    return BudgetedPattern(compiled, _rule_label.get())


class _Expired(Exception):
    pass


def _re2() -> Any:
    """The `re2` module, imported on first use: only `--rules` folders need it, and importing it
    (with its `signal`/`threading` friends) would cost every pre-commit run a few ms."""
    import re2

    return re2


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Expired


class BudgetedPattern:
    """A Python `re.Pattern` whose every search is stopped after PATTERN_BUDGET_SECONDS."""

    def __init__(self, compiled: re.Pattern[str], label: str) -> None:
        self.compiled = compiled
        self.label = label
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex

    def __repr__(self) -> str:
        return f"BudgetedPattern({self.pattern!r})"

    def __reduce__(self) -> tuple[Any, tuple[str, int, str]]:
        return _rebuild_budgeted, (self.pattern, self.flags, self.label)

    def _timed(self, call: Any, *args: Any, stopped: Any = None) -> Any:
        """`call(*args)` within the budget. Out of time: with a collector active (the runner's),
        record the timeout, return `stopped` and skip this pattern for the rest of the file;
        without one, raise PatternTimeout."""
        import signal  # user rules only (see `_re2`)
        import threading

        collector = _collector.get()
        if collector is not None and id(self) in collector.expired:
            return stopped
        if (
            not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            return call(*args)
        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        previous_timer = signal.setitimer(signal.ITIMER_REAL, PATTERN_BUDGET_SECONDS)
        if previous_timer[0]:  # someone else's alarm is set: leave it alone, run unbudgeted
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)
            signal.signal(signal.SIGALRM, previous_handler)
            return call(*args)
        try:
            return call(*args)
        except _Expired:
            # A rule's alternation of hundreds of phrases is no use quoted from its start:
            # a short pattern is quoted, a long one is the rule's list as a whole.
            which = (
                f"its pattern {self.pattern!r}"
                if len(self.pattern) <= 120
                else "one of its phrases or patterns (with based_on, most likely one you added)"
            )
            message = (
                f"rule {self.label or '?'}: a pattern took more than {PATTERN_BUDGET_SECONDS:g} s "
                "on this file and was stopped, so this rule's findings here are incomplete: "
                f"{which} backtracks (nested quantifiers such as (a+)+); simplify it"
            )
            if collector is None:
                raise PatternTimeout(message) from None
            collector.expired.add(id(self))
            collector.messages.append(message)
            return stopped
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._timed(self.compiled.search, text, pos, endpos)  # type: ignore[no-any-return]

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._timed(self.compiled.match, text, pos, endpos)  # type: ignore[no-any-return]

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._timed(self.compiled.fullmatch, text, pos, endpos)  # type: ignore[no-any-return]

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        matches = self.compiled.finditer(text, pos, endpos)
        while True:  # each step is one search, budgeted on its own
            found = self._timed(next, matches, None)
            if found is None:
                return
            yield found

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        found = self._timed(self.compiled.findall, text, pos, endpos, stopped=[])
        return found  # type: ignore[no-any-return]

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self._timed(self.compiled.sub, repl, text, count, stopped=text)  # type: ignore[no-any-return]


def _rebuild_budgeted(pattern: str, flags: int, label: str) -> BudgetedPattern:
    return BudgetedPattern(re.compile(pattern, flags), label)


_UNSUPPORTED_HINT = (
    "rules from --rules folders are matched with RE2, which runs in linear time (no pattern can "
    "hang the run) but has no look-arounds, backreferences or atomic groups; "
    "rewrite the pattern without them (phrase lists under 'tokens', 'claims' and 'swap' get "
    "whole-word matching added for you; list phrases to skip under 'exceptions')"
)


def to_re2_syntax(pattern: str) -> str:
    """Rewrite a Python regex into RE2 syntax with the same meaning (see the module doc)."""
    out: list[str] = []
    index = 0
    length = len(pattern)
    in_class = False
    class_start = False  # just after `[` or `[^`, where `]` is a literal
    markers = 0
    while index < length:
        char = pattern[index]
        if not in_class:
            guard = _guard_at(pattern, index)
            if guard is not None:
                text, body, before = guard
                if before:
                    out.append(f"(?:^|[^{body}])(?P<{_START_MARKER}{markers}>)")
                else:
                    out.append(f"(?P<{_END_MARKER}{markers}>)(?:[^{body}]|$)")
                markers += 1
                index += len(text)
                continue
        if char == "\\" and index + 1 < length:
            escaped = pattern[index + 1]
            if in_class and escaped in _CLASS_BODIES:
                out.append(_CLASS_BODIES[escaped])
            elif in_class and escaped == "D":
                out.append(r"\P{Nd}")
            elif not in_class and escaped in _SHORTHANDS:
                out.append(_SHORTHANDS[escaped])
            elif escaped == "Z" and not in_class:
                out.append(r"\z")
            else:
                out.append(pattern[index : index + 2])
            index += 2
            class_start = False
            continue
        if in_class:
            if char == "]" and not class_start:
                in_class = False
            elif char == "[" and pattern.startswith("[:", index):  # POSIX class [:alpha:]
                close = pattern.find(":]", index + 2)
                if close != -1:
                    out.append(pattern[index : close + 2])
                    index = close + 2
                    class_start = False
                    continue
            class_start = class_start and char == "^" and pattern[index - 1] == "["
            out.append(char)
            index += 1
            continue
        if char == "[":
            in_class = True
            class_start = True
        out.append(char)
        index += 1
    return "".join(out)


def _guard_at(pattern: str, index: int) -> tuple[str, str, bool] | None:
    if not pattern.startswith("(?", index):
        return None
    for text, body in _GUARDS_BEFORE.items():
        if pattern.startswith(text, index):
            return text, body, True
    for text, body in _GUARDS_AFTER.items():
        if pattern.startswith(text, index):
            return text, body, False
    return None


def compile_untrusted(
    pattern: str, *, ignorecase: bool = True, multiline: bool = False
) -> SafePattern:
    """Compile a user's pattern for linear-time matching; PatternError says why it cannot be."""
    try:
        re.compile(pattern)  # Python's own syntax check first, for the usual error message
    except re.error as exc:
        raise PatternError(f"invalid regular expression {quoted(pattern)}: {exc}") from None
    translated = to_re2_syntax(pattern)
    if multiline:
        translated = "(?m)" + translated
    re2 = _re2()
    try:
        compiled = _compile_re2(translated, ignorecase)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        if "too large" in reason:
            hint = "the pattern is too large; split the list over several rules"
        elif "repetition operator" in reason:
            # "C++": a phrase is a regex; Python reads ++ as possessive, RE2 refuses it.
            hint = "a phrase is a regular expression: write \\+, \\* or \\? for the character"
        else:
            hint = _UNSUPPORTED_HINT
        raise PatternError(
            f"pattern {quoted(pattern)} is not supported ({reason}): {hint}"
        ) from None
    return SafePattern(
        pattern, compiled, ignorecase=ignorecase, multiline=multiline, translated=translated
    )


def _compile_re2(translated: str, ignorecase: bool) -> Any:
    re2 = _re2()
    options = re2.Options()
    options.case_sensitive = not ignorecase
    options.log_errors = False  # RE2 would print its own copy of the error on stderr
    options.max_mem = _MAX_MEMORY
    return re2.compile(translated, options)


def _without_caret_guards(translated: str) -> str:
    """`translated` with its start guards reduced to their consuming half: `(?:^|[^\\w])`
    becomes `[^\\w]`, so only a real character before a match can stand for the guard."""
    for body in set(_GUARDS_BEFORE.values()):
        translated = translated.replace(
            f"(?:^|[^{body}])(?P<{_START_MARKER}", f"(?:[^{body}])(?P<{_START_MARKER}"
        )
    return translated


@record
class _EncodedText:
    """A text's UTF-8 bytes, and for non-ASCII texts a sparse char <-> byte offset table."""

    text: str
    data: memoryview
    ascii: bool
    # byte offset of every _CHECKPOINT-th character (non-ASCII texts only)
    checkpoints: list[int]

    @classmethod
    def of(cls, text: str) -> _EncodedText:
        data = text.encode("utf-8", "surrogatepass")
        if len(data) == len(text):
            return cls(text, memoryview(data), True, [])
        # checkpoints[k] is the byte offset of character k * _CHECKPOINT (up to the text's end)
        checkpoints = [0]
        total = 0
        for stop in range(_CHECKPOINT, len(text) + 1, _CHECKPOINT):
            total += len(text[stop - _CHECKPOINT : stop].encode("utf-8", "surrogatepass"))
            checkpoints.append(total)
        return cls(text, memoryview(data), False, checkpoints)

    def to_byte(self, char_offset: int) -> int:
        if self.ascii:
            return char_offset
        block = char_offset // _CHECKPOINT
        base = block * _CHECKPOINT
        piece = self.text[base:char_offset]
        return self.checkpoints[block] + len(piece.encode("utf-8", "surrogatepass"))

    def to_char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        block = bisect.bisect_right(self.checkpoints, byte_offset) - 1
        piece = bytes(self.data[self.checkpoints[block] : byte_offset])
        return block * _CHECKPOINT + len(piece.decode("utf-8", "surrogatepass"))


class _TextCache(_thread._local):  # threading.local itself, without importing threading
    """The last few texts searched (a rule searches the prose and raw views many times)."""

    size = 4

    def __init__(self) -> None:
        self.entries: list[_EncodedText] = []

    def get(self, text: str) -> _EncodedText:
        for entry in self.entries:
            if entry.text is text:
                return entry
        entry = _EncodedText.of(text)
        self.entries.insert(0, entry)
        del self.entries[self.size :]
        return entry


_TEXTS = _TextCache()


class SafePattern:
    """An RE2-compiled user pattern with the `re.Pattern` methods the matchers call."""

    def __init__(
        self,
        pattern: str,
        compiled: Any,
        *,
        ignorecase: bool,
        multiline: bool,
        translated: str | None = None,
    ) -> None:
        self.pattern = pattern
        self.flags = (re.IGNORECASE if ignorecase else 0) | (re.MULTILINE if multiline else 0)
        self._program = compiled._regexp  # the C++ RE2 object: searched on bytes, no copies
        self._translated = translated
        self._caretless: Any = None  # the program without `^` in its start guards, on demand
        group_names = compiled.groupindex
        self._start_markers = sorted(
            i for n, i in group_names.items() if n.startswith(_START_MARKER)
        )
        self._end_markers = sorted(i for n, i in group_names.items() if n.startswith(_END_MARKER))
        markers = set(self._start_markers) | set(self._end_markers)
        # The user's own groups, numbered as `re` would number them (markers are not counted).
        self._user_groups = [i for i in range(1, compiled.groups + 1) if i not in markers]
        self.groups = len(self._user_groups)
        self.groupindex = {
            name: self._user_groups.index(i) + 1
            for name, i in group_names.items()
            if i not in markers
        }

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r})"

    def _program_without_carets(self) -> Any:
        """The program with start guards that must consume a character (None when the pattern
        has no start guard, or was built without its RE2 text)."""
        if self._caretless is None and self._translated is not None and self._start_markers:
            variant = _without_caret_guards(self._translated)
            if variant != self._translated:
                ignorecase = bool(self.flags & re.IGNORECASE)
                self._caretless = _compile_re2(variant, ignorecase)._regexp
        return self._caretless

    def __reduce__(self) -> tuple[Any, tuple[str, bool, bool]]:
        # The C++ program cannot be pickled (the rule cache and worker processes pickle rules):
        # compile it again from the pattern as written.
        ignorecase = bool(self.flags & re.IGNORECASE)
        multiline = bool(self.flags & re.MULTILINE)
        return _recompile, (self.pattern, ignorecase, multiline)

    def _matches(
        self, anchor: Any, text: str, pos: int | None, endpos: int | None
    ) -> Iterator[SafeMatch]:
        length = len(text)
        pos = 0 if pos is None else max(0, min(pos, length))
        endpos = length if endpos is None else max(0, min(endpos, length))
        if pos > endpos:
            return
        encoded = _TEXTS.get(text)
        byte_end = encoded.to_byte(endpos)
        # Like `re`, the text ends at endpos (so `$` and the word guards see an end there) but
        # the characters before pos are still seen by `^` and the guards.
        view = encoded.data[:byte_end]
        cursor = pos  # in characters: where the next match may start
        while cursor <= endpos:
            byte_cursor = encoded.to_byte(cursor)
            # A start guard consumes the character before the match, so search from there (the
            # character may end the previous match: `re`'s look-behind sees it too).
            lookback = bool(self._start_markers) and cursor > 0
            found = self._find(
                anchor, view, encoded.to_byte(cursor - 1) if lookback else byte_cursor, byte_end
            )
            if found is not None and found[0][0] < byte_cursor:
                # A match starting before the cursor: `^` (the text's or a line's start) stood
                # for its start guard, or a branch has no guard. Search again where only a real
                # character can be the guard (the one before the cursor counts, as in `re`),
                # and from the cursor itself; the leftmost match at or after it wins.
                candidates = [
                    self._find(anchor, view, encoded.to_byte(cursor - 1), byte_end, caretless=True),
                    self._find(anchor, view, byte_cursor, byte_end),
                ]
                valid = [c for c in candidates if c is not None and c[0][0] >= byte_cursor]
                found = min(valid, key=lambda c: c[0][0]) if valid else None
            if found is None:
                return
            (start, end), groups = found
            char_spans = [
                (encoded.to_char(a), encoded.to_char(b)) if a != -1 else (-1, -1)
                for a, b in [(start, end), *groups]
            ]
            yield SafeMatch(self, text, pos, endpos, char_spans)
            # after an empty match, step over one character, as `re` does
            cursor = char_spans[0][1] if end > start else char_spans[0][1] + 1

    def _find(
        self,
        anchor: Any,
        view: memoryview,
        byte_pos: int,
        byte_end: int,
        *,
        caretless: bool = False,
    ) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
        """The next match's byte span (between the guard markers) and the user's group spans."""
        program = self._program_without_carets() if caretless else self._program
        if program is None:
            return None
        spans = program.Match(anchor, view, byte_pos, byte_end)
        whole = spans[0]
        if whole[0] == -1:
            return None
        start = next((spans[i][0] for i in self._start_markers if spans[i][0] != -1), whole[0])
        end = next((spans[i][0] for i in self._end_markers if spans[i][0] != -1), whole[1])
        return (start, end), [spans[i] for i in self._user_groups]

    def search(
        self, text: str, pos: int | None = None, endpos: int | None = None
    ) -> SafeMatch | None:
        return next(self._matches(_re2()._Anchor.UNANCHORED, text, pos, endpos), None)

    def match(
        self, text: str, pos: int | None = None, endpos: int | None = None
    ) -> SafeMatch | None:
        if self._start_markers:  # the guard consumes a character before the match
            found = self.search(text, pos, endpos)
            return found if found is not None and found.start() == (pos or 0) else None
        return next(self._matches(_re2()._Anchor.ANCHOR_START, text, pos, endpos), None)

    def fullmatch(
        self, text: str, pos: int | None = None, endpos: int | None = None
    ) -> SafeMatch | None:
        if self._start_markers or self._end_markers:
            found = self.search(text, pos, endpos)
            stop = len(text) if endpos is None else min(endpos, len(text))
            ok = found is not None and found.start() == (pos or 0) and found.end() == stop
            return found if ok else None
        return next(self._matches(_re2()._Anchor.ANCHOR_BOTH, text, pos, endpos), None)

    def finditer(
        self, text: str, pos: int | None = None, endpos: int | None = None
    ) -> Iterator[SafeMatch]:
        return self._matches(_re2()._Anchor.UNANCHORED, text, pos, endpos)

    def findall(self, text: str, pos: int | None = None, endpos: int | None = None) -> list[Any]:
        found: list[Any] = []
        for match in self.finditer(text, pos, endpos):
            if self.groups == 0:
                found.append(match.group())
            elif self.groups == 1:
                found.append(match.group(1) or "")
            else:
                found.append(tuple(g or "" for g in match.groups()))
        return found


class SafeMatch:
    """The `re.Match` API over character spans: group 0 plus the user's groups."""

    __slots__ = ("_spans", "endpos", "pos", "re", "string")

    def __init__(
        self, pattern: SafePattern, text: str, pos: int, endpos: int, spans: list[tuple[int, int]]
    ) -> None:
        self.re = pattern
        self.string = text
        self.pos = pos
        self.endpos = endpos
        self._spans = spans

    def __repr__(self) -> str:
        return f"<SafeMatch span={self.span()} match={self.group()!r}>"

    def _index(self, group: int | str) -> int:
        if isinstance(group, str):
            return self.re.groupindex[group]
        if not 0 <= group < len(self._spans):
            raise IndexError("no such group")
        return group

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._spans[self._index(group)]

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, *groups: int | str) -> Any:
        if not groups:
            groups = (0,)
        values = []
        for group in groups:
            start, end = self.span(group)
            values.append(None if start == -1 else self.string[start:end])
        return values[0] if len(values) == 1 else tuple(values)

    def __getitem__(self, group: int | str) -> str | None:
        return self.group(group)  # type: ignore[no-any-return]

    def groups(self, default: str | None = None) -> tuple[str | None, ...]:
        return tuple(
            default if self.start(i) == -1 else self.group(i) for i in range(1, len(self._spans))
        )

    def groupdict(self, default: str | None = None) -> dict[str, str | None]:
        return {
            name: default if self.start(i) == -1 else self.group(i)
            for name, i in self.re.groupindex.items()
        }


def _recompile(pattern: str, ignorecase: bool, multiline: bool) -> SafePattern:
    return compile_untrusted(pattern, ignorecase=ignorecase, multiline=multiline)
