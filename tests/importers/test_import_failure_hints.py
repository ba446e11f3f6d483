"""The starter script never fails, so an imported lesson's dead-letter queue or on-failure
destination is never visited; the lesson says, in a comment, how to make the function fail,
and following that comment sends the message to the DLQ."""

from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from app.importers import import_template  # noqa: E402
from app.importers.lesson import render  # noqa: E402
from app.engine.script_outcomes import run_attributed  # noqa: E402
from app.scenario.loader import load_scenario_text  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def test_redrive_queue_gets_a_hint_that_works(tmp_path):
    out = tmp_path / "t.lesson.yaml"
    result = import_template(FIXTURES / "sqs-dlq.json", lesson_path=out)
    head = result.text.split("\n\n", 1)[0]
    assert "# How to see a failure path" in head, head
    hint = " ".join(line[5:].strip() for line in head.split("failure path")[1].splitlines()[1:])
    assert "moves to orders-dlq" in hint and "`faults: {fail: always}` under resources.fulfil-orders" in hint, hint
    assert any("`faults: {fail: always}`" in line for line in head.splitlines())  # on one line

    def dlq_sends(lesson):
        scenario = load_scenario_text(render(lesson, "t.yaml", [], []), out)
        steps = run_attributed(scenario).trace.steps
        return [s for s in steps if "orders-dlq" in (getattr(s, "target", "") or "")]
    assert dlq_sends(result.lesson) == []  # as imported: never visited
    result.lesson["resources"]["fulfil-orders"]["faults"] = {"fail": "always"}  # as the hint says
    assert dlq_sends(result.lesson), "the DLQ is visited once the function fails"


def test_no_hint_without_a_failure_path(tmp_path):
    result = import_template(FIXTURES / "s3-thumbnail.yaml", lesson_path=tmp_path / "t.lesson.yaml")
    assert "How to see a failure path" not in result.text
