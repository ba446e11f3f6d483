"""Compact step records (`Recorder.template` + `add_compact`, app.engine.step_templates.StepTemplate)
read back as exactly the steps `Recorder.add` records: every field, the light column, the
totals, `last()`, what listeners get, across chunk boundaries and mixed with full records; and
the state deltas written with marshal (markers Ellipsis / StopIteration) give the same
`state_at` as the live state, with and without a Blob in the run. See
docs/decisions/0017-engine-throughput.md (round 5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.packing import Blob
from app.engine.step_store import CHUNK
from app.engine.trace import PermissionDecision, Recorder, Step

DECISION = PermissionDecision("allow", "arn:aws:iam::1:user/a", "lambda:InvokeFunction", "arn:r",
                              "identity policy of a", "Allow lambda:InvokeFunction")
NAMES = ("kind", "source", "target", "model", "summary", "narration", "payload", "permission",
         "status", "headers", "chapter_step", "tags", "flow", "caveat")
VARIABLE = ("summary", "narration", "payload", "headers", "chapter_step", "flow", "caveat")


def _fields(step: Step) -> tuple:
    return tuple(getattr(step, name) for name in Step.__slots__)


def _expand(count, flow):
    """An `expand`: the narration and payload made from a number when the step is read."""
    return f"served {count} so far", {"count": count, "lines": [f"START {flow}"]}, flow


TEMPLATES = st.fixed_dictionaries({
    "kind": st.sampled_from(["invoke", "execute", "log", "result"]),
    "source": st.sampled_from(["client", "lambda"]),
    "target": st.sampled_from(["work", "echo"]),
    "summary": st.sampled_from(["s", "the summary"]),
    "narration": st.sampled_from(["n", "the narration"]),
    "permission": st.sampled_from([None, DECISION]),
    "status": st.sampled_from([None, 200]),
    "chapter_step": st.sampled_from([None, 1, 4]),
    "tags": st.sampled_from([(), ("warm-start",), ("cold-start",)]),
    "caveat": st.sampled_from([None, "a caveat"]),
    "variable": st.lists(st.sampled_from(VARIABLE), unique=True, max_size=5).map(tuple),
    "expand": st.booleans(),
})
VALUES = {"summary": st.text(max_size=8), "narration": st.text(max_size=8),
          "payload": st.one_of(st.none(), st.dictionaries(st.text(max_size=3), st.integers())),
          "headers": st.one_of(st.none(), st.just({"X-Amz-Invocation-Type": "Event"})),
          "chapter_step": st.one_of(st.none(), st.integers(1, 9)),
          "flow": st.one_of(st.none(), st.uuids().map(str)), "caveat": st.none()}


@st.composite
def recordings(draw):
    """A template list and a sequence of steps: (template number or None for a full `add`,
    its per-step values, time)."""
    templates = draw(st.lists(TEMPLATES, min_size=1, max_size=4))
    steps, time = [], 0.0
    for _ in range(draw(st.integers(1, 3 * CHUNK + 7))):
        number = draw(st.sampled_from([None, *range(len(templates))]))
        template = templates[0 if number is None else number]
        if number is not None and template["expand"]:
            values = (draw(st.integers(0, 99)), draw(st.uuids().map(str)))
        else:
            values = tuple(draw(VALUES[name]) for name in template["variable"])
        time += draw(st.sampled_from([0.0, 0.5, 12.25]))
        steps.append((number, values, time))
    return templates, steps


def _template_args(template: dict) -> tuple[dict, tuple]:
    fields = {name: template[name] for name in NAMES if name in template}
    fields.setdefault("model", "on-demand")
    variable = ("narration", "payload", "flow") if template["expand"] else template["variable"]
    return fields, variable


def _full(template: dict, values: tuple) -> dict:
    """The keyword arguments of `add` for the step a compact record of `template` stands for."""
    fields, variable = _template_args(template)
    given_values = _expand(*values) if template["expand"] else values
    return {**fields, **dict(zip(variable, given_values))}


def _record(templates, steps, compact: bool):
    now = [0.0]
    rec, heard = Recorder(lambda: now[0]), []
    rec.listeners.append(heard.append)
    numbers = [rec.template(**_template_args(t)[0], variable=_template_args(t)[1],
                            expand=_expand if t["expand"] else None) for t in templates]
    for number, values, time in steps:
        now[0] = time
        if number is None:
            rec.add(**_full({**templates[0], "expand": False, "variable": ()}, ()))
        elif compact:
            rec.add_compact(numbers[number], values)
        else:
            rec.add(**_full(templates[number], values))
    last = rec.steps.last()
    return rec.finish(seed=1), heard, last


@settings(max_examples=60, deadline=None)
@given(recordings())
def test_compact_records_read_back_as_the_steps_add_records(recording):
    templates, steps = recording
    compact, heard_compact, last_compact = _record(templates, steps, compact=True)
    full, heard_full, last_full = _record(templates, steps, compact=False)
    assert [_fields(s) for s in compact] == [_fields(s) for s in full]
    assert [s.to_json() for s in compact] == [s.to_json() for s in full]
    assert [repr(s) for s in heard_compact] == [repr(s) for s in heard_full]
    assert _fields(last_compact) == _fields(last_full)
    assert all(type(s) is Step for s in compact)
    for name in ("kind", "source", "target", "status", "tags", "model", "flow", "narration"):
        assert compact.steps.column(name) == full.steps.column(name)
    counts = {}
    for trace in (compact, full):
        packed, tail = trace.steps.light_counts()
        totals = counts.setdefault(id(trace), {})
        for light, n in packed:
            key = (light.kind, light.tags, light.permission and light.permission.decision)
            totals[key] = totals.get(key, 0) + n
        for step in tail:
            key = (step.kind, step.tags, step.permission and step.permission.decision)
            totals[key] = totals.get(key, 0) + 1
    assert counts[id(compact)] == counts[id(full)]
    # seeking: any step alone, after reading far away (another chunk decoded in between)
    for i in (0, len(compact) - 1, len(compact) // 2):
        assert _fields(compact[-1]) == _fields(full[-1])
        assert _fields(compact[i]) == _fields(full[i])


@pytest.mark.parametrize("late", [0, 1, 2])
def test_chunks_of_compact_records_only_keep_their_light_column(late):
    """A load's usual chunk holds compact records only, of templates an earlier chunk used: the
    column takes their ids without a Python loop (step_store.encode). Template 3 is first used
    in chunk `late` + 1 (and kinds differ, so any id mix-up shows)."""
    kinds = ("invoke", "execute", "log", "result")
    templates = [{**dict.fromkeys(("source", "target", "summary", "narration"), "x"),
                  "kind": kind, "permission": None, "status": None, "chapter_step": None,
                  "tags": (), "caveat": None, "variable": ("flow",), "expand": False}
                 for kind in kinds]
    steps = [(None, (), 0.0)] * 3
    for n in range(4 * CHUNK):
        number = n % 4 if n >= (late + 1) * CHUNK else n % 3
        steps.append((number, (f"flow {n // 4}",), float(n // 4)))
    compact, _, _ = _record(templates, steps, compact=True)
    full, _, _ = _record(templates, steps, compact=False)
    for name in ("kind", "source", "tags", "status"):
        assert compact.steps.column(name) == full.steps.column(name)
    assert ([(light.kind, n) for light, n in compact.steps.light_counts()[0]]
            == [(light.kind, n) for light, n in full.steps.light_counts()[0]])
    assert [_fields(s) for s in compact] == [_fields(s) for s in full]


def test_a_template_keeps_its_light_fields_and_index_constant():
    rec = Recorder(lambda: 0.0)
    with pytest.raises(ValueError):
        rec.template("log", "a", "b", "internal", "s", "n", variable=("kind",))
    with pytest.raises(ValueError):
        rec.template("log", "a", "b", "internal", "s", "n", variable=("permission",))
    with pytest.raises(ValueError):
        rec.template("log", "a", "b", "internal", "s", "n", variable=("index",))
    same = rec.template("log", "a", "b", "internal", "s", "n", variable=("flow",))
    assert rec.template("log", "a", "b", "internal", "s", "n", variable=("flow",)) == same


def test_chapter_numbers_are_dropped_from_a_template_as_from_add():
    rec = Recorder(lambda: 0.0, chapter_steps=False)
    number = rec.template("invoke", "a", "b", "on-demand", "s", "n", chapter_step=3,
                          variable=("flow",))
    rec.add_compact(number, ("f",))
    rec.add("invoke", "a", "b", "on-demand", "s", "n", chapter_step=3, flow="f")
    first, second = rec.finish(seed=1)
    assert first.chapter_step is None and _fields(first)[2:] == _fields(second)[2:]


class _Odd:
    """A value marshal cannot write (pickle can)."""

    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return isinstance(other, _Odd) and other.n == self.n

    def __repr__(self):
        return f"_Odd({self.n})"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["set", "row", "delete", "odd"]), st.integers(0, 3),
                          st.integers(0, 5)), min_size=1, max_size=3 * CHUNK),
       st.booleans())
def test_state_deltas_written_with_marshal_give_the_live_state(changes, with_blob):
    """Every step's state_at equals the live state right after it, through marshal (no Blob in
    the run) or pickle (a Blob in the run: it comes back as the very object of the table)."""
    rec, live = Recorder(lambda: 0.0), []
    blob = None
    if with_blob:
        blob = rec.blobs["s3/x"] = Blob(b"body", "s3/x")
        rec.set_state("bucket", "objects", {"k": {"body": blob}})
    rows = ({"id": "e0", "state": "idle"}, {"id": "e1", "state": "idle"})
    rec.set_state("fn", "environments", rows)
    for action, key, value in changes:
        if action == "set":
            rec.set_state("fn", f"k{key}", {0: -0.0, 2: 0.0, 4: str(value)}.get(value, value))
        elif action == "row":
            new = {"id": f"e{key % 2}", "state": "busy" if value % 2 else "idle", "n": value}
            old = rec.state["fn"]["environments"]
            changed = tuple(new if i == key % 2 else row for i, row in enumerate(old))
            rec.set_row("fn", "environments", changed, old, key % 2)
        elif action == "delete":
            rec.delete_state("fn", f"k{key}")
        else:
            rec.set_state("fn", "odd", _Odd(value))
        rec.add("log", "a", "b", "internal", "s", "n")
        live.append(repr({node: dict(values) for node, values in rec.state.items()}))
    trace = rec.finish(seed=1)
    assert [repr(trace.state_at(i)) for i in range(len(trace))] == live
    if with_blob:
        assert trace.state_at(len(trace) - 1)["bucket"]["objects"]["k"]["body"] is blob


def _reaches(start, kinds: tuple[type, ...]) -> bool:
    """Whether an object of one of `kinds` can be reached from `start` through references,
    leaving out modules, their globals and classes (every function leads to those)."""
    import gc
    import types

    seen, todo = set(), [start]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (types.ModuleType, type)):
            continue
        if isinstance(obj, dict) and "__builtins__" in obj:  # a module's globals
            continue
        seen.add(id(obj))
        if isinstance(obj, kinds):
            return True
        todo.extend(gc.get_referents(obj))
    return False


def test_a_finished_trace_of_a_load_does_not_hold_the_runs_services():
    """Templates (and their `expand`) stay with the trace; they must not hold the run's
    services, which would keep the whole simulation alive as long as the trace."""
    from app.engine import run
    from app.engine.executor import Executor
    from app.engine.simulation import Simulation

    from lambda_scenarios import constant_load

    scenario = constant_load()
    trace = run(scenario)
    templates = trace.steps._templates
    assert [s.kind for s in trace].count("log") == 50
    assert any(t.expand is not None for t in templates)  # the fast path's templates are there
    assert not _reaches(trace, (Simulation, Executor))


@pytest.mark.parametrize("clock", [0, 1.2345678, 2.0005, 1725937.3791234, -0.0])
def test_a_compact_record_reads_back_the_clock_rounded_as_add_rounds_it(clock):
    """A compact record keeps the clock's value as it is; the step's time_ms is its rounding
    to 3 places, as `add` records it (the type too: an int clock stays an int)."""
    rec = Recorder(lambda: clock)
    number = rec.template("invoke", "a", "b", "on-demand", "s", "n", variable=("flow",))
    rec.add_compact(number, ("f",))
    rec.add("invoke", "a", "b", "on-demand", "s", "n", flow="f")
    first, second = rec.finish(seed=1)
    assert repr(first.time_ms) == repr(second.time_ms) == repr(round(clock, 3))
