"""Which series share a chart: what the Metrics panel and `export --metrics` draw (Qt-free).

Per function, up to three charts: the running totals (Invocations, Throttles, Errors, cold
starts, …), the concurrency (ConcurrentExecutions against its limit, and the async queue depth),
and the ages in ms (AsyncEventAge, IteratorAge). Per SQS queue, one chart with
ApproximateNumberOfMessagesVisible and …NotVisible. See docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.metrics.series import Series
from app.metrics.time_axis import held_line

_TOTALS = ("Invocations", "Throttles", "Errors", "Cold starts", "ProvisionedConcurrencyInvocations",
           "ProvisionedConcurrencySpilloverInvocations", "AsyncEventsReceived",
           "DeadLetterErrors", "DestinationDeliveryFailures", "RecursiveInvocationsDropped")
_NOW = ("ConcurrentExecutions", "Async queue depth")
_AGES = ("AsyncEventAge", "IteratorAge")


@dataclass
class Chart:
    """One chart: `title`, its `series` (first one drawn on top of the others' legend),
    `y_label` ("count so far", "at this step", "ms") and the limit line, if any."""

    title: str
    y_label: str
    series: list[Series] = field(default_factory=list)
    # A running total marked as points on this chart where it rises: the function's Throttles on
    # its concurrency chart, so "at the limit" and "429" are seen together.
    marks: Series | None = None

    def mark_steps(self) -> list[int]:
        """Step indices where `marks` rises (one entry per step, however much it rises)."""
        if self.marks is None:
            return []
        out, before = [], 0.0
        for index, value in self.marks.points:
            if value > before:
                out.append(index)
            before = value
        return out

    @property
    def limit(self) -> tuple[float, str] | None:
        for s in self.series:
            if s.limit is not None:
                return s.limit, s.limit_label
        return None


def charts_of(series: list[Series]) -> list[Chart]:
    """Group `series` (from `compute_metrics`) into charts, in the order the panel shows them:
    for each function its concurrency, then its totals, then its ages; then each queue."""
    charts: dict[tuple[str, str], Chart] = {}
    order = []
    for s in series:
        fn = s.dimensions.get("FunctionName")
        if fn is not None:
            if s.metric in _NOW:
                key, title, y = (fn, "now"), f"{fn}: running at once", "at this step"
            elif s.metric in _AGES:
                key, title, y = (fn, "age"), f"{fn}: how old the oldest waiting work is", "ms"
            else:
                key, title, y = (fn, "total"), f"{fn}: totals so far", "count so far"
        else:
            name = s.dimensions.get("QueueName", s.key)
            key, title, y = (name, "queue"), f"SQS queue {name}: messages", "at this step"
        if key not in charts:
            charts[key] = Chart(title, y)
            order.append(key)
        charts[key].series.append(s)
    rank = {"now": 0, "total": 1, "age": 2, "queue": 3}
    funcs = list(dict.fromkeys(k[0] for k in order if k[1] != "queue"))
    order.sort(key=lambda k: (k[1] == "queue", funcs.index(k[0]) if k[0] in funcs else 0, rank[k[1]]))
    for (name, kind), chart in charts.items():
        if kind == "now" and (name, "total") in charts:
            chart.marks = next((s for s in charts[(name, "total")].series if s.metric == "Throttles"), None)
    for key in order:
        chart = charts[key]
        known = [*_TOTALS, *_NOW, *_AGES]
        chart.series.sort(key=lambda s: known.index(s.metric) if s.metric in known else len(known))
    return [charts[k] for k in order]


def step_line(points: list[tuple[int, float]], last_index: int) -> tuple[list[float], list[float]]:
    """(xs, ys) of the step-shaped line through `points`, in step numbers as people read them
    (index + 1), held flat up to `last_index`. A value holds until the next point."""
    return held_line(points, lambda i: i + 1, last_index + 1)
