"""Concurrency on the diagram (teacher's report, traffic-spike): a function node with more
than one busy execution environment shows copies stacked behind it and "N running", at every
such step, not only on a throttle; one environment shows nothing extra."""

from __future__ import annotations

from pathlib import Path

from app.commands.play import load
from app.engine.run import run
from app.ui.canvas import CanvasView
from app.ui.canvas.running_count import RunningCopies, running_counts

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _view(qtbot, name):
    scenario, _ = load(str(SCENARIOS / f"{name}.yaml"))
    trace = run(scenario)
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.resize(1200, 800)
    canvas.set_animation_ms(0)
    canvas.set_scenario(scenario)
    canvas.trace = trace  # as the window gives it the run
    return canvas, trace


def _running_items(canvas, name):
    node = canvas.item_for_node[name]
    return [c for c in node.childItems() if isinstance(c, RunningCopies)]


def test_step_44_of_traffic_spike_shows_how_many_copies_run(qtbot):
    canvas, trace = _view(qtbot, "traffic-spike")
    busy = running_counts(trace.state_at(43))["price-order"]
    assert busy > 1
    canvas.show_step(trace[43])
    (copies,) = _running_items(canvas, "price-order")
    assert copies.word == f"{busy} running" and copies.chip.isVisible()


def test_one_environment_shows_nothing_extra_and_the_count_goes_with_the_step(qtbot):
    canvas, trace = _view(qtbot, "traffic-spike")
    first = next(i for i in range(len(trace))
                 if trace[i].kind == "execute" and not running_counts(trace.state_at(i)))
    canvas.show_step(trace[43])
    canvas.show_step(trace[first])
    assert _running_items(canvas, "price-order") == []


def test_running_counts_reads_busy_environments():
    state = {"fn": {"environments": ({"state": "busy"}, {"state": "idle"}, {"state": "busy"}),
                    "concurrency": 2},
             "solo": {"environments": ({"state": "busy"},), "concurrency": 1},
             "lambda": {"concurrent_executions": 3}}
    assert running_counts(state) == {"fn": 2}


def test_an_environment_initializing_for_a_request_counts_as_running():
    """AWS counts an environment initializing for a request as concurrency in use
    (lambda-behaviour.md §11 CON): the chip counted only "busy" environments, so while five
    cold starts ran Init it showed nothing beside "429 · 5/5 busy". An environment that
    provisioned concurrency initializes ahead of traffic serves no request yet (§19)."""
    assert running_counts({"fn": {"environments": ({"state": "busy"}, {"state": "cold"},
                                                   {"state": "cold"}), "concurrency": 3}}) == {"fn": 3}
    assert running_counts({"fn": {"environments": ({"state": "cold"}, {"state": "cold"})}}) == {"fn": 2}
    ahead = {"state": "cold", "provisioned": True}
    assert running_counts({"fn": {"environments": (ahead, ahead, {"state": "busy"})}}) == {}


def test_at_a_throttle_the_chip_and_the_badge_say_the_same_count(qtbot):
    """traffic-spike's throttles (step 34 on): "429 · 5/5 busy" on price-order, whose five
    environments are still running Init; the chip says "5 running" too."""
    from app.ui.canvas.step_marks import busy_at_limit

    canvas, trace = _view(qtbot, "traffic-spike")
    checked = []
    for i in range(len(trace)):
        if trace[i].kind != "throttle":
            continue
        state = trace.state_at(i)
        for name, word in busy_at_limit(state).items():
            if state[name].get("reserved_concurrency") is None:
                continue  # the account's count, not the function's
            canvas.show_step(trace[i])
            (copies,) = _running_items(canvas, name)
            assert word == f"{copies.count}/{state[name]['reserved_concurrency']} busy", (i, word)
            checked.append(i)
    assert 33 in checked  # step 34: all five environments still initializing
