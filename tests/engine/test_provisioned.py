"""Provisioned concurrency (docs/reference/lambda-behaviour.md §19, B14)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from lambda_scenarios import function, scenario

from app.engine.run import run


def provisioned(pc: int, burst: int, reserved=None, at="1s", extra_script=()):
    fn = function(versions={"1": {}},
                  aliases={"live": {"function_version": "1",
                                    "provisioned_concurrent_executions": pc}})
    if reserved is not None:
        fn["reserved_concurrent_executions"] = reserved
    return scenario({"echo": fn}, script=[
        {"at": at, "actor": "app", "action": "invoke", "function": "echo", "qualifier": "live",
         "repeat": burst}, *extra_script])


def test_provisioned_environments_init_before_traffic_and_serve_warm():
    trace = run(provisioned(2, 1))
    inits = [s for s in trace.steps if s.kind == "init"]
    first_invoke = next(i for i, s in enumerate(trace.steps) if s.kind == "invoke")
    assert len(inits) == 2 and all("provisioned" in s.tags for s in inits)
    assert all(trace.steps.index(s) < first_invoke for s in inits)
    assert inits[0].payload["initializationType"] == "provisioned-concurrency"
    execute = next(s for s in trace.steps if s.kind == "execute")
    assert "provisioned" in execute.tags and "cold-start" not in execute.tags
    log = next(s for s in trace.steps if s.kind == "log" and "provisioned" not in s.tags)
    assert not [line for line in log.payload["lines"] if "Init Duration" in line]


def test_beyond_provisioned_concurrency_invokes_spill_over_with_cold_starts():
    """PC 1, three invokes at once: one provisioned, two on-demand with cold starts."""
    trace = run(provisioned(1, 3))
    execs = [s for s in trace.steps if s.kind == "execute"]
    assert sorted("provisioned" in s.tags for s in execs) == [False, False, True]
    spill = [s for s in execs if "spillover" in s.tags]
    assert len(spill) == 2 and all("cold-start" in s.tags for s in spill)
    stats = trace.state_at(len(trace) - 1)["echo"]["provisioned live"]
    assert stats["ProvisionedConcurrencyInvocations"] == 1
    assert stats["ProvisionedConcurrencySpilloverInvocations"] == 2
    assert stats["status"] == "READY"


def test_traffic_before_the_environments_are_ready_spills_over():
    trace = run(provisioned(1, 1, at=0))
    execute = next(s for s in trace.steps if s.kind == "execute")
    assert "spillover" in execute.tags and "cold-start" in execute.tags


def test_provisioned_concurrency_filling_reserved_throttles_latest():
    """PC 2 with reserved concurrency 2: nothing is left for on-demand, so $LATEST gets 429
    (§19, PC22), while the alias still runs."""
    trace = run(provisioned(2, 1, reserved=2, extra_script=[
        {"at": "2s", "actor": "app", "action": "invoke", "function": "echo"}]))
    throttles = [s for s in trace.steps if s.kind == "throttle"]
    assert len(throttles) == 1 and throttles[0].status == 429
    results = [s for s in trace.steps if s.kind == "result"]
    assert [r.headers["X-Amz-Executed-Version"] for r in results] == ["1"]


def test_unqualified_invokes_never_use_provisioned_environments():
    trace = run(provisioned(2, 0 + 1, extra_script=[
        {"at": "2s", "actor": "app", "action": "invoke", "function": "echo"}]))
    last = [s for s in trace.steps if s.kind == "execute"][-1]
    assert "cold-start" in last.tags and "provisioned" not in last.tags


@settings(max_examples=12, deadline=None)
@given(pc=st.integers(1, 4), burst=st.integers(1, 8), seed=st.integers(1, 1000))
def test_provisioned_environments_never_cold_start(pc, burst, seed):
    """Whatever the burst: a run on a provisioned environment is never a cold start, at most
    `pc` run there at once, and every alias invoke is counted once as provisioned or spillover."""
    sc = provisioned(pc, burst).model_copy(update={"settings": scenario().settings.model_copy(
        update={"seed": seed})})
    trace = run(sc)
    execs = [s for s in trace.steps if s.kind == "execute"]
    on_pc = [s for s in execs if "provisioned" in s.tags]
    assert not [s for s in on_pc if "cold-start" in s.tags]
    assert len(on_pc) == min(pc, burst)
    stats = trace.state_at(len(trace) - 1)["echo"]["provisioned live"]
    assert (stats["ProvisionedConcurrencyInvocations"]
            + stats["ProvisionedConcurrencySpilloverInvocations"]) == burst


def test_summary_counts_only_on_demand_inits_as_cold_starts():
    """Provisioned Init is not a cold start of any request (§19): 1 provisioned, 3 invokes at
    once → 2 cold starts, 1 warm, and the probability says 2 of 3."""
    from app.engine.run import run as run_trace
    trace = run_trace(provisioned(1, 3))
    assert trace.summary["cold_starts"] == 2
    assert trace.summary["warm_starts"] == 1
    assert trace.summary["cold_start_probability"] == round(2 / 3, 4)
