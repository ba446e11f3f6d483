"""What of a run only a cycle collection would free: for the tests that ask every run, capped,
cancelled or whole, to be freed by reference counting alone."""

from __future__ import annotations

import gc


def cyclic_leftovers(make_run) -> list[str]:
    """Type names of the engine/SimPy objects (modules app.*, simpy*) that are left in reference
    cycles after `make_run()` ran and its result was dropped; [] when none."""
    gc.unfreeze()
    gc.collect()
    result = make_run()
    del result
    gc.unfreeze()
    was = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [type(o) for o in gc.garbage]
    finally:
        gc.garbage.clear()
        gc.set_debug(was)
    return sorted({f"{t.__module__}.{t.__qualname__}" for t in found
                   if t.__module__.startswith(("app.", "simpy"))})
