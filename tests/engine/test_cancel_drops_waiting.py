"""A cancelled run leaves nothing waiting for the compressor. With chunks compressed on a second
core (app.engine.packing, THREADED), a chunk's pickle waits in a shared list until HAND_OVER of
them are handed over together; a run that finishes settles its own, but a cancelled run's last
ones (up to HAND_OVER - 1 pickles of 256 steps each) stayed in the list, their bytes held, until
the next run filled it up. They are dropped when the run is released."""

from __future__ import annotations

import pytest

import app.engine.packing as packing
import app.engine.trace as trace_module
from app.engine import run
from app.engine.run import RunCancelled
from lambda_scenarios import scenario

LONG = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                         "repeat": 3_000, "every": "20ms"}])


@pytest.fixture
def on_the_worker(monkeypatch):
    """Compress on the worker thread, whatever the machine's load."""
    def choose():
        packing.THREADED = True
        return True

    monkeypatch.setattr(trace_module, "choose_compressor", choose)
    yield
    packing._hand_over()  # nothing left behind for the next test, whatever happened
    packing.THREADED = False


@pytest.mark.parametrize("checks", [7, 30, 77, 150])
def test_a_cancelled_run_leaves_no_chunk_waiting(on_the_worker, checks):
    """Cancelled after `checks` cancel checks (64 steps apart): whatever the number of chunks
    packed by then, none of them stays in the compressor's waiting list."""
    asked = {"n": 0}

    def cancel():
        asked["n"] += 1
        return asked["n"] > checks

    packing._hand_over()
    assert packing._WAITING == []
    with pytest.raises(RunCancelled):
        run(LONG, cancel=cancel)
    assert packing._WAITING == [], f"{len(packing._WAITING)} pickles of a cancelled run wait"


def test_a_run_after_a_cancelled_one_comes_back_exactly(on_the_worker):
    """Dropping the cancelled run's waiting chunks costs the next run nothing: it is the run
    made in line, step for step."""
    asked = {"n": 0}
    with pytest.raises(RunCancelled):
        run(LONG, cancel=lambda: asked.update(n=asked["n"] + 1) or asked["n"] > 77)
    threaded = [s.to_json() for s in run(LONG)]
    packing.THREADED = False
    trace_module.choose_compressor, real = (lambda: False), trace_module.choose_compressor
    try:
        in_line = [s.to_json() for s in run(LONG)]
    finally:
        trace_module.choose_compressor = real
    assert threaded == in_line
