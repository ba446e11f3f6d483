"""One `Series` per CloudWatch metric and dimension, computed from a run's `Trace`.

The x axis is the step: each point is `(step index, value)` and the value holds until the next
point, so the window's playhead can read "the value at this step". Counting metrics that
CloudWatch reports as a Sum per period (Invocations, Errors, Throttles, …) are shown as the
running total so far; gauges (ConcurrentExecutions, IteratorAge, queue depths, …) as their value
at that step. docs/metrics.md says how each one is computed; the AWS meaning of every metric is in
docs/reference/lambda-behaviour.md (§4, §5, §11, §13 A2-A3, §14) and
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html.

Only the public parts of a trace are read: the `Step` attributes, `step_outcome` (the same rule
`play --summary` and the timeline use) and `Trace.state_at`.
"""

from __future__ import annotations

import threading
import weakref

from dataclasses import dataclass, field

from app.engine.async_queue import DROPPED_TAG
from app.engine.outcomes import step_outcome
from app.metrics.time_axis import remember_times

# Gauges read from the state at most this many steps (evenly spread, first and last included):
# a chart is a few hundred pixels wide, and `state_at` costs up to SNAPSHOT_EVERY delta replays.
MAX_STATE_SAMPLES = 2000
_MS = "Milliseconds"


@dataclass
class Series:
    """One line of one chart.

    `metric`: the CloudWatch name (or a plain name when CloudWatch has none: `cloudwatch` is then
    False and `note` says where the number comes from). `dimensions`: e.g. {"FunctionName": "f"},
    {"QueueName": "q"}, {"FunctionName": "f"}. `points`: (step index,
    value) in step order, the value holding until the next point. `unit`: "Count" or
    "Milliseconds". `statistic`: "Sum so far" (running total of a per-period Sum), "Value"
    (a gauge) or "Maximum". `limit`: a horizontal line (the concurrency limit), or None.
    """

    metric: str
    dimensions: dict[str, str]
    unit: str = "Count"
    statistic: str = "Sum so far"
    points: list[tuple[int, float]] = field(default_factory=list)
    limit: float | None = None
    limit_label: str = ""
    cloudwatch: bool = True
    note: str = ""

    @property
    def key(self) -> str:
        """`Metric{Dim=value,…}`: unique within one `compute_metrics` result."""
        dims = ",".join(f"{k}={v}" for k, v in self.dimensions.items())
        return f"{self.metric}{{{dims}}}"

    @property
    def title(self) -> str:
        """What a chart heading says: `Throttles · price-order`."""
        return f"{self.metric} · {' / '.join(self.dimensions.values())}"

    def value_at(self, index: int) -> float:
        """The value shown at step `index` (0 before the first point)."""
        value = 0.0
        for i, v in self.points:
            if i > index:
                break
            value = v
        return value

    def maximum(self) -> float:
        return max((v for _, v in self.points), default=0.0)


def _functions(trace) -> list[str]:
    """Nodes that are functions: the engine keeps `concurrency` in their state."""
    last = trace.state_at(len(trace) - 1)
    first = trace.state_at(0)
    names = [n for n in {**first, **last} if "concurrency" in (first.get(n) or last.get(n) or {})]
    return sorted(names)


class _Counter:
    """Running totals per key, one point per step that changes one."""

    def __init__(self, metric: str, dimension: str, note: str = "", cloudwatch: bool = True):
        self.metric, self.dimension, self.note, self.cloudwatch = metric, dimension, note, cloudwatch
        self.totals: dict[str, Series] = {}

    def add(self, name: str, index: int, amount: float = 1.0) -> None:
        series = self.totals.get(name)
        if series is None:
            series = self.totals[name] = Series(self.metric, {self.dimension: name}, note=self.note,
                                                cloudwatch=self.cloudwatch, points=[(0, 0.0)])
        total = series.points[-1][1] + amount
        if series.points[-1][0] == index:
            series.points[-1] = (index, total)
        else:
            series.points.append((index, total))


