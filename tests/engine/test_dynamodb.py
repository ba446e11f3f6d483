"""DynamoDB: writes with their permission, typed items, and the stream records they produce."""

from __future__ import annotations

import re

import pytest

from stream_scenarios import TABLE_ARN, put, run, table_scenario


def records_of(scenario) -> tuple[list[dict], object]:
    """Run `scenario`; the records its table's stream holds at the end, and the trace."""
    trace = run(scenario)
    stream = trace.state_at(len(trace) - 1)["sales"].get("stream")
    return (list(stream["recent_records"]) if stream else []), trace


def update(at_ms, sale_id, **values):
    return {"at": f"{at_ms}ms", "actor": "app", "action": "update_item", "table": "sales",
            "key": {"sale_id": sale_id}, "set": values}


def delete(at_ms, sale_id):
    return {"at": f"{at_ms}ms", "actor": "app", "action": "delete_item", "table": "sales",
            "key": {"sale_id": sale_id}}


def test_insert_modify_remove_with_both_images():
    """Put new → INSERT, put changed → MODIFY, update → MODIFY, delete → REMOVE, with their images."""
    records, _ = records_of(table_scenario(script=[
        put(100, "s-1", "north", 10), put(200, "s-1", "north", 12),
        update(300, "s-1", amount=15), delete(400, "s-1")]))
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "MODIFY", "REMOVE"]
    insert, modify, updated, remove = (r["dynamodb"] for r in records)
    assert insert["Keys"] == {"sale_id": {"S": "s-1"}}
    assert insert["NewImage"] == {"sale_id": {"S": "s-1"}, "region": {"S": "north"},
                                  "amount": {"N": "10"}}
    assert "OldImage" not in insert
    assert modify["OldImage"]["amount"] == {"N": "10"} and modify["NewImage"]["amount"] == {"N": "12"}
    assert updated["OldImage"]["amount"] == {"N": "12"} and updated["NewImage"]["amount"] == {"N": "15"}
    assert updated["NewImage"]["region"] == {"S": "north"}  # UpdateItem keeps other attributes
    assert remove["OldImage"]["amount"] == {"N": "15"} and "NewImage" not in remove


@pytest.mark.parametrize("view_type,has_new,has_old", [
    ("KEYS_ONLY", False, False), ("NEW_IMAGE", True, False), ("OLD_IMAGE", False, True),
    ("NEW_AND_OLD_IMAGES", True, True)])
def test_view_type_decides_the_images(view_type, has_new, has_old):
    """A MODIFY record carries NewImage/OldImage only as the stream's view type asks."""
    records, _ = records_of(table_scenario(view_type=view_type, script=[
        put(100, "s-1", "north", 1), put(200, "s-1", "north", 2)]))
    modify = records[1]["dynamodb"]
    assert modify["Keys"] == {"sale_id": {"S": "s-1"}}
    assert ("NewImage" in modify, "OldImage" in modify) == (has_new, has_old)
    assert modify["StreamViewType"] == view_type


def test_record_metadata():
    """Sequence numbers increase, SizeBytes is positive, times are epoch seconds, ARN has a label."""
    records, _ = records_of(table_scenario(script=[put(100, "s-1", "n", 1), put(1500, "s-2", "n", 2)]))
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert seqs[0] < seqs[1]
    assert all(r["dynamodb"]["SizeBytes"] > 0 for r in records)
    assert [r["dynamodb"]["ApproximateCreationDateTime"] for r in records] == [1767225600, 1767225601]
    arn = records[0]["eventSourceARN"]
    assert re.fullmatch(rf"{TABLE_ARN}/stream/\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}", arn)
    assert all(re.fullmatch(r"[0-9a-f]{32}", r["eventID"]) for r in records)
    assert records[0]["eventVersion"] == "1.1" and records[0]["eventSource"] == "aws:dynamodb"


def test_writes_that_change_nothing_add_no_record():
    """Putting an identical item, or deleting a missing one, adds no stream record."""
    records, trace = records_of(table_scenario(script=[
        put(100, "s-1", "north", 10), put(200, "s-1", "north", 10), delete(300, "s-9")]))
    assert [r["eventName"] for r in records] == ["INSERT"]
    responses = [s for s in trace if s.kind == "response"]
    assert [s.status for s in responses] == [200, 200, 200]
    assert "no record" in responses[1].narration


def test_update_of_a_missing_item_creates_it():
    """UpdateItem on a new key creates the item: an INSERT record."""
    records, _ = records_of(table_scenario(script=[update(100, "s-5", region="east", amount=3)]))
    assert records[0]["eventName"] == "INSERT"
    assert records[0]["dynamodb"]["NewImage"] == {"sale_id": {"S": "s-5"}, "region": {"S": "east"},
                                                  "amount": {"N": "3"}}


def test_table_without_stream_records_nothing():
    """With the stream off the table changes but there is no stream to read."""
    records, trace = records_of(table_scenario(stream=False))
    assert records == []
    items = trace.state_at(len(trace) - 1)["sales"]["items"]
    assert list(items.values()) == [{"sale_id": {"S": "s-1"}, "region": {"S": "north"},
                                     "amount": {"N": "10"}}]


def test_write_without_permission_is_denied():
    """Without dynamodb:PutItem on the table the write is refused and nothing changes."""
    records, trace = records_of(table_scenario(app_policies=[
        {"action": "dynamodb:UpdateItem", "resource": TABLE_ARN}]))
    request = next(s for s in trace if s.kind == "request")
    assert request.permission.decision == "deny" and request.permission.action == "dynamodb:PutItem"
    assert trace[request.index + 1].status == 400
    assert records == [] and trace.state_at(len(trace) - 1)["sales"]["items"] == {}


def test_write_requests_are_dynamodb_json():
    """PutItem's request carries the typed item; UpdateItem an update expression."""
    trace = run(table_scenario(script=[put(100, "s-1", "north", 10), update(200, "s-1", amount=11)]))
    put_req, upd_req = [s.payload for s in trace if s.kind == "request"]
    assert put_req == {"TableName": "sales", "Item": {"sale_id": {"S": "s-1"},
                       "region": {"S": "north"}, "amount": {"N": "10"}}}
    assert upd_req["UpdateExpression"] == "SET #a0 = :v0"
    assert upd_req["ExpressionAttributeNames"] == {"#a0": "amount"}
    assert upd_req["ExpressionAttributeValues"] == {":v0": {"N": "11"}}
