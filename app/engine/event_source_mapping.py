"""Event source mappings: the Lambda resource that reads a stream for a function (chapter
Example 2; lambda-behaviour.md §5, sources ESM, KIN, DDB, KP, DP).

Unlike S3's notification configuration, a mapping lives in Lambda, and Lambda itself polls each
shard and invokes the function synchronously. Lambda needs no permission on the function for
that; the execution role needs the rights to read the stream (§6, MPK/MPD).
"""

from __future__ import annotations

import uuid
from functools import cached_property
from dataclasses import dataclass, field
from typing import Any

from app.engine.batch_items import filter_document
from app.engine.event_filter import PatternError, matches_any, parse_pattern
from app.engine.stream_lanes import Lanes
from app.engine.stream_poller import ShardPoller

DEFAULT_BATCH_SIZE = {"sqs_queue": 10, "kinesis_stream": 100, "dynamodb_table": 100}  # §5, §14


def mapping_problems(scenario, name: str, esm) -> list[str]:
    """What CreateEventSourceMapping would refuse (InvalidParameterValueException), in words."""
    source = scenario.resources.get(esm.source)
    problems = []
    for i, f in enumerate(esm.filter_criteria.filters if esm.filter_criteria else ()):
        try:
            parse_pattern(f.pattern)
        except PatternError as exc:
            problems.append(f"{name}: filter {i + 1}: {exc}")
    if source is not None and source.type == "sqs_queue":
        from app.engine.sqs_poller import queue_mapping_problems
        return problems + queue_mapping_problems(scenario, name, esm, source)
    if esm.starting_position is None:
        problems.append(f"{name}: a stream's mapping needs a starting_position")
    if source is None or source.type not in ("kinesis_stream", "dynamodb_table"):
        problems.append(f"{name}: source {esm.source} is not a Kinesis stream, DynamoDB table "
                        f"or SQS queue")
    elif source.type == "dynamodb_table" and not (source.stream and source.stream.enabled):
        problems.append(f"{name}: table {esm.source} has no stream turned on")
    elif source.type == "dynamodb_table" and esm.starting_position == "AT_TIMESTAMP":
        # lambda-behaviour.md §5 (DP): DynamoDB Streams take TRIM_HORIZON or LATEST only
        problems.append(f"{name}: AT_TIMESTAMP is for Kinesis only; a DynamoDB stream starts at "
                        f"TRIM_HORIZON or LATEST")
    if esm.starting_position == "AT_TIMESTAMP" and esm.starting_position_timestamp is None:
        problems.append(f"{name}: AT_TIMESTAMP needs starting_position_timestamp")
    function = scenario.resources.get(esm.function)
    if function is None or function.type != "function":
        problems.append(f"{name}: {esm.function} is not a function")
    return problems


