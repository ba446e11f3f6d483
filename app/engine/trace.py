"""What a run produces: an immutable sequence of steps, and the state after each one.

The UI never drives the simulation: it plays a `Trace`. State is kept as per-step deltas plus a
full snapshot every `SNAPSHOT_EVERY` steps, so `state_at(i)` costs at most that many delta
applications, whatever `i` is, and a 100,000-request trace does not hold 100,000 copies.
A delta is one flat tuple `(node, key, value, node, key, value, …)` and leaves out writes that
change nothing; repeated texts share one string (see `Recorder.record`). Steps, deltas and
snapshots are kept packed, a chunk of 256 steps at a time (app.engine.step_store): a
1,000,000-step trace takes ~60 MB instead of ~700 MB (docs/decisions/0015-columnar-trace.md).
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields, make_dataclass
from typing import Any, Iterator, Literal

from app.engine.deltas import _DELETE, _PUBLISH, _ROW  # noqa: F401 (their home was here)
from app.engine.deltas import apply as _apply
from app.engine.lesson_notes import hedged
from app.engine.memory import trim_heap
from app.engine.packing import Budget, choose_compressor
from app.engine.step_store import CHUNK, StateStore, StepStore
from app.engine.step_templates import _CHUNK_MASK as _TEMPLATES_MASK
from app.engine.step_templates import CompactRecording
from app.engine.wording import step_number

Model = Literal["push", "pull", "on-demand", "internal"]
SNAPSHOT_EVERY = CHUNK  # a state block and a chunk of steps cover the same steps
_CHUNK_MASK = CHUNK - 1  # `index & _CHUNK_MASK` is 0 at the first step of a chunk
assert CHUNK & _CHUNK_MASK == 0, "CHUNK must be a power of two"
assert _CHUNK_MASK == _TEMPLATES_MASK, "step_templates._CHUNK_MASK must be CHUNK - 1"


_PLAIN = (int, str)  # state values compared by value when deciding a write changes nothing

STEP_KINDS = (
    "request", "response", "permission-check", "detect", "invoke", "enqueue", "dequeue",
    "assume-role", "init", "execute", "sdk-call", "log", "result", "error", "retry", "throttle",
    "poll", "batch", "checkpoint", "get-credentials", "dead-letter", "destination", "shutdown",
    "not-simulated", "route",
)


@dataclass(frozen=True, slots=True)
class PermissionDecision:
    """The outcome of one IAM evaluation, phrased for the inspector."""

    decision: Literal["allow", "deny"]
    principal: str
    action: str
    resource: str
    policy: str  # which policy was evaluated: "resource-based policy of make-thumbnail", …
    matched: str | None = None  # the statement (Sid or a rendering of it) that decided
    reason: str | None = None  # why, in a sentence; always set for deny
    # The aws:SourceArn the call carried, when a resource-based (queue, topic) policy weighed it:
    # what a suggested statement's source_arn must match (app.engine.lesson_warnings).
    source_arn: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __reduce__(self):  # pickled by its fields (faster than the slots dataclass default)
        return PermissionDecision, (self.decision, self.principal, self.action, self.resource,
                                    self.policy, self.matched, self.reason, self.source_arn)


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    time_ms: float
    kind: str
    source: str
    target: str
    model: Model
    summary: str
    narration: str
    payload: Any = None
    permission: PermissionDecision | None = None
    status: int | None = None
    headers: dict[str, str] | None = None
    chapter_step: int | None = None  # the numbered step of the chapter this step shows
    tags: tuple[str, ...] = ()  # cold-start, warm-start, throttled, retry, denied, …
    flow: str | None = None  # groups the steps of one request/event (e.g. its request id)
    caveat: str | None = None  # a documented behaviour this step does not simulate

    def to_json(self) -> dict[str, Any]:
        """The `play --format jsonl` record; key names are a public contract. `index` counts from
        0 (the trace's list index), `number` from 1 (the step number people read)."""
        return {
            "index": self.index, "number": step_number(self.index), "time_ms": self.time_ms, "kind": self.kind,
            "source": self.source, "target": self.target, "model": self.model,
            "summary": self.summary, "narration": self.narration, "payload": self.payload,
            "permission": self.permission.to_json() if self.permission else None,
            "status": self.status, "headers": self.headers, "chapter_step": self.chapter_step,
            "tags": list(self.tags), "flow": self.flow, "caveat": self.caveat,
        }


def _draft_of(cls):
    """A mutable twin of frozen slots dataclass `cls`: same fields, same slots, same order.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`, 2.5 µs per
    Step, and a 100,000-request run records half a million. The recorder builds a draft (plain
    slot stores, 0.6 µs) and then sets its `__class__` to `cls`, which Python allows because the
    layouts are identical; what comes out is an ordinary frozen `cls` instance.
    """
    spec = [(f.name, f.type) if f.default is MISSING else (f.name, f.type, f.default)
            for f in fields(cls)]
    draft = make_dataclass(f"_{cls.__name__}Draft", spec, slots=True)
    assert draft.__slots__ == cls.__slots__
    return draft


_StepDraft = _draft_of(Step)


@dataclass(eq=False)
class Trace:
    """Steps in order plus the state needed to answer `state_at(i)` quickly.

    `steps` is a StepStore (a read-only sequence of Steps; a list given here is copied into one);
    `len(trace)`, `trace[i]` and iteration go to it."""

    steps: StepStore
    seed: int
    _states: StateStore = field(default_factory=StateStore, repr=False)
    summary: dict[str, Any] = field(default_factory=dict)
    # Large immutable values (object bodies) that state refers to by key, e.g. S3's `body_ref`,
    # so the inspector can preview an image without the state copying its bytes at every step.
    blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    # Documented AWS behaviours this whole run leaves out, said once rather than on every step:
    # a short name ("S3 delivery") → the sentence. Steps keep their own `caveat` only where the
    # missing behaviour would change that step's outcome.
    not_simulated: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.steps, StepStore):
            self.steps = StepStore(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def __iter__(self):
        return iter(self.steps)

    def state_at(self, index: int) -> dict[str, dict[str, Any]]:
        """State of every node after step `index` (a fresh copy the caller may keep)."""
        if not len(self.steps) or not len(self._states):
            return {}
        index = max(0, min(index, len(self.steps) - 1, len(self._states) - 1))
        base = index // SNAPSHOT_EVERY
        state, deltas = self._states.block(base)
        for delta in deltas[1:index - base * SNAPSHOT_EVERY + 1]:
            _apply(state, delta)
        return state

    def node_state_at(self, index: int, node: str) -> dict[str, Any]:
        return self.state_at(index).get(node, {})


def step_column(steps, name: str) -> list:
    """The field `name` of every step, in order: `[getattr(s, name) for s in steps]`, fast for
    a Trace or StepStore (see StepStore.column); `steps` may also be any sequence of Steps."""
    steps = getattr(steps, "steps", steps)
    if isinstance(steps, StepStore):
        return steps.column(name)
    return [getattr(step, name) for step in steps]


def steps_of_kind(steps, kinds) -> Iterator[Step]:
    """The steps whose kind is in `kinds` (a set), in order; a packed trace unpacks only the
    chunks that hold one (the kinds are a column)."""
    kind_of = step_column(steps, "kind")
    for index in [i for i, kind in enumerate(kind_of) if kind in kinds]:
        yield steps[index]


class Recorder(CompactRecording):
    """Services write steps and state changes here; it knows nothing of the UI.

    State values are treated as immutable once set: set a new value rather than mutating one.
    """

    def __init__(self, clock, narration_overrides=(), chapter_steps: bool = True,
                 names=None):
        """`names`: app.engine.sentence_names.SentenceNames, the scenario's names as sentences
        open with them and possessives of names ending in s; every summary and narration is
        corrected with it (None: texts kept as given)."""
        self._clock = clock  # callable returning the simulated time in ms
        self._now, self._time_ms = None, None  # the clock's last value (the object) and its rounding
        # The chapter's step numbers ("How it works") belong only to the lessons that follow its
        # examples and say so with `chapter_steps: true`; otherwise `chapter_step` is dropped.
        self._chapter_steps = chapter_steps
        self.blobs: dict[str, bytes] = {}  # bodies state refers to by key (see Trace.blobs)
        self._threaded = choose_compressor()  # once per run: compress on a second core if free
        budget = Budget()  # the run's chunks stay uncompressed up to packing.RAW_BUDGET bytes
        self._steps = StepStore(blobs=self.blobs, budget=budget)
        self._state: dict[str, dict[str, Any]] = {}
        self._pending: list[Any] = []  # node, key, value, node, key, value, …
        self._states = StateStore(self.blobs, budget)  # deltas and snapshots, packed
        self._step_tail, self._delta_tail = self._steps.tail, self._states.tail
        self._count = 0  # steps recorded
        self._last_texts: dict[str, tuple[str, str]] = {}  # kind → last (summary, narration)
        self._templates: dict[tuple, int] = {}  # (fields, variable) → number: see `template`
        self._template_kinds: dict[int, str] = {}  # template number → its steps' kind
        self._overrides = list(narration_overrides)
        self._names = names
        # What brings the live state up to date (app.engine.state_publication.settle_rows), set
        # while some of it is only in the deltas; see `settle_state`.
        self._settle_hook = None
        self._rewrites = bool(self._overrides) or not chapter_steps  # see `add`
        self._override_hits = [0] * len(self._overrides)
        self.listeners: list = []  # callbacks(step) kept outside the core: see `_tell`
        self._watch_check, self._watch_every, self._watch_at = None, None, None  # see `watch`
        self._watch_from = float("inf")  # the step index after which `_watch` is due
        self.not_simulated: dict[str, str] = {}  # see Trace.not_simulated
        # A what-if's re-run: where it leaves the unchanged run (app.engine.lesson_notes); the
        # scenario's own words on later steps are then marked as written for that run.
        self.divergence = None

    @property
    def steps(self) -> StepStore:
        return self._steps

    def replace_last(self, step: Step) -> None:
        """Put `step` in place of the newest recorded step (a listener adding to its text)."""
        self._steps.set_last(step)

    @property
    def state(self) -> dict[str, dict[str, Any]]:
        """The live state (read-only by convention)."""
        if self._settle_hook is not None:
            self.settle_state()
        return self._state

    def settle_state(self) -> None:
        """Bring the live state up to date where a service left a change in the deltas only
        (the fast invoke's environment rows: app.engine.state_publication.publish_env). Called
        before the live state is read: a snapshot, `state`, a full publication."""
        hook, self._settle_hook = self._settle_hook, None
        if hook is not None:
            hook()

    def set_state(self, node: str, key: str, value: Any) -> None:
        """Record `node`'s `key` = `value` from now on (a change only when it differs). Kept in
        step by hand with `Executor.publish_state`, which inlines this for speed (decision 0017,
        round 4): change both together."""
        values = self._state.get(node)
        if values is None:
            values = self._state[node] = {}
        elif key in values:
            old = values[key]
            if old is value or (type(old) is type(value) and type(value) in _PLAIN and old == value):
                return  # nothing changes (ints and strings only: 0.0 and -0.0 print differently)
        values[key] = value
        self._pending += (node, key, value)

    def set_row(self, node: str, key: str, rows: tuple, base: tuple, index: int) -> None:
        """`set_state(node, key, rows)` where `rows` differs from `base` at `index` only.

        A busy function has dozens of environment rows and they change twice per invocation;
        the delta then holds the one row (about 45 MB less at 100,000 requests). Falls back to
        `set_state` unless `base` is what the state holds now.
        """
        values = self._state.get(node)
        if values is None or values.get(key) is not base or len(rows) != len(base):
            self.set_state(node, key, rows)
        elif rows is not base:
            values[key] = rows
            self._pending += (node, key, (_ROW, index, rows[index]))  # a plain tuple packs fast

    def delete_state(self, node: str, key: str) -> None:
        self._state.get(node, {}).pop(key, None)
        self._pending += (node, key, _DELETE)

    def record(self, kind: str, source: str, target: str, model: Model, summary: str,
               narration: str, **extra: Any) -> Step:
        """Record a step (the fields of `Step` after `narration`, by keyword) and return it.
        Same as `add`, which services on hot paths call (it builds no Step object)."""
        self.add(kind, source, target, model, summary, narration, **extra)
        return self._steps.last()

    def add(self, kind: str, source: str, target: str, model: Model, summary: str,
            narration: str, payload: Any = None, permission: PermissionDecision | None = None,
            status: int | None = None, headers: dict[str, str] | None = None,
            chapter_step: int | None = None, tags: tuple[str, ...] = (), flow: str | None = None,
            caveat: str | None = None) -> None:
        """Record the next step: its fields as `Step` has them (index and time are the
        recorder's). The step goes into the open chunk as a tuple of its fields; listeners get
        it as a Step. Raises what a listener or the step limit (`watch`) raises."""
        index = self._count
        self._count = index + 1
        if self._names is not None:  # (the summary first: a what-if's divergence compares it)
            summary = self._names.polish(summary, True)
        if self._rewrites:  # chapter numbers dropped, or the scenario's narration rules
            if not self._chapter_steps:
                chapter_step = None
            if self._overrides:
                narration = self._override(kind, source, target, narration, index, summary)
        if self._names is not None:
            narration = self._names.polish(narration)
        last = self._last_texts.get(kind)
        if last is None or summary is not last[0] or narration is not last[1]:
            if last is not None:  # the same text as last time: one object (packed once a chunk)
                if summary == last[0]:
                    summary = last[0]
                if narration == last[1]:
                    narration = last[1]
            self._last_texts[kind] = (summary, narration)
        now = self._clock()
        if now is not self._now:  # the very same object: several steps of one SimPy event
            self._now, self._time_ms = now, round(now, 3)  # (round to 3 places costs ~0.5 µs)
        if index & _CHUNK_MASK:  # not the first step of a chunk (CHUNK == SNAPSHOT_EVERY)
            self._step_tail.append((index, self._time_ms, kind, source, target, model, summary,
                                    narration, payload, permission, status, headers,
                                    chapter_step, tags, flow, caveat))
            pending = self._pending
            if pending:
                self._delta_tail.append(tuple(pending))
                pending.clear()
            else:
                self._delta_tail.append(())
        else:
            self._chunk_begins((index, self._time_ms, kind, source, target, model, summary,
                                narration, payload, permission, status, headers, chapter_step,
                                tags, flow, caveat))
        if self.listeners:  # (the lab's endings tally listens to a what-if's endings)
            self._tell(kind)
        if index >= self._watch_from:
            self._watch(index + 1)

    def _chunk_begins(self, fields: tuple, index: int | None = None) -> None:
        """`add` for the first step of a chunk: the full chunk before it is packed (the newest
        stays open until now), and the state after this step is kept as a snapshot."""
        if fields[0] if index is None else index:
            self._steps.flush()
            self._states.flush()
        self._step_tail.append(fields)
        pending = self._pending
        self._delta_tail.append(tuple(pending))
        pending.clear()
        if self._settle_hook is not None:
            self.settle_state()
        self._states.snapshot(self._state)

    def watch(self, check, every: int | None = None, at: int | None = None) -> None:
        """Call `check(count)` (count: steps recorded so far) after the step that makes `at`
        steps, and after every `every`-th step; None for both stops watching. Cheaper than a
        listener: the step limit and the cancel check of app.engine.run use it."""
        if at is not None:
            at = max(at, self._count + 1)  # already reached: after the next step
        self._watch_check, self._watch_every, self._watch_at = check, every, at
        self._next_watch()

    def _next_watch(self) -> None:
        count, every, at = self._count, self._watch_every, self._watch_at
        due = [n for n in ((count // every + 1) * every if every else None, at)
               if n is not None and n > count]
        self._watch_from = min(due) - 1 if due else float("inf")

    def _watch(self, count: int) -> None:
        self._next_watch()
        self._watch_check(count)

    def _override(self, kind: str, source: str, target: str, narration: str,
                  index: int = 0, summary: str = "") -> str:
        """The scenario's `narration:` entries: the first matching `text` replaces the
        narration; every matching `note` is added after it, in file order. On a what-if's
        re-run, from the first step that differs from the unchanged run (`divergence`), a
        `text` no longer replaces the engine's narration and every rule's words are added
        after it, introduced as written for the unchanged run (lesson_notes.hedged)."""
        replaced, notes = False, []
        for i, rule in enumerate(self._overrides):
            if replaced and rule.note is None:
                continue
            if ((rule.kind is None or rule.kind == kind)
                    and (rule.source is None or rule.source == source)
                    and (rule.target is None or rule.target == target)):
                self._override_hits[i] += 1
                if rule.nth is None or rule.nth == self._override_hits[i]:
                    words = rule.note if rule.note is not None else rule.text
                    if (self.divergence is not None
                            and self.divergence.differs(index, kind, source, target, summary)):
                        notes.append(hedged(words))
                    elif rule.note is not None:
                        notes.append(rule.note)
                    else:
                        narration, replaced = rule.text, True
        return " ".join((narration, *notes)) if notes else narration

    def attach_to_last(self) -> None:
        """Give the state changes made since the newest step to that step (their delta), so it
        shows the state after it. For a step recorded before its effect (an SDK call: the
        request step is recorded, then the service acts): call it once the effect is done."""
        if self._pending and len(self._states):
            self._states.extend_last(tuple(self._pending))
            if (len(self._states) - 1) % SNAPSHOT_EVERY == 0:
                self.settle_state()
                self._states.replace_last_snapshot(self._state)
            self._pending.clear()

    def note_not_simulated(self, name: str, text: str) -> None:
        """Say once for the run (not on each step) that a documented behaviour is left out;
        `name` is a few words ("S3 delivery"), `text` the sentence with its citation."""
        self.not_simulated.setdefault(name, text)

    def finish(self, seed: int, summary: dict[str, Any] | None = None) -> Trace:
        """Freeze what was recorded. State changes after the last step are attached to it."""
        self.attach_to_last()
        self.settle_state()  # (the hook refers to the run's executor: not kept past the run)
        self._steps.settle()
        self._states.settle()
        if self._threaded:  # the worker's zlib scratch sits between the chunks it made: ~4x RSS
            trim_heap()
        return Trace(self._steps, seed, self._states, summary or {},
                     dict(self.blobs), dict(self.not_simulated))
