"""Amazon DynamoDB tables and their DynamoDB Streams (lambda-behaviour.md §5, §8; DDB, DREC).

Items are kept typed, as DynamoDB keeps them. With the table's stream on, every change that
really changes an item appends one stream record carrying the images its view type asks for.
A real stream has several shards that split over time; one shard per table is enough to show
ordering and blocking, and the stream's state says so.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

from app.engine.events.dynamodb import (dynamodb_event, dynamodb_record, item_size, stream_images,
                                        from_typed_item, to_attribute_value, to_typed_item)
from app.engine.stream_shard import Shard, StreamRecord
from app.engine.signing import expired_error, stopped_before_sending
from app.engine.simulation import EPOCH_S

POLL_INTERVAL_MS = 250.0  # lambda-behaviour.md §5 (DDB): each shard polled 4 times per second
RETENTION_MS = 24 * 3_600_000.0  # §5 (DSTR): stream records are kept 24 hours
READ_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords",
                "dynamodb:ListStreams")  # AWSLambdaDynamoDBExecutionRole, §6 (MPD)
ITEMS_SHOWN = 200  # items kept in the state per table, so big load runs stay fast
RECENT_SHOWN = 20  # stream records kept in the state for the inspector, newest last
ONE_SHARD_NOTE = ("The stream is simulated with one shard; a real DynamoDB stream has several, "
                  "which split and close as the table grows, each read in order on its own.")


class TableStream:
    """A table's stream, as an event source mapping's pollers see it."""

    source_kind = "dynamodb"
    batch_info_key = "DDBStreamBatchInfo"
    poll_interval_ms = POLL_INTERVAL_MS
    read_actions = READ_ACTIONS
    supports_at_timestamp = False  # §5 (DP): TRIM_HORIZON or LATEST only
    retention_ms = RETENTION_MS
    shard_note = ONE_SHARD_NOTE

    def __init__(self, sim, table: str, view_type: str):
        self.sim = sim
        self.node = table
        self.view_type = view_type
        self.label = sim.iso_time(0).rstrip("Z")  # created with the table at time 0
        self.arn = sim.table_stream_arn(table, self.label)
        suffix = hashlib.md5(self.arn.encode()).hexdigest()[:8]
        self.shards = [Shard(sim.env, f"shardId-{EPOCH_S * 1000:020d}-{suffix}", RETENTION_MS)]

    def sequence_number(self, count: int) -> str:
        """21 digits like real ones, increasing: time in ms, then a counter."""
        return str(4 * 10 ** 20 + int(self.sim.now) * 1000 + count)

    def event_for(self, records: list[StreamRecord], role_arn: str) -> dict[str, Any]:
        return dynamodb_event([r.document for r in records])

    def arrival_iso(self, record: StreamRecord) -> str:
        """Batch info times for DynamoDB are whole seconds."""
        return self.sim.iso_time(record.arrival_ms // 1000 * 1000)[:-5] + "Z"

    def state(self) -> dict[str, Any]:
        """What the inspector shows: shards, and the newest records as Lambda would get them."""
        recent = tuple(r.document for r in self.shards[0].records[-RECENT_SHOWN:])
        return {"arn": self.arn, "view_type": self.view_type, "note": ONE_SHARD_NOTE,
                "shards": {s.shard_id: s.summary() for s in self.shards},
                "recent_records": recent}


class Table:
    def __init__(self, sim, name: str, resource):
        self.sim = sim
        self.name = name
        self.arn = sim.table_arn(name)
        self.key_names = [resource.partition_key] + ([resource.sort_key] if resource.sort_key else [])
        self.items: dict[str, dict[str, Any]] = {}  # key JSON → typed item
        enabled = resource.stream is not None and resource.stream.enabled
        self.stream = TableStream(sim, name, resource.stream.view_type) if enabled else None

    def publish_items(self) -> None:
        """The table's items for the inspector; a big table shows its first ITEMS_SHOWN only."""
        shown = dict(itertools.islice(self.items.items(), ITEMS_SHOWN))
        self.sim.recorder.set_state(self.name, "items", shown)
        self.sim.recorder.set_state(self.name, "item_count", len(self.items))

    def key_of(self, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """(stable text of the key, typed Keys); KeyError names the missing key attribute."""
        missing = [k for k in self.key_names if k not in values]
        if missing:
            raise KeyError(missing[0])
        plain = {k: values[k] for k in self.key_names}
        return json.dumps(plain, sort_keys=True, default=str), to_typed_item(plain)

    def write(self, key_text: str, keys: dict, new: dict | None) -> StreamRecord | None:
        """Store (or delete, `new=None`) an item; append a stream record if it changed."""
        old = self.items.get(key_text)
        if old == new:
            return None  # DynamoDB Streams writes no record for a write that changes nothing
        if new is None:
            del self.items[key_text]
        else:
            self.items[key_text] = new
        self.publish_items()
        if self.stream is None:
            return None
        return self._append(keys, old, new)

    def _append(self, keys: dict, old: dict | None, new: dict | None) -> StreamRecord:
        stream = self.stream
        shard = stream.shards[0]
        seq = stream.sequence_number(len(shard.records) + 1)
        name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
        images = stream_images(stream.view_type, keys, old, new)
        size = item_size(keys) + item_size(images.get("NewImage")) + item_size(images.get("OldImage"))
        document = dynamodb_record(
            event_id=self.sim.ids.hex(32), event_name=name, region=self.sim.region,
            creation_epoch_s=int(self.sim.epoch_seconds()), images=images, sequence_number=seq,
            size_bytes=size, view_type=stream.view_type, stream_arn=stream.arn)
        label = f"{name} " + ", ".join(f"{k}={_plain(v)}" for k, v in keys.items())
        record = StreamRecord(shard.shard_id, seq, self.sim.ids.next("stream-record"),
                              self.sim.now, document, size, label)
        shard.append(record)
        self.sim.recorder.set_state(self.name, "stream", stream.state())
        return record


def _plain(typed: dict[str, Any]) -> str:
    (_tag, value), = typed.items()
    return str(value)


class DynamoDBService:
    """`sim.services["dynamodb"]`: tables, PutItem/UpdateItem/DeleteItem, and their streams."""

    def __init__(self, sim):
        self.sim = sim
        self.tables = {name: Table(sim, name, res)
                       for name, res in sim.scenario.of_type("dynamodb_table").items()}
        for table in self.tables.values():
            table.publish_items()
            if table.stream is not None:
                sim.recorder.set_state(table.name, "stream", table.stream.state())

    def stream_of(self, table: str) -> TableStream | None:
        return self.tables[table].stream

    # -- the API, each a SimPy process run for a script stimulus
    def put_item(self, stimulus, caller):
        table = self.tables[stimulus.table]
        request = {"TableName": table.name, "Item": to_typed_item(stimulus.item)}
        return self._change(table, caller, "PutItem", request, stimulus.item,
                            lambda old: to_typed_item(stimulus.item))
        yield  # a SimPy process, although the write takes no simulated time

    def update_item(self, stimulus, caller):
        table = self.tables[stimulus.table]
        names = {f"#a{i}": k for i, k in enumerate(stimulus.set)}
        values = {f":v{i}": to_attribute_value(v) for i, v in enumerate(stimulus.set.values())}
        request = {"TableName": table.name, "Key": to_typed_item(stimulus.key),
                   "UpdateExpression": "SET " + ", ".join(f"#a{i} = :v{i}"
                                                          for i in range(len(names))),
                   "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}

        def updated(old):  # UpdateItem creates the item when the key is new (an INSERT)
            return {**(old or to_typed_item(stimulus.key)), **to_typed_item(stimulus.set)}
        return self._change(table, caller, "UpdateItem", request, stimulus.key, updated)
        yield

    def delete_item(self, stimulus, caller):
        table = self.tables[stimulus.table]
        request = {"TableName": table.name, "Key": to_typed_item(stimulus.key)}
        return self._change(table, caller, "DeleteItem", request, stimulus.key, lambda old: None)
        yield

    # -- for function code's SDK calls (context.sdk.dynamodb.put_item; builtin.forward)
    def sdk_target(self, operation: str, params: dict):
        from app.handlers.sdk import SdkTarget
        name = str(params.get("TableName", ""))
        return SdkTarget(f"dynamodb:{operation}", self.sim.table_arn(name), name)

    def sdk_put_item(self, params, caller, flow) -> dict:
        """PutItem with a typed Item; the identity check is the SDK's (app/handlers/sdk.py).
        DynamoDB is not a service Lambda sees loops through (§13 A2c), so no chain travels."""
        from app.handlers.sdk import ClientError
        table = self.tables.get(params.get("TableName"))
        if table is None:
            raise ClientError("ResourceNotFoundException", "PutItem", "Requested resource not found")
        item = params["Item"]
        try:
            key_text, keys = table.key_of(from_typed_item(item))
        except KeyError:
            raise ClientError("ValidationException", "PutItem",
                              "One of the required keys was not given a value") from None
        table.write(key_text, keys, item)
        return {}

    def _change(self, table: Table, caller, api: str, request: dict, key_source: dict, new_item):
        rec = self.sim.recorder
        if stopped_before_sending(self.sim, caller, caller.node, table.name, api, "pull"):
            return None
        decision = self.sim.services["iam"].check_identity(caller, f"dynamodb:{api}", table.arn)
        allowed = decision.decision == "allow"
        key_label = ", ".join(str(key_source.get(k, "?")) for k in table.key_names)
        rec.record("request", caller.node, table.name, "pull",
                   f"{caller.node} → {api} {key_label} on {table.name}",
                   _request_narration(caller.node, table, api, allowed),
                   payload=request, permission=decision, tags=() if allowed else ("denied",),
                   chapter_step=1 if table.stream is not None else None)
        expired = expired_error(decision, "dynamodb")
        if expired:  # §13 A6: refused before any policy is read
            rec.record("response", table.name, caller.node, "pull", f"{expired[0]} {expired[1]}",
                       f"DynamoDB refuses: {decision.reason}. The table does not change.",
                       payload={"__type": f"com.amazon.coral.service#{expired[1]}",
                                "message": expired[2]}, status=expired[0], tags=("denied",))
            return None
        if not allowed:
            rec.record("response", table.name, caller.node, "pull", "400 AccessDeniedException",
                       f"DynamoDB refuses: {decision.reason}. The table does not change.",
                       payload={"__type": "com.amazon.coral.service#AccessDeniedException",
                                "message": f"User: {caller.display} is not authorized to perform: "
                                           f"dynamodb:{api} on resource: {table.arn}"},
                       status=400, tags=("denied",))
            return None
        try:
            key_text, keys = table.key_of(key_source)
        except KeyError as missing:
            rec.record("response", table.name, caller.node, "pull", "400 ValidationException",
                       f"DynamoDB refuses the write: the item has no value for the key "
                       f"attribute {missing}.",
                       payload={"__type": "com.amazon.coral.validate#ValidationException",
                                "message": "One of the required keys was not given a value"},
                       status=400, tags=("error",))
            return None
        record = table.write(key_text, keys, new_item(table.items.get(key_text)))
        added = f" → stream: {record.document['eventName']}" if record is not None else ""
        rec.record("response", table.name, caller.node, "pull", f"200 {api}{added}",
                   _response_narration(table, api, record), payload={}, status=200)
        return record


def _request_narration(actor: str, table: Table, api: str, allowed: bool) -> str:
    verb = {"PutItem": "writes an item to", "UpdateItem": "updates an item in",
            "DeleteItem": "deletes an item from"}[api]
    text = f"The application {actor} {verb} the DynamoDB table {table.name}."
    if not allowed:
        return text + f" Its credentials do not allow dynamodb:{api} on this table."
    return text + f" Its identity policy allows dynamodb:{api} on the table."


def _response_narration(table: Table, api: str, record: StreamRecord | None) -> str:
    if table.stream is None:
        return f"DynamoDB applies the {api}. The table has no stream, so nothing else happens."
    if record is None:
        return (f"DynamoDB accepts the {api}, but the item did not change, so DynamoDB Streams "
                f"adds no record.")
    event_name = record.document["eventName"]
    article = "an" if event_name[0] in "AEIOU" else "a"
    return (f"DynamoDB applies the {api} and, because the table's stream is on, appends "
            f"{article} {event_name} record to the stream. With view type "
            f"{table.stream.view_type} it carries {_images_text(record.document['dynamodb'])}.")


def _images_text(images: dict[str, Any]) -> str:
    """What a record holds, in words: the key, and which images of the item."""
    new, old = "NewImage" in images, "OldImage" in images
    if new and old:
        return "the key and the item before and after the change"
    if new:
        return "the key and the item as it is now"
    if old:
        return "the key and the item as it was"
    return "only the key"
