"""YAML text → plain Python data plus where every key and value was written.

Built from the parser's events with an explicit stack (never recursion), so the limits in
`safety` are enforced while reading: no tags (a scenario file is data), at most MAX_ALIASES
alias uses and MAX_NODES nodes after expanding them (a "billion laughs" file is rejected in
milliseconds), nesting at most MAX_DEPTH deep. Scalars follow the YAML 1.2 core schema, except
that dates stay text. Mapping keys are always text. `<<: *anchor` merges work.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from app.scenario.errors import Problem, ScenarioError, format_path
from app.scenario.safety import MAX_ALIASES, MAX_DEPTH, MAX_NODES, MAX_NUMBER_DIGITS
from app.scenario.yaml_syntax_errors import Pos, colon_without_space, offset_pos, yaml_reason
from app.scenario.yaml_tabs import MAX_TAB_RETRIES, after_text, inline_tab

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"!", *(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9][0-9_]*$|^0o[0-7_]+$|^0x[0-9a-fA-F_]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")


class _Dropped(str):
    """A placeholder key whose value is not kept (a duplicate, or a key that was not text)."""


@dataclass
class Locations:
    """Where each data path (("resources", "photos", "type")) was written."""

    keys: dict[tuple, Pos] = field(default_factory=dict)
    values: dict[tuple, Pos] = field(default_factory=dict)

    def of(self, path: tuple) -> Pos:
        """The key's position for a mapping entry, the item's for a list item; else the nearest parent's."""
        path = tuple(path)
        while path:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def value_of(self, path: tuple) -> Pos:
        return self.values.get(tuple(path)) or self.of(path)


@dataclass
class Source:
    """A parsed scenario file: its data and where everything in it was written."""

    file: str
    data: Any
    locations: Locations
    # With parse_yaml(keep_going=True): problems that left the data readable (a duplicate key,
    # a tag, a key that is not text, …), for the loader to report beside the others.
    problems: list = field(default_factory=list)
    duplicates: frozenset[tuple] = frozenset()  # data paths of keys written twice in one mapping


