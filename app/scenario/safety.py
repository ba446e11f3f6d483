"""A scenario file is data: limits and checks that keep a hostile or broken file harmless.

The YAML side (no tags, alias and node caps, nesting depth) lives in `yaml_source`; this
module holds the limits themselves, reading the file's bytes, and where an uploaded `asset`
may come from.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from app.asset_files import MAX_ASSET_BYTES, resolve_asset  # noqa: F401 (re-exported)
from app.bundled import ASSETS_DIR
from app.scenario.errors import ScenarioError

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: the largest built-in scenario is a few KB
MAX_ALIASES = 100  # uses of `*anchor`
MAX_NODES = 100_000  # nodes after expanding aliases: stops "billion laughs" documents
MAX_DEPTH = 64  # nesting of mappings and lists
MAX_NUMBER_DIGITS = 100  # longer numbers are mistakes (and slow to convert)
READ_TIMEOUT_S = 10.0  # a local file reads in microseconds; a network drive that hangs never does
CANCEL_POLL_S = 0.05  # how often a waiting read asks `cancel()`

BUNDLED_ASSETS = ASSETS_DIR
"""The shipped `assets/` folder, shared by the built-in scenarios (app.bundled finds it in a
checkout and in an installed wheel alike)."""


def read_scenario_text(path: Path, timeout_s: float = READ_TIMEOUT_S, cancel=None) -> str:
    """The file's text, or a `ScenarioError` saying plainly why it cannot be read.

    Only regular files are read: a named pipe (FIFO), a device or a socket named `.yaml` is
    refused at once, since reading one can wait forever. The read itself runs on a helper
    thread: after `timeout_s` seconds (a network drive that stopped answering), or as soon as
    `cancel()` (a callable without arguments, optional) returns True, this gives up with a
    ScenarioError; the stuck thread is a daemon and never keeps the program from quitting.
    """
    name = str(path)
    result: dict = {}
    done = threading.Event()

    def read() -> None:
        try:
            result["data"] = _read_regular_file(path, name)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=read, name="lambdascope-read", daemon=True).start()
    waited = 0.0
    while not done.wait(min(CANCEL_POLL_S, max(0.0, timeout_s - waited))):
        waited += CANCEL_POLL_S
        if cancel is not None and cancel():
            raise ScenarioError.single(name, "opening was cancelled")
        if waited >= timeout_s:
            raise ScenarioError.single(
                name, f"cannot read the file: no answer after {timeout_s:g} s (a network drive "
                      f"that does not respond?); copy the file to a local folder and open it again")
    if "error" in result:
        raise result["error"]
    data = result["data"]
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError.single(name, _too_big(len(data)))
    return decode_utf8(data, name)


def _read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file (at most MAX_FILE_BYTES + 1); ScenarioError otherwise."""
    try:
        if not path.exists():
            raise ScenarioError.single(name, "no such file")
        if path.is_dir():
            raise ScenarioError.single(name, "is a folder, not a scenario file")
        _require_regular(os.stat(path).st_mode, name)
        # O_NONBLOCK: if the file was swapped for a FIFO since the check, opening it still
        # returns at once, and the fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            _require_regular(info.st_mode, name)
            if info.st_size > MAX_FILE_BYTES:
                raise ScenarioError.single(name, _too_big(info.st_size))
            return handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = getattr(exc, "strerror", None) or exc
        raise ScenarioError.single(name, f"cannot read the file: {reason}") from None


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if
            stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    raise ScenarioError.single(name, f"is {what}, not an ordinary file: reading it could wait "
                                     f"forever; save the scenario as a normal .yaml file")


def decode_utf8(data: bytes, name: str) -> str:
    """Decode as UTF-8 (a BOM is fine), pointing at the first byte that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ScenarioError.single(
            name, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            line, col) from None


def as_text(text: object, name: str) -> str:
    """The scenario's text from a str or bytes, refusing anything else or anything too big."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError.single(name, _too_big(len(text)))
        text = decode_utf8(bytes(text), name)
    if not isinstance(text, str):
        raise ScenarioError.single(name, f"expected the text of a scenario file, got {type(text).__name__}")
    check_text_size(text, name)
    return text


def check_text_size(text: str, name: str) -> None:
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_FILE_BYTES:
        raise ScenarioError.single(name, _too_big(size))


def _too_big(size: int) -> str:
    return (f"the file is {size:,} bytes; scenario files are limited to {MAX_FILE_BYTES:,} bytes "
            f"(1 MiB)")
