"""The built-in canary-alias lesson shows what its learning goals promise (§18, §19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario

FILE = Path(__file__).resolve().parents[2] / "scenarios" / "canary-alias.yaml"


@pytest.fixture(scope="module")
def trace():
    return run(load_scenario(FILE))


def test_provisioned_init_happens_before_the_first_call(trace):
    first_invoke = next(s.index for s in trace.steps if s.kind == "invoke")
    inits = [s for s in trace.steps if s.kind == "init" and "provisioned" in s.tags]
    assert len(inits) == 2 and all(s.index < first_invoke for s in inits)


def test_both_versions_run_and_say_so(trace):
    versions = {s.headers["X-Amz-Executed-Version"] for s in trace.steps if s.kind == "result"}
    assert versions == {"1", "2"}


def test_the_rush_spills_over_with_cold_starts(trace):
    spill = [s for s in trace.steps if "spillover" in s.tags and s.kind == "execute"]
    assert len(spill) == 2 and all("cold-start" in s.tags for s in spill)
    on_pc = [s for s in trace.steps if "provisioned" in s.tags and s.kind == "execute"]
    assert on_pc and not [s for s in on_pc if "cold-start" in s.tags]


def test_the_bare_function_call_is_denied_and_the_narration_says_why(trace):
    check = [s for s in trace.steps if s.kind == "permission-check"][-1]
    assert check.permission.decision == "deny"
    assert "ShopInvokesLive covers only checkout:live" in check.narration


def test_same_seed_same_trace():
    again = run(load_scenario(FILE))
    first = run(load_scenario(FILE))
    assert [s.summary for s in again.steps] == [s.summary for s in first.steps]
