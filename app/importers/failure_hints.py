"""How to see an imported lesson's failure paths: the starter script's handlers never fail, so a
dead-letter queue, an on-failure destination or a redrive policy is never visited until the
teacher makes a function fail (`faults`, docs/scenario-format.md). One comment line per path.

The paths are Lambda's: an asynchronous invoke that still fails after its retries goes to the
function's dead-letter queue or on-failure destination (lambda-behaviour.md, asynchronous
invocation; https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html);
an SQS message received maxReceiveCount times moves to the queue's dead-letter queue; a stream
mapping sends a discarded batch's record to its on-failure destination
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html).
"""

from __future__ import annotations

from typing import Any

FAIL = "faults: {fail: always}"
ONE = "or `fail_when` under `faults` to fail chosen records only, docs/scenario-format.md"


def failure_hints(resources: dict[str, dict[str, Any]]) -> list[str]:
    """`resources` of a lesson (name → resource as data) → one sentence per failure path,
    saying where failed events go and what to add to make the function fail; [] when none."""
    out = []
    for name, res in resources.items():
        kind = res.get("type")
        if kind == "function":
            config = res.get("event_invoke_config") or {}
            for where, what in ((res.get("dead_letter_queue"), "dead-letter queue"),
                                (config.get("on_failure"), "on-failure destination")):
                if where:
                    out.append(f"{name}: an asynchronous event that still fails after Lambda's "
                               f"retries goes to its {what} {where}. To see it, add `{FAIL}` "
                               f"under resources.{name}.")
        elif kind == "sqs_queue" and res.get("redrive_policy"):
            redrive = res["redrive_policy"]
            readers = [m["function"] for m in resources.values()
                       if m.get("type") == "event_source_mapping" and m.get("source") == name]
            make_fail = (f"add `{FAIL}` under resources.{readers[0]} ({ONE})" if readers
                         else "make the function that reads it fail (`faults`)")
            times = "time" if redrive.get("max_receive_count") == 1 else "times"
            out.append(f"{name}: a message received {redrive.get('max_receive_count')} {times} "
                       f"without being deleted moves to {redrive.get('dead_letter_queue')}. "
                       f"To see it, {make_fail}.")
        elif kind == "event_source_mapping" and res.get("on_failure"):
            out.append(f"{name}: a batch discarded after its retries is sent to "
                       f"{res['on_failure']}. To see it, add `{FAIL}` under "
                       f"resources.{res.get('function')} ({ONE})"
                       + ("." if res.get("maximum_retry_attempts", -1) >= 0 else
                          f"; also give {name} a `maximum_retry_attempts`: without one a "
                          f"failing batch is retried until its records expire."))
    return out
