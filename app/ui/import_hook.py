"""A cheaper PySide import hook: every module imported after PySide costs less (0018-start-up).

PySide installs its own `__import__` (for `from __feature__ import snake_case`). After each new
module is imported it asks `shibokensupport.feature._mod_uses_pyside(module)` whether the
module's source mentions "PySide6" (feature switching is only done for such modules). That
function calls `inspect.getsource(module)`, which looks up `module.__wrapped__` (running a
module's `__getattr__`: pydantic's imports more of pydantic from there, the import race of
docs/decisions/0008-window-and-playback.md), and fills `linecache` with every line of every
module. On the way to the first picture that was ~40 ms for the window's modules and ~110 ms
for pydantic, networkx and the engine here (of ~450 ms).

`lighten_pyside_import_hook()` replaces that one function with one that answers the same
question from the module's file: its bytes contain b"PySide6" or not. It reads only
`module.__dict__` (no attribute lookup, so no module `__getattr__` runs) and the file the
module was imported from. LambdaScope uses no `__feature__`, so the answer matters only for
consistency; it is the same answer as PySide's for every module with a UTF-8 source file.
"""

from __future__ import annotations

import sys
from types import ModuleType


def uses_pyside(module: ModuleType) -> bool:
    """True when the source file `module` was imported from contains "PySide6" (PySide's own
    test, without `inspect`). False for built-in, compiled or source-less modules, as PySide's
    `_mod_uses_pyside` answers when `inspect.getsource` fails."""
    namespace = getattr(module, "__dict__", None)
    if not isinstance(namespace, dict):
        return False
    spec = namespace.get("__spec__")
    origin = spec.__dict__.get("origin") if spec is not None and hasattr(spec, "__dict__") else None
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


_pyside_check = None  # PySide's own `_mod_uses_pyside`, once replaced


def pyside_check():
    """PySide's own per-import check (`shibokensupport.feature._mod_uses_pyside`), or None."""
    feature = sys.modules.get("shibokensupport.feature")
    current = getattr(feature, "_mod_uses_pyside", None)
    return _pyside_check if current is uses_pyside else current


def lighten_pyside_import_hook() -> bool:
    """Replace PySide's per-import source check with `uses_pyside`. Call after importing PySide6.
    Returns False (and changes nothing) when this PySide has no such hook."""
    global _pyside_check
    feature = sys.modules.get("shibokensupport.feature")
    current = getattr(feature, "_mod_uses_pyside", None)
    if not callable(current):
        return False
    if current is not uses_pyside:
        _pyside_check = current
        feature._mod_uses_pyside = uses_pyside
    return True
