"""The quiz names the right actors, as the diagram labels them (teacher report, items 2 and 3).

Before: a status question read "photos answers lambda" for the step where Lambda queues S3's
event and answers 202 (the enqueue step runs from the caller to Lambda), "checkout answers
checkout" for a self-step, and answers used node ids ("checkout-app", "lambda") where the canvas
shows labels ("Checkout app", "AWS Lambda")."""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

import pytest

from app.bundled import builtin_scenarios
from app.engine import run
from app.graph.build import build_graph
from app.lab.quiz import question_for
from app.scenario.loader import load_scenario

BUILTINS = [info.path for info in builtin_scenarios()]
STATUS_PROMPT = re.compile(r"^(?P<answerer>.+) answers (?P<asker>.+)\. Which status code comes back\?$")


@lru_cache(maxsize=None)
def _run(path):
    scenario = load_scenario(path)
    return run(scenario), build_graph(scenario)


def _label(graph, node: str) -> str:
    return graph.nodes[node].get("label", node) if node in graph else node


def _who_answers(step, graph) -> tuple[str, str]:
    """(who answers, who asked), read off the facts rather than the step's direction: Lambda
    itself answers an asynchronous Invoke with 202 once the event is queued
    (lambda-behaviour.md §1); every other reply travels back from the one who decided."""
    if step.kind == "enqueue":
        assert graph.nodes[step.target]["kind"] == "lambda_service"
        return step.target, step.source
    return step.source, step.target


def test_builtins_have_status_questions_of_both_directions():
    kinds = {s.kind for p in BUILTINS for s in _run(p)[0] if s.status is not None}
    assert {"enqueue", "response", "result"} <= kinds


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_a_status_question_names_who_answers_whom(path):
    trace, graph = _run(path)
    asked = 0
    for step in trace:
        q = question_for(trace, step.index, graph)
        if q is None or q.kind != "status":
            continue
        asked += 1
        match = STATUS_PROMPT.match(q.prompt)
        assert match, q.prompt
        answerer, asker = _who_answers(step, graph)
        assert (match["answerer"], match["asker"]) == (_label(graph, answerer), _label(graph, asker)), \
            f"step {step.index + 1} ({step.kind} {step.source} → {step.target}): {q.prompt}"
    assert asked > 0


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_questions_and_answers_use_the_labels_the_canvas_shows(path):
    trace, graph = _run(path)
    labels = {_label(graph, n) for n in graph.nodes}
    renamed = {n for n in graph.nodes if _label(graph, n) != n}  # ids the canvas never shows
    for step in trace:
        q = question_for(trace, step.index, graph)
        if q is None:
            continue
        if q.kind == "who-acts":
            if step.source == step.target:  # named once
                assert q.correct == f"{_label(graph, step.source)} (on its own)"
            else:
                assert q.correct == f"{_label(graph, step.source)} → {_label(graph, step.target)}"
            for choice in q.choices:
                assert set(choice.removesuffix(" (on its own)").split(" → ")) <= labels, choice
        if q.kind == "allowed":
            assert q.prompt.startswith(f"{_label(graph, step.source)} wants to call")
        text = re.sub(r"[\w-]+:[\w*]+", "", " ".join([q.prompt, *q.choices]))  # IAM actions
        words = re.findall(r"[\w.-]+", text)
        for node in renamed:
            assert node not in words or node in _label(graph, node).split(), (node, q.prompt, q.choices)


def _step(index, kind, source, target, status=None):
    return SimpleNamespace(index=index, kind=kind, source=source, target=target, status=status,
                           summary=f"{source} {kind}", permission=None, model=None, payload=None)


def test_a_self_step_is_not_someone_answering_itself():
    """A response whose source and target are one node (the teacher's PutEvents to the default
    bus): the question says whose request is answered, not "checkout answers checkout"."""
    trace = [_step(0, "request", "checkout", "checkout"), _step(1, "response", "checkout", "checkout", 200),
             _step(2, "response", "orders", "checkout", 403), _step(3, "result", "fn", "lambda", 429)]
    q = question_for(trace, 1)
    assert q.kind == "status" and "answers checkout" not in q.prompt
    assert q.prompt == "checkout gets an answer to its request. Which status code comes back?"
