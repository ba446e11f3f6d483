"""No "orders → orders" in a who-acts question: a node acting on itself (a message made visible
again, a function's log line) is not a next step a class would guess, so it is not
offered as a wrong answer (teacher's order pipeline, quiz: true). A step that is one (S3
detecting its event) keeps its question, with itself as the true answer."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.graph.build import build_graph
from app.lab.quiz import node_label, question_for
from app.scenario.loader import load_scenario

CASE = Path(__file__).resolve().parents[1] / "cases" / "teacher-order-pipeline.yaml"


def _labels(graph):
    return {node_label(graph, n) for n in graph.nodes}


def test_no_who_acts_choice_is_a_node_acting_on_itself():
    scenario = load_scenario(CASE)
    trace, graph = run(scenario), build_graph(scenario)
    asked, loops = 0, []
    for index in range(len(trace)):
        question = question_for(trace, index, graph)
        if question is None or question.kind != "who-acts":
            continue
        asked += 1
        for choice in question.choices:
            left, _, right = choice.partition(" → ")
            if (left == right or choice.endswith("(on its own)")) and choice != question.correct:
                loops.append((index + 1, choice))
    assert asked > 10
    assert loops == []


def test_a_node_acting_on_itself_is_named_once_as_the_answer():
    """The true answer of a self-step read "orders (SQS queue) → orders (SQS queue)" on the
    projector (orders-sqs step 19, a message visible again); it names the node once."""
    from app.bundled import resolve_scenario

    scenario = load_scenario(resolve_scenario("orders-sqs"))
    trace, graph = run(scenario), build_graph(scenario)
    selves = [i for i, s in enumerate(trace) if s.source == s.target]
    asked = [q for q in (question_for(trace, i, graph) for i in selves)
             if q is not None and q.kind == "who-acts"]
    assert asked
    for question in asked:
        assert " → " not in question.correct
        assert question.correct.endswith("(on its own)")
        assert question.correct.count(node_label(graph, trace[question.index].source)) == 1
