"""Which line of the diagram a step's token travels along, when its own pair of nodes is not
the whole story.

An asynchronous Invoke from S3, SNS or EventBridge is a request to the Lambda service: the
service queues the event and answers 202 (docs/reference/lambda-behaviour.md §1, §4, §7;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html). The step is recorded
between the event source and the function (photos → make-thumbnail), and the two are also
joined by the source's configuration line (the bucket's "ObjectCreated:*" notification, the
topic's subscription, the rule), so the token rode that line. The diagram draws the call
itself as the source's "Invoke (Event)" line to the Lambda node: that is where it travels.
Qt-free (the canvas asks it with node ids and its own lines).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

LAMBDA = "lambda"  # app.graph.build.LAMBDA, named here so the canvas does not import networkx

CALL_KINDS = ("invoke", "permission-check")  # the Invoke request, and Lambda's check of it


def travel_pair(types_between: Callable[[str, str], Iterable[str]], source: str, target: str,
                kind: str) -> tuple[str, str]:
    """(u, v): the node ids whose line the token of a `kind` step from `source` to `target`
    travels along. An Invoke (or its permission check) whose pair has no "invoke" line, from a
    source with an "invoke" line to the Lambda node, goes along that line; any other step along
    its own pair. `types_between(u, v)`: the `type`s of the lines drawn from u to v (the canvas
    reads its own edge items; `graph_lines(graph)` reads a networkx graph)."""
    if kind in CALL_KINDS and source != LAMBDA and "invoke" not in types_between(source, target) \
            and "invoke" in types_between(source, LAMBDA):
        return source, LAMBDA
    return source, target


def graph_lines(graph: Any) -> Callable[[str, str], list[str]]:
    """`types_between` for a networkx MultiDiGraph from app.graph.build."""
    def types_between(u: str, v: str) -> list[str]:
        if not graph.has_edge(u, v):
            return []
        return [data.get("type") for data in graph.get_edge_data(u, v).values()]
    return types_between
