"""Knob switches: invocation types, mapping settings, retries, concurrency, memory, load rate.

Each knob sets one field to a chosen value; presets are values worth trying in class, bounds are
the documented ones (lambda-behaviour.md sections cited in each prediction).
"""

from __future__ import annotations

from app.english import possessive
from app.lab.predictions import invokers, reserved_concurrency_prediction
from app.lab.queue_knobs import queue_knobs, rbif_switch
from app.lab.switch import Switch
from app.scenario.fields import format_duration_ms

INVOCATION_TYPES = ("RequestResponse", "Event", "DryRun")
INVOKE_PREDICTION = ("RequestResponse waits for the result (200); Event gets 202 at once and the "
                     "function runs later from Lambda's queue, retried on error; DryRun only checks "
                     "the caller's permission (204) and runs nothing (§1 INV, §4 ASY).")


def knob_switches(scenario) -> list[Switch]:
    return (_invocation_type_knobs(scenario) + _mapping_knobs(scenario)
            + _function_knobs(scenario) + _load_knobs(scenario))


def _invocation_type_knobs(scenario) -> list[Switch]:
    out = []
    for i, line in enumerate(scenario.script):
        if line.action == "invoke":
            path, current, fn = f"script.{i}.invocation_type", line.invocation_type, line.function
        elif line.action == "load" and line.request.get("action") == "invoke":
            path = f"script.{i}.request.invocation_type"
            current, fn = line.request.get("invocation_type", "RequestResponse"), line.request.get("function")
        else:
            continue
        out.append(Switch(
            f"invocation-type:script.{i}", "knobs",
            f"Invocation type of {possessive(line.actor)} invoke of {fn} at {format_duration_ms(line.at)} ({path})",
            "choice", current, INVOKE_PREDICTION, path=path, options=INVOCATION_TYPES))
    return out


def _mapping_knobs(scenario) -> list[Switch]:
    out = []
    for name, m in scenario.of_type("event_source_mapping").items():
        base = f"resources.{name}"
        kinesis = scenario.resources[m.source].type == "kinesis_stream"
        if scenario.resources[m.source].type == "sqs_queue":  # SQS mappings have their own knobs
            out += [*queue_knobs(scenario, name, m), rbif_switch(scenario, name, m)]
            continue
        out.append(rbif_switch(scenario, name, m))
        out += [
            Switch(f"knob:{name}:batch_size", "knobs", f"{name}: batch size", "number", m.batch_size or 100,
                   "Smaller batches mean more invocations with fewer records each; larger ones "
                   "fewer invocations (default 100, max 10,000; §5 KP, DP).",
                   path=f"{base}.batch_size", options=(1, 2, 10, 100), minimum=1, maximum=10_000),
            Switch(f"knob:{name}:window", "knobs", f"{name}: batching window (s)", "number",
                   m.maximum_batching_window_in_seconds,
                   "With a window, Lambda waits to fill a batch: it invokes when the batch is "
                   "full, the window ends or 6 MB is reached, so fewer, later invocations "
                   "(0–300 s; §5 ESM, KIN).",
                   path=f"{base}.maximum_batching_window_in_seconds", options=(0, 1, 5, 30),
                   minimum=0, maximum=300),
            _starting_position(scenario, name, m, kinesis),
            Switch(f"knob:{name}:parallelization_factor", "knobs",
                   f"{name}: concurrent batches per shard (ParallelizationFactor)", "number",
                   m.parallelization_factor,
                   "Lambda runs up to this many batches of each shard at once, so more concurrent "
                   "executions per shard; records of one partition key (item key for DynamoDB) "
                   "stay together and in order, and the shard's checkpoint waits for the slowest "
                   "of them (1–10; §17 KIN, DDB).",
                   path=f"{base}.parallelization_factor", options=(1, 2, 4, 10),
                   minimum=1, maximum=10),
            Switch(f"knob:{name}:bisect", "knobs", f"{name}: bisect batch on function error", "toggle",
                   m.bisect_batch_on_function_error,
                   "On a function error Lambda splits the batch in two and retries the halves, "
                   "isolating the bad record; splitting does not count as a retry (§5 KP).",
                   path=f"{base}.bisect_batch_on_function_error"),
            Switch(f"knob:{name}:retries", "knobs", f"{name}: maximum retry attempts", "number",
                   m.maximum_retry_attempts,
                   "A failing batch is retried this many times, then discarded (to the on-failure "
                   "destination if there is one) and the shard moves on; -1 retries until the "
                   "records expire (default -1; §5 KP, DP).",
                   path=f"{base}.maximum_retry_attempts", options=(-1, 0, 1, 2, 10),
                   minimum=-1, maximum=10_000),
            Switch(f"knob:{name}:max_record_age", "knobs", f"{name}: maximum record age (s)", "number",
                   m.maximum_record_age_in_seconds,
                   "Records older than this are discarded instead of retried, unblocking the "
                   "shard; -1 keeps them until they expire (default -1, max 604,800; §5 KP).",
                   path=f"{base}.maximum_record_age_in_seconds", options=(-1, 60, 600, 3600),
                   minimum=-1, maximum=604_800),
        ]
    return out


