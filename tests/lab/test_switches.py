"""What-if switches: generated from the scenario, and each kind's re-run shows the documented behaviour."""

from __future__ import annotations

import json

import pytest

from app.engine import run
from app.lab.edits import apply_edits
from app.lab.switches import GROUPS, edits_for_values, switches_for
from app.scenario.loader import load_scenario_text
from lab_scenarios import PHOTOS, TEXTS, load

MINUTE = 60_000.0


def by_id(scenario):
    return {s.id: s for s in switches_for(scenario)}


def rerun(scenario, switch_id, value=None):
    switch = by_id(scenario)[switch_id]
    edits = switch.edits if value is None else switch.edits_for(value)
    return run(apply_edits(scenario, edits))


def kinds(trace, kind, target=None):
    return [s for s in trace if s.kind == kind and (target is None or s.target == target)]


# ------------------------------------------------------------------------------ generation
def test_switches_follow_the_names_in_the_file():
    """Renaming the bucket and function renames the switches: nothing is hard-coded per file."""
    renamed = (PHOTOS.replace("make-thumbnail", "resize").replace("photos", "uploads")
               .replace("asset: uploads/", "asset: photos/"))
    switches = by_id(load_scenario_text(renamed, "renamed.yaml"))
    assert "permission:resize:AllowS3Invoke" in switches
    assert "write-back:resize:uploads" in switches
    assert not any("make-thumbnail" in sid for sid in switches)


def test_switches_match_what_the_scenario_wires():
    """Mapping knobs only with a mapping, malformed replies only behind an API, logins only with Cognito."""
    photos, clicks, api, mobile = (by_id(load(n)) for n in ("photos", "clicks", "api", "mobile"))
    assert not any(s.startswith("knob:clicks-mapping") for s in photos)
    assert {"knob:clicks-mapping:batch_size", "knob:clicks-mapping:bisect",
            "fail-on-record:count-clicks", "role-action:count-role:kinesis:GetRecords"} <= set(clicks)
    assert "malformed:list-orders" in api and "malformed:make-thumbnail" not in photos
    assert "login:script.0" in mobile and "role-action:user-role:lambda:InvokeFunction" in mobile
    assert "role-action:thumbnail-role:s3:GetObject" in photos


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_switch_applies_cleanly_and_cites_the_reference(name):
    """Every generated switch's edits validate, and its prediction cites a lambda-behaviour.md section."""
    scenario = load(name)
    switches = switches_for(scenario)
    assert switches and [s.group for s in switches] == sorted((s.group for s in switches), key=GROUPS.index)
    for switch in switches:
        assert switch.kind in ("toggle", "choice", "number")
        assert "§" in switch.prediction, switch.id
        assert switch.edits, switch.id
        assert switch.edits_for(switch.current) == ()
        apply_edits(scenario, switch.edits)  # raises if an edit is invalid


def test_panel_state_combines_switches():
    """Two switches on at once give both edits, and the re-run shows both."""
    clicks = load("clicks")
    switches = switches_for(clicks)
    edits = edits_for_values(switches, {"fail-on-record:count-clicks": 3, "knob:clicks-mapping:bisect": True})
    assert edits == ["resources.count-clicks.faults.fail_on_record=3",
                     "resources.clicks-mapping.bisect_batch_on_function_error=true"]
    trace = run(apply_edits(clicks, edits))
    assert any("bisect" in s.tags for s in trace)


# ------------------------------------------------------------------------------ permissions
def test_removing_the_s3_statement_denies_and_never_runs_the_function():
    """No S3 statement in the resource policy: S3 refuses to save the trigger (400
    InvalidArgument, §6 S3P, §13 A4), no event is sent, make-thumbnail never executes."""
    trace = rerun(load("photos"), "permission:make-thumbnail:AllowS3Invoke")
    (refusal,) = [s for s in trace if "configuration" in s.tags]
    assert refusal.status == 400 and refusal.permission.decision == "deny"
    assert refusal.permission.principal.startswith("s3.amazonaws.com")
    assert not kinds(trace, "invoke", "make-thumbnail") and not kinds(trace, "enqueue")
    assert not kinds(trace, "execute", "make-thumbnail")