_computed: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # trace → its series
_computed_lock = threading.Lock()


def compute_metrics(trace) -> list[Series]:
    """All series of a run, in the order the panel shows them (per function, then per source).

    In: a `Trace`. Out: a list of `Series` (empty for an empty trace). Raises nothing for a
    well-formed trace. Functions with no steps of a metric get no series for it, except
    Invocations, Throttles and ConcurrentExecutions, shown for every function (a flat zero says
    something too). Reads every step (~1 s for 200,000 packed steps), so the series of a Trace
    are kept while it lives: the window works them out for a what-if on its worker when the
    Metrics panel shows, and the panel then only draws them. Do not change the Series returned.
    """
    try:
        with _computed_lock:
            known = _computed.get(trace)
    except TypeError:  # a plain list of Steps: not kept
        return _compute_metrics(trace)
    if known is None:
        known = _compute_metrics(trace)
        with _computed_lock:
            _computed[trace] = known
    return list(known)


def _compute_metrics(trace) -> list[Series]:
    if not len(trace):
        return []
    functions = _functions(trace)
    fn_set = set(functions)
    flow_fn: dict[str, str] = {}  # flow (request id) → the function it invokes
    # flow → the function of its newest Invoke: an SNS fan-out's subscribers share one flow,
    # and Lambda queues an Event invoke right after its invoke step (lambda_service.invoke)
    invoking: dict[str, str] = {}
    enqueued_at: dict[tuple[str, str], float] = {}  # (flow, function) → time it was queued
    queued_fn: dict[str, str] = {}  # flow → the function its newest async event was queued for
    async_fn: dict[str, str] = {}  # flow → the function Lambda last took its event off the queue for
    c = {name: _Counter(name, "FunctionName") for name in (
        "Invocations", "Errors", "Throttles", "AsyncEventsReceived", "DeadLetterErrors",
        "DestinationDeliveryFailures", "RecursiveInvocationsDropped", "AsyncEventsDropped",
        "ProvisionedConcurrencyInvocations", "ProvisionedConcurrencySpilloverInvocations")}
    cold = _Counter("Cold starts", "FunctionName", cloudwatch=False,
                    note="not a CloudWatch metric: each cold start is an Init Duration in a REPORT line")
    gauges: dict[str, Series] = {}  # AsyncEventAge and IteratorAge: one point per invocation
    last_invoked: str | None = None
    times: list[float] = []  # each step's time: the charts' time axis (time_axis.py)
    for step in trace:
        i, kind, target = step.index, step.kind, step.target
        times.append(step.time_ms)
        if target in fn_set and kind in ("invoke", "execute", "dequeue", "init"):
            last_invoked = target
            if step.flow:
                flow_fn.setdefault(step.flow, target)
        if kind == "invoke" and target in fn_set:
            invoking[step.flow or ""] = target
        fn = target if target in fn_set else flow_fn.get(step.flow or "", None)
        outcome = step_outcome(step)
        if kind == "execute" and target in fn_set:
            c["Invocations"].add(target, i)
            if "provisioned" in step.tags:  # §19: ran in a provisioned environment
                c["ProvisionedConcurrencyInvocations"].add(target, i)
            elif "spillover" in step.tags:  # §19: beyond it, on demand
                c["ProvisionedConcurrencySpilloverInvocations"].add(target, i)
        elif kind == "init" and target in fn_set and "cold-start" in step.tags:
            cold.add(target, i)
        if outcome == "throttled":
            c["Throttles"].add(fn or last_invoked or "?", i)
        elif outcome == "function-error" and step.source in fn_set:
            c["Errors"].add(step.source, i)
        if kind == "enqueue" and step.status == 202 and (target == "lambda" or target in fn_set) \
                and (queued_for := target if target in fn_set else invoking.get(step.flow or "", fn)):
            c["AsyncEventsReceived"].add(queued_for, i)
            enqueued_at[(step.flow, queued_for)] = step.time_ms
            queued_fn[step.flow or ""] = queued_for
        elif kind in ("dequeue", "retry") and step.source == "lambda" \
                and (step.flow, target) in enqueued_at:
            # every attempt, retries too: the age grows while the event is retried (MET)
            _gauge(gauges, "AsyncEventAge", {"FunctionName": target}, i,
                   step.time_ms - enqueued_at[(step.flow, target)])
            async_fn[step.flow] = target
        if kind == "not-simulated" and isinstance(step.payload, dict) and "estimate" in step.payload:
            # retries a long stream block skipped: counted as the discard record counts them
            est = step.payload["estimate"]
            if est["FunctionName"] in fn_set:
                if est["invocations"]:
                    c["Invocations"].add(est["FunctionName"], i, est["invocations"])
                    c["Errors"].add(est["FunctionName"], i, est["invocations"])
                if est["throttles"]:
                    c["Throttles"].add(est["FunctionName"], i, est["throttles"])
        if DROPPED_TAG in step.tags:  # Lambda gives up on an async event (MET, §4)
            c["AsyncEventsDropped"].add(_record_function(step.payload, fn_set)
                                        or async_fn.get(step.flow or "")
                                        or queued_fn.get(step.flow or "") or fn or "?", i)
        if kind in ("dead-letter", "destination") and step.source == "lambda" and outcome:
            name = "DeadLetterErrors" if kind == "dead-letter" else "DestinationDeliveryFailures"
            c[name].add(flow_fn.get(step.flow or "", fn or "?"), i)
        elif kind == "error" and "delivery-failed" in step.tags:  # a stream's on-failure (§13 A3b/d)
            c["DestinationDeliveryFailures"].add(flow_fn.get(step.flow or "", fn or "?"), i)
        elif kind == "detect" and target in fn_set and "recursion" in step.tags and "stopped" in step.tags:
            c["RecursiveInvocationsDropped"].add(target, i)
        if kind == "invoke" and target in fn_set and isinstance(step.payload, dict):
            age = _iterator_age(step)
            if age is not None:
                # one series per function: Lambda's metrics have no shard dimension (MET)
                _gauge(gauges, "IteratorAge", {"FunctionName": target}, i, age)
    for name in ("Invocations", "Throttles"):
        for fn in functions:
            if fn not in c[name].totals:
                c[name].add(fn, 0, 0.0)
    state_series = _state_series(trace, functions)
    out: list[Series] = []
    for fn in functions:
        for counter in (c["Invocations"], c["Errors"], c["Throttles"]):
            out += [counter.totals[fn]] if fn in counter.totals else []
        out += [s for s in state_series if s.dimensions.get("FunctionName") == fn]
        out += [cold.totals[fn]] if fn in cold.totals else []
        for name in ("ProvisionedConcurrencyInvocations", "ProvisionedConcurrencySpilloverInvocations"):
            out += [c[name].totals[fn]] if fn in c[name].totals else []
        out += [c["AsyncEventsReceived"].totals[fn]] if fn in c["AsyncEventsReceived"].totals else []
        out += [s for k, s in gauges.items() if s.dimensions.get("FunctionName") == fn]
        for name in ("AsyncEventsDropped", "DeadLetterErrors", "DestinationDeliveryFailures",
                     "RecursiveInvocationsDropped"):
            out += [c[name].totals[fn]] if fn in c[name].totals else []
    out += [s for s in state_series if "QueueName" in s.dimensions]
    known = {s.key for s in out}
    for counter in c.values():  # a failure whose function could not be told ("?")
        out += [s for s in counter.totals.values() if s.key not in known]
    for series in out:
        series.points = _dedupe(series.points)
    remember_times(trace, times)
    return out


