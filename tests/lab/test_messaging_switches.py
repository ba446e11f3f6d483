"""What-if switches for SNS topics and EventBridge rules: each changes the run as predicted."""

from __future__ import annotations

from app.engine.run import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario


def _switch(scenario, switch_id):
    return next(s for s in switches_for(scenario) if s.id == switch_id)


def _after(scenario, switch_id):
    return run(apply_edits(scenario, _switch(scenario, switch_id).edits))


def test_removing_the_topic_policy_makes_s3_refuse_the_configuration(scenarios_dir):
    sc = load_scenario(scenarios_dir / "fan-out-sns.yaml")
    switch = _switch(sc, "topic-permission:new-upload:AllowS3Publish")
    assert "400 InvalidArgument" in switch.prediction and "§20" in switch.prediction
    trace = _after(sc, switch.id)
    assert trace[0].kind == "error" and trace[0].status == 400
    assert not any(s.kind == "execute" for s in trace)


def test_removing_the_sns_permission_drops_that_subscribers_copy_only(scenarios_dir):
    sc = load_scenario(scenarios_dir / "fan-out-sns.yaml")
    switch = _switch(sc, "permission:resize-photo:AllowSnsInvoke")
    assert "does not retry" in switch.prediction
    trace = _after(sc, switch.id)
    assert not any(s.kind == "execute" and s.target == "resize-photo" for s in trace)
    assert any(s.kind == "execute" and s.target == "catalogue" for s in trace)
    assert any("client-side" in s.summary for s in trace)


def test_unsubscribing_leaves_the_other_subscriber(scenarios_dir):
    sc = load_scenario(scenarios_dir / "fan-out-sns.yaml")
    trace = _after(sc, "unsubscribe:new-upload:catalogue")
    assert not any(s.target == "catalogue" and s.kind == "invoke" for s in trace)
    assert any(s.kind == "execute" and s.target == "resize-photo" for s in trace)


def test_removing_the_events_permission_stops_every_scheduled_run(scenarios_dir):
    sc = load_scenario(scenarios_dir / "nightly-schedule.yaml")
    trace = _after(sc, "permission:build-report:AllowNightlyRule")
    denied = [s for s in trace if s.kind == "permission-check" and s.source == "nightly-report"]
    assert len(denied) == 2 and all(s.permission.decision == "deny" for s in denied)
    assert not any(s.kind == "execute" and s.time_ms > 3_600_000 for s in trace)


def test_disabling_the_rule_sends_no_scheduled_events(scenarios_dir):
    sc = load_scenario(scenarios_dir / "nightly-schedule.yaml")
    trace = _after(sc, "rule-state:nightly-report")
    assert not any(s.source == "nightly-report" for s in trace)


def test_changing_the_schedule_changes_when_the_function_runs(scenarios_dir):
    sc = load_scenario(scenarios_dir / "nightly-schedule.yaml")
    switch = _switch(sc, "schedule:nightly-report")
    trace = run(apply_edits(sc, switch.edits_for("rate(1 day)")))
    fired = [s.time_ms for s in trace if s.kind == "detect" and s.source == "nightly-report"]
    # one period after the start, until stop_after (50 h); each within its minute (§21 EBSR)
    assert [t // 60_000 * 60_000 for t in fired] == [86_400_000, 172_800_000]
