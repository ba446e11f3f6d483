"""Where a scenario's uploaded `asset` comes from, and reading one safely.

Kept apart from app.scenario.safety (which re-exports `resolve_asset`) so the start-up cache
can apply the very same checks before pydantic is imported (0018-start-up): importing
app.scenario runs the models. Imports nothing but the standard library and app.bundled.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.bundled import ASSETS_DIR

MAX_ASSET_BYTES = 10 * 1024 * 1024
"""10 MiB: the largest file a scenario may upload (the bundled photos are ~50 KB; a phone's
photo is a few MB). Bigger files are refused when the scenario loads, not read into memory."""


def resolve_asset(asset: str, scenario_dir: Path | None) -> Path:
    """Where `put_object.asset` points: inside the scenario's folder, else inside `assets/`.

    In: the name as written in the scenario and the scenario's folder (None: bundled only). Out: the resolved path of a
    regular file of at most MAX_ASSET_BYTES. Raises ValueError with a sentence for the teacher
    when the path is absolute, climbs out of both folders (`..` or a symlink), names no file,
    or names a file that is too big.
    """
    if not asset or "\x00" in asset:
        raise ValueError("an asset must be a file name such as photos/cat.jpg")
    relative = Path(asset)
    if relative.is_absolute() or asset.startswith(("/", "\\")) or (len(asset) > 1 and asset[1] == ":"):
        raise ValueError(f"asset '{asset}' must be a path relative to the scenario's folder, "
                         f"not an absolute path")
    folders = [d for d in (scenario_dir, ASSETS_DIR) if d is not None]
    escaped = False
    for folder in folders:
        root = folder.resolve()
        try:
            candidate = (root / relative).resolve()
        except (OSError, RuntimeError):  # symlink loops
            continue
        if not candidate.is_relative_to(root):
            escaped = True
            continue
        if candidate.is_file():
            size = candidate.stat().st_size
            if size > MAX_ASSET_BYTES:
                raise ValueError(f"asset '{asset}' is {size:,} bytes; an uploaded file may be at "
                                 f"most {MAX_ASSET_BYTES:,} bytes (10 MiB): use a smaller copy")
            return candidate
    if escaped:
        raise ValueError(f"asset '{asset}' points outside the scenario's folder and the bundled "
                         f"assets/ folder; a scenario may only upload files from those")
    raise ValueError(f"asset '{asset}' not found: no such file in the scenario's folder or in the "
                     f"bundled assets/ folder")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path` when it is a regular file (not a symlink, FIFO or device) of at most
    `limit` bytes; OSError otherwise. Opening never waits (O_NONBLOCK) and never follows a
    final symlink (O_NOFOLLOW); the size is checked on the open file before reading."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit:,} bytes")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"{path}: grew past {limit:,} bytes while being read")
    return data
