"""The Python runtime's log lines and error document.

Sources: docs/reference/lambda-behaviour.md §22 (B17): INIT_START once per new environment
(https://docs.aws.amazon.com/lambda/latest/dg/runtime-management-identify.html); an unhandled
exception's payload carries errorMessage, errorType, requestId and stackTrace and the log shows
`[ERROR] Type: message` then the traceback
(https://github.com/aws/aws-lambda-python-runtime-interface-client awslambdaric/bootstrap.py,
https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html).
"""

from __future__ import annotations

from lambda_scenarios import function, invoke, scenario, simulation
from source_scenarios import of_kind, play, thumbnail_resources, upload


def _logs(sim):
    return [s.payload["lines"] for s in sim.recorder.steps if s.kind == "log"]


def test_init_start_opens_the_log_of_each_new_environment_only():
    """Two overlapping invokes start two environments; a later one reuses a warm one."""
    sim = simulation(scenario())
    for at in (0.0, 10.0, 5000.0):
        invoke(sim, at=at)
    sim.env.run()
    logs = _logs(sim)
    assert len(logs) == 3
    for lines in logs[:2]:
        assert lines[0].startswith("INIT_START Runtime Version: python:3.12.v")
        assert "\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:" in lines[0]
        assert lines[1].startswith("START RequestId:")
    assert logs[2][0].startswith("START RequestId:")
    assert not any(line.startswith("INIT_START") for line in logs[2])


def test_error_document_carries_request_id_and_stack_trace():
    sim = simulation(scenario({"echo": function(faults={"fail": "always"})}))
    box = invoke(sim)
    sim.env.run()
    response = box["response"]
    assert list(response.payload) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert response.payload["requestId"] == response.headers["X-Amzn-RequestId"]
    assert isinstance(response.payload["stackTrace"], list)


def test_log_shows_the_traceback_of_an_unhandled_exception():
    """The thumbnail code's GetObject is denied: ClientError, with the frames in the log."""
    trace = play(thumbnail_resources(role_policies=[]), [upload()])
    log = [s for s in of_kind(trace, "log") if s.source == "make-thumbnail"][0]
    lines = log.payload["lines"]
    error_at = next(i for i, line in enumerate(lines) if line.startswith("[ERROR] ClientError: "))
    assert lines[error_at + 1] == "Traceback (most recent call last):"
    assert lines[error_at + 2].startswith('  File "/var/task/thumbnail.py", line ')
    assert lines[-2].startswith("END RequestId:")


def test_an_injected_fault_has_a_handler_frame_in_payload_and_log():
    """A real unhandled Python error has frames (§22 B17, RIC): the simulated fault is raised in
    the handler, so stackTrace names /var/task/echo.py and the log's traceback shows the same."""
    sim = simulation(scenario({"echo": function(faults={"fail": "always"})}))
    box = invoke(sim)
    sim.env.run()
    frames = box["response"].payload["stackTrace"]
    assert len(frames) == 1
    assert frames[0].startswith('  File "/var/task/echo.py", line ')
    assert ", in handler\n    raise RuntimeError(" in frames[0] and frames[0].endswith("\n")
    lines = _logs(sim)[0]
    error_at = next(i for i, line in enumerate(lines) if line.startswith("[ERROR] RuntimeError: "))
    assert lines[error_at + 1] == "Traceback (most recent call last):"
    assert lines[error_at + 2:error_at + 4] == frames[0].splitlines()


def test_a_logging_line_carries_the_time_the_code_ran(monkeypatch):
    """The runtime writes `[LEVEL]\\tTIMESTAMP\\tREQUEST_ID\\tmessage` for `logging` output; the
    timestamp is the simulated time of the invocation (worked out only when the code logs)."""
    import logging

    from app.handlers import registry

    monkeypatch.setitem(registry.HANDLERS, "builtin.work", "logging_handler")
    monkeypatch.setattr(logging.getLogger(), "level", logging.INFO)
    sim = simulation(scenario({"echo": function(handler="builtin.work")}))
    invoke(sim, payload={"key": "cat.jpg"}, at=61_234.5)
    sim.env.run()
    log = [s for s in sim.recorder.steps if s.kind == "log"][0]
    execute = [s for s in sim.recorder.steps if s.kind == "execute"][0]
    line = next(line for line in log.payload["lines"] if line.startswith("[WARNING]"))
    assert line == (f"[WARNING]\t{sim.iso_time(execute.time_ms)}\t{log.flow}\tresizing cat.jpg")
    assert sim.iso_time(execute.time_ms).startswith("2026-01-01T00:01:01.")
