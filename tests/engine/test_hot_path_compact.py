"""A plain load on the fast synchronous invoke records its steps as compact records
(app.engine.step_templates), not as full 16-field records: only the first step of a kind may
take the general code (it builds and keeps the texts the templates reuse). The equality tests
(test_fast_invoke.py, test_cold_path.py) pass whichever way a step is recorded, so a fast path
that silently falls back to the general one on every request (the log step did after the
reset of fidelity-10 changed the executor's text key) is caught here. See
docs/decisions/0017-engine-throughput.md (round 7)."""

from __future__ import annotations

from collections import Counter

import pytest

from app.engine.packing import unpack
from app.engine.run import run
from test_cold_path import _sparse_load


def _records(trace) -> list[tuple]:
    """Every record the store keeps, in order: full field tuples and compact records."""
    store = trace.steps
    return [r for packed in store.packed() for r in unpack(packed, {})] + list(store.tail)


def _full_kinds(trace) -> Counter:
    """How many steps of each kind were recorded as full field tuples."""
    return Counter(record[2] for record in _records(trace) if len(record) == 16)


@pytest.mark.parametrize("idle", ["30ms", "10min"], ids=["half-cold", "warm"])
def test_a_plain_load_records_every_step_compactly_but_the_first_of_a_kind(idle):
    trace = run(_sparse_load(environment_idle_timeout=idle))
    kinds = Counter(step.kind for step in trace)
    assert kinds["log"] > 500 and kinds["execute"] > 500
    full = _full_kinds(trace)
    assert all(count <= 2 for count in full.values()), full  # (a warm and a cold first time)
    assert sum(full.values()) < 10, full
