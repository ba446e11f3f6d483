"""Checks that need the whole file: every name points at a resource of the right type.

Run on the parts that passed structural validation (a broken resource still counts as
existing, so one typo does not cascade into "no such resource" everywhere). Each rule follows
what AWS itself would refuse, with the reference section cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.english import possessive
from app.scenario.errors import Problem, format_path
from app.scenario.function_checks import (check_execution_role, check_handler,
                                          check_handlers_of_broken_functions, check_reservations)
from app.scenario.messages import did_you_mean
from app.scenario.models import NarrationOverride
from app.scenario.resources import (
    ApiGateway, CognitoIdentityPool, DynamoDBTable, EventSourceMapping, Function, IamRole, S3Bucket,
    SqsQueue,
)
from app.scenario.queue_checks import check_filters, check_queue_mapping, check_sqs_queue
from app.scenario.schedules import parse as parse_schedule
from app.scenario.script_checks import check_stimulus
from app.scenario.sns_checks import check_subscription_options
from app.scenario.s3_filters import AMBIGUOUS_MESSAGE, ambiguous_pairs, describe as describe_filter
from app.scenario.versions_check import check_function_versions, check_trigger_qualifiers
from app.scenario.yaml_source import Source

SERVICE_NODES = ("lambda", "sts")
"""Graph nodes that are AWS services, not resources (the node naming contract)."""

QUEUES = ("sqs_queue", "sns_topic")

# lambda-behaviour.md §7 (S3T): the event types a notification configuration may name.
S3_EVENT_TYPES = (
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition", "s3:IntelligentTiering",
    "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put",
)
MAX_NAMES_SHOWN = 6  # names offered when a reference is like none of them


@dataclass
class Parts:
    """What passed structural validation, by position in the file."""

    declared: dict[str, str | None]  # every resource name → its `type:` as written
    resources: dict[str, BaseModel]  # the resources that validated
    script: dict[int, BaseModel] = field(default_factory=dict)
    narration: dict[int, NarrationOverride] = field(default_factory=dict)
    positions: list[str] = field(default_factory=list)
    # Paths repaired to validate (app.scenario.salvage): their mistakes are reported by the
    # validation, so nothing found under them is reported again.
    suppressed: list[tuple] = field(default_factory=list)
    names_known: bool = True  # False when `resources:` is not a mapping: no name can be checked
    ambiguous: frozenset[str] = frozenset()  # names written twice under `resources:`


def article(kind: str) -> str:
    """`an s3_bucket`, `a function`: a resource type as a sentence says it."""
    return f"an {kind}" if kind[0] in "aeiou" or kind.startswith(("s3", "sqs", "sns")) else f"a {kind}"


def _how_to_fix(declared: dict[str, str | None], allowed: tuple[str, ...]) -> str:
    """For a name that is like none declared: "; declare it …, or name one that exists: a, b"."""
    existing = [n for n, t in declared.items() if t in allowed]
    if not existing:
        return f"; declare it under `resources:` (as {' or '.join(article(k) for k in allowed)})"
    shown = ", ".join(existing[:MAX_NAMES_SHOWN]) + (", …" if len(existing) > MAX_NAMES_SHOWN else "")
    return f"; declare it under `resources:`, or name one that exists: {shown}"


def parts_of(scenario) -> Parts:
    """The cross-reference view of a validated Scenario (the loader's, and an edited one's)."""
    return Parts(
        declared={name: res.type for name, res in scenario.resources.items()},
        resources=dict(scenario.resources),
        script=dict(enumerate(scenario.script)),
        narration=dict(enumerate(scenario.narration)),
        positions=list(scenario.positions),
    )


class CrossRefs:
    def __init__(self, source: Source, parts: Parts):
        self.source, self.parts = source, parts
        self.problems: list[Problem] = []
        self.folder = Path(source.file).resolve().parent if source.file else None

    def problem(self, path: tuple, message: str, reference: bool = False) -> None:
        if self.after_repair(path, "" if reference else message):
            return
        line, col = self.source.locations.of(path)
        self.problems.append(Problem(self.source.file, line, col, format_path(path), message))

    def after_repair(self, path: tuple, message: str = "") -> bool:
        """Would a problem at `path` saying `message` come from a repair (app.scenario.salvage)
        rather than from the file? True when `path` is at or under a repaired key, or when a
        repaired key at, under or beside `path` is named in `message` ("needs starting_position"
        beside a `starting_position` left out for its wrong value). A problem of the entry
        itself that names no repaired key ("the name 'sts' is reserved") is kept. Lookups are
        by prefix, so a file with thousands of repairs is checked in linear time."""
        if not self.parts.suppressed:
            return False
        repaired, named_under, named_beside = self._repairs()
        if any(path[:n] in repaired for n in range(1, len(path) + 1)):
            return True
        names = named_under.get(path, set()) | named_beside.get(path[:-1], set())
        return any(re.search(rf"\b{re.escape(name)}\b", message) for name in names)

    def repaired_under(self, path: tuple) -> bool:
        """Was a key at or under `path` repaired (so checks across its entries would compare
        stand-ins)?"""
        if not self.parts.suppressed:
            return False
        repaired, under, _ = self._repairs()
        return path in under or any(path[:n] in repaired for n in range(1, len(path) + 1))

    def _repairs(self) -> tuple[set, dict, dict]:
        """(the repaired paths; for each path, the keys repaired at or under it; for each
        mapping, the keys repaired in it), worked out once."""
        if getattr(self, "_repair_index", None) is None:
            under: dict[tuple, set] = {}
            beside: dict[tuple, set] = {}
            for repaired in self.parts.suppressed:
                if repaired and isinstance(repaired[-1], str):
                    beside.setdefault(repaired[:-1], set()).add(repaired[-1])
                    for n in range(len(repaired)):
                        under.setdefault(repaired[:n], set()).add(repaired[-1])
            self._repair_index = (set(self.parts.suppressed), under, beside)
        return self._repair_index

    def _same_kind(self, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """The names a reference to one of the `allowed` types may have meant (a resource whose
        own `type:` is misspelt may be the one meant; every name when none fits), worked out
        once per `allowed`: a file with thousands of broken references listed them each time."""
        kept = self.__dict__.setdefault("_same_kind_of", {})
        if allowed not in kept:
            declared = self.parts.declared
            kept[allowed] = tuple(n for n, t in declared.items() if t in allowed or t is None) \
                or tuple(declared)
        return kept[allowed]

    def ref(self, path: tuple, name: Any, allowed: tuple[str, ...], what: str) -> bool:
        """Does `name` (written at `path`) name a resource of one of the `allowed` types?"""
        if name is None or not self.parts.names_known or name in self.parts.ambiguous:
            return False  # no resources to look in, or which of two the name means is unclear
        declared = self.parts.declared
        if name not in declared:
            same_kind = self._same_kind(allowed)
            self.problem(path, f"there is no resource named '{name}'"
                               f"{did_you_mean(name, same_kind) or _how_to_fix(declared, allowed)}",
                         reference=True)
            return False
        kind = declared[name]
        if kind is None:
            return False  # its own `type:` is wrong, and that is reported already
        if kind not in allowed:
            wanted = " or ".join(article(k) for k in allowed)
            self.problem(path, f"'{name}' is {article(kind)}, but {what} must "
                               f"name {wanted}", reference=True)
            return False
        return True

    def run(self) -> list[Problem]:
        for name in self.parts.declared:
            if name in SERVICE_NODES:
                self.problem(("resources", name), f"the name '{name}' is reserved for the AWS service "
                                                  f"node of that name; pick another name")
        for name, res in self.parts.resources.items():
            check = getattr(self, f"_check_{type(res).__name__}", None)
            if check:
                check(("resources", name), res)
        check_handlers_of_broken_functions(self)
        check_reservations(self)  # at least 100 unreserved (§11, §19)
        check_trigger_qualifiers(self)  # `function: NAME:QUALIFIER` on triggers (§18)
        for i, stimulus in self.parts.script.items():
            check_stimulus(self, ("script", i), stimulus)
        self._check_presentation()
        return self.problems

    # --- resources ------------------------------------------------------------------------
    def _check_S3Bucket(self, at: tuple, bucket: S3Bucket) -> None:
        for i, note in enumerate(bucket.notifications):
            self.ref((*at, "notifications", i, "function"), note.function, ("function",),
                     "a notification's function")
            self.ref((*at, "notifications", i, "topic"), note.topic, ("sns_topic",),
                     "a notification's topic")
            self.ref((*at, "notifications", i, "queue"), note.queue, ("sqs_queue",),
                     "a notification's queue")
            if sum(x is not None for x in (note.function, note.topic, note.queue)) != 1:
                self.problem((*at, "notifications", i),
                             "a notification takes exactly one of `function`, `topic` or `queue`")
            for j, event in enumerate(note.events):
                if event not in S3_EVENT_TYPES:  # S3 refuses the configuration (InvalidArgument)
                    self.problem((*at, "notifications", i, "events", j),
                                 f"'{event}' is not an S3 event type{did_you_mean(event, S3_EVENT_TYPES)}")
        if self.repaired_under((*at, "notifications")):
            return  # a filter left out for its mistake would make notifications look overlapping
        for i, j in ambiguous_pairs(bucket.notifications):  # §7, §13 A4 (KCAMB)
            self.problem((*at, "notifications", j),
                         f"overlaps notifications[{i}] ({describe_filter(bucket.notifications[i])}) "
                         f"for the same event type, so one key could match both; S3 refuses the "
                         f"configuration (\"{AMBIGUOUS_MESSAGE}\"). Give the two rules prefixes or "
                         f"suffixes no key can match both of, or different event types")

    def _check_SnsTopic(self, at: tuple, topic) -> None:
        # lambda-behaviour.md §20 (SNS22): a subscription's endpoint must exist.
        for i, sub in enumerate(topic.subscriptions):
            self.ref((*at, "subscriptions", i, "function"), sub.function, ("function",),
                     "a subscription's function")
            self.ref((*at, "subscriptions", i, "queue"), sub.queue, ("sqs_queue",),
                     "a subscription's queue")
            if (sub.function is None) == (sub.queue is None):
                self.problem((*at, "subscriptions", i),
                             "a subscription takes exactly one of `function` or `queue`")
            check_subscription_options(self, (*at, "subscriptions", i), sub)

    def _check_EventBridgeRule(self, at: tuple, rule) -> None:
        # lambda-behaviour.md §21 (EVB22): this build's rules target functions.
        for i, target in enumerate(rule.targets):
            self.ref((*at, "targets", i), target, ("function",), "a rule's target")
        if (rule.schedule_expression is None) == (rule.event_pattern is None):
            self.problem(at, "a rule takes exactly one of `schedule_expression` or `event_pattern` "
                             "(EventBridge refuses both, and a rule with neither never runs)")
        if rule.event_pattern is not None:
            from app.engine.event_filter import PatternError, validate_pattern  # stdlib-only module
            try:
                validate_pattern(rule.event_pattern, "eventbridge")  # §21 (EBOPS)
            except PatternError as exc:
                self.problem((*at, "event_pattern"), str(exc))
        if rule.schedule_expression is not None:
            try:
                parse_schedule(rule.schedule_expression)
            except ValueError as exc:
                self.problem((*at, "schedule_expression"), str(exc))

    def _check_ApiGateway(self, at: tuple, api: ApiGateway) -> None:
        for i, route in enumerate(api.routes):
            self.ref((*at, "routes", i, "function"), route.function, ("function",), "a route's function")

    def _check_CognitoIdentityPool(self, at: tuple, pool: CognitoIdentityPool) -> None:
        for key in ("authenticated_role", "unauthenticated_role"):
            self.ref((*at, key), getattr(pool, key), ("iam_role",), f"the pool's {key}")

    def _check_IamRole(self, at: tuple, role: IamRole) -> None:
        for i, trust in enumerate(role.trusts):
            self.ref((*at, "trusts", i, "identity_pool"), trust.identity_pool, ("cognito_identity_pool",),
                     "a trust statement's identity_pool")

    def _check_Function(self, at: tuple, fn: Function) -> None:
        if self.ref((*at, "role"), fn.role, ("iam_role",), "a function's role"):
            check_execution_role(self, at, fn)
        check_handler(self, at, fn.handler, fn.options)
        # lambda-behaviour.md §4 (ASY): a DLQ is an SQS queue or SNS topic; destinations may also be a function.
        self.ref((*at, "dead_letter_queue"), fn.dead_letter_queue, QUEUES, "a dead_letter_queue")
        check_function_versions(self, at, fn)  # §18, §19
        for key in ("on_success", "on_failure"):
            self.ref((*at, "event_invoke_config", key), getattr(fn.event_invoke_config, key),
                     (*QUEUES, "function"), f"an event_invoke_config {key} destination")

    def _check_SqsQueue(self, at: tuple, queue: SqsQueue) -> None:
        check_sqs_queue(self, at, queue)

    def _check_EventSourceMapping(self, at: tuple, esm: EventSourceMapping) -> None:
        self.ref((*at, "function"), esm.function, ("function",), "a mapping's function")
        # lambda-behaviour.md §5 (KP): a mapping's on-failure destination is an SQS queue or SNS topic.
        self.ref((*at, "on_failure"), esm.on_failure, QUEUES, "a mapping's on_failure")
        if not self.ref((*at, "source"), esm.source, ("kinesis_stream", "dynamodb_table", "sqs_queue"),
                        "a mapping's source"):
            return
        if self.parts.declared[esm.source] == "sqs_queue":
            check_queue_mapping(self, at, esm)
            return
        if esm.starting_position is None:
            self.problem((*at, "source"), "a mapping that reads a stream needs starting_position "
                                          "(TRIM_HORIZON, LATEST or AT_TIMESTAMP)")
        if esm.scaling_config.maximum_concurrency is not None:
            # lambda-behaviour.md §14 (SQSSC): ScalingConfig is for SQS mappings.
            self.problem((*at, "scaling_config"), "scaling_config (MaximumConcurrency) is for "
                                                  "mappings that read an SQS queue; remove it")
        table = self.parts.resources.get(esm.source)
        if self.parts.declared[esm.source] == "dynamodb_table":
            if isinstance(table, DynamoDBTable) and not (table.stream and table.stream.enabled):
                fix = (f"write `stream: {{enabled: true}}` in place of {possessive(esm.source)} `stream:`"
                       if table.stream else f"add to {esm.source}: `stream: {{enabled: true}}`")
                self.problem((*at, "source"), f"table '{esm.source}' has no stream turned on; a mapping "
                                              f"reads the table's DynamoDB stream, so {fix}")
            if esm.starting_position == "AT_TIMESTAMP":
                # lambda-behaviour.md §5 (DP): DynamoDB Streams take TRIM_HORIZON or LATEST only.
                self.problem((*at, "starting_position"), "AT_TIMESTAMP works only for Kinesis streams; "
                                                         "a DynamoDB stream starts at TRIM_HORIZON or LATEST")
                return
        if esm.starting_position == "AT_TIMESTAMP" and esm.starting_position_timestamp is None:
            self.problem((*at, "starting_position"), "AT_TIMESTAMP needs starting_position_timestamp "
                                                     "(the time to start reading from)")
        if esm.starting_position != "AT_TIMESTAMP" and esm.starting_position_timestamp is not None:
            self.problem((*at, "starting_position_timestamp"), "starting_position_timestamp is used only "
                                                               "with starting_position: AT_TIMESTAMP")
        check_filters(self, at, esm)

    # --- presentation ---------------------------------------------------------------------
    def _node(self, path: tuple, name: str | None) -> None:
        if not self.parts.names_known:
            return
        if name is not None and name not in self.parts.declared and name not in SERVICE_NODES:
            nodes = [*self.parts.declared, *SERVICE_NODES]
            self.problem(path, f"there is no node named '{name}'{did_you_mean(name, nodes)}; use a "
                               f"resource name, 'lambda' or 'sts'")

    def _check_presentation(self) -> None:
        from app.engine.trace import STEP_KINDS  # stdlib-only module; imported late to avoid a cycle

        for i, override in self.parts.narration.items():
            self._node(("narration", i, "source"), override.source)
            self._node(("narration", i, "target"), override.target)
            if override.kind is not None and override.kind not in STEP_KINDS:
                self.problem(("narration", i, "kind"), f"unknown step kind '{override.kind}'"
                                                       f"{did_you_mean(override.kind, STEP_KINDS)}; kinds: "
                                                       f"{', '.join(STEP_KINDS)}")
        for name in self.parts.positions:
            self._node(("positions", name), name)


def check_references(source: Source, parts: Parts) -> list[Problem]:
    """Every cross-reference problem in the validated `parts` of `source`, leaving out those
    under `parts.suppressed`."""
    return without_suppressed(CrossRefs(source, parts).run(), parts.suppressed)


def without_suppressed(problems: list[Problem], suppressed: list[tuple]) -> list[Problem]:
    """`problems` less those at or under one of the `suppressed` data paths."""
    if not suppressed:
        return problems
    prefixes = {format_path(path) for path in suppressed}
    return [p for p in problems if not any(x in prefixes for x in _key_path_prefixes(p.key_path))]


def _key_path_prefixes(key_path: str):
    """'resources.a.b[2]' → 'resources', 'resources.a', 'resources.a.b', 'resources.a.b[2]'."""
    for i, char in enumerate(key_path):
        if char in ".[":
            yield key_path[:i]
    yield key_path
