"""An SQS mapping's first poll: the execution role's read rights on the queue, and what it says.

Moved out of app/engine/sqs_poller.py (whose QueuePoller uses these as its `_read_permission` and
`_first_poll`). Lambda long-polls the queue itself with the mapping's execution role
(lambda-behaviour.md §14, SQS22): without the read rights the mapping receives nothing, which
the first poll shows as a denied step.
"""

from __future__ import annotations

from app.engine.sqs_poller_texts import messages, scaling_caveat, scaling_sentence

READ_ACTIONS = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")  # §14 (SQS22)


def read_permission(poller):
    """The execution role's decision on reading the queue, decided once per poller and kept
    (with the sqs:DeleteMessage one, which the poller's deletes show, in `_delete_decision`).

    In: a QueuePoller. Out: the first denied one of READ_ACTIONS' PermissionDecisions, else the
    allowed sqs:ReceiveMessage one. Raises nothing. AWS: a queue's mapping needs the rights of
    AWSLambdaSQSQueueExecutionRole (lambda-behaviour.md §14, SQS22)."""
    if poller._decision is None:
        iam = poller.sim.services["iam"]
        session = iam.role_session(poller.m.role, poller.config.function, node="lambda")
        decisions = [iam.check_identity(session, a, poller.queue.arn) for a in READ_ACTIONS]
        denied = [d for d in decisions if d.decision != "allow"]
        poller._decision = denied[0] if denied else decisions[0]
        poller._delete_decision = decisions[1]
    return poller._decision


def first_poll(poller) -> bool:
    """The mapping's first long-poll of the queue, recorded: denied (the mapping's
    LastProcessingResult turns PROBLEM and nothing is ever received: returns False) or empty
    for now, with how Lambda scales its pollers (returns True). In: a QueuePoller.
    AWS: lambda-behaviour.md §14 (SQS22, SQSSC)."""
    decision = read_permission(poller)
    if decision.decision != "allow":
        poller.m.last_result = "PROBLEM: the execution role cannot read the queue"
        poller._publish()
        poller.sim.recorder.record(
            "poll", "lambda", poller.queue.name, "pull",
            f"poll {poller.queue.name}: AccessDenied ({decision.action})",
            f"Lambda tries to receive messages from the SQS queue {poller.queue.name} for the "
            f"mapping {poller.m.name}, with the execution role {poller.m.role}. The role does not "
            f"allow {decision.action}, so Lambda cannot read the queue and never invokes "
            f"{poller.m.function}. A queue's mapping needs sqs:ReceiveMessage, sqs:DeleteMessage "
            f"and sqs:GetQueueAttributes (AWSLambdaSQSQueueExecutionRole).",
            permission=decision, tags=("denied",))
        return False
    poller._publish()
    poller.sim.recorder.record(
        "poll", "lambda", poller.queue.name, "pull", f"long-poll {poller.queue.name}: empty for now",
        f"The event source mapping {poller.m.name} is a Lambda resource: Lambda itself "
        f"long-polls the SQS queue {poller.queue.name} with the role {poller.m.role}, and "
        f"invokes {poller.m.function} synchronously with batches of up to "
        f"{messages(poller.config.batch_size)}. "
        + scaling_sentence(poller.queue.fifo, poller.config.scaling_config.maximum_concurrency),
        permission=decision,
        caveat=scaling_caveat(poller.queue.fifo, poller.config.scaling_config.maximum_concurrency))
    return True
