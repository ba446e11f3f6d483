"""A stream mapping's first poll of a shard: the execution role's read rights, and what it says.

Moved out of app/engine/stream_poller.py (whose ShardPoller uses these as its `_read_permission`
and `_first_poll`). Lambda reads a Kinesis or DynamoDB stream itself, with the mapping's
execution role (lambda-behaviour.md §5, ESM/KIN/DDB): a role without the read rights leaves the
mapping reading nothing, which the first poll shows as a denied step.
"""

from __future__ import annotations

from app.engine.stream_lanes import LANE_CAVEAT

PROBLEM_CAVEAT = ("In AWS, CreateEventSourceMapping already refuses a role without these read "
                  "rights, and a mapping whose role loses them stops reading and reports a "
                  "PROBLEM in LastProcessingResult. Here the mapping exists and its poll is shown "
                  "failing.")


def read_permission(poller):
    """The execution role's decision on reading the stream, decided once per poller and kept.

    In: a ShardPoller (its mapping's role, its source's `read_actions` and ARN). Out: the first
    denied read action's PermissionDecision, else the allowed GetRecords one. Raises nothing.
    AWS: the role needs every read right of AWSLambdaKinesisExecutionRole /
    AWSLambdaDynamoDBExecutionRole (lambda-behaviour.md §5, KIN/DDB)."""
    if poller._read_decision is None:
        iam = poller.sim.services["iam"]
        session = iam.role_session(poller.m.role, poller.config.function, node="lambda")
        decisions = [iam.check_identity(session, action, poller.source.arn)
                     for action in poller.source.read_actions]
        denied = [d for d in decisions if d.decision != "allow"]
        reads = [d for d in decisions if d.action.endswith(":GetRecords")]
        poller._read_decision = denied[0] if denied else reads[0]
    return poller._read_decision


def first_poll(poller) -> bool:
    """The mapping's first poll of a shard (or lane): assume the role, check the read rights,
    and record what the poll found. In: a ShardPoller. Out: False when the shard is never
    read (the role cannot be assumed or cannot read: a PROBLEM step is recorded), True
    otherwise; records already waiting are left for the first batch's poll to tell.
    AWS: lambda-behaviour.md §5 (ESM, KIN, KP): Lambda polls the stream itself, with the role."""
    if not poller.m.assume_role():
        return False
    decision = read_permission(poller)
    rate = ("once a second" if poller.source.source_kind == "kinesis" else "four times a second")
    notes = [getattr(poller.source, "shard_note", None)]
    if poller.lanes is not None:
        notes.append(LANE_CAVEAT)
    caveat = " ".join(n for n in notes if n) or None
    where = poller._where()
    quiet = poller.lanes is not None and poller.shard.index > 0  # the shard's first lane tells
    if decision.decision != "allow":
        poller.m.last_result = "PROBLEM: the execution role cannot read the stream"
        poller.update_shard(blocked=True)
        if quiet:
            return False
        poller._record("poll", f"poll {poller.shard.shard_id}: AccessDenied ({decision.action})",
                       f"Lambda tries to read {where} for the mapping {poller.m.name}, using the "
                       f"execution role {poller.m.role}. The role does not allow "
                       f"{decision.action}, so Lambda cannot read the stream and will never "
                       f"invoke {poller.m.function} from it. The role needs the read rights of "
                       f"{poller._managed_policy()}.",
                       permission=decision, tags=("denied",),
                       caveat=PROBLEM_CAVEAT + (" " + caveat if caveat else ""))
        return False
    if poller.shard.trim_horizon(poller.sim.now, poller.position) < len(poller.shard.records):
        # Records are already waiting (TRIM_HORIZON, AT_TIMESTAMP): the first poll reads
        # them (§5 KIN, KP); `_record_poll` tells it, with this poll's caveat.
        poller._first_read = caveat or ""
        return True
    if quiet:
        return True
    poller._record("poll", f"poll {poller.shard.shard_id}: no records yet",
                   f"The event source mapping {poller.m.name} is a Lambda resource, so Lambda "
                   f"itself polls {where}, {rate}, with the role {poller.m.role}. The shard is "
                   f"empty for now; Lambda keeps polling.{poller._lanes_text(first=True)}",
                   permission=decision, caveat=caveat)
    return True
