"""Lambda's recursive-loop detection: counting the invocations one triggering event causes.

docs/reference/lambda-behaviour.md §7 and §13 A2
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html): Lambda tracks how many
times function code has passed an event on, in the X-Ray trace header's `Lineage` that the AWS
SDKs carry. When a function would run a 17th time in one chain (about 16 invocations caused by
the same triggering event), Lambda stops that invocation. It sees loops through Amazon SQS and
Amazon SNS (since July 2023), Amazon S3 (since October 2024) and loops of Lambda functions alone;
never through DynamoDB, Kinesis or any other service. An asynchronous event it stops goes to the
function's dead-letter queue or on-failure destination if one is set (else it is dropped); a
synchronous invoke gets 400 `RecursiveInvocationException`. Either way the
`RecursiveInvocationsDropped` metric counts it. A function's `RecursiveLoop` setting
(`recursive_loop` in a scenario: `Terminate`, the default, or `Allow`) turns this off; then only
LambdaScope's own safety stop (`SAFETY_LIMIT`, clearly labelled as ours) ends the run.

Where the chain travels, for anyone adding an event source
----------------------------------------------------------
Every event already has a `flow` (the trace's id for "this event and all it causes": the
`flow` of each step, `QueuedEvent.flow`, the `flow` a function's `SdkClient` signs its calls
with). The chain lives beside it: `sim.services["lambda"].loops` maps a flow to its `Lineage`.

1. A service that turns a write into a new event for Lambda (an S3 notification, an SQS message,
   an SNS publish) calls `loops.carry(writer_flow, new_flow, via="s3"|"sqs"|"sns"|"lambda")`.
   `writer_flow` is the `flow` argument its `sdk_*` method received when function code made
   the write (None when an actor outside AWS wrote). `new_flow` is the flow the new event
   travels with. A service Lambda cannot see through (DynamoDB, Kinesis) never calls it, so
   its loops are never stopped, as in AWS.
2. Lambda asks `loops.verdict(function, flow)` before it runs a function for an event:
   `AsyncQueue` for asynchronous events, `LambdaService.invoke` for synchronous ones (an event
   source mapping invokes synchronously, so an SQS mapping gets the 400 and keeps the message,
   §13 A2d). Pass the message's flow as `flow=` to `invoke` for this to work.
3. `STOP` (LambdaScope's safety stop under `Allow`) is acted on by `AsyncQueue` only; a
   synchronous source that can loop (an SQS mapping) must check `verdict` itself and end its
   chain with `record_safety_stop`, or the run goes on until `max_steps`.
"""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 16  # §13 A2b (REC): about 16 invocations in one chain, then the next one is stopped
SAFETY_LIMIT = 64  # LambdaScope's own stop for RecursiveLoop Allow; not an AWS number
DETECTED_VIA = frozenset({"s3", "sqs", "sns", "lambda"})  # §13 A2c (REC, RECWN1, RECWN3)
TERMINATE, STOP = "terminate", "safety-stop"  # the two verdicts that end a chain
METRIC = "RecursiveInvocationsDropped"  # §13 A2f (REC, MET)
SOURCES = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html"
CONDITION_CAVEAT = ("Which requestContext.condition the destination record of an event stopped "
                    "by loop detection carries is not in our sources; RetriesExhausted with "
                    "approximateInvokeCount 0 is a stand-in.")


@dataclass(frozen=True, slots=True)
class Lineage:
    """One event's place in a chain (what the `Lineage` in the X-Ray trace header carries).

    `chain`: the flow of the triggering event that started the chain. `count`: how many times
    function code has passed the chain's event on (0 for the triggering event itself), so the
    invocation it causes is number `count + 1` of the chain. `via`: the service the last hop
    went through ("s3", "sqs", "sns", "lambda")."""

    chain: str
    count: int
    via: str


