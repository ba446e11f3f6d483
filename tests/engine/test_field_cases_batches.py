"""Field cases f7 and f8 (copied from the engineers' bug reports) and what fail_when and
partial batch responses change in them (lambda-behaviour.md §5, §15)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from ruamel.yaml import YAML

from app.engine.run import run
from app.scenario.loader import load_scenario_text

CASES = Path(__file__).parent / "cases"


def _case(name: str, **changes) -> object:
    """Load a case, with `changes` as {"resource.key": value} (or {"settings.key": value})
    edits applied to its YAML."""
    yaml = YAML()
    data = yaml.load((CASES / name).read_text())
    for path, value in changes.items():
        resource, key = path.split(".", 1)
        (data["settings"] if resource == "settings" else data["resources"][resource])[key] = value
    from io import StringIO
    out = StringIO()
    yaml.dump(data, out)
    return load_scenario_text(out.getvalue(), CASES / name)


def _executes(trace, function):
    return [s for s in trace if s.kind == "execute" and s.target == function]


def _ok_invokes(trace, function):
    """The record ids of each invoke whose result was a success."""
    results = {s.flow: s for s in trace if s.kind == "result" and s.source == function}
    out = []
    for step in _executes(trace, function):
        result = next((r for r in trace if r.kind == "result" and r.source == function
                       and r.index > step.index), None)
        if result is not None and "function-error" not in result.tags:
            out.append(step.payload["Records"])
    return out


def _ride(record) -> str:
    return json.loads(base64.b64decode(record["kinesis"]["data"]))["ride"]


def test_f7_remove_record_blocks_the_shard_and_later_changes_wait():
    trace = run(_case("f7.yaml"))
    blocked = [s for s in trace if s.kind == "not-simulated" and "blocked" in s.tags]
    assert blocked, "the shard should stay blocked on the REMOVE record"
    seen = {r["dynamodb"]["Keys"]["isbn"]["S"] for s in _executes(trace, "indexer")
            for r in s.payload["Records"]}
    assert "444" not in seen  # written at 20 s, never reaches the indexer


def test_f7_once_the_remove_record_expires_the_later_changes_reach_the_indexer():
    """The case: the shard is blocked "until the records expire (24 h)" (§5, DOF: then Lambda
    discards them and goes on with the stream). Run past that, the writes at 3 s and 20 s,
    which waited all day, reach the indexer and succeed; the REMOVE record never does."""
    trace = run(_case("f7.yaml", **{"settings.stop_after": "25h"}))
    expired = next(s for s in trace if "expired" in s.tags and "discarded" in s.tags)
    assert expired.time_ms == 24 * 3_600_000 + 2_000  # the delete at 2 s, kept 24 h
    after = [s for s in _executes(trace, "indexer") if s.index > expired.index]
    keys = [r["dynamodb"]["Keys"]["isbn"]["S"] for s in after for r in s.payload["Records"]]
    assert keys == ["333", "444"]
    assert all(r["eventName"] != "REMOVE" for s in after for r in s.payload["Records"])
    assert _ok_invokes(trace, "indexer")[-1] == after[-1].payload["Records"]


def test_f7_fail_when_on_event_name_picks_the_remove_record_by_its_data():
    trace = run(_case("f7.yaml", **{"indexer.faults": {"fail_when": {"path": "eventName",
                                                                    "equals": "REMOVE"}}}))
    failed = [s for s in trace if s.kind == "result" and "function-error" in s.tags]
    assert failed and "eventName equals 'REMOVE'" in failed[0].payload["errorMessage"]
    assert any(s.kind == "not-simulated" and "blocked" in s.tags for s in trace)


def test_f7_with_partial_batch_responses_the_records_before_the_remove_are_checkpointed():
    trace = run(_case("f7.yaml", **{
        "indexer.faults": {"fail_when": {"path": "eventName", "equals": "REMOVE"}},
        "books-to-indexer.function_response_types": ["ReportBatchItemFailures"]}))
    partial = [s for s in trace if s.kind == "checkpoint" and "partial" in s.tags]
    assert partial
    runs = _executes(trace, "indexer")
    before = [s for s in runs if s.index < partial[0].index][-1].payload["Records"]
    remove = next(r for r in before if r["eventName"] == "REMOVE")
    assert partial[0].payload["batchItemFailures"] == [
        {"itemIdentifier": remove["dynamodb"]["SequenceNumber"]}]
    retried = [s for s in runs if s.index > partial[0].index][0].payload["Records"]
    assert retried[0]["eventName"] == "REMOVE"  # retried from the lowest failed record on


def test_f8_bisect_reruns_records_that_already_succeeded():
    trace = run(_case("f8.yaml"))
    assert any("bisect" in s.tags for s in trace)
    assert any(s.kind == "execute" and len(s.payload["Records"]) == 9 for s in trace)
    runs = [_ride(r) for s in _executes(trace, "processor") for r in s.payload["Records"]]
    assert any(runs.count(str(n)) > 1 for n in (1, 2, 3, 4, 6, 7, 8, 9))


def test_f8_with_partial_batch_responses_records_before_the_bad_one_run_once_and_no_bisect():
    """§15 (KBF, KIN22): the batch is split at the reported sequence number, not in halves."""
    trace = run(_case("f8.yaml", **{"rides-to-processor.function_response_types":
                                    ["ReportBatchItemFailures"]}))
    assert not any("bisect" in s.tags for s in trace)
    runs = [_ride(r) for s in _executes(trace, "processor") for r in s.payload["Records"]]
    assert all(runs.count(str(n)) == 1 for n in (1, 2, 3, 4))
    assert runs.count("5") == 3  # first try + 2 retries (maximum_retry_attempts 2)
    assert any(s.kind == "destination" for s in trace)


def test_fail_when_contains_on_decoded_kinesis_data():
    trace = run(_case("f8.yaml", **{
        "processor.faults": {"fail_when": {"path": "data.ride", "contains": "7"}},
        "rides-to-processor.function_response_types": ["ReportBatchItemFailures"]}))
    partial = [s for s in trace if s.kind == "checkpoint" and "partial" in s.tags]
    first = _executes(trace, "processor")[0].payload["Records"]
    seven = next(r for r in first if _ride(r) == "7")
    assert partial[0].payload["batchItemFailures"] == [
        {"itemIdentifier": seven["kinesis"]["sequenceNumber"]}]