def _record_function(payload, functions) -> str | None:
    """The function a destination record is about (its requestContext.functionArn), if any: an
    SNS fan-out's subscribers share one flow, so the flow alone cannot tell."""
    context = payload.get("requestContext") if isinstance(payload, dict) else None
    arn = context.get("functionArn") if isinstance(context, dict) else None
    if not isinstance(arn, str) or ":function:" not in arn:
        return None
    name = arn.split(":function:", 1)[1].split(":", 1)[0]
    return name if name in functions else None


def _gauge(gauges: dict[str, Series], metric: str, dims: dict[str, str], index: int, ms: float) -> None:
    series = Series(metric, dims, unit=_MS, statistic="Value")
    series = gauges.setdefault(series.key, series)
    series.points.append((index, round(ms, 3)))


def _iterator_age(step) -> float | None:
    """Age in ms of the last record of a stream batch when it is invoked: IteratorAge, §5 and MET.

    Lambda publishes IteratorAge per function (dimensions FunctionName, Resource, ExecutedVersion);
    a per-shard age is Kinesis's own GetRecords.IteratorAgeMilliseconds, not a Lambda metric.
    """
    records = step.payload.get("Records")
    if not isinstance(records, list) or not records or not isinstance(records[-1], dict):
        return None
    last = records[-1]
    if "kinesis" in last:
        arrival_s = last["kinesis"].get("approximateArrivalTimestamp")
    elif "dynamodb" in last:
        arrival_s = last["dynamodb"].get("ApproximateCreationDateTime")
    else:
        return None
    if not isinstance(arrival_s, (int, float)):
        return None
    from app.engine.simulation import EPOCH_S

    return max(0.0, step.time_ms - (arrival_s - EPOCH_S) * 1000.0)


