"""The simulated AWS: runs a scenario and returns a deterministic `Trace`. Qt-free.

`from app.engine import run` gives the function `run` (app/engine/run.py). The package imports
it on first use, not when a light module such as `app.engine.wording` or `app.engine.outcomes`
is imported: the engine brings pydantic and the scenario models (~0.3-0.5 s), and the window
imports those light modules before its first paint (docs/decisions/0016-step-latency.md).
"""

from __future__ import annotations

import sys
import types

__all__ = ["run"]


class _Package(types.ModuleType):
    """`app.engine.run` is both a submodule and the function the package exports. Importing the
    submodule makes Python set the package's `run` to the module; keep the function there, as
    the eager `from app.engine.run import run` always did (the module stays in sys.modules)."""

    def __setattr__(self, name, value):
        if name == "run" and isinstance(value, types.ModuleType):
            value = value.run
        super().__setattr__(name, value)


def __getattr__(name: str):
    if name == "run":
        from app.engine.run import run  # sets the package's `run` to the function

        return run
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