@dataclass
class Mapping:
    """One mapping as Lambda holds it, with the state the inspector shows."""

    sim: Any
    name: str
    config: Any  # the scenario's EventSourceMapping
    source: Any  # KinesisStream or TableStream
    uuid: str
    role: str
    shard_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_result: str = "No records processed"
    role_assumed: bool | None = None  # None until the first poll of any shard asks
    queue_state: dict[str, Any] = field(default_factory=dict)  # SQS: pollers, batches in flight

    @cached_property
    def patterns(self) -> list[dict]:
        """The parsed filter patterns (§16); empty when the mapping filters nothing."""
        if self.config.filter_criteria is None:
            return []
        return [parse_pattern(f.pattern) for f in self.config.filter_criteria.filters]

    def passes_filter(self, record: dict) -> bool:
        """Does this record (as the event holds it) reach the function? (§16, EVF)"""
        patterns = self.patterns
        return not patterns or matches_any(patterns, filter_document(record))

    def assume_role(self) -> bool:
        """Once per mapping, before its first poll: the mapping reads the stream with the
        function's execution role (lambda-behaviour.md §5; §6 KIN/DDB), so Lambda assumes it
        (trust policy checked). Later polls of every shard reuse these credentials."""
        if self.role_assumed is None:
            iam = self.sim.services["iam"]
            decision = iam.check_trust(self.role, iam.lambda_principal(self.function),
                                       "sts:AssumeRole")
            self.role_assumed = ok = decision.decision == "allow"
            if not ok:
                self.last_result = "PROBLEM: the execution role cannot be assumed"
            self.sim.recorder.record(
                "assume-role", "lambda", self.role, "pull",
                f"Lambda assumes {self.role} for the mapping {self.name}"
                + ("" if ok else " (refused)"),
                f"Before its first poll, Lambda gets credentials for the mapping {self.name}: the "
                f"event source mapping reads the {self.source_word} with the function's execution role, "
                f"{self.role}, so Lambda calls sts:AssumeRole on it. "
                + (f"The trust policy allows lambda.amazonaws.com, so it works; every poll of "
                   f"{self.source.node} signs with these credentials." if ok else
                   f"It fails: {decision.reason}. Lambda cannot read {self.source.node}, so "
                   f"{self.function} is never invoked from it."),
                permission=decision, tags=() if ok else ("denied",))
        return self.role_assumed

    @property
    def source_word(self) -> str:
        return "queue" if getattr(self.source, "source_kind", None) == "sqs" else "stream"

    @property
    def function(self) -> str:
        return self.config.function

    @property
    def role_arn(self) -> str:
        return self.sim.role_arn(self.role)

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.sim.region}:{self.sim.account}:event-source-mapping:{self.uuid}"

    @property
    def created_at(self) -> float:
        return float(getattr(self.config, "created_at", 0.0) or 0.0)

    def update_shard(self, shard_id: str, **values: Any) -> None:
        """Record a shard's checkpoint/blocked state, on the mapping and on the stream's node."""
        self.shard_state[shard_id] = {**self.shard_state.get(shard_id, {}), **values}
        rec = self.sim.recorder
        rec.set_state("lambda", f"event_source_mapping:{self.name}", self.describe())
        iterators = dict(rec.state.get(self.source.node, {}).get("iterators", {}))
        iterators[f"{self.name}/{shard_id}"] = dict(self.shard_state[shard_id])
        rec.set_state(self.source.node, "iterators", iterators)

    def describe(self) -> dict[str, Any]:
        """GetEventSourceMapping's answer, plus the per-shard positions Lambda keeps."""
        c = self.config
        out: dict[str, Any] = {
            "UUID": self.uuid, "State": "Enabled" if c.enabled else "Disabled",
            "EventSourceArn": self.source.arn, "FunctionArn": self.sim.function_arn(c.function, getattr(c, "qualifier", None)),
            "BatchSize": c.batch_size,
            "MaximumBatchingWindowInSeconds": c.maximum_batching_window_in_seconds,
        }
        if c.function_response_types:
            out["FunctionResponseTypes"] = list(c.function_response_types)
        if c.filter_criteria is not None:
            out["FilterCriteria"] = {"Filters": [{"Pattern": f.pattern}
                                                 for f in c.filter_criteria.filters]}
        if getattr(self.source, "source_kind", None) == "sqs":
            if c.scaling_config.maximum_concurrency:
                out["ScalingConfig"] = {"MaximumConcurrency": c.scaling_config.maximum_concurrency}
            out.update(self.queue_state)
            out["LastProcessingResult"] = self.last_result
            return out
        return {**out,
            "StartingPosition": c.starting_position,
            "MaximumRetryAttempts": c.maximum_retry_attempts,
            "MaximumRecordAgeInSeconds": c.maximum_record_age_in_seconds,
            "BisectBatchOnFunctionError": c.bisect_batch_on_function_error,
            "ParallelizationFactor": c.parallelization_factor,
            "LastProcessingResult": self.last_result,
            "shards": {k: dict(v) for k, v in self.shard_state.items()},
        }