def test_removing_a_kinesis_read_action_denies_the_poll():
    """Without kinesis:GetRecords the mapping's poll is denied and the function is never invoked (§6 KIN)."""
    trace = rerun(load("clicks"), "role-action:count-role:kinesis:GetRecords")
    polls = kinds(trace, "poll")
    assert polls and polls[0].permission.decision == "deny"
    assert polls[0].permission.action == "kinesis:GetRecords" and "denied" in polls[0].tags
    assert not kinds(trace, "invoke") and not kinds(trace, "execute")


def test_removing_an_sdk_right_fails_the_call():
    """Without s3:GetObject the function's own read is denied, so its invocation fails (§6 ROLE)."""
    trace = rerun(load("photos"), "role-action:thumbnail-role:s3:GetObject")
    reads = [s for s in kinds(trace, "sdk-call", "photos") if s.permission]
    assert reads and reads[0].permission.decision == "deny"
    assert any("function-error" in s.tags for s in kinds(trace, "result"))


def test_removing_invoke_from_the_app_gives_403():
    """An app whose policy lacks lambda:InvokeFunction is refused with 403 (§6 AND, §1 ERR)."""
    trace = rerun(load("app"), "role-action:order-app:lambda:InvokeFunction")
    assert [e.status for e in kinds(trace, "error")] == [403, 403]
    assert not kinds(trace, "execute")


def test_guest_credentials_cannot_invoke():
    """Signed out, the app gets guest credentials whose session policy has no Lambda action (§10 UNA)."""
    trace = rerun(load("mobile"), "login:script.0", False)
    assert [s.target for s in kinds(trace, "assume-role") if s.source == "pool"] == ["guest-role"]
    (check,) = kinds(trace, "permission-check", "process-clicks")
    assert check.permission.decision == "deny" and check.permission.action == "lambda:InvokeFunction"
    assert not kinds(trace, "execute", "process-clicks")


# ------------------------------------------------------------------------------ failures
def _with_dlq(scenario):
    return apply_edits(scenario, [
        "resources.dlq={type: sqs_queue}", "resources.make-thumbnail.dead_letter_queue=dlq",
        "resources.thumbnail-role.policies.+={sid: SendToDlq, action: sqs:SendMessage, resource: '*'}"])


def test_always_failing_async_event_is_retried_after_one_then_two_minutes_then_dead_lettered():
    """An async event that always fails: retry 1 min after the failure, then 2 min, then the DLQ (§4 ASY)."""
    scenario = _with_dlq(load("photos"))
    trace = rerun(scenario, "fail:make-thumbnail")
    flow = trace[kinds(trace, "enqueue")[0].index].flow
    steps = [s for s in trace if s.flow == flow]
    failures = [s for s in steps if s.kind == "result"]
    retries = [s for s in steps if s.kind == "retry"]
    assert len(failures) == 3 and all("function-error" in f.tags for f in failures)
    assert retries[0].time_ms == pytest.approx(failures[0].time_ms + 1 * MINUTE)
    assert retries[1].time_ms == pytest.approx(failures[1].time_ms + 2 * MINUTE)
    (dead,) = [s for s in steps if s.kind == "dead-letter"]
    assert dead.target == "dlq" and "denied" not in dead.tags and dead.time_ms >= failures[2].time_ms


def _records_in(step):
    """The partition keys of the records an invoke delivers (the lab's records are named by key)."""
    return [r["kinesis"]["partitionKey"] for r in step.payload["Records"]]


def test_a_failing_record_blocks_its_shard():
    """fail_on_record: the batch holding it is retried whole and later records wait behind it (§5 KIN)."""
    trace = rerun(load("clicks"), "fail-on-record:count-clicks", 3)
    invokes = kinds(trace, "invoke", "count-clicks")
    discarded = [s for s in trace if s.kind == "error" and "discarded" in s.tags]
    assert discarded, "with maximum_retry_attempts 2 the batch is discarded in the end"
    failing = [s for s in invokes if s.index < discarded[0].index]
    assert len(failing) == 3 and all("user-3" in _records_in(s) for s in failing)
    later = [s for s in invokes if "ana" in _records_in(s)]
    assert later and later[0].index > discarded[0].index  # record 5 waited for the block to clear
    assert not any("bisect" in s.tags for s in trace)


