"""Weighted aliases (§18, ALI): the draw, its determinism, and the share over many invokes."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from lambda_scenarios import function, scenario

from app.engine.run import run


def weighted(weight: float, count: int, seed: int = 1):
    fns = {"echo": function(
        versions={"1": {"options": {"greeting": "v1"}}, "2": {"options": {"greeting": "v2"}}},
        aliases={"live": {"function_version": "1",
                          "routing_config": {"additional_version_weights": {"2": weight}}}})}
    return scenario(fns, settings={"seed": seed}, script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo", "qualifier": "live",
         "repeat": count, "every": "1s"}])


def executed_versions(trace) -> list[str]:
    return [s.headers["X-Amz-Executed-Version"] for s in trace.steps if s.kind == "result"]


def test_each_alias_invoke_has_a_route_step_naming_the_version():
    trace = run(weighted(0.5, 6))
    routes = [s for s in trace.steps if s.kind == "route"]
    assert len(routes) == 6
    assert [r.payload["executedVersion"] for r in routes] == executed_versions(trace)
    assert set(executed_versions(trace)) == {"1", "2"}


def test_same_seed_same_split_other_seed_other_split():
    one, again = run(weighted(0.5, 20, seed=3)), run(weighted(0.5, 20, seed=3))
    other = run(weighted(0.5, 20, seed=4))
    assert executed_versions(one) == executed_versions(again)
    assert executed_versions(one) != executed_versions(other)


def test_weight_zero_and_one():
    assert set(executed_versions(run(weighted(0.0, 10)))) == {"1"}
    assert set(executed_versions(run(weighted(1.0, 10)))) == {"2"}


@settings(max_examples=15, deadline=None)
@given(weight=st.sampled_from([0.1, 0.25, 0.5, 0.8]), seed=st.integers(1, 10_000))
def test_share_routed_to_the_extra_version_tracks_its_weight(weight, seed):
    """Over 400 invokes the extra version's share stays within 5 standard deviations of its
    weight (a binomial draw; failing this by chance is below one in a million)."""
    n = 400
    versions = executed_versions(run(weighted(weight, n, seed)))
    share = versions.count("2") / n
    sigma = (weight * (1 - weight) / n) ** 0.5
    assert abs(share - weight) <= 5 * sigma
