"""Predict the next step: choices hold the true next step exactly once and come from the trace and graph."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings, strategies as st

from app.engine import run
from app.graph.build import build_graph
from app.lab.edits import apply_edits
from app.lab.quiz import (DOCUMENTED_STATUSES, PERMISSION_CHOICES, Quiz, _status_text, node_label,
                          question_for, record_label)
from lab_scenarios import TEXTS, load

VARIANTS = [(name, ()) for name in sorted(TEXTS)] + [
    ("photos", ("resources.make-thumbnail.permissions.AllowS3Invoke=absent",)),
    ("clicks", ("functions.count-clicks.fail_on_record=3", "mappings.clicks-mapping.bisect=true")),
    ("mobile", ("script.0.login=false",)),
    ("app", ("functions.echo.reserved_concurrency=0",)),
]


@lru_cache(maxsize=None)
def trace_and_graph(variant: int):
    name, edits = VARIANTS[variant]
    scenario = apply_edits(load(name), edits)
    return run(scenario), build_graph(scenario)


def _true_answer(question, step, graph) -> str:
    if question.kind == "who-acts":  # as the diagram labels the nodes; a self-step names it once
        if step.source == step.target:
            return f"{node_label(graph, step.source)} (on its own)"
        return f"{node_label(graph, step.source)} → {node_label(graph, step.target)}"
    if question.kind == "allowed":
        p = step.permission
        return PERMISSION_CHOICES[0 if p.decision == "allow" else 2 if p.matched else 1]
    if question.kind == "status":
        return _status_text(step.status)
    return record_label(step.payload["Records"][0])


def _from_trace_or_graph(question, trace, graph, step) -> bool:
    """Every choice is something this run or this graph shows (or the documented alternatives)."""
    if question.kind == "who-acts":
        def pair(u, v):
            if u == v:
                return f"{node_label(graph, u)} (on its own)"
            return f"{node_label(graph, u)} → {node_label(graph, v)}"

        pairs = {pair(u, v) for u, v in graph.edges()} | {pair(s.source, s.target) for s in trace}
        pairs.add(pair(step.target, step.source))
        return set(question.choices) <= pairs
    if question.kind == "allowed":
        return set(question.choices) <= set(PERMISSION_CHOICES)
    if question.kind == "status":
        codes = {s.status for s in trace if s.status is not None} | set(DOCUMENTED_STATUSES)
        return set(question.choices) <= {_status_text(c) for c in codes}
    labels = {record_label(r) for s in trace if s.kind == "invoke" and s.model == "pull"
              for r in s.payload["Records"]}
    return set(question.choices) <= labels


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(VARIANTS) - 1), st.integers(0, 10_000), st.integers(0, 3))
def test_choices_hold_the_true_next_step_exactly_once(variant, position, seed):
    """For any scenario, step and seed: 3–4 distinct choices, the true one exactly once, all from the run."""
    trace, graph = trace_and_graph(variant)
    index = position % len(trace)
    question = question_for(trace, index, graph, seed=seed)
    assert question is not None
    step = trace[index]
    true = _true_answer(question, step, graph)
    assert 3 <= len(question.choices) <= 4
    assert len(set(question.choices)) == len(question.choices)
    assert question.choices.count(true) == 1 and question.correct == true
    assert _from_trace_or_graph(question, trace, graph, step)
    assert question.explanation and question == question_for(trace, index, graph, seed=seed)


def test_question_kind_follows_the_step():
    """Permission checks ask "allowed?", answers ask the status, stream invokes ask for the record."""
    trace, graph = trace_and_graph(VARIANTS.index(("mobile", ("script.0.login=false",))))
    check = next(s for s in trace if s.kind == "permission-check")
    question = question_for(trace, check.index, graph)
    assert question.kind == "allowed"
    assert question.correct == "Denied: no statement allows it (implicit deny)"
    assert "AmazonCognitoUnAuthedIdentitiesSessionPolicy" in question.explanation
    refusal = next(s for s in trace if s.kind == "error")
    assert question_for(trace, refusal.index, graph).correct == "403 Forbidden"
    clicks, clicks_graph = trace_and_graph(VARIANTS.index(("clicks", ())))
    invoke = next(s for s in clicks if s.kind == "invoke")
    record = question_for(clicks, invoke.index, clicks_graph)
    assert record.kind == "record" and "user-1" in record.correct


def test_throttle_status_is_429():
    """With reserved concurrency 0 the status question's answer is 429 (§11 CON, §1 ERR)."""
    trace, graph = trace_and_graph(VARIANTS.index(("app", ("functions.echo.reserved_concurrency=0",))))
    throttle = next(s for s in trace if s.kind == "throttle")
    assert question_for(trace, throttle.index, graph).correct == "429 Too Many Requests"


def test_seeds_change_the_order_not_the_answer():
    """Different seeds may shuffle the choices; the correct text stays the same."""
    trace, graph = trace_and_graph(0)
    answers = {question_for(trace, 3, graph, seed=s).correct for s in range(6)}
    orders = {question_for(trace, 3, graph, seed=s).choices for s in range(6)}
    assert len(answers) == 1 and len(orders) > 1


def test_quiz_keeps_score_once_per_step():
    """A right pick scores once; picking again for the same step does not change the score."""
    trace, graph = trace_and_graph(0)
    quiz = Quiz(trace, graph, seed=1)
    first, second = quiz.question(0), quiz.question(1)
    assert quiz.answer(first, first.answer) is True
    assert quiz.answer(first, first.answer) is True
    wrong = (second.answer + 1) % len(second.choices)
    assert quiz.answer(second, wrong) is False
    assert (quiz.score, quiz.asked) == (1, 2)


def test_out_of_range_index_has_no_question():
    """Past the end of the trace there is nothing to predict."""
    trace, graph = trace_and_graph(0)
    assert question_for(trace, len(trace), graph) is None and question_for(trace, -1, graph) is None