class EventSourceMappingService:
    """Creates every mapping of the scenario and starts one poller per shard."""

    def __init__(self, sim):
        self.sim = sim
        self.mappings: dict[str, Mapping] = {}
        # retries a long stream block skipped (app.engine.stream_failure): counted, as estimates
        self.estimated = {"invocations": 0, "throttles": 0}

    def note_estimate(self, estimate: dict) -> None:
        """Add a fast-forward's skipped invokes (`estimate`: invocations, throttles) to the
        run's estimated totals (read by app.engine.summary)."""
        self.estimated["invocations"] += estimate["invocations"]
        self.estimated["throttles"] += estimate["throttles"]

    def start(self) -> None:
        """Call once, before `env.run()`: creates the mappings and their poller processes."""
        for name, esm in self.sim.scenario.of_type("event_source_mapping").items():
            problems = mapping_problems(self.sim.scenario, name, esm)
            if problems:
                self._refuse(name, esm, problems)
                continue
            self._create(name, esm)

    def reports_item_failures(self, function: str, event) -> bool:
        """Is `event` a batch from a mapping of `function` with ReportBatchItemFailures on?"""
        records = event.get("Records") if isinstance(event, dict) else None
        if not records or not isinstance(records[0], dict):
            return False
        arn = records[0].get("eventSourceARN")
        return any(m.function == function and m.source.arn == arn
                   and m.config.report_batch_item_failures for m in self.mappings.values())

    def _source(self, esm):
        res = self.sim.scenario.resources[esm.source]
        if res.type == "sqs_queue":
            return self.sim.services["sqs"].queues[esm.source]
        if res.type == "kinesis_stream":
            return self.sim.services["kinesis"].streams[esm.source]
        return self.sim.services["dynamodb"].stream_of(esm.source)

    def _create(self, name: str, esm) -> None:
        function = self.sim.scenario.resources[esm.function]
        kind = self.sim.scenario.resources[esm.source].type
        if esm.batch_size is None:
            esm = esm.model_copy(update={"batch_size": DEFAULT_BATCH_SIZE[kind]})
        mapping_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.sim.seed}/esm/{name}"))
        mapping = Mapping(self.sim, name, esm, self._source(esm), mapping_id, function.role)
        self.mappings[name] = mapping
        self.sim.recorder.set_state("lambda", f"event_source_mapping:{name}", mapping.describe())
        if not esm.enabled:
            self.sim.recorder.record(
                "poll", "lambda", mapping.source.node, "pull", f"mapping {name} is disabled",
                f"The event source mapping {name} exists but is disabled, so Lambda does not poll "
                f"{esm.source} and never invokes {esm.function} from it. Enabling it would start "
                f"polling from {esm.starting_position}.", tags=("disabled",))
            return
        if kind == "sqs_queue":
            from app.engine.sqs_poller import QueuePoller
            self.sim.env.process(QueuePoller(mapping).run())
            return
        for shard in mapping.source.shards:
            if esm.parallelization_factor > 1:  # §17: up to N batches of a shard at once
                lanes = Lanes(mapping, shard, esm.parallelization_factor)
                lanes.pollers = [ShardPoller(mapping, lane, lanes) for lane in lanes.lanes]
                for poller in lanes.pollers:
                    self.sim.env.process(poller.run())
                continue
            self.sim.env.process(ShardPoller(mapping, shard).run())

    def _refuse(self, name: str, esm, problems: list[str]) -> None:
        """A mapping AWS would not create: say so loudly at time 0 and poll nothing."""
        target = esm.source if esm.source in self.sim.scenario.resources else "lambda"
        message = "; ".join(problems)
        self.sim.recorder.record(
            "error", "lambda", target, "pull",
            f"CreateEventSourceMapping {name} refused: InvalidParameterValueException",
            f"Lambda refuses to create the event source mapping {name}: {message}. Nothing "
            f"polls {esm.source}, so {esm.function} is never invoked from it.",
            payload={"__type": "InvalidParameterValueException", "message": message},
            status=400, tags=("denied",))
