"""Pins for the per-request shortcuts of docs/decisions/0017-engine-throughput.md (round 2): each
shortcut gives what the plain code gave. The execute summary kept per environment names the
environment that ran; the REPORT line's memory and the order of a timed-out invocation's lines;
request ids are RFC 4122 version-4 UUIDs as the uuid module writes them; a run's process set lets
go of every process that ended; a script invoke by a mobile app keeps its chapter numbers."""

from __future__ import annotations

import random
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.function_code import Outcome, cloudwatch_lines
from app.engine.run import _track_processes, run
from app.engine.simulation import Ids
from lambda_scenarios import function, scenario, simulation


def test_execute_summaries_name_the_environment_that_ran():
    """Two invocations 10 ms apart overlap (100 ms each), so the second needs a second
    environment; the third, later, reuses the most recently released one (env2)."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo"},
                          {"at": "10ms", "actor": "app", "action": "invoke", "function": "echo"},
                          {"at": "2s", "actor": "app", "action": "invoke", "function": "echo"},
                          {"at": "3s", "actor": "app", "action": "invoke", "function": "echo"}])
    summaries = [s.summary for s in run(sc) if s.kind == "execute"]
    assert summaries == ["echo runs in new environment echo-env1",
                         "echo runs in new environment echo-env2",
                         "echo runs in warm environment echo-env2",
                         "echo runs in warm environment echo-env2"]


def _outcome(**fields) -> Outcome:
    return Outcome(duration_ms=fields.pop("duration_ms", 12.345), **fields)


def test_report_line_memory_is_the_smaller_of_used_and_size():
    assert cloudwatch_lines("r", _outcome(), 128, 40, None)[-1].endswith(
        "Memory Size: 128 MB\tMax Memory Used: 40 MB")
    assert cloudwatch_lines("r", _outcome(), 128, 300, None)[-1].endswith(
        "Memory Size: 128 MB\tMax Memory Used: 128 MB")
    assert cloudwatch_lines("r", _outcome(), 128, 128, None)[-1].endswith(
        "Max Memory Used: 128 MB")


def test_cloudwatch_lines_in_order_for_a_cold_timed_out_run():
    out = _outcome(duration_ms=3000.0, timed_out=True, logs=["hello", "again"],
                   error={"errorMessage": "RequestId: r Error: Task timed out after 3.00 seconds"})
    lines = cloudwatch_lines("r", out, 128, 40, 250.5, "INIT_START x", "3")
    assert lines == [  # the timeout is in the REPORT only (§22, LIFE's new-style text log)
        "INIT_START x", "START RequestId: r Version: 3", "hello", "again", "END RequestId: r",
        "REPORT RequestId: r\tDuration: 3000.00 ms\tBilled Duration: 3251 ms\tMemory Size: 128 MB"
        "\tMax Memory Used: 40 MB\tInit Duration: 250.50 ms\tStatus: timeout"]
    quiet = cloudwatch_lines("q", _outcome(duration_ms=0.2), 256, 40, None)
    assert quiet == ["START RequestId: q Version: $LATEST", "END RequestId: q",
                     "REPORT RequestId: q\tDuration: 0.20 ms\tBilled Duration: 1 ms\t"
                     "Memory Size: 256 MB\tMax Memory Used: 40 MB"]


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32))
def test_request_ids_are_uuid4_text_of_the_same_bits(seed):
    ids, rng = Ids(random.Random(seed)), random.Random(seed)
    for _ in range(20):
        assert ids.uuid() == str(uuid.UUID(int=rng.getrandbits(128), version=4))


def test_the_process_set_keeps_only_processes_still_running():
    sim = simulation(scenario(functions={"echo": function()}))
    processes = _track_processes(sim)

    def short():
        yield sim.env.timeout(5)

    def waiting():
        yield sim.env.event()  # never triggered

    done = [sim.env.process(short()) for _ in range(3)]
    stuck = sim.env.process(waiting())
    assert processes == {*done, stuck}
    sim.env.run()
    assert processes == {stuck}
    assert all(p.processed for p in done)


def test_a_mobile_apps_script_invoke_keeps_its_chapter_steps():
    sc = scenario(extra={"phone": {"type": "actor", "kind": "mobile_app", "policies": [
        {"action": "lambda:InvokeFunction", "resource": "*"}]}},
        script=[{"at": 0, "actor": "phone", "action": "invoke", "function": "echo"},
                {"at": "1s", "actor": "app", "action": "invoke", "function": "echo"}],
        settings={})
    steps = run(sc.model_copy(update={"chapter_steps": True}))
    chapter = [(s.source, s.kind, s.chapter_step) for s in steps if s.chapter_step is not None]
    assert ("phone", "invoke", 3) in chapter
    assert ("app", "invoke", 1) in chapter


def test_remembered_invoke_decisions_still_see_credentials_expire():
    """IAM remembers Invoke decisions, but not for temporary credentials: the same Cognito
    credentials are allowed a minute after sign-in and refused (ExpiredTokenException) an hour
    later."""
    from test_signing import WRITES, _phone_resources, play, sign_in
    early, late = {**WRITES["invoke"], "at": "60s"}, {**WRITES["invoke"], "at": "3601s"}
    trace = play(_phone_resources(), [sign_in(login=True), early, late])
    answers = [s for s in trace.steps if s.target == "phone" and s.status]
    assert [s.status for s in answers][-2:] == [200, 403]
    assert "ExpiredTokenException" in answers[-1].summary
