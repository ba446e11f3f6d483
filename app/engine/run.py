"""`run(scenario)`: build the services, play the script on the SimPy clock, return the Trace.

Script actions go to the service method of the same name (`STIMULUS_METHODS`), as a SimPy
process, with the actor's current credentials as `caller`. A run ends when nothing is left to do,
at `settings.stop_after`, or after `max_steps` steps; the last two end with a `not-simulated` step
that says so. See docs/decisions/0003-engine-loop.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import json

from app.engine import fast_invoke
from app.engine.lesson_notes import Divergence, hedged
from app.engine.load import expand_load
from app.engine.packing import drop_waiting
from app.engine.simulation import Simulation
from app.engine.summary import summarise
from app.engine.step_store import StateStore, StepStore
from app.engine.trace import Trace
from app.scenario.fields import format_duration_ms

DEFAULT_MAX_STEPS = 200_000

# Service key → "module:Class", built in this order (later services may look up earlier ones).
SERVICES = {
    "iam": "app.engine.iam:IamService",
    "sqs": "app.engine.sqs:SqsService",
    "queues": "app.engine.queues:QueueService",
    "sns": "app.engine.sns:SnsService",
    "eventbridge": "app.engine.eventbridge:EventBridgeService",
    "lambda": "app.engine.lambda_service:LambdaService",
    "s3": "app.engine.s3:S3Service",
    "dynamodb": "app.engine.dynamodb:DynamoDBService",
    "kinesis": "app.engine.kinesis:KinesisService",
    "api_gateway": "app.engine.api_gateway:ApiGatewayService",
    "cognito": "app.engine.cognito:CognitoService",
    "event_source_mappings": "app.engine.event_source_mapping:EventSourceMappingService",
}

STIMULUS_METHODS = {
    "put_object": ("s3", "put_object"), "delete_object": ("s3", "delete_object"),
    "put_item": ("dynamodb", "put_item"), "update_item": ("dynamodb", "update_item"),
    "delete_item": ("dynamodb", "delete_item"), "put_record": ("kinesis", "put_record"),
    "http_request": ("api_gateway", "http_request"),
    "get_credentials": ("cognito", "get_credentials"),
    "invoke": ("lambda", "invoke_stimulus"), "send_message": ("sqs", "send_message"),
    "publish": ("sns", "publish"), "put_events": ("eventbridge", "put_events"),
}


class StepLimitReached(BaseException):
    """Raised by the recorder listener at max_steps; a BaseException so that no handler's or
    service's `except Exception` can swallow it."""


class _CancelRequested(BaseException):
    """Raised inside the run when `cancel()` said stop (a BaseException for the same reason)."""


class RunCancelled(Exception):
    """`run(..., cancel=...)` was asked to stop before the scenario ended; no trace is returned."""


CANCEL_CHECK_EVERY = 64  # steps between two calls of `cancel()` (a cheap flag, but not free)


def build_services(sim: Simulation) -> None:
    """Create every service into `sim.services`, then call `start()` on those that have one."""
    for key, target in SERVICES.items():
        module_name, class_name = target.split(":")
        sim.services[key] = getattr(importlib.import_module(module_name), class_name)(sim)
    for service in list(sim.services.values()):
        if hasattr(service, "start"):
            service.start()


def run(scenario, seed: int | None = None, max_steps: int | None = None,
        cancel=None, observe=None, baseline: Trace | None = None) -> Trace:
    """Simulate `scenario` and return its Trace.

    `max_steps` caps the run (None: DEFAULT_MAX_STEPS, read at call time): at the cap it ends with a `not-simulated` step and
    `trace.summary["truncated"]` is True (`app.truncation.truncation_note` says so in
    words). `cancel`: a callable without arguments (e.g. `threading.Event().is_set`), asked
    every CANCEL_CHECK_EVERY steps and before the run; when it returns True the run stops and
    RunCancelled is raised (the window's Cancel button). Engine code stays Qt-free: the caller
    decides what cancels. `observe(sim)`, if given, is called once the Simulation exists and
    before any service is built (app.engine.script_outcomes uses it to follow script entries).
    `baseline`: for a what-if's re-run of an edited scenario, the unchanged scenario's Trace;
    from the first step where this run differs from it, the scenario's own words (script
    `note`s, `narration:` rules) are introduced as written for the unchanged run
    (app.engine.lesson_notes).
    """
    if cancel is not None and cancel():
        raise RunCancelled
    if max_steps is None:
        max_steps = DEFAULT_MAX_STEPS
    with _cyclic_gc_paused():
        try:
            return _run(scenario, seed, max_steps, cancel, observe, baseline)
        except _CancelRequested as stop:
            stop.__traceback__ = None  # its frames hold the half-built run: let it go at once
            raise RunCancelled from None


