"""S3 as a push event source: writes, notification matching, permissions, the recursion hazard
(lambda-behaviour.md §6 (RBP), §7 (S3T, S3N, WS3, REC))."""

from __future__ import annotations

import pytest

from app.engine.recursion import LIMIT
from app.scenario.s3_filters import event_matches
from app.handlers.sdk import ClientError
from source_scenarios import build, of_kind, play, s3_permission, thumbnail_resources, upload


def kinds(trace) -> list[str]:
    return [s.kind for s in trace.steps]


def test_upload_steps_follow_the_chapter():
    """request (1) → response 200 → detect (2) → invoke (3) → … → execute (4), in that order."""
    trace = play(thumbnail_resources(), [upload()])
    chapter = [s.chapter_step for s in trace.steps if s.chapter_step]
    assert chapter == [1, 2, 3, 4]
    request, response = trace.steps[0], trace.steps[1]
    assert (request.kind, request.source, request.target) == ("request", "user", "photos")
    assert request.permission.decision == "allow"
    assert request.permission.action == "s3:PutObject"
    assert request.permission.resource == "arn:aws:s3:::photos/red flower.jpg"
    assert (response.kind, response.status) == ("response", 200)


def test_the_engine_says_the_resource_policy_decides_without_talking_about_the_chapter():
    """S3 may invoke because of the function's resource-based policy, not the execution role
    (§6, RBP); the engine says so in its own words. Correcting the chapter's wording is the
    built-in lesson's job (its `narration:` note, tests/engine/test_chapter_notes.py)."""
    trace = play(thumbnail_resources(), [upload()])
    step3 = next(s for s in trace.steps if s.chapter_step == 3)
    assert step3.kind == "invoke" and "chapter" not in step3.narration.lower()
    detect = next(s for s in trace.steps if s.chapter_step == 2)
    assert "make-thumbnail's resource-based policy allows it" in detect.narration
    assert "the execution role is not involved" in detect.narration


def test_s3_invokes_asynchronously_as_its_service_principal():
    """The invoke step is an Event invoke from the bucket, checked against SourceArn/Account."""
    trace = play(thumbnail_resources(), [upload()])
    invoke = of_kind(trace, "invoke")[0]
    assert (invoke.source, invoke.target) == ("photos", "make-thumbnail")
    assert invoke.headers["X-Amz-Invocation-Type"] == "Event"
    check = of_kind(trace, "permission-check")[0]
    assert check.permission.principal == "s3.amazonaws.com"
    assert check.permission.decision == "allow" and check.permission.matched == "AllowS3Invoke"
    assert of_kind(trace, "enqueue")[0].status == 202


def test_delivery_comes_after_a_short_seeded_delay():
    """The event reaches Lambda 100–900 ms (simulated) after the write; the run says once that
    AWS delivers at least once (Trace.not_simulated), not on the step."""
    trace = play(thumbnail_resources(), [upload()])
    detect, invoke = of_kind(trace, "detect")[0], of_kind(trace, "invoke")[0]
    assert 100 <= invoke.time_ms - detect.time_ms <= 900
    assert "at least once" in trace.not_simulated["S3 delivery"] and detect.caveat is None


def test_without_the_resource_policy_statement_nothing_runs():
    """No AddPermission for s3.amazonaws.com: S3 refuses to save the trigger (§6 S3P, §13 A4);
    no event is sent, Lambda is never asked and no code runs."""
    trace = play(thumbnail_resources(permissions=[]), [upload()])
    refusal = trace.steps[0]
    assert refusal.status == 400 and "denied" in refusal.tags
    assert "s3.amazonaws.com" in refusal.permission.reason
    assert not of_kind(trace, "invoke") and not of_kind(trace, "execute")


def test_permission_for_another_bucket_does_not_count():
    """A statement whose SourceArn names another bucket does not let photos invoke."""
    trace = play(thumbnail_resources(permissions=[s3_permission("other-bucket")]), [upload()])
    assert trace.steps[0].permission.decision == "deny" and trace.steps[0].status == 400
    assert not of_kind(trace, "execute")


