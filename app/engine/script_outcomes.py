"""Which script entry caused which step, and what each entry came to, in one line.

`lambdascope check` runs a valid file and prints one line per script entry, e.g.
`script[0] put_object photos/cat.jpg → make-thumbnail ran (GetObject photos, PutObject
thumbnails)` or `script[3] invoke process-clicks → DENIED: …`.

How a step is traced back to its entry: every SimPy process remembers the process that started
it, and the run tags each script entry's own process with `script_index` (app.engine.run). A
step belongs to the entry of the process that recorded it, unless its `flow` (the request or
event id) was already seen under an entry: flows win, because a long-lived worker (an
asynchronous event queue's poller) may have been started by an earlier entry. Steps recorded by
processes no entry started (stream pollers started with the run) belong to no entry.

Qt-free; reads only the trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.message_fates import message_fates, sent_line
from app.engine.run import DEFAULT_MAX_STEPS, run
from app.engine.trace import Step, Trace

CHECK_MAX_STEPS = 20_000
"""`check` stops a run after this many steps: enough for every built-in lesson, quick for a
scaling lesson (run's own cap, DEFAULT_MAX_STEPS, is for the window)."""


@dataclass(frozen=True)
class AttributedRun:
    """A trace and, for each of its steps, the index of the script entry that caused it (or None)."""

    trace: Trace
    causes: list[int | None]

    def steps_of(self, entry: int) -> list[Step]:
        return [s for s, c in zip(self.trace.steps, self.causes) if c == entry]


def run_attributed(scenario, max_steps: int = CHECK_MAX_STEPS) -> AttributedRun:
    """Run `scenario` (at most `max_steps` steps, ≤ DEFAULT_MAX_STEPS) and attribute its steps."""
    causes: list[int | None] = []
    flows: dict[str, int] = {}

    def observe(sim) -> None:
        env = sim.env
        make = env.process

        def process(generator):
            started = make(generator)
            started.started_by = env.active_process
            return started

        env.process = process

        def attribute(step: Step) -> None:
            entry = flows.get(step.flow) if step.flow is not None else None
            if entry is None:
                entry = _entry_of(env.active_process)
                if entry is not None and step.flow is not None:
                    flows[step.flow] = entry
            causes.append(entry)

        sim.recorder.listeners.insert(0, attribute)

    trace = run(scenario, max_steps=min(max_steps, DEFAULT_MAX_STEPS), observe=observe)
    return AttributedRun(trace, causes[:len(trace.steps)] + [None] * (len(trace.steps) - len(causes)))


def _entry_of(process) -> int | None:
    seen = 0
    while process is not None and seen < 10_000:
        index = getattr(process, "script_index", None)
        if index is not None:
            return index
        process, seen = getattr(process, "started_by", None), seen + 1
    return None


def describe_entry(stimulus) -> str:
    """`put_object photos/cat.jpg`, `invoke process-clicks`: the entry as a teacher wrote it."""
    action = stimulus.action
    if action in ("put_object", "delete_object"):
        what = f"{stimulus.bucket}/{stimulus.key}"
    elif action in ("put_item", "update_item", "delete_item"):
        what = stimulus.table
    elif action == "put_record":
        what = stimulus.stream
    elif action == "http_request":
        what = f"{stimulus.method} {stimulus.path} on {stimulus.api}"
    elif action == "invoke":
        what = stimulus.function + ("" if stimulus.invocation_type == "RequestResponse"
                                    else f" ({stimulus.invocation_type})")
    elif action == "get_credentials":
        what = (f"{stimulus.identity_pool} as "
                + ("a signed-in user" if stimulus.login else "a guest") + f", {stimulus.flow} flow")
    elif action == "send_message":
        what = stimulus.queue
    elif action == "publish":
        what = stimulus.topic
    elif action == "put_events":
        what = f"{stimulus.source} {stimulus.detail_type}"
    elif action == "load":
        what = f"{stimulus.pattern} load of {stimulus.request.get('action', 'requests')}"
    else:
        what = ""
    repeat = getattr(stimulus, "repeat", 1)
    return f"{action} {what}".strip() + (f" ×{repeat}" if repeat > 1 else "")


def outcome(steps: list[Step], stimulus, blocked: Step | None = None) -> str:
    """What the entry's steps came to, in a few words (denial first, then what ran).

    `blocked`: a step from outside the entry that stops what it writes from reaching a function
    (S3 refusing the bucket's notification configuration, a mapping's denied poll of the queue
    or stream written to); it is then named as the cause instead of "no notification matches"."""
    if not steps:
        return "nothing happened before the run stopped"
    if blocked is not None:
        return _blocked(steps, stimulus, blocked)
    denied = next((s for s in steps if s.permission is not None and s.permission.decision == "deny"), None)
    parts: list[str] = []
    later = ""  # a refusal further down the chain (a function's own call, a destination)
    if denied is not None:
        reason = (denied.permission.reason or denied.summary).rstrip(".")
        if stimulus is None or denied.source == stimulus.actor:
            parts.append(f"DENIED: {reason}")
        else:
            who = denied.permission.principal.rsplit("/", 1)[-1] if denied.source == "lambda" else denied.source
            later = f"later refused: {who} may not {denied.permission.action} on {denied.target} ({reason})"
    ran: dict[str, list[Step]] = {}
    for s in steps:
        if s.kind == "execute":
            ran.setdefault(s.target, []).append(s)
    for function, runs in ran.items():
        calls = list(dict.fromkeys(_sdk_call(s) for s in steps
                                   if s.kind == "sdk-call" and s.source == function))
        failed = [s for s in steps if s.kind == "error" and s.source == function]
        times = f" {len(runs)}×" if len(runs) > 1 else ""
        text = f"{function} ran{times}" + (f" ({', '.join(calls)})" if calls else "")
        if failed:
            text += f", failed {len(failed)}×" if len(failed) > 1 else ", failed"
        parts.append(text)
    if later:
        parts.append(later)
    if not parts:
        parts.append(_last_word(steps, stimulus))
    elif stimulus is not None and stimulus.action == "http_request":
        answer = next((s for s in reversed(steps) if s.target == stimulus.actor and s.status), None)
        if answer is not None:
            parts.append(f"{answer.source} answered {answer.status}")
    return "; ".join(parts)


def _blocked(steps: list[Step], stimulus, blocked: Step) -> str:
    reason = (blocked.permission.reason.rstrip(".") if blocked.permission is not None
              and blocked.permission.reason else "")
    because = f" ({reason})" if reason else ""
    if blocked.kind == "poll":
        return f"{outcome(steps, stimulus)}; but {blocked.summary}{because}, so no function runs from it"
    return f"{blocked.summary}{because}, so no notification is in effect and no function runs"


def blocking_steps(trace: Trace) -> dict[str, Step]:
    """Resource name → the first step that keeps writes to it from reaching a function: S3
    refusing its notification configuration (an `error` tagged `configuration`, keyed by the
    bucket) or a mapping's poll that was denied (keyed by the queue or stream polled)."""
    found: dict[str, Step] = {}
    for s in trace.steps:
        if s.kind == "error" and "configuration" in s.tags and "denied" in s.tags:
            found.setdefault(s.source, s)
        elif s.kind == "poll" and "denied" in s.tags:
            found.setdefault(s.target, s)
    return found


def _written(stimulus) -> str | None:
    for field in ("bucket", "queue", "stream", "table"):
        name = getattr(stimulus, field, None)
        if isinstance(name, str):
            return name
    return None


def _sdk_call(step: Step) -> str:
    verb = step.summary.split(" calls ", 1)[-1].split(" on ", 1)[0]
    denied = step.permission is not None and step.permission.decision == "deny"
    return f"{verb} {step.target}" + (" denied" if denied else "")


def _last_word(steps: list[Step], stimulus) -> str:
    # an idle environment reclaimed later is housekeeping, not what the entry came to
    steps = [s for s in steps if s.kind not in ("shutdown", "not-simulated")] or steps
    if stimulus is None:
        return steps[-1].summary
    if stimulus.action == "put_events":  # §21: rules, failed entries, not S3's notifications
        failed = next((s for s in steps if "failed-entry" in s.tags), None)
        if failed is not None:
            codes = [e.get("ErrorCode") for e in failed.payload.get("Entries", []) if e.get("ErrorCode")]
            return f"the entry failed ({', '.join(codes)}), so no rule sees the event"
        if any("no-match" in s.tags for s in steps):
            return "the event matches no rule's event pattern, so no target is invoked"
    if any("no-match" in s.tags for s in steps):
        if stimulus.action == "publish":
            return "the topic has no subscription, so nobody gets the message"
        return "no notification matches the key, so no function runs"
    if stimulus.action == "get_credentials":
        got = next((s for s in steps if s.kind == "get-credentials"), None)
        return got.summary if got else steps[-1].summary
    if any("throttled" in s.tags for s in steps):
        return "throttled"
    return steps[-1].summary


def _entry_outcome(steps: list[Step], stimulus, blocked: Step | None, fates: dict[str, str]) -> str:
    """`outcome`, except that a send_message entry whose messages the queue took says what
    became of them (app.engine.message_fates), not SQS's 200."""
    if stimulus.action == "send_message" and blocked is None:
        line = sent_line(steps, stimulus.queue, fates)
        if line is not None:
            return line
    return outcome(steps, stimulus, blocked)


def script_lines(scenario, attributed: AttributedRun) -> list[tuple[int | None, str]]:
    """(entry index, `script[i] … → outcome`) for every script entry, in file order, then
    (None, `mapping m → …`) for each stream mapping that delivered batches: those steps come
    from Lambda's pollers, which no script entry starts (they read what the entries wrote)."""
    by_entry: dict[int, list[Step]] = {}
    by_mapping: dict[str, list[Step]] = {}
    mappings = set(scenario.of_type("event_source_mapping"))
    for step, cause in zip(attributed.trace.steps, attributed.causes):
        if cause is not None:
            by_entry.setdefault(cause, []).append(step)
        elif step.flow and step.flow.split("/", 1)[0] in mappings:
            by_mapping.setdefault(step.flow.split("/", 1)[0], []).append(step)
    blocking = blocking_steps(attributed.trace)
    fates = message_fates(attributed.trace, scenario) if any(
        stim.action == "send_message" for stim in scenario.script) else {}
    lines: list[tuple[int | None, str]] = [
        (i, f"script[{i}] {describe_entry(stim)} → "
            f"{_entry_outcome(by_entry.get(i, []), stim, blocking.get(_written(stim)), fates)}")
        for i, stim in enumerate(scenario.script)]
    last = attributed.trace.steps[-1] if attributed.trace.steps else None
    if last is not None and last.kind == "not-simulated" and last.caveat:
        lines.append((None, f"(the run stopped: {last.caveat})"))
    for name, steps in by_mapping.items():
        batches = len({s.flow for s in steps})
        lines.append((None, f"mapping {name} → {batches} batch{'es' if batches != 1 else ''}: "
                            f"{outcome(steps, None)}"))
    return lines
