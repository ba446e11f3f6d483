"""Write the positions of the nodes a teacher dragged into their scenario file, touching nothing else.

A teacher's scenario file is hand-written: comments, key order, quoting, line endings, a BOM and
flow or block style are theirs. ruamel.yaml's round-trip parser tells us where each value of the
top-level `positions:` mapping sits; only the numbers of moved nodes change there, and a node
moved for the first time gets one new entry in the same style (a block line at the block's
indent, or `, name: [x, y]` inside a flow mapping). Nodes the layout placed are never written,
so they keep following the automatic layout. Before anything is written the new text is parsed
again and compared with the old: if anything other than those positions would differ, nothing
is written. The write itself (app.ui.file_writes) follows symlinks and keeps hard links.

Errors are `LayoutSaveError`s whose message names the file and what to do; `FileChanged` when
the file on disk is no longer what was opened (the caller may ask and then save anyway).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from app.ui.file_writes import as_write_error, write_bytes

BOM = "\ufeff"
PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s,\]\}#]+""")


class LayoutSaveError(Exception):
    """Why the layout was not saved: a sentence naming `path` and what to do. Nothing was written."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class FileChanged(LayoutSaveError):
    """The file on disk differs from the text that was opened (edited elsewhere since)."""


def moved_positions(initial: dict, current: dict, tolerance: float = 0.5) -> dict[str, tuple[float, float]]:
    """Nodes of `current` ({name: (x, y)} scene pixels) more than `tolerance` px away from where
    `initial` (the layout when the file was opened) put them: the ones the user dragged."""
    moved = {}
    for name, (x, y) in current.items():
        if name in initial:
            x0, y0 = initial[name]
            if abs(x - x0) > tolerance or abs(y - y0) > tolerance:
                moved[name] = (x, y)
    return moved


def is_builtin(path: str | Path, folder: str | Path) -> bool:
    """Whether `path` (after following links) is one of the product's scenarios in `folder`."""
    real = Path(os.path.realpath(path))
    return real.parent == Path(os.path.realpath(folder))


def _number(value: float) -> str:
    value = round(float(value), 1)
    return str(int(value)) if value.is_integer() else repr(value)


def _key(name: str) -> str:
    """`name` as a YAML key: plain when it is a simple word, else double-quoted with every
    character YAML does not allow raw (controls, DEL, C1, non-characters) escaped."""
    if PLAIN_KEY.fullmatch(name) and name.lower() not in RESERVED:
        return name
    out = []
    for c in name:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000:
            out.append(c)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _entry(name: str, xy) -> str:
    return f"{_key(name)}: [{_number(xy[0])}, {_number(xy[1])}]"


