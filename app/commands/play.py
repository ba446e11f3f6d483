"""`lambdascope play FILE`: run a scenario headless and print its steps.

`--format text` is for a person (numbered from 1, narrated); `--format jsonl` is one `Step.to_json()`
per line, byte-identical for the same file and seed; `--summary` prints one JSON object of totals.
"""

from __future__ import annotations

import json
import sys
import textwrap

from app.engine.run import DEFAULT_MAX_STEPS
from app.engine.wording import chapter_tag, step_number


def add_arguments(parser) -> None:
    from app.bundled import scenario_argument

    parser.add_argument("file", type=scenario_argument,
                        help="scenario file (YAML), or a built-in's name such as photo-thumbnails")
    parser.add_argument("--seed", type=int, default=None, help="seed of the run (default: the file's)")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text",
                        help="text: numbered and narrated, for reading; jsonl: one JSON step per line")
    parser.epilog = ("Steps count from 1 here, as in the window, `lambdascope export --step` and "
                     "the lab; JSON output keeps the 0-based `index` and adds `number`.")
    parser.add_argument("--summary", action="store_true", help="print only the run's totals as JSON")
    parser.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS,
                        help=f"stop after this many steps (default {DEFAULT_MAX_STEPS:,})")
    from app.lab.play_options import add_lab_arguments  # --set, --compare, --switches (docs/lab.md)

    add_lab_arguments(parser)


def load(path: str):
    """The scenario, or (None, problems) when the file is not valid."""
    from app.scenario.loader import ScenarioError, load_scenario

    try:
        return load_scenario(path), []
    except ScenarioError as exc:
        return None, [str(p) for p in exc.problems]


def run(args) -> int:
    scenario, problems = load(args.file)
    if scenario is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    from app.engine import run as run_engine
    from app.engine.lesson_notes import baseline_for
    from app.lab import play_options

    original, scenario = scenario, play_options.prepare(scenario, args)
    if scenario is None:
        return 2
    if play_options.wants_report(args):
        play_options.report(original, scenario,
                            lambda s: run_engine(s, seed=args.seed, max_steps=args.max_steps), args)
        return 0
    try:
        baseline = baseline_for(original, scenario, lambda unchanged: run_engine(
            unchanged, seed=args.seed, max_steps=args.max_steps))  # see lesson_notes
        trace = run_engine(scenario, seed=args.seed, max_steps=args.max_steps, baseline=baseline)
    except Exception as exc:  # a valid file the engine cannot run: a LambdaScope bug
        from app.commands.internal_error import internal_error_details, internal_error_message

        print(internal_error_message(args.file, exc), file=sys.stderr)
        print(internal_error_details(exc), file=sys.stderr)
        return 1
    try:
        _write(trace, args, sys.stdout)
    except BrokenPipeError:  # `play … | head` closed the pipe: not an error
        sys.stderr.close()
    return 0


def _write(trace, args, out, err=None) -> None:
    from app.truncation import truncation_note

    note = truncation_note(trace)  # --summary says it in its `truncated` and `max_steps` fields
    if args.summary:
        from app.engine.summary import SUMMARY_NOTES  # what the look-alike counts count

        out.write(json.dumps({**trace.summary, "notes": SUMMARY_NOTES}, sort_keys=False) + "\n")
    elif args.format == "jsonl":
        for step in trace:
            out.write(json.dumps(step.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
        if note:  # stdout stays one JSON step per line
            print(f"!! {note}", file=err or sys.stderr)
    else:
        head = format_not_simulated(trace)
        if head:
            out.write(head + "\n\n")
        for step in trace:
            out.write(format_step(step) + "\n")
        if note:
            out.write(f"!! {note}\n")


def format_not_simulated(trace) -> str:
    """What the whole run leaves out (`Trace.not_simulated`), said once above the steps."""
    notes = getattr(trace, "not_simulated", None) or {}
    if not notes:
        return ""
    lines = ["Not simulated in this run (documented AWS behaviour the steps below leave out):"]
    for name, text in notes.items():
        lines += textwrap.wrap(f"{name}: {text}", 96, initial_indent="  - ",
                               subsequent_indent="    ")
    return "\n".join(lines)


def format_step(step) -> str:
    """One step for a person: header line, indented narration, permission, caveat."""
    head = (f"{step_number(step.index):>4,}  t={step.time_ms / 1000:.3f}s  {step.kind:<16} "
            f"{step.source} → {step.target}  {step.summary}")
    extras = []
    if step.status is not None:
        extras.append(f"status {step.status}")
    if step.chapter_step is not None:
        extras.append(chapter_tag(step.chapter_step))
    if step.tags:
        extras.append("tags: " + ", ".join(step.tags))
    lines = [head + (f"  [{'; '.join(extras)}]" if extras else "")]
    lines += textwrap.wrap(step.narration, 96, initial_indent="        ",
                           subsequent_indent="        ")
    if step.permission:
        p = step.permission
        because = f"matched {p.matched}" if p.decision == "allow" else (p.reason or p.matched)
        lines.append(f"        permission: {p.decision.upper()} {p.principal} {p.action} on "
                     f"{p.resource} ({p.policy}: {because})")
    if step.caveat:
        lines.append(f"        !! NOT SIMULATED: {step.caveat}")
    return "\n".join(lines)
