"""app.lab.trace_facts: a fact is worked out once per trace, one trace's long computation does
not hold up another's, and a fact whose value is None is kept like any other
(docs/decisions/0020-whatif-big.md, review fixes)."""

from __future__ import annotations

import importlib
import threading

from app.engine import run
compare_module = importlib.import_module("app.lab.compare")
from app.lab.compare import warm
from app.lab.trace_facts import fact
from lab_scenarios import load


class Run:
    """A stand-in for a Trace: weakly referable and hashable by identity."""


def test_a_long_fact_of_one_trace_does_not_hold_up_another_trace():
    slow, quick = Run(), Run()
    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_compute(_trace):
        started.set()
        release.wait(30)
        return "slow"

    worker = threading.Thread(target=lambda: fact(slow, "signatures", slow_compute), daemon=True)
    worker.start()
    assert started.wait(30)
    other = threading.Thread(target=lambda: (fact(quick, "signatures", lambda _t: "quick"),
                                             done.set()), daemon=True)
    other.start()
    try:
        # the other trace's fact is worked out while the first one's is still being computed
        assert done.wait(10), "a fact of another trace waited for the one being computed"
    finally:
        release.set()
        worker.join(30)
    assert fact(slow, "signatures", lambda _t: "again") == "slow"


def test_a_fact_that_is_none_is_not_worked_out_again():
    trace, calls = Run(), []

    def compute(_trace):
        calls.append(1)
        return None

    assert fact(trace, "nothing", compute) is None
    assert fact(trace, "nothing", compute) is None
    assert calls == [1]


def test_a_cancelled_warm_works_nothing_out(monkeypatch):
    trace = run(load("api"))
    seen = []
    real = compare_module._signatures
    monkeypatch.setattr(compare_module, "_signatures", lambda steps: seen.append(1) or real(steps))
    warm(trace, cancel=lambda: True)
    assert seen == []
    warm(trace, cancel=lambda: False)
    assert seen == [1]