def _starting_position(scenario, name, m, kinesis: bool) -> Switch:
    options = ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP") if kinesis else ("TRIM_HORIZON", "LATEST")
    base = f"resources.{name}"
    companions = []
    if kinesis:
        at = _second_write(scenario, m.source)
        companions.append(("AT_TIMESTAMP", (f"{base}.starting_position_timestamp={at:g}ms",)))
    if m.starting_position_timestamp is not None:
        companions += [(o, (f"{base}.starting_position_timestamp=absent",))
                       for o in options if o != "AT_TIMESTAMP"]
    return Switch(
        f"knob:{name}:starting_position", "knobs", f"{name}: starting position", "choice",
        m.starting_position,
        "TRIM_HORIZON reads from the oldest record kept; LATEST only records written after the "
        "mapping exists; AT_TIMESTAMP (Kinesis only) from a point in time (§5 KP, DP).",
        path=f"{base}.starting_position", options=options, companions=tuple(companions))


def _second_write(scenario, source: str) -> float:
    """A timestamp that skips the first write to `source`: the AT_TIMESTAMP lesson."""
    times = sorted(line.at for line in scenario.script if getattr(line, "stream", None) == source)
    return times[1] if len(times) > 1 else (times[0] if times else 0.0)


def _function_knobs(scenario) -> list[Switch]:
    out = []
    for name, fn in scenario.of_type("function").items():
        base = f"resources.{name}"
        if invokers(scenario, name) & {"s3", "async"}:
            cfg = fn.event_invoke_config
            out += [
                Switch(f"knob:{name}:async_retries", "knobs", f"{name}: retries of async events",
                       "number", cfg.maximum_retry_attempts,
                       "After a function error Lambda retries an event this many times (0–2), "
                       "waiting 1 min then 2 min (default 2; §4 ASY, EIC).",
                       path=f"{base}.event_invoke_config.maximum_retry_attempts", options=(0, 1, 2),
                       minimum=0, maximum=2),
                Switch(f"knob:{name}:max_event_age", "knobs", f"{name}: maximum event age (s)", "number",
                       cfg.maximum_event_age_in_seconds,
                       "Events waiting in the queue longer than this are dropped or sent to the "
                       "failure destination (60–21,600 s, default 6 h; §4 EIC).",
                       path=f"{base}.event_invoke_config.maximum_event_age_in_seconds",
                       options=(60, 3600, 21_600), minimum=60, maximum=21_600),
            ]
        out += [
            Switch(f"knob:{name}:reserved", "knobs", f"{name}: reserved concurrency", "number",
                   fn.reserved_concurrent_executions,
                   reserved_concurrency_prediction(scenario, name),
                   path=f"{base}.reserved_concurrent_executions", options=(None, 0, 1, 5),
                   minimum=0, maximum=scenario.settings.account_concurrency_limit - 100),
            Switch(f"knob:{name}:memory", "knobs", f"{name}: memory (MB)", "number", fn.memory_size,
                   "Memory is 128–10,240 MB in 1 MB steps (default 128); the simulated run time "
                   "does not change with it (§3 CF).",
                   path=f"{base}.memory_size", options=(128, 512, 1769, 10_240), minimum=128,
                   maximum=10_240),
            Switch(f"knob:{name}:timeout", "knobs", f"{name}: timeout (s)", "number", fn.timeout,
                   f"A run longer than the timeout is stopped with a timeout error (1–900 s, "
                   f"default 3); {name} runs about {_duration_text(fn.duration)} (§3 CF).",
                   path=f"{base}.timeout", options=(1, 3, 30, 900), minimum=1, maximum=900),
        ]
    return out


def _duration_text(spec) -> str:
    mean = spec if isinstance(spec, (int, float)) else spec.mean
    return format_duration_ms(mean)


def _load_knobs(scenario) -> list[Switch]:
    out = []
    for i, line in enumerate(scenario.script):
        if line.action != "load":
            continue
        if line.pattern == "burst":
            out.append(Switch(
                f"load:script.{i}:count", "knobs", f"{possessive(line.actor)} burst at {format_duration_ms(line.at)}: "
                f"requests arriving at once", "number", line.count,
                "More requests at the same moment need more execution environments at once; "
                "beyond reserved or account concurrency they are throttled with 429 (§11 SCL, CON).",
                path=f"script.{i}.count", options=(1, 8, 20, 100), minimum=1, maximum=10_000))
        else:
            out.append(Switch(
                f"load:script.{i}:rate", "knobs", f"{possessive(line.actor)} load at {format_duration_ms(line.at)}: "
                f"requests per second", "number", line.rate,
                "A higher arrival rate keeps more environments busy at once; beyond reserved or "
                "account concurrency the extra requests are throttled with 429 (§11 SCL, CON).",
                path=f"script.{i}.rate", options=(1.0, 3.0, 10.0, 50.0), minimum=0.1, maximum=1000))
    return out