@contextlib.contextmanager
def _cyclic_gc_paused():
    """The trace grows by millions of objects and holds almost no cycles, yet every full
    collection walks all of it: at 100,000 requests that was over half the run time, and in the
    window a full collection after a 200,000-step run held the GIL for 3-5 s (a frozen window,
    bench/bench_gui_stall.py). So the cycle finder waits until the run ends, and then the run's
    objects go to the permanent generation (`gc.freeze()`, constant time), where no collection
    ever walks them. Reference counting still frees a discarded trace as usual: the run leaves
    no cycles behind (`_release`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _run(scenario, seed: int | None, max_steps: int, cancel=None, observe=None,
         baseline: Trace | None = None) -> Trace:
    sim = Simulation(scenario, seed)
    if baseline is not None:
        sim.recorder.divergence = Divergence(baseline, sim.recorder.steps)
    if observe is not None:
        observe(sim)
    processes = _track_processes(sim)
    try:  # also a cancelled or failed run lets go of what it built (see `_release`)
        return _simulate(sim, scenario, max_steps, cancel, inline=observe is None)
    finally:
        _release(sim, processes)


def _simulate(sim: Simulation, scenario, max_steps: int, cancel, inline: bool = False) -> Trace:
    build_services(sim)
    stats = {"requests": 0}
    notes = _NoteAttacher(sim)
    if any(stimulus.note for stimulus in scenario.script):  # else one call per step for nothing
        sim.recorder.listeners.append(notes)

    def limit(count):  # after the step that makes `count` steps (see Recorder.watch)
        if count >= max_steps:
            raise StepLimitReached
        if cancel is not None and count % CANCEL_CHECK_EVERY == 0 and cancel():
            raise _CancelRequested

    sim.recorder.watch(limit, CANCEL_CHECK_EVERY if cancel is not None else None, max_steps)
    for index, stimulus in enumerate(scenario.script):
        # script_index: which script entry this process (and what it starts) plays
        sim.env.process(_schedule(sim, stimulus, stats, notes, inline)).script_index = index
    stop = scenario.settings.stop_after
    truncated = False
    try:
        sim.env.run(until=stop)
        sim.recorder.watch(None)
        if stop is not None and sim.env.peek() != float("inf"):
            _stopped(sim, f"The simulation stops at {format_duration_ms(stop)} "
                          f"(settings.stop_after); work still scheduled after that is not shown.")
    except StepLimitReached as stop:
        # SimPy keeps the exception on the failed process; its traceback holds this frame and
        # its callers' (the trace, the window's job): a cycle only a full collection would free.
        stop.__traceback__ = None
        sim.recorder.watch(None)
        truncated = True
        _stopped(sim, f"The simulation stops after {max_steps:,} steps (max_steps); the rest of "
                      f"the scenario is not simulated.")
    summary = summarise(sim, sim.recorder.steps, stats)  # from the light column (summary.py)
    summary["truncated"], summary["max_steps"] = truncated, max_steps
    return sim.recorder.finish(sim.seed, summary)


def _track_processes(sim: Simulation) -> set:
    """Every SimPy process of the run that has not ended yet, so `_release` can end those still
    waiting. A process leaves the set when it ends: `set.discard` is its first callback (called
    by SimPy in C, with no Python frame; a WeakSet cost a weak reference and a Python callback
    per request). It changes nothing else: callbacks do not decide the order of events."""
    processes: set = set()
    start, add, discard = sim.env.process, processes.add, processes.discard

    def process(generator):
        proc = start(generator)
        add(proc)
        proc.callbacks.append(discard)
        return proc

    sim.env.process = process
    return processes


def _release(sim: Simulation, processes=()) -> None:
    """Drop what the finished simulation still points at. Services, the clock's queue and the
    recorder refer to each other (and to the steps), so without this the whole run stays alive
    as cyclic garbage until a full collection walks it: seconds at 200,000 steps, on whatever
    thread allocates then (the window's), and the memory of a discarded run is not given back."""
    recorder = sim.recorder
    for store in (recorder._steps, recorder._states):  # a run not finished: its last chunks
        drop_waiting(store.packed())  # would wait for the compressor until the next run
    recorder._steps, recorder._state, recorder._pending = StepStore(), {}, []
    recorder._settle_hook = None  # (the executor's settle_rows: see Recorder.settle_state)
    recorder.divergence = None  # (a what-if's baseline trace: not kept alive by this run)
    recorder._states, recorder.blobs, recorder.listeners = StateStore(), {}, []
    queue = getattr(sim.env, "_queue", None)
    if isinstance(queue, list):
        queue.clear()
    for proc in list(processes):  # still waiting when the run ended: each is a little cycle
        target = proc._target  # a condition (AnyOf/AllOf) and its events refer to each other
        for event in getattr(target, "_events", ()):
            event.callbacks = None
        if target is not None:
            target.callbacks = None
            with contextlib.suppress(AttributeError):
                target._events = []
        proc.callbacks, proc._target = None, None
        with contextlib.suppress(BaseException):
            proc._generator.close()
    # Services point at each other and at their helpers (LambdaService ↔ AsyncQueue ↔ Executor,
    # S3Service ↔ DeliveryChain, SimPy's Environment ↔ its bound event classes). `run` freezes
    # the run's objects, so such a cycle would never be collected, and what it holds (every
    # Lineage, QueuedEvent, pooled environment…) would pin the memory of the whole run. Emptying
    # each one's attributes drops references only: objects the trace still shows stay as they are.
    for owner in (*sim.services.values(), sim.env, sim):
        if hasattr(owner, "__dict__"):
            vars(owner).clear()


def _stopped(sim: Simulation, why: str) -> None:
    sim.recorder.add("not-simulated", "lambda", "lambda", "internal", "Simulation stopped",
                        why, caveat=why)


def _schedule(sim: Simulation, stimulus, stats, notes, inline: bool = False):
    """One script line: its repeats (or load arrivals) at their times, each as its own process.

    `inline` (a run without an `observe` hook): an arrival that takes the fast synchronous invoke
    (app.engine.fast_invoke) and was waited for runs at once, here, instead of as a new process:
    the next arrival's timer is set first, which is the order the process's start and that timer
    would have had (the arrival's own timer was the event being processed, so the new process's
    start, an urgent event, would have been the very next one)."""
    if stimulus.action == "load":
        occurrences = expand_load(stimulus, sim.rng)
    else:
        numbered = uses_n(stimulus.model_dump(mode="python", exclude={"at", "every", "repeat"}))
        occurrences = ((stimulus.at + i * stimulus.every,
                        with_n(stimulus, i + 1) if numbered else stimulus)
                       for i in range(stimulus.repeat))
    first, env, methods = True, sim.env, {}
    last, fast = None, None  # the occurrence last looked at, and its fast path (or None)
    item, timer = next(occurrences, None), None  # timer: the next arrival's, already set
    while item is not None:
        at, occurrence = item
        waited = timer is not None or at > env._now  # (_now: `now` is a property call)
        if waited:
            yield timer or env.timeout(at - env._now)
        stats["requests"] += 1
        if first and stimulus.note:
            notes.pending.append(stimulus.note)
        first = False
        item, timer = next(occurrences, None), None  # (draws the next gap; starting draws none)
        if occurrence is not last:  # a load's arrivals share one stimulus unless it uses {n}
            last, fast = occurrence, fast_invoke.fast_path(sim, occurrence)
        if fast is not None:  # the script's synchronous invoke, written out (fast_invoke.py)
            if inline and waited and item is not None and item[0] > env._now:
                timer = env.timeout(item[0] - env._now)
                fast_invoke.start_inline(env, fast(occurrence, True))
            else:
                env.process(fast(occurrence))
            continue
        method = methods.get(occurrence.action)
        if method is None:  # looked up once per action, not per arrival of a load
            key, name = STIMULUS_METHODS[occurrence.action]
            method = methods[occurrence.action] = getattr(sim.services[key], name)
        env.process(dispatch(sim, occurrence, method))


def dispatch(sim: Simulation, stimulus, method=None):
    """Run one stimulus as the service method its action names (`method`: that bound method,
    when the caller has it already). The caller's credentials are read when the process starts."""
    if method is None:
        key, name = STIMULUS_METHODS[stimulus.action]
        method = getattr(sim.services[key], name)
    caller = sim.services["iam"].actor(stimulus.actor)
    return (yield from method(stimulus, caller))


def uses_n(data) -> bool:
    """Whether a script line's data mentions `{n}`; asked once per line, not per repeat."""
    return "{n}" in json.dumps(data, default=str)


def with_n(stimulus, n: int):
    """The stimulus with `{n}` in its strings replaced by `n` (1-based repeat counter)."""
    data = stimulus.model_dump(mode="python", exclude={"at", "every", "repeat"})
    return stimulus.model_copy(update={k: _replace_n(v, n) for k, v in data.items()})


def _replace_n(value, n: int):
    if isinstance(value, str):
        return value.replace("{n}", str(n))
    if isinstance(value, dict):
        return {_replace_n(k, n): _replace_n(v, n) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_replace_n(v, n) for v in value)
    return value


class _NoteAttacher:
    """Puts a script line's `note` in front of the narration of the first step it causes."""

    def __init__(self, sim: Simulation):
        self.sim, self.pending = sim, []

    def __call__(self, step) -> None:
        if not self.pending:
            return
        note = self.pending.pop(0)
        if note in step.narration:
            return  # the service already told it
        divergence = self.sim.recorder.divergence
        if divergence is not None and divergence.differs(step.index, step.kind, step.source,
                                                         step.target, step.summary):
            note = hedged(note)  # a what-if's run left the lesson's: its words may be untrue
        self.sim.recorder.replace_last(dataclasses.replace(step, narration=f"{note} {step.narration}"))
