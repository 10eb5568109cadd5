"""Stage 1 — load: one YAML file into plain data plus the position of every node.

The loader never guesses. It reads YAML *events* from PyYAML's C parser and
builds the data itself, so that:

* every scalar stays the text the editor typed (no YAML 1.1 booleans, octals,
  sexagesimals or floats: ``NO``, ``012``, ``12:30`` and ``1.10`` stay strings);
  only an empty value, ``~`` or ``null`` becomes ``None``;
* duplicate keys, anchors, aliases, merge keys, explicit tags, several
  documents, excessive nesting, tabs in indentation, bidirectional override
  characters, non-UTF-8 bytes, empty files and non-mapping roots are errors
  with a position;
* lines end where YAML and editors both end them (LF, CR LF, a lone CR); the
  breaks only YAML sees (NEL, U+2028, U+2029) and a byte-order mark inside the
  file are refused where they stand, so every line and column reported is the
  editor's;
* a plain value followed by `` #…`` on its line is marked (`CutScalar`), so a
  free-text field can refuse it: YAML silently dropped the rest as a comment.

PyYAML's C composer cannot be overridden and crashes on very deep nesting;
building from events lets us stop at ``MAX_DEPTH`` first.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from .errors import MAX_PER_FILE, ContentError, Position, format_field, more_problems

MAX_DEPTH = 40
MAX_FILE_BYTES = 2_000_000
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_ERRORS = MAX_PER_FILE
# Where a line ends, for YAML and for editors alike: a line feed, CR LF, or a carriage return alone.
# YAML also ends a line at NEL, U+2028 and U+2029, which editors do not show: those are refused.
_BYTE_LINE_BREAK = re.compile(rb"\r\n?|\n")
_TAB_INDENT = re.compile(r"(?:^|(?<=[\r\n])) *\t")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_BYTE_ORDER_MARK = re.compile("\ufeff")
# C0 and C1 controls other than tab, line feed, carriage return and NEL (refused above as a line
# break), and the two non-characters YAML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A plain value followed, on its line, by blanks and `#`: YAML took the rest as a comment.
_COMMENT_AFTER = re.compile(r"[ \t]+#")
# A node's properties as typed: an optional anchor, then the tag (`!x`, `!!x`, `!<x>`).
_TAG_AS_TYPED = re.compile(r"(?:&[^\s,\[\]{}]*[ \t]+)?(!<[^>]*>|![^\s,\[\]{}]*)")
_SHOWN_TAG = 60
_QUOTES = ("'", '"')

Path_ = tuple[str | int, ...]
_new_tuple = tuple.__new__  # makes a Position without a Python-level call: the loader makes one per node
Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CutScalar(str):
    """A plain scalar that had `` #…`` after it on its line (YAML took it as a comment)."""


class Document:
    """A loaded file: its data, and where each value and key stands in it.

    A file read the fast way (`_fast_load`) keeps its text instead of positions, and finds them
    (reading it again, event by event) only when something asks for one: an error, a warning.
    Positions of every node of every file would cost a third of the loading and most of the memory.
    """

    __slots__ = ("_keys", "_text", "_values", "data", "file")

    def __init__(self, file: str, data: dict[str, Any], text: str | None = None) -> None:
        self.file = file
        self.data = data
        self._text = text
        self._values: dict[Path_, Position] | None = None if text is not None else {}
        self._keys: dict[Path_, Position] | None = None if text is not None else {}

    @property
    def values(self) -> dict[Path_, Position]:
        """Where each value stands, by path; () is the file's root."""
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path_, Position]:
        """Where each key stands, by the path of its value."""
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    @property
    def located(self) -> bool:
        """Whether the positions have been found."""
        return self._values is not None

    def _locate(self) -> None:
        assert self._text is not None
        builder = _Builder(self._text, self.file)
        with paused_gc():
            builder.run()
        self._values, self._keys, self._text = builder.doc.values, builder.doc.keys, None


class _Abort(Exception):
    """Stop reading this file: what follows cannot be trusted."""


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[ContentError]]:
    """Load one YAML file; return its document (or None) and every problem found."""
    name = display or str(path)
    raw, errors = read_file(path, name)
    return load_bytes(raw, name) if raw is not None else (None, errors)


def read_file(path: Path, name: str) -> tuple[bytes | None, list[ContentError]]:
    """The file's bytes, or None and why: unreadable, or over the size limit (then never read whole)."""
    try:
        size = path.stat().st_size  # checked before reading, so a huge file is never read
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        return None, [ContentError(Position(name), "", f"cannot read the file: {exc.strerror}")]
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        return None, [
            ContentError(
                Position(name),
                "",
                f"the file is {max(size, len(raw)):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                "split it into several files",
            )
        ]
    return raw, []


