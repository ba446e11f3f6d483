"""What-if switches for aliases (§18, §19), checked against what the engine then does."""

from __future__ import annotations

import pytest

from app.engine.run import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def canary(scenarios_dir):
    return load_scenario(scenarios_dir / "canary-alias.yaml")


def _switch(scenario, switch_id):
    return next(s for s in switches_for(scenario) if s.id == switch_id)


def _rerun(scenario, switch_id, value):
    return run(apply_edits(scenario, _switch(scenario, switch_id).edits_for(value)))


def _versions(trace):
    return [s.headers["X-Amz-Executed-Version"] for s in trace.steps if s.kind == "result"]


def test_canary_offers_the_three_alias_switches(canary):
    ids = {s.id for s in switches_for(canary)}
    assert {"alias-weight:checkout:live", "alias-provisioned:checkout:live",
            "permission-scope:checkout:ShopInvokesLive"} <= ids
    for switch_id in ("alias-weight:checkout:live", "alias-provisioned:checkout:live",
                      "permission-scope:checkout:ShopInvokesLive"):
        assert "§1" in _switch(canary, switch_id).prediction


def test_shifting_the_weight_to_one_sends_every_invoke_to_version_2(canary):
    assert set(_versions(_rerun(canary, "alias-weight:checkout:live", 1.0))) == {"2"}
    assert set(_versions(_rerun(canary, "alias-weight:checkout:live", 0.0))) == {"1"}


def test_more_provisioned_concurrency_means_no_spillover(canary):
    before = run(canary)
    after = _rerun(canary, "alias-provisioned:checkout:live", 5)
    assert [s for s in before.steps if "spillover" in s.tags]
    assert not [s for s in after.steps if "spillover" in s.tags]
    none = _rerun(canary, "alias-provisioned:checkout:live", None)
    assert not [s for s in none.steps if "provisioned" in s.tags]


def test_moving_the_permission_to_the_bare_function_denies_the_alias(canary):
    trace = _rerun(canary, "permission-scope:checkout:ShopInvokesLive", True)
    errors = [s for s in trace.steps if s.kind == "error"]
    assert len(errors) == 11 and all(s.status == 403 for s in errors)  # every call of live
    assert not [s for s in trace.steps if s.kind == "route"]
    # ...and the bare-function call at the end, which was denied, is now allowed: $LATEST runs
    assert _versions(trace) == ["$LATEST"]
