"""A teacher's lesson (decision 0024, item 6): an upload fans out through SNS to two
functions, one of which queues work on SQS for a third (tests/cases/teacher-upload-fanout-queue.yaml).
The three functions share a role that allows sqs:SendMessage, and the diagram drew an "SDK call
from code" line from each to the queue, though only queue-conversion's code (builtin.forward)
writes to it: two lines that never carry anything ran right to left across the diagram, over
the topic's and Lambda's lines and their labels. A role's grant is drawn from a function only
when its code makes that call (app.handlers.calls)."""

from pathlib import Path

from app.graph import build_graph, layout
from app.scenario.loader import load_scenario

CASES = Path(__file__).resolve().parents[1] / "cases"


def _sdk(graph) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "sdk"}


def test_only_the_function_whose_code_writes_draws_the_line():
    scenario = load_scenario(CASES / "teacher-upload-fanout-queue.yaml")
    graph = build_graph(scenario)
    assert _sdk(graph) == {("queue-conversion", "conversion-jobs")}  # before: all three
    x = {name: p[0] for name, p in layout(graph, scenario).items()}
    backwards = [(u, v) for u, v, d in graph.edges(data=True)
                 if d["type"] not in ("role", "assumes") and x[v] < x[u]]
    assert len(backwards) == 1, backwards  # before: 3
