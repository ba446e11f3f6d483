"""Counts are read aloud in class: "1 copy", "2 copies", never "1 copies" or "copy(s)".

The expert found "at most 1 copies at once" (throttle.yaml step 17, api.yaml step 10); this
checks every step of every built-in lesson and the expert's cases, and the places a count of 1
comes from a setting (maxReceiveCount 1, an event with one field, a log with one more line).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario
from lambda_scenarios import function, scenario
from sqs_scenarios import orders, sqs_scenario

ROOT = Path(__file__).parents[2]
REFUSED = {"vis-lt", "vtimeout2"}  # expert cases `check` refuses (test_visibility_vs_version_timeout)
FILES = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted(
    p for p in (Path(__file__).parent / "cases" / "expert").glob("*.yaml") if p.stem not in REFUSED)
NOUNS = ("copies|messages|records|times|receives|retries|attempts|batches|invocations|lines|"
         "fields|calls|clicks|environments|events|invokes|items|receive counts")
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 ({NOUNS})\b")


def _bad(trace) -> list[str]:
    out = []
    for s in trace:
        for text in (s.summary, s.narration, s.caveat or ""):
            if "(s)" in text or ONE_PLURAL.search(text):
                out.append(f"step {s.index + 1}: {text}")
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_step_miscounts(path):
    assert _bad(run(load_scenario(path))) == []


def test_max_receive_count_of_one_is_singular():
    trace = run(sqs_scenario(queue={"redrive_policy": {"dead_letter_queue": "orders-dlq",
                                                       "max_receive_count": 1}},
                             function={"faults": {"fail": "always"}}, script=orders(["book"])))
    assert any("After 1 receive " in s.narration or "received 1 time " in s.narration
               or "received 1 time," in s.narration for s in trace)
    assert _bad(trace) == []


def test_an_event_with_one_field_and_a_log_with_one_more_line():
    sc = scenario({"echo": function(faults={"fail": "always"})},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "payload": {"only": 1}}])
    trace = run(sc)
    assert _bad(trace) == []


def test_two_busy_copies_are_both_busy():
    """A teacher read "all 2 are busy" aloud in a throttle step; two copies are "both" busy."""
    from types import SimpleNamespace

    from app.engine.throttle_texts import reserved_throttle

    plain = SimpleNamespace(versions={}, aliases={})  # no provisioned concurrency
    text = reserved_throttle("process-order", 2, plain)
    assert "both are busy" in text and "all 2" not in text
    assert "all 5 are busy" in reserved_throttle("process-order", 5, plain)


def test_the_first_poll_tells_batch_size_from_concurrency():
    """orders-sqs step 2 said "batches of up to 5. It starts with 5 batches at a time": two
    different fives read as one. The batch size is in messages, the start in concurrent invokes."""
    trace = run(load_scenario(ROOT / "scenarios" / "orders-sqs.yaml"))
    first_poll = next(s for s in trace if s.kind == "poll")
    assert "batches of up to 5 messages" in first_poll.narration
    assert "5 concurrent invokes" in first_poll.narration