def test_bisect_splits_the_failing_batch():
    """With bisect on, the failing batch is split in halves until the bad record is alone (§5 KP)."""
    clicks = apply_edits(load("clicks"), by_id(load("clicks"))["knob:clicks-mapping:bisect"].edits)
    trace = rerun(clicks, "fail-on-record:count-clicks", 3)
    splits = [s for s in trace if "bisect" in s.tags]
    assert [s.summary.split(": ")[1] for s in splits] == ["4 → 2 + 2", "2 → 1 + 1"]
    sizes = [len(s.payload["Records"]) for s in kinds(trace, "invoke", "count-clicks")]
    assert sizes[:3] == [4, 2, 2] and 1 in sizes


def test_time_out_ends_with_a_timeout_error():
    """A function running past its timeout is stopped and reported as timed out (§3 CF)."""
    trace = rerun(load("api"), "time-out:list-orders")
    results = kinds(trace, "result")
    assert results and "function-error" in results[0].tags
    assert "timed out" in json.dumps(results[0].payload).lower()
    assert [s.status for s in trace if s.target == "browser" and s.status][-1] == 502


def test_the_time_out_prediction_says_the_environment_is_reset():
    """The switch's prediction tells what a timeout does to the environment: Lambda resets it,
    and the next invoke there runs Init again, a suppressed init (§11 LIFE)."""
    switch = by_id(load("api"))["time-out:list-orders"]
    assert "resets" in switch.prediction and "suppressed init" in switch.prediction
    assert "§11" in switch.prediction


def test_malformed_api_reply_gives_502():
    """A reply without statusCode cannot be mapped: API Gateway answers 502 (§9 APX)."""
    trace = rerun(load("api"), "malformed:list-orders")
    assert [s.status for s in trace if s.target == "browser" and s.status] == [502]


# ------------------------------------------------------------------------------ knobs
def test_reserved_concurrency_zero_throttles_with_429():
    """Reserved concurrency 0 throttles every invoke: 429 TooManyRequestsException, nothing runs (§11 CON)."""
    trace = rerun(load("app"), "knob:echo:reserved", 0)
    throttles = kinds(trace, "throttle")
    assert throttles and all(t.status == 429 for t in throttles)
    assert "TooManyRequestsException" in throttles[0].summary + json.dumps(throttles[0].payload)
    assert not kinds(trace, "execute")


def test_invocation_type_knob():
    """Event answers 202 and runs from the queue; DryRun answers 204 and runs nothing (§1 INV)."""
    app = load("app")
    event = rerun(app, "invocation-type:script.0", "Event")
    assert kinds(event, "enqueue")[0].status == 202 and len(kinds(event, "enqueue")) == 2
    dry = rerun(app, "invocation-type:script.0", "DryRun")
    first_flow = [s for s in dry if s.flow == dry[0].flow]
    assert [s.status for s in first_flow if s.status] == [204]
    assert not [s for s in first_flow if s.kind == "execute"]


def test_batch_size_one_delivers_one_record_per_invoke():
    """Batch size 1: every invoke carries exactly one record (§5 KP)."""
    trace = rerun(load("clicks"), "knob:clicks-mapping:batch_size", 1)
    sizes = [len(s.payload["Records"]) for s in kinds(trace, "invoke")]
    assert sizes == [1] * 5


def test_starting_position_at_timestamp_brings_its_timestamp():
    """AT_TIMESTAMP comes with a timestamp (the loader requires one) and skips the first records."""
    clicks = load("clicks")
    switch = by_id(clicks)["knob:clicks-mapping:starting_position"]
    assert switch.options == ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")
    edits = switch.edits_for("AT_TIMESTAMP")
    assert edits[1].startswith("resources.clicks-mapping.starting_position_timestamp=")
    delivered = [r for s in kinds(run(apply_edits(clicks, edits)), "invoke") for r in _records_in(s)]
    assert delivered == ["ana"]  # the second write line is at 3s; the four at 0.2–0.5s are skipped


