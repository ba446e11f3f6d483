"""`check` on the teacher's order pipeline: a send_message line says what became of the
messages (processed and deleted, moved to the DLQ, still waiting), not only SQS's 200; and a
queue read by Lambda with maxReceiveCount under 5 gets a warning (lambda-behaviour.md §14,
SQSERR: "set maxReceiveCount to at least 5")."""

from __future__ import annotations

from pathlib import Path

from app.cli import main

CASE = Path(__file__).resolve().parents[1] / "cases" / "teacher-order-pipeline.yaml"


def _check(capsys, path):
    code = main(["check", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_send_message_lines_say_what_became_of_the_messages(capsys):
    _, out, _ = _check(capsys, CASE)
    lines = {line.split(" → ")[0].strip(): line.split(" → ", 1)[1] for line in out.splitlines()
             if line.strip().startswith("script[")}
    assert lines["script[0] send_message orders ×4"] == (
        "4 messages sent; all 4 processed by store-order and deleted")
    assert lines["script[1] send_message orders"] == (
        "1 message sent; not processed: SQS moved it to orders-dlq after 3 receives")
    assert lines["script[2] send_message orders"] == (
        "1 message sent; processed by store-order and deleted")


def test_a_message_nobody_reads_is_said_to_wait(capsys, tmp_path):
    text = CASE.read_text().replace("    function_response_types: [ReportBatchItemFailures]\n", "")
    text = text.replace("  orders-to-store:\n    type: event_source_mapping\n",
                        "  orders-to-store:\n    type: event_source_mapping\n    enabled: false\n")
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    _, out, _ = _check(capsys, path)
    line = next(line for line in out.splitlines() if "script[2]" in line)
    assert line.endswith("1 message sent; still waiting in orders when the run ended")


def test_max_receive_count_under_five_on_a_queue_lambda_reads_is_a_warning(capsys):
    _, _, err = _check(capsys, CASE)
    warning = next(line for line in err.splitlines() if "maxReceiveCount" in line or
                   "max_receive_count" in line)
    assert "warning:" in warning and "at least 5" in warning
    assert ":28:" in warning or "redrive_policy" in warning
