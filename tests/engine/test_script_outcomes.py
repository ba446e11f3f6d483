"""Steps traced back to the script entry that caused them (app.engine.script_outcomes)."""

from __future__ import annotations

from app.engine.run import run
from app.engine.script_outcomes import run_attributed, script_lines
from app.scenario.loader import load_scenario_text

LESSON = """\
title: Many
teaches: on-demand
summary: A load, then one more invoke.
resources:
  app: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
  r: {type: iam_role, trusts: lambda.amazonaws.com}
  f: {type: function, handler: builtin.work, role: r, duration: 100ms}
script:
  - {at: 0s, actor: app, action: load, pattern: constant, rate: 10, duration: 1s, request: {action: invoke, function: f}}
  - {at: 5s, actor: app, action: invoke, function: f, invocation_type: Event}
"""


def test_every_step_of_an_entry_is_attributed_and_the_trace_is_unchanged():
    scenario = load_scenario_text(LESSON, "many.yaml")
    attributed = run_attributed(scenario)
    plain = run(scenario)
    assert [s.to_json() for s in attributed.trace] == [s.to_json() for s in plain]
    first, second = attributed.steps_of(0), attributed.steps_of(1)
    assert sum(s.kind == "execute" for s in first) == 10
    assert sum(s.kind == "execute" for s in second) == 1 and second[0].kind == "invoke"
    # every request's steps belong to one entry: no flow is split between entries
    owners = {}
    for step, cause in zip(attributed.trace, attributed.causes):
        if step.flow and cause is not None:
            assert owners.setdefault(step.flow, cause) == cause


def test_a_run_cut_by_the_step_cap_says_so_and_what_it_did_not_reach():
    scenario = load_scenario_text(LESSON, "many.yaml")
    lines = [text for _, text in script_lines(scenario, run_attributed(scenario, max_steps=30))]
    assert lines[1] == "script[1] invoke f (Event) → nothing happened before the run stopped"
    assert lines[2].startswith("(the run stopped: The simulation stops after 30 steps")