def _sample_indices(n: int) -> list[int]:
    if n <= MAX_STATE_SAMPLES:
        return list(range(n))
    step = (n - 1) / (MAX_STATE_SAMPLES - 1)
    return sorted({round(k * step) for k in range(MAX_STATE_SAMPLES)})


def _state_series(trace, functions: list[str]) -> list[Series]:
    """Gauges the engine keeps in state: ConcurrentExecutions (with its limit), the async queue
    depth, and SQS ApproximateNumberOfMessagesVisible / NotVisible."""
    series: dict[str, Series] = {}
    account_limit = None
    for index in _sample_indices(len(trace)):
        state = trace.state_at(index)
        account_limit = state.get("lambda", {}).get("account_concurrency_limit", account_limit)
        for fn in functions:
            values = state.get(fn)
            if not values:
                continue
            reserved = values.get("reserved_concurrency")
            s = series.setdefault(f"c:{fn}", Series(
                "ConcurrentExecutions", {"FunctionName": fn}, statistic="Maximum"))
            s.points.append((index, float(values.get("concurrency", 0))))
            limit = reserved if reserved is not None else account_limit
            if limit is not None:
                s.limit = float(limit)
                s.limit_label = ("reserved concurrency" if reserved is not None
                                 else "account concurrency limit")
            if "async_queue_length" in values:
                q = series.setdefault(f"q:{fn}", Series(
                    "Async queue depth", {"FunctionName": fn}, statistic="Value", cloudwatch=False,
                    note="not a CloudWatch metric: events waiting in Lambda's internal queue"))
                q.points.append((index, float(values["async_queue_length"])))
        for node, values in state.items():
            if "ApproximateNumberOfMessages" in values:
                for metric, key in (("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessages"),
                                    ("ApproximateNumberOfMessagesNotVisible",
                                     "ApproximateNumberOfMessagesNotVisible")):
                    s = series.setdefault(f"{metric}:{node}", Series(
                        metric, {"QueueName": node}, statistic="Value"))
                    s.points.append((index, float(values.get(key, 0))))
    return list(series.values())


def _dedupe(points: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Drop points that repeat the value before them (the line is a step function)."""
    out: list[tuple[int, float]] = []
    for point in points:
        if not out or point[1] != out[-1][1] or point[0] == out[-1][0]:
            if out and out[-1][0] == point[0]:
                out[-1] = point
            else:
                out.append(point)
    return out
