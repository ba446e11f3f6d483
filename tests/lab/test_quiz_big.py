"""The quiz on a long run reads its distractor pools from the packed trace's columns, once per
run: a question about one step never reads every step (it did, ~1 s on the GUI thread per
question on a 200,000-step what-if), and the questions are the same as read step by step."""

from __future__ import annotations

from load_scenarios import load_of

from app.engine import run
from app.engine.step_store import StepStore
from app.lab.quiz import question_for


def test_questions_on_a_packed_run_read_no_step_but_their_own(monkeypatch):
    scenario = load_of(300)
    baseline_trace, trace = run(scenario), run(scenario)  # deterministic: the same run twice
    assert len(trace) > 3 * 256  # packed chunks
    as_a_list = list(baseline_trace)  # steps read one by one, as a plain sequence
    expected = [question_for(as_a_list, i) for i in range(0, 600)]
    assert any(q is not None and q.kind == "who-acts" for q in expected)
    assert any(q is not None and q.kind == "status" for q in expected)

    def no_scan(_store):
        raise AssertionError("the whole run was read to ask one question")

    monkeypatch.setattr(StepStore, "__iter__", no_scan)
    assert [question_for(trace, i) for i in range(0, 600)] == expected
