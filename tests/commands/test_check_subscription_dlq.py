"""An SNS subscription's dead-letter queue takes what SNS cannot deliver, not what the function
fails on after Lambda accepted the event (§20 SNSDLQ, §4). A teacher moved the email function's
DLQ onto its subscription (tests/cases/teacher-sns-email.yaml): 23 emails were lost and `check`
only asked for the queue policy. It now says where those failures go."""

from __future__ import annotations

from pathlib import Path

from app.cli import main

CASE = Path(__file__).resolve().parents[1] / "cases" / "teacher-sns-email.yaml"


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "pipeline.yaml"
    path.write_text(text)
    assert main(["check", str(path)]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if "takes only the messages" in line]


def test_a_subscription_dlq_beside_a_failing_function_without_its_own_is_warned(tmp_path, capsys):
    text = CASE.read_text()
    moved = text.replace("      - function: send-email\n",
                         "      - function: send-email\n        dead_letter_queue: email-dlq\n", 1)
    moved = moved.replace("    dead_letter_queue: email-dlq\n    faults: {fail: always}",
                          "    faults: {fail: always}", 1)
    assert moved.count("dead_letter_queue: email-dlq") == 1
    (line,) = _check(tmp_path, capsys, moved)
    assert "resources.paid-orders.subscriptions[0].dead_letter_queue: warning: email-dlq" in line
    assert "23 events were lost in this run" in line
    assert "add to send-email: `dead_letter_queue: email-dlq`" in line


def test_the_teachers_own_file_with_the_function_dlq_is_not_warned(tmp_path, capsys):
    assert _check(tmp_path, capsys, CASE.read_text()) == []
