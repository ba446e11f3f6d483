"""No "what happens next?" question between steps that happen at the same moment.

A student was asked who acts next at 0.000 s, picked a step that also happens at 0.000 s, and
was told "Not quite: it is 'AWS Lambda → orders'": the order of steps at one instant is the
simulation's, not something a class can predict. The choices of a who-acts question never hold
the pair of another step at the same time as the one asked about.
"""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.graph.build import build_graph
from app.lab.quiz import node_label, question_for
from app.scenario.loader import load_scenario

CASE = Path(__file__).resolve().parents[1] / "cases" / "student-shop-fndlq2.yaml"


def test_no_choice_is_another_step_of_the_same_instant():
    scenario = load_scenario(CASE)
    trace, graph = run(scenario, max_steps=400), build_graph(scenario)
    steps = list(trace)
    asked = 0
    for index, step in enumerate(steps):
        question = question_for(trace, index, graph)
        if question is None or question.kind != "who-acts":
            continue
        asked += 1
        same_time = {f"{node_label(graph, s.source)} → {node_label(graph, s.target)}" for s in steps
                     if s.time_ms == step.time_ms and s.index != step.index} - {question.correct}
        offered = set(question.choices) & same_time
        assert not offered, (index, step.time_ms, question.correct, offered)
    assert asked > 10
