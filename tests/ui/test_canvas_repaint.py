"""What a step's repaint of a big diagram costs, counted (never timed).

docs/decisions/0019-canvas-repaint.md: on a big graph every repaint of any size walked hundreds
of items, asking Python for each one's bounds; a step must not.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.engine import run
from app.scenario.models import Scenario
from app.ui.canvas import CanvasView

CANVAS = str(Path(__file__).resolve().parents[2] / "app" / "ui" / "canvas")


def big_scenario(groups: int = 40) -> Scenario:
    """5 nodes a group (source bucket, function, role, target bucket, DLQ) + a user + lambda:
    the benchmark's generated graph (bench/bench_ui.py), smaller."""
    resources = {"user": {"type": "actor", "kind": "user",
                          "policies": [{"action": "s3:PutObject", "resource": "*"}]}}
    for i in range(groups):
        resources[f"in-{i}"] = {"type": "s3_bucket", "notifications": [
            {"events": ["s3:ObjectCreated:*"], "function": f"fn-{i}"}]}
        resources[f"out-{i}"] = {"type": "s3_bucket"}
        resources[f"dlq-{i}"] = {"type": "sqs_queue"}
        resources[f"role-{i}"] = {"type": "iam_role", "trusts": "lambda.amazonaws.com"}
        resources[f"fn-{i}"] = {
            "type": "function", "handler": "builtin.work", "role": f"role-{i}",
            "dead_letter_queue": f"dlq-{i}",
            "permissions": [{"sid": "AllowS3", "principal": "s3.amazonaws.com",
                             "source_arn": f"arn:aws:s3:::in-{i}"}]}
    script = [{"at": f"{i * 100}ms", "actor": "user", "action": "put_object",
               "bucket": f"in-{i % groups}", "key": f"file-{i}.txt", "body": "hello"}
              for i in range(8)]
    return Scenario.model_validate({"title": "big", "teaches": "push", "summary": "big",
                                    "resources": resources, "script": script})


@pytest.fixture(scope="module")
def big():
    scenario = big_scenario()
    return scenario, run(scenario)


@pytest.fixture
def big_view(qtbot, big):
    scenario, trace = big
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.set_animation_ms(0)
    view.set_scenario(scenario)
    view.trace = trace
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    settle()
    return view, list(trace)


def settle(passes: int = 4) -> None:
    for _ in range(passes):
        QApplication.processEvents()


class PythonCalls:
    """Counts the canvas's Python functions Qt calls while active: (file stem, name) → calls."""

    def __init__(self):
        self.calls: Counter = Counter()

    def __enter__(self):
        def profile(frame, event, _arg):
            code = frame.f_code
            if event == "call" and code.co_filename.startswith(CANVAS):
                self.calls[(Path(code.co_filename).stem, code.co_name)] += 1
        sys.setprofile(profile)
        return self

    def __exit__(self, *_exc):
        sys.setprofile(None)


def test_repainting_a_big_graph_asks_python_for_no_item_bounds(big_view):
    """202 nodes, fitted: Qt walks hundreds of items on any repaint and used to call each
    node's and edge's Python boundingRect several times (thousands of calls a step)."""
    view, steps = big_view
    assert len(view.item_for_node) == 202
    with PythonCalls() as counted:
        for step in steps[:12]:
            view.show_step(step)
            settle()
        view.viewport().repaint()
    bounds = {key: n for key, n in counted.calls.items()
              if key in {("node_item", "boundingRect"), ("edge_item", "boundingRect")}}
    assert bounds == {}
