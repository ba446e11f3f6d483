"""The cold path of the fast synchronous invoke, and the idle reclaim, as compact step records.

About half the requests of a sparse load are cold starts (workloads 2 and 3 of
bench/bench_simfaas.py): each adds an assume-role, an init and a new environment's execute step,
and later the reclaim's shutdown step. `cold_start` does what `Executor._cold_start` does for
`app.engine.fast_invoke.sync_invoke` (same order, same draws from the seeded generator, same
SimPy events, same state writes), recording its two steps as compact records
(`app.engine.step_templates`): the assume-role step stores only its flow, the init step the
environment id, Init ms and log stream its summary and payload are made from when read.
`record_reclaim` records the shutdown step of an idle reclaim (every path, not only the fast
one) as the environment id and its invocation count. Every case they do not cover (a trust
policy seen for the first time or one that refuses, a narration rule) goes to the general code.
The behaviour modelled is the general path's: lambda-behaviour.md §11 (LIFE: Init, Shutdown).
See docs/decisions/0017-engine-throughput.md (round 6); tests/engine/test_cold_path.py compares
both ways of recording field by field.
"""

from __future__ import annotations

from app.engine.plain_code import sampler
from app.handlers.context import log_stream_name

ENABLED = True  # False: the general `add` for every step here (tests compare the two)
_COLD_TAGS, _SHUTDOWN_TAGS = ("cold-start",), ("shutdown",)


def cold_start(ex, function, flow, chapter, fn, templates):
    """SimPy process: `ex._cold_start(function, flow, model, chapter, fn, "$LATEST", None)` for
    `sync_invoke`. In: the Executor, the function's name, the request's flow, the line's chapter
    numbers, the function's config and the line's step templates (a dict). Out (its value): the
    new Environment after its Init, or None when the role cannot be assumed."""
    sim = ex.sim
    rec = sim.recorder
    known = ex._trust.get((function, fn.role))
    if not ENABLED or known is None or not known[1] or rec._overrides:
        return (yield from ex._cold_start(function, flow, "on-demand", chapter, fn))
    kept = templates.get("assume-role")
    if kept is None or kept[0] is not known:
        decision, _, summary, narration = known
        kept = templates["assume-role"] = (known, rec.template(
            "assume-role", "lambda", fn.role, "internal", summary, narration,
            permission=decision, chapter_step=chapter.get("assume-role"), variable=("flow",)))
    rec.add_compact(kept[1], (flow,))
    ex._session(function, fn.role)
    pool = ex.pools[function]
    now = sim.env._now
    ex.service.concurrency.note_new_environment(function, now)
    env = pool.create(now, f"{function}-env{pool.created + 1}",
                      log_stream_name(sim.log_date(), sim.ids.hex(32)),
                      "$LATEST")
    ex.publish_created(function, env)
    draw = ex._init_draws.get(function)
    if draw is None:
        draw = ex._init_draws[function] = sampler(fn.init_duration)
    init_ms = draw(sim.rng)
    env.init_ms = init_ms
    narration = ex._init_narration(function, "$LATEST", None, fn)
    kept = templates.get("init")
    if kept is None or kept[0] is not narration:
        kept = templates["init"] = (narration, rec.template(
            "init", "lambda", function, "internal", "", narration, tags=_COLD_TAGS,
            variable=("summary", "payload", "flow"),
            expand=init_fields(fn.runtime, fn.memory_size)))
    rec.add_compact(kept[1], (env.id, init_ms, env.log_stream, flow))
    yield sim.env.timeout(init_ms)
    return env


def init_fields(runtime: str, memory_size: int):
    """The `expand` of an init step (`StepTemplate`): (environment id, Init ms, log stream,
    flow) → (summary, payload, flow), as `Executor._cold_start` records them."""
    def expand(env_id, init_ms, log_stream, flow):
        return (f"Cold start: Lambda creates environment {env_id} ({round(init_ms)} ms Init)",
                {"environment": env_id, "runtime": runtime, "memorySize": memory_size,
                 "initDurationMs": round(init_ms, 2), "logStreamName": log_stream}, flow)

    return expand


def cold_execute_fields(function: str):
    """The `expand` of a new environment's execute step: (environment id, payload, flow) →
    (summary, narration, payload, flow), as `Executor._begin` records them for an unqualified
    on-demand cold start."""
    def expand(env_id, payload, flow):
        return (f"{function} runs in new environment {env_id}",
                f"Lambda calls {function}'s handler in the new environment {env_id}, passing "
                f"the event as its first argument and a context object as its second.",
                payload, flow)

    return expand


def record_reclaim(ex, function, env, idle: str) -> bool:
    """Record the shutdown step of `Executor._reclaim` for `env` of `function` (`idle`: the
    idle timeout in words) as a compact record. Out: False (nothing recorded) when compact
    records are off or the scenario's narration rules rewrite steps; the caller then records it
    with `add`."""
    rec = ex.sim.recorder
    if not ENABLED or rec._overrides:
        return False
    number = ex._reclaim_templates.get(function)
    if number is None:
        number = ex._reclaim_templates[function] = rec.template(
            "shutdown", "lambda", function, "internal", "", "", tags=_SHUTDOWN_TAGS,
            variable=("summary", "narration", "payload"),
            expand=reclaim_fields(function, idle))
    rec.add_compact(number, (env.id, env.invocations))
    return True


def reclaim_fields(function: str, idle: str):
    """The `expand` of a reclaim's shutdown step: (environment id, invocations) → (summary,
    narration, payload), the texts `Executor._reclaim` writes."""
    def expand(env_id, invocations):
        return (f"Lambda reclaims idle environment {env_id} of {function}",
                (f"Environment {env_id} has had nothing to do for {idle}, so Lambda shuts it "
                 f"down and frees its memory. AWS does not promise how long idle environments "
                 f"live; this scenario uses {idle}."),
                {"environment": env_id, "invocations": invocations})

    return expand