def test_uploader_without_put_permission_is_refused_and_nothing_follows():
    """The user's identity policy lacks s3:PutObject: 403, no object, no event."""
    trace = play(thumbnail_resources(user_policies=[]), [upload()])
    assert kinds(trace) == ["request", "error"]
    assert trace.steps[0].permission.decision == "deny" and trace.steps[1].status == 403
    assert trace.state_at(len(trace) - 1)["photos"]["objects"] == {}


@pytest.mark.parametrize("key, runs", [("uploads/a.jpg", 1), ("uploads/a.png", 0),
                                       ("other/a.jpg", 0)])
def test_prefix_and_suffix_filters(key, runs):
    """Only keys with the configured prefix and suffix trigger the function."""
    notes = [{"events": ["s3:ObjectCreated:Put"], "prefix": "uploads/", "suffix": ".jpg",
              "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes), [upload(key)])
    assert len(of_kind(trace, "execute")) == runs
    if not runs:
        (detect,) = of_kind(trace, "detect")
        assert "no-match" in detect.tags and not of_kind(trace, "invoke")


def test_event_type_patterns():
    """ObjectCreated:* matches Put and Copy; an exact type matches only itself."""
    assert event_matches("s3:ObjectCreated:*", "s3:ObjectCreated:Put")
    assert event_matches("s3:ObjectCreated:*", "s3:ObjectCreated:Copy")
    assert not event_matches("s3:ObjectCreated:*", "s3:ObjectRemoved:Delete")
    assert not event_matches("s3:ObjectCreated:Post", "s3:ObjectCreated:Put")


def test_each_matching_configuration_sends_its_own_event():
    """Each configuration sends its own event, carrying its configurationId (S3 refuses two
    rules that could both match one write, so a write matches at most one per event type)."""
    notes = [{"id": "a", "events": ["s3:ObjectCreated:*"], "function": "make-thumbnail"},
             {"id": "b", "events": ["s3:ObjectRemoved:*"], "suffix": ".jpg",
              "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes),
                 [upload(), {"at": 5000, "actor": "user", "action": "delete_object",
                             "bucket": "photos", "key": "red flower.jpg"}])
    ids = [s.payload["Records"][0]["s3"]["configurationId"] for s in of_kind(trace, "invoke")
           if s.source == "photos"]
    assert ids == ["a", "b"]


def test_writing_back_into_the_source_bucket_loops_until_lambda_stops_it():
    """Thumbnails into the triggering bucket, no filter: a visible loop that Lambda's own
    recursive-loop detection stops after about 16 invocations (lambda-behaviour.md §13 A2)."""
    trace = play(thumbnail_resources(target="photos", key_prefix="thumb-"), [upload("a.jpg")])
    assert len(of_kind(trace, "execute")) == LIMIT
    loops = [s for s in of_kind(trace, "detect") if "recursion" in s.tags and s.source == "photos"]
    assert len(loops) == LIMIT and "generation 1" in loops[0].summary
    stop = next(s for s in trace if "stopped" in s.tags)
    assert stop.kind == "detect" and stop.source == "lambda" and not stop.caveat
    assert "another bucket" in stop.narration and "prefix filter" in stop.narration
    assert not of_kind(trace, "not-simulated")
    keys = trace.state_at(len(trace) - 1)["photos"]["objects"]
    assert "thumb-" * LIMIT + "a.jpg" in keys


def test_a_prefix_filter_breaks_the_loop():
    """Same bucket, but only uploads/ triggers and thumbnails go to thumbs/: one run."""
    notes = [{"events": ["s3:ObjectCreated:*"], "prefix": "uploads/", "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes, target="photos", key_prefix="thumbs/"),
                 [upload("uploads/a.jpg")])
    assert len(of_kind(trace, "execute")) == 1 and not of_kind(trace, "not-simulated")
    assert "no-match" in of_kind(trace, "detect")[-1].tags


def test_bucket_state_holds_the_object_and_its_bytes():
    """After the upload the bucket lists the object; its bytes are in Trace.blobs too."""
    trace = play(thumbnail_resources(), [upload("red flower.jpg")])
    obj = trace.state_at(1)["photos"]["objects"]["red flower.jpg"]
    assert obj["content_type"] == "image/jpeg" and obj["written_by"] == "user"
    assert trace.blobs[obj["body_ref"]] is obj["body"] and obj["body"][:3] == b"\xff\xd8\xff"
    assert trace.state_at(0)["photos"]["objects"] == {}


def test_function_without_read_permission_fails_with_access_denied():
    """The execution role lacks s3:GetObject: the SDK call is denied and the function errors."""
    role = [{"action": "s3:PutObject", "resource": "arn:aws:s3:::thumbnails/*"}]
    trace = play(thumbnail_resources(role_policies=role), [upload()])
    call = of_kind(trace, "sdk-call")[0]
    assert call.permission.decision == "deny" and call.permission.action == "s3:GetObject"
    assert "AccessDenied" in str(of_kind(trace, "log")[0].payload["lines"])
    assert "thumbnails" not in {s.target for s in of_kind(trace, "sdk-call")}


def _sdk_sim(role_policies):
    from app.engine.run import build_services
    from app.engine.simulation import Simulation
    sim = Simulation(build(thumbnail_resources(role_policies=role_policies), [upload()]))
    build_services(sim)
    return sim, sim.services["iam"].role_session("thumb-role", "make-thumbnail", node="make-thumbnail")


def test_missing_key_is_403_without_list_bucket_and_404_with_it():
    """S3 hides whether a key exists from callers that may not list the bucket."""
    sim, caller = _sdk_sim([{"action": "s3:GetObject", "resource": "*"}])
    with pytest.raises(ClientError) as denied:
        sim.services["s3"].sdk_get_object({"Bucket": "photos", "Key": "nope.jpg"}, caller, None)
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    sim, caller = _sdk_sim([{"action": ["s3:GetObject", "s3:ListBucket"], "resource": "*"}])
    with pytest.raises(ClientError) as missing:
        sim.services["s3"].sdk_get_object({"Bucket": "photos", "Key": "nope.jpg"}, caller, None)
    assert missing.value.response["Error"]["Code"] == "NoSuchKey"


def test_state_lists_the_most_recent_objects_and_counts_all():
    """After 205 uploads the bucket state lists 200 objects and says there are 205."""
    from app.engine.s3 import MAX_LISTED
    puts = [upload(f"f{i:03}.txt", asset=None, body="x", at=i / 1000) for i in range(MAX_LISTED + 5)]
    trace = play(thumbnail_resources(notifications=[]), puts)
    state = trace.state_at(len(trace) - 1)["photos"]
    assert state["object_count"] == MAX_LISTED + 5 and len(state["objects"]) == MAX_LISTED
    assert "f000.txt" not in state["objects"] and f"f{MAX_LISTED + 4:03}.txt" in state["objects"]


def test_versioned_delete_creates_a_delete_marker_event():
    """Deleting in a versioned bucket sends ObjectRemoved:DeleteMarkerCreated with a versionId."""
    notes = [{"events": ["s3:ObjectRemoved:*"], "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes, versioning=True),
                 [upload("a.jpg"), {"at": 1, "actor": "user", "action": "delete_object",
                                    "bucket": "photos", "key": "a.jpg"}])
    record = of_kind(trace, "invoke")[0].payload["Records"][0]
    assert record["eventName"] == "ObjectRemoved:DeleteMarkerCreated"
    assert set(record["s3"]["object"]) == {"key", "versionId", "sequencer"}
    assert of_kind(trace, "response")[-1].headers["x-amz-version-id"] == record["s3"]["object"]["versionId"]