class LoopDetector:
    """`sim.services["lambda"].loops`: the lineage of every event that can be in a loop."""

    def __init__(self, sim, functions):
        self.sim, self.functions = sim, functions
        self._by_flow: dict[str, Lineage] = {}
        self.dropped = 0  # RecursiveInvocationsDropped, over the run

    def lineage(self, flow: str | None) -> Lineage | None:
        """The lineage of the event travelling as `flow`, or None when it is in no chain."""
        return self._by_flow.get(flow) if flow is not None else None

    def carry(self, writer_flow: str | None, new_flow: str, via: str) -> Lineage:
        """Register the event `new_flow`, made by a write under `writer_flow`, and return its
        lineage. A write by an actor (`writer_flow` None) starts a chain; a write by function
        code adds one to the writer's count (an invocation outside any chain counts as the
        chain's first). Raises ValueError for a service Lambda does not see loops through."""
        if via not in DETECTED_VIA:
            raise ValueError(f"Lambda does not detect loops through {via!r} (§13 A2c)")
        if writer_flow is None:
            lineage = Lineage(new_flow, 0, via)
        else:
            parent = self._by_flow.get(writer_flow)
            lineage = (Lineage(parent.chain, parent.count + 1, via) if parent is not None
                       else Lineage(writer_flow, 1, via))
        self._by_flow[new_flow] = lineage
        return lineage

    def verdict(self, function: str, flow: str | None) -> str | None:
        """TERMINATE when Lambda stops this invocation, STOP when only LambdaScope's safety stop
        does (the function allows loops), None when it may run."""
        lineage = self.lineage(flow)
        if lineage is None or lineage.count < LIMIT:
            return None
        if self._setting(function) == "Terminate":
            return TERMINATE
        return STOP if lineage.count >= SAFETY_LIMIT else None

    def _setting(self, function: str) -> str:
        return getattr(self.functions.get(function), "recursive_loop", "Terminate")

    # ------------------------------------------------------------------ steps
    def record_stop(self, function: str, flow: str, model: str, async_event: bool) -> None:
        """The step where Lambda stops the invocation (a `detect` step tagged recursion, stopped)."""
        self.dropped += 1
        fn = self.functions[function]
        lineage = self._by_flow[flow]
        targets = [t for t in (fn.dead_letter_queue and f"dead-letter queue {fn.dead_letter_queue}",
                               fn.event_invoke_config.on_failure
                               and f"on-failure destination {fn.event_invoke_config.on_failure}")
                   if t]
        if not async_event:
            after = ("The caller gets 400 RecursiveInvocationException instead of a result.")
        elif targets:
            after = f"The stopped event goes to {function}'s {' and '.join(targets)}."
        else:
            after = (f"{function} has neither a dead-letter queue nor an on-failure destination, "
                     f"so the stopped event is dropped.")
        self.sim.recorder.record(
            "detect", "lambda", function, model,
            f"Lambda stops a recursive loop: {function} would run a {_ordinal(lineage.count + 1)} "
            f"time for one triggering event ({METRIC})",
            (f"This event comes from a chain that started with one triggering event, and function "
             f"code has passed it on {lineage.count} times (the last hop through "
             f"{_service(lineage.via)}). Lambda counts the hops in the trace header the AWS SDK "
             f"sends along and stops the next invocation after about {LIMIT}, so {function} does "
             f"not run. {after} Lambda counts it in the {METRIC} metric and tells the account "
             f"by email and in the AWS Health Dashboard. The fix is in the design: write the "
             f"output somewhere that does not trigger the function again (another bucket, or a "
             f"prefix filter the output keys do not match). (lambda-behaviour.md §13 A2)"),
            payload={"RecursiveLoop": self._setting(function), "chain": lineage.chain,
                     "invocationsInChain": lineage.count, "metric": METRIC},
            flow=flow, tags=("recursion", "stopped"),
            caveat=CONDITION_CAVEAT if async_event and fn.event_invoke_config.on_failure else None)

    def record_safety_stop(self, function: str, flow: str, model: str) -> None:
        """LambdaScope's own stop for a function whose RecursiveLoop is Allow: not AWS's."""
        lineage = self._by_flow[flow]
        why = (f"{function}'s RecursiveLoop setting is Allow, so Lambda lets the loop run: in AWS "
               f"it would go on invoking {function}, and billing each run, until the code or the "
               f"configuration changes. This stop after {lineage.count} invocations is "
               f"LambdaScope's own safety stop, so the run can end; AWS has no such limit "
               f"(lambda-behaviour.md §13 A2).")
        self.sim.recorder.record(
            "not-simulated", "lambda", function, model,
            f"LambdaScope's safety stop (not AWS): the loop allowed by RecursiveLoop Allow is "
            f"cut after {lineage.count} invocations",
            why, payload={"RecursiveLoop": "Allow", "chain": lineage.chain,
                          "invocationsInChain": lineage.count},
            flow=flow, tags=("recursion", "stopped", "safety-stop"), caveat=why)


def _service(via: str) -> str:
    return {"s3": "Amazon S3", "sqs": "Amazon SQS", "sns": "Amazon SNS", "lambda": "Lambda"}[via]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
