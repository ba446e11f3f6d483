"""Write dragged node positions back into the scenario file, touching nothing else.

A teacher's scenario file is hand-written: comments, key order, quoting and line wrapping are
theirs. ruamel.yaml's round-trip parser tells us where the top-level `positions:` block starts
and ends; only those lines are replaced (or a block is appended), so every other byte stays.
The new file is written next to the old one and swapped in with os.replace, so a crash never
leaves half a file.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


def positions_block(positions: dict[str, tuple[float, float]]) -> str:
    """`positions:` with one `name: [x, y]` line per node, in a stable (sorted) order."""
    mapping = CommentedMap()
    for name in sorted(positions):
        x, y = positions[name]
        seq = CommentedSeq([_number(x), _number(y)])
        seq.fa.set_flow_style()
        mapping[name] = seq
    yaml = YAML()
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump({"positions": mapping}, out)
    return out.getvalue()


def _number(value: float) -> int | float:
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def _block_lines(text: str, lines: list[str]) -> tuple[int, int] | None:
    """[start, end) line numbers of the top-level positions block, or None if absent."""
    data = YAML().load(text)
    if not isinstance(data, CommentedMap) or "positions" not in data:
        return None
    start = data.lc.key("positions")[0]
    keys = list(data.keys())
    later = keys[keys.index("positions") + 1:]
    end = data.lc.key(later[0])[0] if later else len(lines)
    # Comments and blank lines just before the next key belong to that key, not to us.
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def replace_positions(text: str, positions: dict[str, tuple[float, float]]) -> str:
    """The file's text with its positions block replaced (or appended at the end)."""
    lines = text.splitlines(keepends=True)
    block = positions_block(positions)
    span = _block_lines(text, lines)
    if span is None:
        sep = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{sep}\n{block}" if text.strip() else block
    start, end = span
    return "".join(lines[:start]) + block + "".join(lines[end:])


def save_positions(path, positions: dict[str, tuple[float, float]]) -> None:
    """Rewrite `path`'s `positions:` mapping in place, atomically."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new_text = replace_positions(text, positions)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(new_text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