# ------------------------------------------------------------------------------ hazards
def test_writing_thumbnails_back_loops_until_stopped():
    """Thumbnails written into the source bucket trigger the function again: a loop, visible and cut off (§7 WS3)."""
    photos = load("photos")
    trace = rerun(photos, "write-back:make-thumbnail:photos")
    loop = [s for s in trace if "recursion" in s.tags]
    stopped = [s for s in trace if s.kind == "detect" and "stopped" in s.tags]  # Lambda's (§13 A2)
    assert len(loop) > 10 and stopped and "RecursiveInvocationsDropped" in stopped[0].summary
    assert len(kinds(trace, "execute")) > 10 * len(kinds(run(photos), "execute"))


def test_a_prefix_filter_keeps_written_back_thumbnails_from_looping():
    """With a prefix filter the thumbnails do not match, the prediction says so and the re-run shows no loop (§7 S3T)."""
    guarded = (PHOTOS.replace("suffix: .jpg,", "prefix: uploads/, suffix: .jpg,")
               .replace("options: {target_bucket: thumbnails}", "options: {target_bucket: thumbnails, key_prefix: thumbs/}")
               .replace("key: cat.jpg", "key: uploads/cat.jpg").replace("key: coffee.jpg", "key: uploads/coffee.jpg"))
    scenario = load_scenario_text(guarded, "guarded.yaml")
    switch = by_id(scenario)["write-back:make-thumbnail:photos"]
    assert "does not match, so nothing loops" in switch.prediction
    trace = run(apply_edits(scenario, switch.edits))
    assert not [s for s in trace if "recursion" in s.tags]
    writes = [s for s in kinds(trace, "sdk-call", "photos") if "PutObject" in s.summary]
    assert len(writes) == 2 and len(kinds(trace, "execute")) == 2


def test_every_switch_of_every_built_in_scenario_reruns(scenarios_dir):
    """The built-in lessons: every generated switch applies, re-runs, and most change the run."""
    from app.lab.compare import compare
    from app.scenario.loader import load_scenario

    for path in sorted(scenarios_dir.glob("*.yaml")):
        scenario = load_scenario(path)
        original = run(scenario)
        switches = switches_for(scenario)
        changed = [not compare(original, run(apply_edits(scenario, s.edits))).identical for s in switches]
        assert switches and sum(changed) >= len(switches) // 2, path.name


def test_fail_first_prediction_says_a_successful_retry_ends_the_event():
    """K temporary failures: the prediction must not promise a lost event, and the run agrees."""
    photos = load("photos")
    fn = next(iter(photos.of_type("function")))
    switch = by_id(photos)[f"fail-first:{fn}"]
    assert "a retry succeeds and the event is done" in switch.prediction
    summary = rerun(photos, f"fail-first:{fn}", 1).summary
    assert summary["retries"] >= 1 and summary["dropped_events"] == 0


def test_parallelization_factor_runs_more_batches_of_a_shard_at_once():
    """ParallelizationFactor 1 → 2: two batches of one shard in flight together, each partition
    key still in order (lambda-behaviour.md §17 KIN)."""
    def most_at_once(trace):
        spans = []
        for s in kinds(trace, "invoke", "count-clicks"):
            end = next(t.time_ms for t in trace.steps[s.index + 1:]
                       if t.flow == s.flow and t.kind in ("result", "throttle", "error"))
            spans.append((s.time_ms, end))
        return max(sum(1 for a, b in spans if a <= t < b) for t, _ in spans)

    clicks = load("clicks")
    switch = by_id(clicks)["knob:clicks-mapping:parallelization_factor"]
    assert switch.current == 1 and "§17" in switch.prediction
    slow = apply_edits(clicks, ["resources.count-clicks.duration=3s",
                                "resources.clicks-mapping.batch_size=1"])
    assert most_at_once(run(slow)) == 1
    assert most_at_once(run(apply_edits(slow, switch.edits_for(2)))) == 2