def load_bytes(raw: bytes, name: str) -> tuple[Document | None, list[ContentError]]:
    """Load a file's bytes (`name` is the file shown in errors)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_decode_error(name, raw, exc)]
    return load_text(text, name)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while building acyclic data: a third of the time on a large file.

    Content holds no reference cycles; whatever cycles appear meanwhile are collected afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_text(text: str, name: str) -> tuple[Document | None, list[ContentError]]:
    """Load YAML text (already decoded); `name` is the file shown in errors.

    A byte-order mark at the very start is dropped, as editors hide it; anywhere else it is refused.
    """
    text = text.removeprefix("\ufeff")
    errors = _scan_characters(text, name)
    if errors:
        return None, errors
    fast = _fast_load(text, name)
    if fast is not None:
        return fast, []
    builder = _Builder(text, name)
    try:
        with paused_gc():
            builder.run()
    except _Abort:
        pass
    except yaml.MarkedYAMLError as exc:
        builder.errors.append(_syntax_error(text, name, exc, builder.last_quoted))
    except yaml.YAMLError as exc:  # a reader error: only reachable through `load_text`
        builder.errors.append(ContentError(Position(name), "", f"YAML cannot read this file: {exc}"))
    if any(e.is_error for e in builder.errors):
        return None, builder.errors
    root = builder.root
    if root is None:
        return None, [
            ContentError(Position(name), "", "the file is empty", "add the fields of this file, or delete it")
        ]
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        return None, [
            ContentError(
                builder.doc.values.get((), Position(name)),
                "",
                f"the file holds {kind}; it must hold named fields (`key: value` lines)",
                "start the file with a field name such as `title:`",
            )
        ]
    builder.doc.data = root
    return builder.doc, []


_NODE_PROPERTY = re.compile(r"[&*!]")
_STARTS_TOKEN = frozenset(" \t\r\n[]{},")
_FAST_DEPTH = 500
"""Nesting a file could reach (flow brackets, or a run of indentation and `- ` starting a line) up to
which it is composed by PyYAML's C composer, whose recursion crashes far deeper (tens of thousands)."""
_DEEP_LINE = re.compile(rf"(?:^|\n)[ ?:-]{{{_FAST_DEPTH}}}")


_FAST_SIZE = 250_000
"""Characters up to which a file is composed whole by the C composer first. Content files are far
smaller; a larger file is most likely hostile, and the event-by-event reading stops at its first
problems instead of composing all of it first (2 MB of duplicate keys: 0.5 s instead of 2.2 s)."""


def _may_need_events(text: str) -> bool:
    """Whether the file may hold an anchor, an alias, a tag or a merge key (or only looks as if,
    as in `a & b`), nest deeply, or be large: such a file is read event by event, which refuses each
    problem at its position."""
    if (
        len(text) > _FAST_SIZE
        or "<<" in text
        or text.count("[") + text.count("{") > _FAST_DEPTH
        or _DEEP_LINE.search(text)
    ):
        return True
    return any(m.start() == 0 or text[m.start() - 1] in _STARTS_TOKEN for m in _NODE_PROPERTY.finditer(text))


def _fast_load(text: str, name: str) -> Document | None:
    """The common case, a file with nothing to refuse, composed by the C parser into nodes and read
    with one Python call per node; None when the file needs the event-by-event reading, which finds
    and words every problem (the same data and positions either way)."""
    if _may_need_events(text):
        return None
    try:
        with paused_gc():
            root = yaml.compose(text, Loader=Parser)
            if type(root) is not yaml.MappingNode:
                return None
            data = _NodeReader(text).mapping(root, 1)
    except (yaml.YAMLError, _NeedsEvents, RecursionError):
        return None
    return Document(name, data, text)


class _NeedsEvents(Exception):
    """Something the event-by-event reading words better (or refuses)."""


