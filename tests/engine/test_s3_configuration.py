"""S3 validates a bucket's notification configuration when it is saved; filters match encoded keys.

Sources: docs/reference/lambda-behaviour.md §6 (S3P), §7 and §13 A4
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html,
https://repost.aws/knowledge-center/unable-validate-destination-s3,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario
from source_scenarios import of_kind, play, s3_permission, thumbnail_resources, upload

CASES = Path(__file__).resolve().parents[1] / "cases"


def test_f13_only_the_url_encoded_prefix_fires():
    """Key "run=42/part 1.csv" is "run%3D42/part+1.csv" in the event; S3 compares the filter
    with that, so `run%3D42/` matches and the raw `run=42/` does not (field case f13)."""
    trace = run(load_scenario(CASES / "f13-s3-filter-url-encoded.yaml"))
    invoked = [s.target for s in of_kind(trace, "invoke")]
    assert invoked == ["loader-encoded"]
    assert of_kind(trace, "invoke")[0].payload["Records"][0]["s3"]["object"]["key"] == \
        "run%3D42/part+1.csv"


@pytest.mark.parametrize("suffix, runs", [("+1.csv", 1), (" 1.csv", 0)])
def test_a_space_in_a_filter_is_written_as_plus(suffix, runs):
    notes = [{"events": ["s3:ObjectCreated:*"], "suffix": suffix, "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes), [upload("part 1.csv", asset=None,
                                                                   body="x")])
    assert len(of_kind(trace, "invoke")) == runs


def _configuration_steps(trace):
    return [s for s in trace.steps if "configuration" in s.tags]


def test_destination_without_s3_permission_is_refused_when_saved():
    """PutBucketNotificationConfiguration checks the function policy: 400 InvalidArgument
    "Unable to validate the following destination configurations"; nothing is saved, so the
    upload sends no event and Lambda is never asked."""
    trace = play(thumbnail_resources(permissions=[]), [upload()])
    (refusal,) = _configuration_steps(trace)
    assert trace.steps[0] is refusal and refusal.time_ms == 0
    assert (refusal.source, refusal.target) == ("photos", "make-thumbnail")
    assert refusal.kind == "error" and refusal.status == 400
    assert refusal.payload["Error"]["Code"] == "InvalidArgument"
    assert refusal.payload["Error"]["Message"] == \
        "Unable to validate the following destination configurations"
    assert "Not authorized to invoke function" in refusal.payload["Error"]["ArgumentValue"]
    assert refusal.permission.decision == "deny"
    assert not of_kind(trace, "invoke") and not of_kind(trace, "execute")
    assert trace.state_at(len(trace) - 1)["photos"]["notifications"] == []
    (detect,) = of_kind(trace, "detect")
    assert "no-match" in detect.tags and "refused" in detect.narration


def test_a_permission_for_another_bucket_is_refused_too():
    trace = play(thumbnail_resources(permissions=[s3_permission("other-bucket")]), [upload()])
    assert [s.status for s in _configuration_steps(trace)] == [400]
    assert not of_kind(trace, "invoke")


def test_valid_configuration_is_saved_and_no_caveat_claims_it_could_not_exist():
    """A configuration S3 accepts was saved before the run: no step, the upload runs the code."""
    trace = play(thumbnail_resources(), [upload()])
    assert _configuration_steps(trace) == []
    assert len(of_kind(trace, "execute")) == 1
    assert not any("could not exist" in (s.caveat or "") for s in trace.steps)


def test_overlapping_rules_refuse_the_whole_configuration():
    """Files that skip `check` (built in code): S3 still refuses ambiguous rules when saving."""
    notes = [{"id": "a", "events": ["s3:ObjectCreated:*"], "function": "make-thumbnail"},
             {"id": "b", "events": ["s3:ObjectCreated:Put"], "suffix": ".jpg",
              "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes), [upload()])
    refusal = _configuration_steps(trace)[-1]
    assert refusal.status == 400 and "ambiguously defined" in refusal.payload["Error"]["Message"]
    assert not of_kind(trace, "invoke")
