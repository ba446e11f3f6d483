"""`lambdascope check` warns, at the key, about a FIFO queue named as a function's dead-letter
queue, an async destination or a stream mapping's on-failure destination. AWS documents these
targets as standard queues only and a FIFO one as a delivery failure at run time
(DeadLetterErrors / DestinationDeliveryFailures), not as a configuration it refuses, so the
file stays valid: a warning, not a problem (docs/reference/lambda-behaviour.md §13 A3d;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.cli import main

CASES = Path(__file__).parent.parent / "engine" / "cases" / "expert"


def _check(tmp_path, capsys, name: str):
    path = tmp_path / name
    shutil.copy(CASES / name, path)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if "FIFO" in line]


def test_fifo_dead_letter_queue_and_destination_are_warned_at_their_keys(tmp_path, capsys):
    code, out, lines = _check(tmp_path, capsys, "sqs2.yaml")
    assert code == 0 and out.startswith("OK ")
    keys = {line.split(": ")[1] for line in lines}
    assert keys == {"resources.worker.dead_letter_queue",
                    "resources.worker.event_invoke_config.on_failure"}
    dlq = next(line for line in lines if "dead_letter_queue" in line.split(": ")[1])
    assert "DeadLetterErrors" in dlq and "standard" in dlq and "§13 A3d" in dlq
    dest = next(line for line in lines if "on_failure" in line.split(": ")[1])
    assert "DestinationDeliveryFailures" in dest


def test_fifo_on_failure_of_a_stream_mapping_is_warned(tmp_path, capsys):
    code, out, lines = _check(tmp_path, capsys, "kinesis-fifo.yaml")
    assert code == 0
    assert len(lines) == 1 and "resources.esm.on_failure: warning:" in lines[0]
    assert "DestinationDeliveryFailures" in lines[0]
