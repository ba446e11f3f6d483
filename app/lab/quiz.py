"""Predict the next step: a multiple-choice question about a step before it is revealed.

Questions come from the trace and the graph only: who acts next (the step's source → target
against other edges of the graph and pairs seen in the run, named by the labels the diagram
shows), will it be allowed (permission
checks), what status comes back (against statuses Lambda documents, lambda-behaviour.md §1, §9)
and which record is delivered next (stream invokes, against records the run delivers elsewhere).
The true answer is in the choices exactly once; the same trace, index and seed give the same
question. A who-acts question offers no step of the same instant as a wrong answer: the order of
steps at one moment is the simulation's, not something a class can predict. Nor does it offer a
node acting on itself as a wrong answer: no class would guess one. (When the step itself is
one, such as S3 detecting its event, it is the true answer, naming the node once: "photos (on
its own)", not "photos → photos".)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Literal

QuestionKind = Literal["who-acts", "allowed", "status", "record"]
# §1 (INV, ERR) and §9 (AGL): what Lambda and API Gateway answer.
DOCUMENTED_STATUSES = (200, 202, 204, 403, 404, 413, 429, 502)
PERMISSION_CHOICES = (
    "Allowed: a policy statement allows it",
    "Denied: no statement allows it (implicit deny)",
    "Denied: a statement explicitly denies it",
    "Not checked: no permission is needed here",
)
STATUS_KINDS = ("result", "response", "throttle", "error", "enqueue", "get-credentials")
# Steps drawn from the caller to the one who answers: an asynchronous Invoke's enqueue step runs
# from the event source to Lambda, and Lambda answers 202 once the event is queued (§1, INV).
# Every other status step travels back from who decided to who asked.
ANSWERED_BY_TARGET = ("enqueue",)


@dataclass(frozen=True)
class Question:
    index: int  # the step this question is about (not yet revealed)
    kind: QuestionKind
    prompt: str
    choices: tuple[str, ...]
    answer: int  # index into choices of the true answer
    explanation: str

    @property
    def correct(self) -> str:
        return self.choices[self.answer]


def question_for(trace, index: int, graph=None, seed: int = 0) -> Question | None:
    """A question about step `index`, or None when the trace offers no fair distractors."""
    if not 0 <= index < len(trace):
        return None
    step = trace[index]
    rng = random.Random(f"lambdascope-quiz:{seed}:{index}")
    builders = []
    if step.kind == "permission-check" and step.permission is not None:
        builders.append(_allowed)
    if step.kind == "invoke" and step.model == "pull" and _records(step):
        builders.append(_record)
    if step.status is not None and step.kind in STATUS_KINDS:
        builders.append(_status)
    builders.append(_who_acts)
    for build in builders:
        question = build(trace, index, graph, rng)
        if question is not None:
            return question
    return None


def _ask(index, kind, prompt, true: str, distractors: list[str], explanation, rng) -> Question | None:
    """Shuffle the true answer among up to three distinct distractors."""
    others = [d for d in dict.fromkeys(distractors) if d != true]
    if len(others) < 2:
        return None
    choices = [true, *rng.sample(others, min(3, len(others)))]
    rng.shuffle(choices)
    return Question(index, kind, prompt, tuple(choices), choices.index(true), explanation)


def _explain(step) -> str:
    """One line: the step's summary, and the deciding statement or reason for a permission."""
    line = step.summary
    p = step.permission
    if p is not None:
        why = f"matched {p.matched}" if p.decision == "allow" else (p.reason or p.matched or "")
        line = f"{line} ({p.policy}: {why})" if why else line
    return line


def node_label(graph, node: str) -> str:
    """The name the diagram shows for `node` (its graph `label`, e.g. "AWS Lambda" for
    `lambda`); the id itself without a graph or for a node the graph does not hold."""
    if graph is not None and node in graph:
        return str(graph.nodes[node].get("label") or node)
    return node


def who_answers(step) -> tuple[str, str]:
    """(who answers, who asked) for a step that carries a status: node ids. The enqueue step is
    drawn caller → Lambda but Lambda answers (202, §1); other replies run answerer → asker."""
    if step.kind in ANSWERED_BY_TARGET:
        return step.target, step.source
    return step.source, step.target


# ------------------------------------------------------------------------------ the run's pools
# What the distractors are drawn from, read once per run (app.lab.trace_facts) from the packed
# trace's columns, not step by step: a question about one step of a 200,000-step run read every
# step (~1 s on the GUI thread per question) when a pool was built by iterating the trace.
def run_pairs(trace) -> list[tuple[str, str]]:
    """Every (source, target) pair of node ids the run's steps go between, first seen first."""
    from app.engine.trace import step_column
    from app.lab.trace_facts import fact

    return fact(trace, "quiz:pairs", lambda t: list(dict.fromkeys(
        zip(step_column(t, "source"), step_column(t, "target")))))


def run_statuses(trace) -> list[int]:
    """Every status code the run's steps carry, first seen first."""
    from app.engine.trace import step_column
    from app.lab.trace_facts import fact

    return fact(trace, "quiz:statuses", lambda t: [
        code for code in dict.fromkeys(step_column(t, "status")) if code is not None])


def run_records(trace) -> list[str]:
    """The labels (record_label) of every record the run's stream invokes deliver, first seen
    first; only those steps are read (kind and model are columns)."""
    from app.engine.trace import step_column
    from app.lab.trace_facts import fact

    def labels(t) -> list[str]:
        kinds, models = step_column(t, "kind"), step_column(t, "model")
        pulls = [i for i, (k, m) in enumerate(zip(kinds, models)) if k == "invoke" and m == "pull"]
        return list(dict.fromkeys(record_label(r) for i in pulls for r in _records(t[i])))

    return fact(trace, "quiz:records", labels)