def _newline(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def _closing(text: str, start: int) -> int:
    """Offset of the bracket closing the one at `start`, skipping quoted text and comments."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "'\"":
            match = TOKEN.match(text, i)
            i = match.end() if match else i + 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\r\n"):
            while i < len(text) and text[i] not in "\r\n":
                i += 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unclosed bracket")


def add_positions(text: str, moved: dict[str, tuple[float, float]], path: str | Path = "the file") -> str:
    """`text` (a scenario file, possibly with a BOM and CRLF) with `moved` written into its
    top-level `positions:`; every other character stays. Raises LayoutSaveError when the text
    is not a YAML mapping or the edit cannot be made safely."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    try:
        data = YAML().load(body)
    except (YAMLError, MarkedYAMLError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise LayoutSaveError(f"{path} is no longer valid YAML{line}: "
                              f"{getattr(error, 'problem', None) or error}. Fix the file and save again, "
                              "or use Save layout as… to write a copy of the file as it was opened.",
                              path) from None
    if not isinstance(data, CommentedMap) or data.fa.flow_style():
        raise LayoutSaveError(f"{path} is not a scenario written as a block of `key: value` lines; "
                              "add the positions by hand.", path)
    if not moved:
        return text
    nl = _newline(body)
    starts = [m.start() for m in LINE.finditer(body)] + [len(body)]
    offset = lambda line, col: starts[line] + col  # noqa: E731 - (line, column) → offset in body
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    block = data.get("positions")
    if "positions" not in data:
        lead = "" if not body or body.endswith(("\n", "\r")) else nl
        lines = "".join(f"  {_entry(n, xy)}{nl}" for n, xy in moved.items())
        edits.append((len(body), len(body), f"{lead}{nl if body.strip() else ''}positions:{nl}{lines}"))
    elif block is None:  # `positions:` with nothing (or null) after it
        kline = data.lc.key("positions")[0]
        line_text = body[starts[kline]:starts[kline + 1]].rstrip("\r\n")
        match = re.match(r"(?P<head>.*?:)(?P<null>[ \t]+(?:null|Null|NULL|~))?(?P<tail>[ \t]*(?:#.*)?)$",
                         line_text)
        if match is None:
            raise LayoutSaveError(f"{path}: could not find where `positions:` ends; add them by hand.", path)
        end = starts[kline] + len(line_text)
        lines = "".join(f"{nl}  {_entry(n, xy)}" for n, xy in moved.items())
        edits.append((starts[kline] + len(match["head"]), end, match["tail"] + lines))
    elif isinstance(block, CommentedMap):
        new = {}
        for name, xy in moved.items():
            if name in block:
                edits += _number_edits(body, block[name], xy, offset, path, name)
            else:
                new[name] = xy
        if new:
            edits.append(_insertion(body, data, block, new, nl, starts, offset))
    else:
        raise LayoutSaveError(f"{path}: `positions:` is not a mapping of name: [x, y]; fix it by hand.", path)
    for start, end, replacement in sorted(edits, reverse=True):
        body = body[:start] + replacement + body[end:]
    result = bom + body
    _verify(text, result, moved, path)
    return result


def _number_edits(body, value, xy, offset, path, name) -> list[tuple[int, int, str]]:
    """Replace the two number tokens of an existing `[x, y]` (flow or block), nothing around them."""
    if not isinstance(value, CommentedSeq) or len(value) != 2:
        raise LayoutSaveError(f"{path}: the position of {name!r} is not [x, y]; fix it by hand.", path)
    edits = []
    for i, number in enumerate(xy):
        match = TOKEN.match(body, offset(*value.lc.item(i)))
        edits.append((match.start(), match.end(), _number(number)))
    return edits


def _insertion(body, data, block, new, nl, starts, offset) -> tuple[int, int, str]:
    if block.fa.flow_style() or not block:
        opening = offset(*data.lc.value("positions"))
        if body[opening:opening + 1] != "{":
            raise LayoutSaveError("could not find where `positions:` starts; add them by hand.")
        close = _closing(body, opening)
        inner = body[opening + 1:close]
        sep = ", " if inner.strip() else ""
        return close, close, sep + ", ".join(_entry(n, xy) for n, xy in new.items())
    first = next(iter(block))
    indent = " " * block.lc.key(first)[1]
    keys = list(data.keys())
    later = keys[keys.index("positions") + 1:]
    end = data.lc.key(later[0])[0] if later else len(starts) - 1
    line_at = lambda n: body[starts[n]:starts[n + 1]]  # noqa: E731
    while end > data.lc.key("positions")[0] + 1 and (not line_at(end - 1).strip()
                                                     or line_at(end - 1).lstrip().startswith("#")):
        end -= 1
    at = starts[end]
    lead = "" if at == 0 or body[at - 1] in "\r\n" else nl
    return at, at, lead + "".join(f"{indent}{_entry(n, xy)}{nl}" for n, xy in new.items())


def _verify(before: str, after: str, moved: dict, path) -> None:
    """Refuse an edit that changed anything but the moved positions (a guard, not expected to fire)."""
    safe = YAML(typ="safe")
    try:
        old, new = safe.load(before.lstrip(BOM)), safe.load(after.lstrip(BOM))
    except (YAMLError, MarkedYAMLError) as error:
        raise LayoutSaveError(f"{path} could not be read back as plain YAML ({error}); nothing was "
                              "saved. Add the positions by hand.", path) from None
    want = dict((old or {}).get("positions") or {})
    want.update({n: [float(round(x, 1)), float(round(y, 1))] for n, (x, y) in moved.items()})
    got = {n: [float(v) for v in xy] for n, xy in ((new or {}).get("positions") or {}).items()}
    want = {n: [float(v) for v in xy] for n, xy in want.items()}
    rest = lambda d: {k: v for k, v in (d or {}).items() if k != "positions"}  # noqa: E731
    if got != want or rest(old) != rest(new):
        raise LayoutSaveError(f"{path}: the positions could not be written without changing other "
                              "lines, so nothing was saved. Add them by hand.", path)


def read_source(path: str | Path) -> bytes | None:
    """The file's bytes when it is a regular file (kept when it is opened), else None."""
    try:
        if Path(path).is_file():
            return Path(path).read_bytes()
    except OSError:
        pass
    return None


def save_positions(path, moved: dict[str, tuple[float, float]], opened: bytes | None = None,
                   *, overwrite_changes: bool = False) -> Path | None:
    """Write `moved` ({node: (x, y)} scene px) into the file at `path`; returns the real file
    written, or None when nothing needed writing.

    `opened` is the file's content when it was opened: if the file differs now, FileChanged is
    raised unless `overwrite_changes` (then the positions go into the file as it is now).
    Raises LayoutSaveError (deleted, invalid YAML, unreadable) or FileWriteError (not writable),
    both with a sentence naming the path; the file is then unchanged.
    """
    path = Path(path)
    try:
        old = Path(os.path.realpath(path)).read_bytes()
    except OSError as error:
        raise LayoutSaveError(as_write_error(error, path, "save the layout into").message, path) from None
    if opened is not None and old != opened and not overwrite_changes:
        raise FileChanged(f"{path} was changed on disk since it was opened (in an editor?).", path)
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        raise LayoutSaveError(f"{path} is no longer UTF-8 text; save it as UTF-8 and try again.",
                              path) from None
    new = add_positions(text, moved, path)
    if new == text:
        return None
    return write_bytes(path, new.encode("utf-8"), old)  # FileWriteError says why it could not