@dataclass
class _Frame:
    kind: str  # "map" or "seq"
    data: Any
    path: tuple
    pos: Pos
    anchor: str | None
    first_loc: int  # index into the builder's location log where this node's entries start
    size: int = 1
    key: str | None = None  # a mapping waiting for its value
    key_pos: Pos | None = None
    merges: list = field(default_factory=list)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.has_root = False
        self.locations = Locations()
        self.log: list[tuple[str, tuple, Pos]] = []  # ("key"/"value", path, pos), for aliases
        self.anchors: dict[str, tuple[Any, int, int, tuple, int]] = {}  # value, size, log range, path
        self.nodes = 0
        self.aliases = 0
        self.documents = 0
        self.broken = False  # reading stopped part-way: the data is not the whole file
        self.duplicates: set[tuple] = set()
        self.done = False  # a second document began: the rest of the file is not read

    # --- problems -------------------------------------------------------------------------
    def problem(self, pos: Pos, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, pos[0], pos[1], format_path(path), message))

    def stop(self, pos: Pos, message: str) -> None:
        raise ScenarioError([*self.problems, Problem(self.file, pos[0], pos[1], "", message)])

    # --- where the next node goes ---------------------------------------------------------
    def _child_path(self) -> tuple | None:
        """The path of the next node, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.data))
        return None if top.key is None else (*top.path, top.key)

    def _record(self, kind: str, path: tuple, pos: Pos) -> None:
        (self.locations.keys if kind == "key" else self.locations.values)[path] = pos
        self.log.append((kind, path, pos))

    def _count(self, pos: Pos, n: int = 1) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            self.stop(pos, f"the file expands to more than {MAX_NODES:,} values (too many aliases "
                           f"or entries); a scenario file this large is not supported")

    # --- events ---------------------------------------------------------------------------
    def handle(self, event: Any) -> None:
        pos = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:  # the first document is the scenario; the rest is not read
                self.problem(pos, (), "a scenario file holds one document; remove the second '---'")
                self.done = True
        elif isinstance(event, ev.ScalarEvent):
            self.scalar(event, pos)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            self.start(event, pos)
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            self.end()
        elif isinstance(event, ev.AliasEvent):
            self.alias(event, pos)

    def _check_tag(self, event: Any, pos: Pos) -> bool:
        tag = None if event.tag is None else str(event.tag)
        if tag is None or tag in _ALLOWED_TAGS:
            return True
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        where = self._child_path()
        self.problem(pos, self.stack[-1].path if where is None else where,
                     f"tags are not allowed; a scenario file is data (found '{shown}')")
        return False

    def scalar(self, event: Any, pos: Pos) -> None:
        self._count(pos)
        path = self._child_path()
        top = self.stack[-1] if self.stack else None
        if path is None:  # a mapping key
            self._check_tag(event, pos)
            self.key(top, event.value, pos, merge=event.value == "<<" and event.style is None)
            return
        value = self._scalar_value(event, pos, path) if self._check_tag(event, pos) else None
        self._record("value", path, pos)
        self.place(value, pos, 1, event.anchor, len(self.log) - 1, path)

    def _scalar_value(self, event: Any, pos: Pos, path: tuple) -> Any:
        text, tag = event.value, None if event.tag is None else str(event.tag)
        if tag == _CORE + "str" or tag == "!" or (tag is None and event.style is not None):
            return text
        plain = tag is None
        if (plain or tag == _CORE + "null") and _NULL.match(text):
            return None
        if (plain or tag == _CORE + "bool") and text in _BOOL:
            return _BOOL[text]
        if (plain or tag in (_CORE + "int", _CORE + "float")) and (_INT.match(text) or _FLOAT.match(text)):
            return self._number(text, tag, pos, path)
        if (plain or tag == _CORE + "float") and _SPECIAL_FLOAT.match(text):
            self.problem(pos, path, f"'{text}' (infinity or not-a-number) is not allowed here")
            return None
        if not plain and tag != _CORE + "str":
            self.problem(pos, path, f"'{text}' is not a valid {tag[len(_CORE):]}")
            return None
        return text

    def _number(self, text: str, tag: str | None, pos: Pos, path: tuple) -> Any:
        digits = text.replace("_", "")
        if len(digits) > MAX_NUMBER_DIGITS:
            self.problem(pos, path, f"a number with {len(digits)} digits is too long")
            return None
        try:
            if _INT.match(text) and tag != _CORE + "float":
                base = 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
                return int(digits[2:] if base != 10 else digits, base)
            return float(digits)
        except ValueError:  # "0x_", or a hex number tagged !!float
            self.problem(pos, path, f"'{text}' is not a valid number")
            return None

    def start(self, event: Any, pos: Pos) -> None:
        self._count(pos)
        if len(self.stack) >= MAX_DEPTH:
            self.stop(pos, f"the file nests lists and mappings more than {MAX_DEPTH} deep")
        path = self._child_path()
        if path is None:
            self.problem(pos, self.stack[-1].path, "a key must be plain text, not a list or mapping")
            path = (*self.stack[-1].path, _Dropped(f"<key at line {pos[0]}>"))
            self.stack[-1].key, self.stack[-1].key_pos = path[-1], pos
        self._check_tag(event, pos)
        self._record("value", path, pos)
        kind = "map" if isinstance(event, ev.MappingStartEvent) else "seq"
        self.stack.append(_Frame(kind, {} if kind == "map" else [], path, pos, event.anchor,
                                 len(self.log) - 1))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.kind == "map":
            for merged, source_path in frame.merges:
                for k, v in merged.items():
                    if k not in frame.data:
                        frame.data[k] = v
                        self.locations.keys[(*frame.path, k)] = self.locations.of((*source_path, k))
        self.place(frame.data, frame.pos, frame.size, frame.anchor, frame.first_loc, frame.path)

    def alias(self, event: Any, pos: Pos) -> None:
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            self.stop(pos, f"the file uses more than {MAX_ALIASES} aliases (*name); "
                           f"a scenario file does not need that many")
        if event.anchor not in self.anchors:  # the parser rejects these, but stay safe
            self.stop(pos, f"alias *{event.anchor} refers to no anchor")
        value, size, start, stop, anchor_path = self.anchors[event.anchor]
        self._count(pos, size)
        path = self._child_path()
        if path is None:
            top = self.stack[-1]
            self.problem(pos, top.path, "a key must be plain text, not an alias (*name)")
            top.key, top.key_pos = _Dropped(f"<alias at line {pos[0]}>"), pos
            return
        self._record("value", path, pos)
        self._copy_locations(start, stop, anchor_path, path)
        self.place(value, pos, size, None, len(self.log), path)

    def _copy_locations(self, start: int, stop: int, old: tuple, new: tuple) -> None:
        """Errors inside an alias point at the lines of the anchored original."""
        for kind, path, pos in self.log[start + 1:stop]:
            target = (self.locations.keys if kind == "key" else self.locations.values)
            target.setdefault((*new, *path[len(old):]), pos)

    def key(self, top: _Frame, text: str, pos: Pos, merge: bool = False) -> None:
        if merge:
            top.key, top.key_pos = "<<", pos
            return
        path = (*top.path, text)
        if text in top.data:
            first = self.locations.keys.get(path, pos)
            self.problem(pos, path, f"duplicate key '{text}' (first written at line {first[0]})")
            self.duplicates.add(path)
            top.key, top.key_pos = _Dropped(f"{text} <duplicate at line {pos[0]}>"), pos
            return
        self._record("key", path, pos)
        top.key, top.key_pos = text, pos

    def place(self, value: Any, pos: Pos, size: int, anchor: str | None, first_loc: int,
              path: tuple) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size, first_loc, len(self.log), path)
        if not self.stack:
            self.root, self.has_root = value, True
            return
        top = self.stack[-1]
        top.size += size
        if top.kind == "seq":
            top.data.append(value)
            return
        key, top.key = top.key, None
        if key == "<<":
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                self.problem(top.key_pos or pos, top.path, "'<<' merges a mapping (or a list of mappings)")
                return
            top.merges.extend((m, (*path, i) if isinstance(value, list) else path)
                              for i, m in enumerate(merged))
        elif key is not None and not isinstance(key, _Dropped):
            top.data[key] = value


def parse_yaml(text: str, file: str, keep_going: bool = False) -> Source:
    """Parse `text`; raise `ScenarioError` with every problem found (syntax, tags, duplicates, limits).

    A tab between tokens on a line (after `key:`, before a comment) is valid YAML 1.2 separation
    whitespace (spec 6.2, s-separate-in-line), but ruamel's scanner refuses it; such a tab is read
    as a space (same column, so positions stay right). A tab that indents a line stays an error.

    `keep_going`: problems that still leave the data readable (duplicates, tags, …) go into
    `Source.problems` instead of being raised, so the loader reports them with the rest."""
    for _ in range(MAX_TAB_RETRIES):
        builder, tab = _parse(text, file)
        if tab is None:
            break
        text = text[:tab] + " " + text[tab + 1:]
    return _finish(builder, file, keep_going)


def _parse(text: str, file: str) -> tuple[_Builder, int | None]:
    """The builder after reading `text`, and the offset of an in-line tab the scanner refused."""
    builder = _Builder(file)
    yaml = YAML(typ="safe", pure=True)
    try:
        for event in yaml.parse(io.StringIO(text)):
            builder.handle(event)
            if builder.done:
                break
    except MarkedYAMLError as exc:
        tab = inline_tab(text, exc)
        if tab is not None:
            return builder, tab
        builder.broken = True
        pos, reason = yaml_reason(exc)
        glued = colon_without_space(text, pos[0]) if reason.startswith("this line is neither") else ""
        if glued:
            reason = glued + reason[reason.find(" ("):]
        if reason.startswith("a tab character") and after_text(text, exc):
            reason = "a tab inside a value; put the whole value in quotes, or use a space"
        builder.problem(pos, (), f"not valid YAML: {reason}")
    except ReaderError as exc:
        builder.broken = True
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        builder.problem(offset_pos(text, exc.position), (),
                        f"the file contains a character YAML does not allow (U+{char:04X}); remove it")
    except YAMLError as exc:
        builder.broken = True
        builder.problem((1, 1), (), f"not valid YAML: {exc}")
    except RecursionError:
        builder.broken = True
        builder.problem((1, 1), (), "the file nests too deeply to read")
    return builder, None


def _finish(builder: _Builder, file: str, keep_going: bool = False) -> Source:
    if builder.problems and (builder.broken or not keep_going or not isinstance(builder.root, dict)):
        raise ScenarioError(builder.problems)
    if not builder.has_root or builder.root is None:
        raise ScenarioError.single(file, "the file is empty; a scenario needs at least title, teaches, "
                                         "summary, resources and script", 1, 1)
    if not isinstance(builder.root, dict):
        kind = "a list" if isinstance(builder.root, list) else f"just the value {builder.root!r}"
        raise ScenarioError.single(file, f"a scenario file must be a mapping of keys (title:, "
                                         f"resources:, …), but this file holds {kind}", 1, 1)
    return Source(file, builder.root, builder.locations, list(builder.problems),
                  frozenset(builder.duplicates))
