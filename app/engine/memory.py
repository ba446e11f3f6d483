"""Giving a discarded run's memory back to the system (issue 9 item 10).

Qt-free so the window, `play` and the benchmarks share it. See docs/decisions/0012-trace-memory.md.
"""

from __future__ import annotations

import gc
import sys


def give_back_memory() -> None:
    """Return the memory of objects already freed to the operating system; no arguments, no result.

    Two things keep freed memory resident after a big trace is dropped. CPython keeps freed
    tuples, lists, floats and frames on free lists (up to 2,000 tuples of each length), and each
    one left in a memory arena keeps the whole 1 MB arena; only a full collection empties those
    lists. Then glibc keeps freed heap pages until `malloc_trim`. The collection is cheap here:
    `app.engine.run` freezes each run's objects, so it only walks what was made since.
    Call it off the GUI thread, after the trace is gone (the window's `release_later` does).
    """
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """glibc's `malloc_trim(0)`: hand the free pages of every malloc arena back to the system
    (nothing elsewhere; no arguments, no result). A few ms on a 100 MB heap."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # here, not at import: ctypes.util loads subprocess, on the window's first paint
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