SAME_TIME_REACH = 256  # steps looked at on each side for ones at the same instant


def same_time_pairs(trace, index: int) -> set[tuple[str, str]]:
    """The (source, target) node ids of the other steps at step `index`'s time (`time_ms`),
    up to SAME_TIME_REACH steps either side (read one by one: time is not a column, and a
    packed trace unpacks only the chunks around `index`)."""
    at, out = trace[index].time_ms, set()
    for direction in (-1, 1):
        j = index + direction
        while 0 <= j < len(trace) and abs(j - index) <= SAME_TIME_REACH:
            other = trace[j]
            if other.time_ms != at:
                break
            out.add((other.source, other.target))
            j += direction
    return out


# ------------------------------------------------------------------------------ builders
def _who_acts(trace, index, graph, rng) -> Question | None:
    step = trace[index]

    def pair(u: str, v: str) -> str:
        if u == v:  # a message visible again, S3 detecting its event: named once
            return f"{node_label(graph, u)} (on its own)"
        return f"{node_label(graph, u)} → {node_label(graph, v)}"

    true = pair(step.source, step.target)
    pairs = []
    if graph is not None:
        pairs += [pair(u, v) for u, v in graph.edges() if u != v]
    pairs += [pair(u, v) for u, v in run_pairs(trace)
              if u != v and (u, v) != (step.source, step.target)]
    if step.source != step.target:
        pairs.append(pair(step.target, step.source))
    # a step of the same instant is not a wrong "next": their order is the simulation's
    simultaneous = {pair(u, v) for u, v in same_time_pairs(trace, index)} - {true}
    pairs = [p for p in pairs if p not in simultaneous]
    prompt = "What happens next? Who acts, and on whom?"
    return _ask(index, "who-acts", prompt, true, sorted(set(pairs)), f"{step.kind}: {_explain(step)}", rng)


def _allowed(trace, index, graph, rng) -> Question | None:
    step = trace[index]
    p = step.permission
    true = PERMISSION_CHOICES[0 if p.decision == "allow" else 2 if p.matched else 1]
    prompt = (f"{node_label(graph, step.source)} wants to call {p.action} on "
              f"{node_label(graph, step.target)}. Will it be allowed?")
    return _ask(index, "allowed", prompt, true, list(PERMISSION_CHOICES), _decided(p), rng)


def _decided(p) -> str:
    """An "Allowed?" question's explanation: the decision and what decided it, the statement
    first (the question already says who calls what; after the verdict, a one-line room cut
    the summary's repeat of it and then the statement)."""
    if p.decision == "allow":
        return f"Allowed by {p.matched} in the {p.policy}." if p.matched else f"Allowed by the {p.policy}."
    if p.matched:
        return f"Denied explicitly by {p.matched} in the {p.policy}."
    reason = (p.reason or f"no statement in the {p.policy} allows it").rstrip(".")
    return f"Denied: {reason}."


STATUS_NAMES = {413: "413 Request Too Large", 429: "429 Too Many Requests"}  # as Lambda names them


def _status_text(code: int) -> str:
    if code in STATUS_NAMES:
        return STATUS_NAMES[code]
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _status(trace, index, graph, rng) -> Question | None:
    step = trace[index]
    seen = run_statuses(trace)
    pool = [_status_text(c) for c in dict.fromkeys([*seen, *DOCUMENTED_STATUSES])]
    answerer, asker = (node_label(graph, n) for n in who_answers(step))
    prompt = (f"{asker} gets an answer to its request. Which status code comes back?"
              if step.source == step.target else
              f"{answerer} answers {asker}. Which status code comes back?")
    return _ask(index, "status", prompt, _status_text(step.status), pool, _explain(step), rng)


def _records(step) -> list:
    payload = step.payload if isinstance(step.payload, dict) else {}
    records = payload.get("Records")
    return records if isinstance(records, list) else []


def record_label(record: dict) -> str:
    """A record as a student tells it apart: key and the end of its sequence number."""
    if "kinesis" in record:
        k = record["kinesis"]
        return f"partition key {k.get('partitionKey')}, sequence …{str(k.get('sequenceNumber'))[-6:]}"
    ddb = record.get("dynamodb", {})
    keys = ", ".join(f"{name}={next(iter(v.values()), '')}" for name, v in ddb.get("Keys", {}).items())
    return f"{record.get('eventName')} {keys}, sequence …{str(ddb.get('SequenceNumber'))[-6:]}"


def _record(trace, index, graph, rng) -> Question | None:
    step = trace[index]
    true = record_label(_records(step)[0])
    others = run_records(trace)
    prompt = f"Lambda hands {node_label(graph, step.target)} its next batch. Which record comes first?"
    explanation = (f"Records of a shard are delivered in order; this batch holds "
                   f"{len(_records(step))} record(s), starting with {true}.")
    return _ask(index, "record", prompt, true, others, explanation, rng)


# ------------------------------------------------------------------------------ score
@dataclass
class Quiz:
    """The class's score over one run: ask before each step, answer, reveal."""

    trace: object
    graph: object = None
    seed: int = 0
    asked: int = 0
    score: int = 0
    answers: dict[int, bool] = field(default_factory=dict)

    def question(self, index: int) -> Question | None:
        return question_for(self.trace, index, self.graph, self.seed)

    def answer(self, question: Question, choice: int) -> bool:
        """Record the class's pick (once per step) and say whether it was right."""
        right = choice == question.answer
        if question.index not in self.answers:
            self.answers[question.index] = right
            self.asked += 1
            self.score += int(right)
        return right
