"""`check` warns when a function read by an SQS event source mapping has its own
`dead_letter_queue`: Lambda sends an event there only after asynchronous invokes, so the
mapping's failed messages never reach it; they come back after each visibility timeout until
the queue's retention period ends, unless the queue's own redrive policy moves them
(docs/reference/lambda-behaviour.md §14 B9 "When the function fails", §4).

A student's homework (tests/cases/student-shop-fndlq*.yaml): `dead_letter_queue: orders-dlq` on
process-order, no redrive policy on orders; the run went 13,471 steps, the broken order
received 1,920 times over 4 days, without a word from `check`.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from app.scenario.yaml_source import parse_yaml

CASES = Path(__file__).resolve().parents[1] / "cases"


def _check(tmp_path, capsys, text: str, name: str = "shop.yaml"):
    path = tmp_path / name
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if "only for asynchronous" in line], path


def test_the_students_function_dlq_is_warned_at_its_line_with_the_redrive_policy_to_paste(tmp_path, capsys):
    code, out, lines, path = _check(tmp_path, capsys, (CASES / "student-shop-fndlq2.yaml").read_text())
    assert code == 0
    (line,) = lines
    assert line.startswith(f"{path}:44:5: resources.process-order.dead_letter_queue: warning: ")
    assert "orders-mapping" in line and "1,920" in line and "lambda-behaviour.md §14" in line
    assert "drop `dead_letter_queue: orders-dlq` from process-order" in line
    assert "add to orders: `redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}`" in line


def test_the_suggestion_pasted_clears_the_warning(tmp_path, capsys):
    data = parse_yaml((CASES / "student-shop-fndlq2.yaml").read_text(), "shop.yaml").data
    del data["resources"]["process-order"]["dead_letter_queue"]
    data["resources"]["orders"]["redrive_policy"] = {"dead_letter_queue": "orders-dlq", "max_receive_count": 5}
    code, out, lines, _ = _check(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and lines == []


def test_a_queue_with_its_own_redrive_policy_gets_no_warning(tmp_path, capsys):
    """The function's DLQ may be there for its asynchronous invokes; the queue is looked after."""
    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace(
        "    visibility_timeout: 180\n",
        "    visibility_timeout: 180\n    redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}\n")
    code, out, lines, _ = _check(tmp_path, capsys, text)
    assert code == 0 and lines == []


def test_a_function_not_read_by_a_queue_mapping_keeps_its_dlq_quietly(tmp_path, capsys):
    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace(
        "    timeout: 5\n", "    timeout: 5\n    dead_letter_queue: orders-dlq\n", 1).replace(
        "    dead_letter_queue: orders-dlq\n    faults:", "    faults:")
    code, out, lines, _ = _check(tmp_path, capsys, text)
    assert lines == []


def test_the_first_version_gets_both_warnings_at_the_line(tmp_path, capsys):
    """shop-fndlq.yaml: the role may not even send to orders-dlq (the older warning), and the
    DLQ would not get the mapping's messages anyway (the new one): both at line 44."""
    path = tmp_path / "shop.yaml"
    path.write_text((CASES / "student-shop-fndlq.yaml").read_text())
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    at_line = [line for line in err.splitlines() if line.startswith(f"{path}:44:5: ")]
    assert len(at_line) == 2 and any("only for asynchronous" in line for line in at_line)


def test_two_queues_each_get_their_own_receive_estimate():
    """A second queue with a shorter visibility timeout and a longer retention: the warning says
    how often a failed message comes back in each queue, not the first queue's figure for both."""
    from app.scenario.dlq_warnings import function_dlq_warnings
    from app.scenario.loader import load_scenario_text

    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace(
        "  orders-dlq:\n",
        "  returns:\n    type: sqs_queue\n    visibility_timeout: 60\n"
        "    message_retention_period: 1209600\n\n  orders-dlq:\n").replace(
        "\nscript:\n",
        "\n  returns-mapping:\n    type: event_source_mapping\n    source: returns\n"
        "    function: process-order\n\nscript:\n")
    (warning,) = function_dlq_warnings(load_scenario_text(text, "shop.yaml"))
    message = warning.message
    assert "in orders every 180 s until its retention period (4 days) ends: about 1,920 receives" in message
    assert "in returns every 60 s until its retention period (14 days) ends: about 20,160 receives" in message
    assert "add to orders: `redrive_policy:" in message and "add to returns: `redrive_policy:" in message


def test_a_function_dlq_beside_a_redrive_policy_that_gets_nothing_is_warned(tmp_path, capsys):
    """A teacher's order pipeline: the queue has its redrive policy and process-order its own
    `dead_letter_queue` too; `check` only asked to grant sqs:SendMessage for it, which told the
    class the mapping's failures land there. Nothing invokes process-order asynchronously, so the
    run shows that DLQ getting nothing, and `check` says so at its line (§4, §14 B9)."""
    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace(
        "    visibility_timeout: 180\n",
        "    visibility_timeout: 180\n    redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}\n")
    path = tmp_path / "shop.yaml"
    path.write_text(text)
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "gets nothing in this run" in line]
    assert line.startswith(f"{path}:45:5: resources.process-order.dead_letter_queue: warning: ")
    assert "the redrive policy of orders moves a message to orders-dlq after 5 receives" in line
    assert "drop `dead_letter_queue: orders-dlq` from process-order" in line


def test_a_function_dlq_that_asynchronous_invokes_use_is_not_warned():
    from types import SimpleNamespace

    from app.scenario.dlq_warnings import unused_function_dlq_warnings
    from app.scenario.loader import load_scenario_text

    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace(
        "    visibility_timeout: 180\n",
        "    visibility_timeout: 180\n    redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}\n")
    scenario = load_scenario_text(text, "shop.yaml")
    sync = SimpleNamespace(kind="invoke", target="process-order", headers={})
    event = SimpleNamespace(kind="invoke", target="process-order",
                            headers={"X-Amz-Invocation-Type": "Event"})
    assert len(unused_function_dlq_warnings(scenario, [sync])) == 1
    assert unused_function_dlq_warnings(scenario, [sync, event]) == []


def test_a_name_ending_in_s_takes_a_bare_apostrophe(tmp_path, capsys):
    """As the narration writes it (app.english.possessive): "process-orders'", not "…s's"."""
    text = (CASES / "student-shop-fndlq2.yaml").read_text().replace("process-order", "process-orders")
    code, out, lines, _ = _check(tmp_path, capsys, text)
    (line,) = lines
    assert "process-orders' dead-letter queue" in line and "process-orders's" not in line
