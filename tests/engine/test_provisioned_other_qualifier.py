"""Provisioned concurrency set on one qualifier, an invoke naming another that reaches the same
version (docs/reference/lambda-behaviour.md §19 "Triggers": to use provisioned concurrency a
caller must name the alias or version it is set on; AWS:
https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html).

The expert's probes /tmp/probes/cE.yaml and cH.yaml (copied here as scenarios built in code):
the run died with KeyError because an on-demand invoke was handed a provisioned environment.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from lambda_scenarios import function, scenario

from app.engine.run import run


def _scenario(pc_on: str, invoke_as: str, repeat: int = 1, at: str = "5s", script=None):
    versions = {"1": {"provisioned_concurrent_executions": 1} if pc_on == "1" else {}}
    live = {"function_version": "1"}
    if pc_on == "live":
        live["provisioned_concurrent_executions"] = 1
    return scenario({"echo": function(versions=versions, aliases={"live": live})}, script=script or [
        {"at": at, "actor": "app", "action": "invoke", "function": "echo",
         "qualifier": invoke_as, "repeat": repeat}])


def test_pc_on_alias_invoke_of_the_version_runs_on_demand():
    """cE: PC on alias live → 1, invoke `echo:1`. The version has no PC of its own, so the call
    runs on an on-demand environment (a cold start), and the run ends normally."""
    trace = run(_scenario("live", "1"))
    execute = next(s for s in trace.steps if s.kind == "execute")
    assert "provisioned" not in execute.tags and "cold-start" in execute.tags
    result = next(s for s in trace.steps if s.kind == "result")
    assert result.status == 200
    stats = trace.state_at(len(trace) - 1)["echo"]["provisioned live"]
    assert stats["ProvisionedConcurrencyInvocations"] == 0
    init = next(s for s in trace.steps if s.kind == "init" and "cold-start" in s.tags)
    assert "belong to echo:live" in init.narration and "names echo:1" in init.narration
    assert "No idle on-demand environment" in init.narration  # the provisioned one is idle


def test_pc_on_version_invoke_through_the_alias_runs_on_demand():
    """cH: PC on version 1, invoke alias live (→ 1): the alias has none, so on-demand too."""
    trace = run(_scenario("1", "live"))
    execute = next(s for s in trace.steps if s.kind == "execute")
    assert "provisioned" not in execute.tags and "cold-start" in execute.tags
    assert next(s for s in trace.steps if s.kind == "result").status == 200


@settings(max_examples=10, deadline=None)
@given(pc_on=st.sampled_from(["1", "live"]), calls=st.lists(
    st.tuples(st.sampled_from(["1", "live"]), st.integers(1, 3)), min_size=1, max_size=4))
def test_concurrency_returns_to_zero_whoever_names_which_qualifier(pc_on, calls):
    """Any mix of invokes of the version and of the alias, some at the same instant: every
    environment is released the way it was acquired (nothing in use when the run ends), and
    only calls naming the qualifier that holds the provisioned concurrency run on it."""
    script = [{"at": f"{1 + i // 2}s", "actor": "app", "action": "invoke", "function": "echo",
               "qualifier": q, "repeat": n} for i, (q, n) in enumerate(calls)]
    trace = run(_scenario(pc_on, "1", script=script))
    end = trace.state_at(len(trace) - 1)
    assert end["echo"]["concurrency"] == 0 and end["lambda"]["concurrent_executions"] == 0
    on_pc = sum(1 for s in trace.steps if s.kind == "execute" and "provisioned" in s.tags)
    stats = end["echo"][f"provisioned {pc_on}"]
    named = sum(n for q, n in calls if q == pc_on)
    assert on_pc == stats["ProvisionedConcurrencyInvocations"] <= named
    assert (stats["ProvisionedConcurrencyInvocations"]
            + stats["ProvisionedConcurrencySpilloverInvocations"]) == named