class _NodeReader:
    """Plain data from composed nodes, as `_Builder` makes it from events (positions are found later)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def value(self, node: Any, depth: int) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode:
            value = node.value
            if node.style:
                return value
            if value in NULL_WORDS:
                return None
            if _COMMENT_AFTER.match(self.text, node.end_mark.index):
                return CutScalar(value)
            return value
        if depth >= MAX_DEPTH:
            raise _NeedsEvents
        if kind is yaml.MappingNode:
            return self.mapping(node, depth + 1)
        return [self.value(item, depth + 1) for item in node.value]

    def mapping(self, node: Any, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _NeedsEvents
            key = key_node.value
            if key in mapping:
                raise _NeedsEvents
            mapping[key] = self.value(value_node, depth)
        return mapping


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _invisible_break(char: str) -> tuple[str, str]:
    return (
        f"an invisible line break ({_code(char)} {_BREAK_NAMES[char]}): YAML starts a new line here, editors do not",
        "delete it; press Enter if you meant a new line",
    )


_INVISIBLE_CHECKS: tuple[tuple[re.Pattern[str], Callable[[str], tuple[str, str]]], ...] = (
    (
        _TAB_INDENT,
        lambda _: ("a tab in the indentation", "indent with spaces only; YAML does not allow tabs there"),
    ),
    (
        _BIDI_CONTROL,
        lambda char: (
            f"an invisible text-direction control character ({_code(char)})",
            "delete it; it can make text display reversed",
        ),
    ),
    (_INVISIBLE_BREAK, _invisible_break),
    (
        _BYTE_ORDER_MARK,
        lambda _: (
            "an invisible byte-order mark (U+FEFF) in the middle of the file",
            "delete it; it comes with text pasted or joined from another file",
        ),
    ),
    (
        _CONTROL,
        lambda char: (
            f"an invisible control character ({_code(char)})",
            "delete it; it is invisible, so retype the text around it",
        ),
    ),
    (
        _SURROGATE,
        lambda char: (
            f"a lone surrogate ({_code(char)})",
            "delete it; it is invisible, so retype the text around it",
        ),
    ),
)


_ANY_REFUSED_CHARACTER = re.compile(
    "[\u202a-\u202e\u2066-\u2069\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]"
)
"""Any character one of the checks but the first (a tab in the indentation) refuses: one character class, fast to search."""


def _scan_characters(text: str, name: str) -> list[ContentError]:
    """Refuse what YAML and an editor would read differently, or an editor cannot see.

    At most MAX_ERRORS are listed (the first ones in the file), with one line for the rest; the
    work stays linear however many there are.
    """
    if "\t" not in text and not _ANY_REFUSED_CHARACTER.search(text):
        return []  # the common case: one pass over the text
    found: list[tuple[int, str, str]] = []
    total = 0
    for pattern, describe in _INVISIBLE_CHECKS:
        matches = list(itertools.islice(pattern.finditer(text), MAX_ERRORS + 1))
        for match in matches:
            at = match.end() - 1  # a tab in the indentation: the tab itself; otherwise the character
            found.append((at, *describe(text[at])))
        total += pattern.subn("", text)[1] if len(matches) > MAX_ERRORS else len(matches)
    if not found:
        return []
    found.sort()
    positions = _positions_at(text, name, [at for at, _, _ in found[: MAX_ERRORS + 1]])
    listed = zip(positions[:MAX_ERRORS], found[:MAX_ERRORS], strict=True)
    errors = [ContentError(pos, "", message, hint) for pos, (_, message, hint) in listed]
    if total > MAX_ERRORS:
        errors.append(more_problems(positions[MAX_ERRORS], total - MAX_ERRORS))
    return errors


def _positions_at(text: str, name: str, indices: list[int]) -> list[Position]:
    """The editor's line and column of each character index (in ascending order), in one pass."""
    positions = []
    line, done = 1, 0
    for index in indices:
        # `done` is never between a CR and its LF: `text[done]` is a character that was refused.
        line += text.count("\n", done, index) + text.count("\r", done, index) - text.count("\r\n", done, index)
        start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
        positions.append(Position(name, line, index - start + 1))
        done = index
    return positions


