"""Lambda's own log lines around Init and timeouts, in the text format
(docs/reference/lambda-behaviour.md §22 B17, §11; LIFE:
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).

- a timeout: START / END / REPORT … Status: timeout, with no line of its own (the page's
  "new style", which AWS moved every function to);
- an on-demand Init stopped at 10 s: INIT_REPORT Init Duration … Phase: init Status: timeout;
- provisioned concurrency always logs INIT_START and INIT_REPORT for its Init."""

from __future__ import annotations

from lambda_scenarios import function, invoke, scenario, simulation

from app.engine.function_code import log_tail
from app.engine.run import run


def _lines(**fn):
    sim = simulation(scenario({"echo": function(**fn)}))
    box = invoke(sim)
    sim.env.run()
    (log,) = [s for s in sim.recorder.steps if s.kind == "log"]
    return log.payload["lines"], box["response"]


def test_a_timeout_is_reported_in_the_report_line_only():
    lines, resp = _lines(timeout=3, faults={"time_out": True})
    firsts = [line.split(" ", 1)[0] for line in lines]
    assert firsts[:2] == ["INIT_START", "START"] and firsts[-2:] == ["END", "REPORT"]
    assert not any("Task timed out" in line for line in lines)  # no hybrid "RequestId: … Error:"
    assert lines[-1].endswith("\tInit Duration: 200.00 ms\tStatus: timeout")
    assert "Duration: 3000.00 ms" in lines[-1]
    assert "Task timed out after 3.00 seconds" in resp.payload["errorMessage"]  # the reply keeps it


def test_an_init_stopped_at_10_s_logs_init_report_with_status_timeout():
    lines, _ = _lines(init_duration="12s", timeout=30)
    assert lines[0].startswith("INIT_START Runtime Version: python:3.12.")
    assert lines[1] == "INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout"
    assert lines[2].startswith("START RequestId: ")
    assert "Init Duration" not in lines[-1]  # the second Init is in Duration (§11)


def test_the_log_tail_leaves_out_the_init_phase_lines():
    import base64
    lines, _ = _lines(init_duration="12s", timeout=30)
    tail = base64.b64decode(log_tail(lines)).decode()
    assert "INIT_START" not in tail and "INIT_REPORT" not in tail and "START RequestId" in tail


def test_a_provisioned_environment_logs_init_start_and_init_report():
    fn = function(init_duration="250ms", versions={"1": {}},
                  aliases={"live": {"function_version": "1", "provisioned_concurrent_executions": 1}})
    trace = run(scenario({"echo": fn}, script=[
        {"at": "5s", "actor": "app", "action": "invoke", "function": "echo", "qualifier": "live"}]))
    logs = [s for s in trace if s.kind == "log"]
    init_log, invoke_log = logs[0], logs[1]
    assert init_log.time_ms == 250.0 and "provisioned" in init_log.tags
    lines = init_log.payload["lines"]
    assert lines[0].startswith("INIT_START Runtime Version: ")
    assert lines[1] == "INIT_REPORT Init Duration: 250.00 ms"
    assert init_log.payload["logStreamName"].startswith("20")
    assert "§11" in init_log.narration or "§22" in init_log.narration
    assert not any(line.startswith("INIT_") for line in invoke_log.payload["lines"])
    assert "Init Duration" not in invoke_log.payload["lines"][-1]