def _decode_error(name: str, raw: bytes, exc: UnicodeDecodeError) -> ContentError:
    before = raw[: exc.start]
    breaks = list(_BYTE_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    return ContentError(
        Position(name, len(breaks) + 1, column),
        "",
        f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
        "save it as UTF-8 in your editor",
    )


def _syntax_error(text: str, name: str, exc: yaml.MarkedYAMLError, last_quoted: Any) -> ContentError:
    """The parser's complaint, in our words wherever we can tell what the editor meant.

    `last_quoted` is the last quoted value read before the parser stopped (or None).
    """
    return (
        _never_closed(text, name, exc)
        or _starts_with_sign(text, name, exc)
        or _quote_trouble(text, name, exc, last_quoted)
        or _in_parser_words(text, name, exc)
    )


def _never_closed(text: str, name: str, exc: yaml.MarkedYAMLError) -> ContentError | None:
    """A quote, `[` or `{` left open: point where it opens, not where YAML gives up."""
    opened, stumbled = exc.context_mark, exc.problem_mark
    if opened is None or stumbled is None:
        return None
    sign, at_end = text[opened.index : opened.index + 1], not text[stumbled.index :].strip()
    if exc.context == "while scanning a quoted scalar" and at_end:
        message, hint = f"the quote `{sign}` opened here is never closed", f"end the value with {sign}"
    elif exc.context in ("while parsing a flow sequence", "while parsing a flow mapping") and (
        at_end or stumbled.line > opened.line
    ):
        where = "never closed" if at_end else f"not closed before line {stumbled.line + 1}"
        message, hint = f"the `{sign}` opened here is {where}", f"end it with `{']' if sign == '[' else '}'}`"
    else:
        return None
    return ContentError(_mark_position(name, opened), "", message, hint)


def _starts_with_sign(text: str, name: str, exc: yaml.MarkedYAMLError) -> ContentError | None:
    opened = exc.context_mark
    if opened is None or exc.context not in ("while scanning an alias", "while scanning an anchor"):
        return None
    sign = text[opened.index : opened.index + 1]
    return ContentError(
        _mark_position(name, opened),
        "",
        f"a value starting with `{sign}` must be quoted",
        f"put the whole value in quotes: YAML reads a `{sign}` at the start as "
        + ("an alias" if sign == "*" else "an anchor"),
    )


def _quote_trouble(text: str, name: str, exc: yaml.MarkedYAMLError, quoted: Any) -> ContentError | None:
    """A quote closed too late (it ran on over lines) or too early (by a quote mark inside the text)."""
    stumbled = exc.problem_mark
    if quoted is None or stumbled is None or quoted.end_mark.line != stumbled.line:
        return None
    quote, opened = text[quoted.start_mark.index : quoted.start_mark.index + 1], _mark_position(name, quoted.start_mark)
    if quoted.start_mark.line < quoted.end_mark.line:
        return ContentError(
            opened,
            "",
            f"the quote `{quote}` opened here runs on to line {stumbled.line + 1}, where YAML cannot read on",
            f"is its closing {quote} missing? End the value with {quote} on this line",
        )
    if quoted.end_mark.index == stumbled.index:
        inside = "write it twice, as `''`," if quote == "'" else 'write it as `\\"`,'
        other = "double" if quote == "'" else "single"
        return ContentError(
            opened,
            "",
            f"a `{quote}` inside this quoted text ends it too early",
            f"{inside} or put the text in {other} quotes",
        )
    return None


def _in_parser_words(text: str, name: str, exc: yaml.MarkedYAMLError) -> ContentError:
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    pos = _mark_position(name, mark, text) if mark else Position(name)
    shown_context = f" {context}" if context and exc.problem else ""
    return ContentError(pos, "", f"YAML syntax error: {problem}{shown_context}", _syntax_hint(problem))


def _mark_position(name: str, mark: Any, text: str = "") -> Position:
    """A parser's mark as an editor's position; the end of the file is where an editor shows it.

    (At the end, YAML counts one more line than the file has when its last line has no line break.)
    """
    if text and mark.index >= len(text):
        return _positions_at(text, name, [len(text)])[0]
    return Position(name, mark.line + 1, mark.column + 1)


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "could not find expected ':'" in problem:
        return "check the indentation, or put the value in quotes"
    if "found character" in problem and "cannot start any token" in problem:
        return "put the value in quotes"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one before"
    if "unknown escape character" in problem:
        return "write a backslash as `\\\\`, or put the value in single quotes"
    return "check this line's indentation and quotes"


class _Builder:
    """Builds plain data from parser events, recording positions as it goes."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.size = len(text)
        self.name = name
        self.parser = Parser(text)
        self.doc = Document(name, {})
        self.errors: list[ContentError] = []
        self.root: Any = None
        # Each frame: [container, path, pending_key]; pending_key is used by mappings.
        self.stack: list[list[Any]] = []
        self.documents = 0
        self.last_quoted: Any = None
        """The last quoted value read: a syntax error just after it is often a quote out of place."""

    def run(self) -> None:
        """Handle every event: scalars (most of them) directly, the others through a table."""
        handlers: dict[type, Callable[[Any], None]] = {
            ev.MappingStartEvent: self._start_collection,
            ev.SequenceStartEvent: self._start_collection,
            ev.MappingEndEvent: self._end_collection,
            ev.SequenceEndEvent: self._end_collection,
            ev.AliasEvent: self._alias,
            ev.DocumentStartEvent: self._document,
        }
        get_event, scalar, on_scalar = self.parser.get_event, ev.ScalarEvent, self._scalar
        try:
            while (event := get_event()) is not None:
                if type(event) is scalar:
                    on_scalar(event)
                elif (handler := handlers.get(type(event))) is not None:
                    handler(event)
        finally:
            self.parser.dispose()

    def _pos(self, mark: Any) -> Position:
        if mark.index >= self.size:  # the end of the file, as an editor shows it
            return _mark_position(self.name, mark, self.text)
        return _new_tuple(Position, (self.name, mark.line + 1, mark.column + 1))

    def _error(self, mark: Any, message: str, hint: str = "", field_path: Path_ = ()) -> None:
        self.errors.append(ContentError(self._pos(mark), format_field(field_path), message, hint))
        if len(self.errors) >= MAX_ERRORS:
            raise _Abort  # enough to act on; a file of thousands of aliases stops here

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._error(event.start_mark, "a second YAML document (`---`) in one file", "keep one document per file")
            raise _Abort

    def _alias(self, event: Any) -> None:
        self._error(
            event.start_mark,
            f"a value starting with `*` must be quoted: YAML reads `*{event.anchor}` as an alias, which is not allowed",
            "put the whole value in quotes",
        )
        self._add_value(None, event)

    def _end_collection(self, event: Any) -> None:
        self.stack.pop()

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._error(
                event.start_mark, f"YAML anchors (`&{event.anchor}`) are not allowed", "write each value out in full"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ev.ScalarEvent) and tag == "!"):
            self._error(
                event.start_mark,
                f"YAML tags (`{self._tag_as_typed(event.start_mark, tag)}`) are not allowed",
                "remove the tag, or quote the value if the `!` is part of the text; values are read as text",
            )

    def _tag_as_typed(self, mark: Any, expanded: str) -> str:
        """The tag as the editor typed it (`!!python/object`), not as YAML expands it."""
        typed = _TAG_AS_TYPED.match(self.text, mark.index)
        tag = typed.group(1) if typed else expanded
        return tag if len(tag) <= _SHOWN_TAG else tag[: _SHOWN_TAG - 1] + "…"

    def _start_collection(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        if len(self.stack) >= MAX_DEPTH:
            self._error(event.start_mark, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
            raise _Abort
        container: dict[str, Any] | list[Any] = {} if isinstance(event, ev.MappingStartEvent) else []
        path = self._add_value(container, event)
        if path is not None:
            self.stack.append([container, path, None])

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        stack = self.stack
        if stack and stack[-1][2] is None and type(stack[-1][0]) is dict:
            self._key(stack[-1], event)
            return
        value: str | None = event.value
        if not event.style:  # plain: only plain values can be null, or cut by a comment
            if value in NULL_WORDS:
                value = None
            elif _COMMENT_AFTER.match(self.text, event.end_mark.index):
                value = CutScalar(value)
        elif event.style in _QUOTES:
            self.last_quoted = event
        self._add_value(value, event)

    def _key(self, frame: list[Any], event: Any) -> None:
        mapping, path = frame[0], frame[1]
        key = event.value
        if event.style in (None, "") and key == "<<":
            self._error(
                event.start_mark, "YAML merge keys (`<<`) are not allowed", "write the fields out in full", path
            )
            frame[2] = _Skip(key)
            return
        key_path = (*path, key)
        if key in mapping or key_path in self.doc.keys:
            first = self.doc.keys[key_path]
            self._error(
                event.start_mark,
                f"`{key}` appears twice in the same block (first on line {first.line})",
                "keep one of them",
                key_path,
            )
            frame[2] = _Skip(key)
            return
        self.doc.keys[key_path] = self._pos(event.start_mark)
        frame[2] = key

    def _add_value(self, value: Any, event: Any) -> Path_ | None:
        """Attach `value` to the open container; return its path (None if dropped)."""
        if not self.stack:
            self.root = value
            self.doc.values[()] = self._pos(event.start_mark)
            return ()
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if type(container) is list:
            child: Path_ = (*path, len(container))
            container.append(value)
        else:
            key = frame[2]
            frame[2] = None
            if key is None:
                self._error(
                    event.start_mark, "a key must be a plain name, not a list or block", "write `name: value`", path
                )
                if isinstance(value, (dict, list)):
                    raise _Abort
                return None
            if isinstance(key, _Skip):
                return (*path, f"<dropped {key}>") if isinstance(value, (dict, list)) else None
            child = (*path, key)
            container[key] = value
        self.doc.values[child] = self._pos(event.start_mark)
        return child


class _Skip(str):
    """A key that was refused; its value is read (to find more errors) but dropped."""
