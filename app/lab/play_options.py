"""The lab's options of `lambdascope play`: `--set PATH=VALUE`, `--compare`, `--switches`.

Kept here so app/commands/play.py (owned by the engine core) only gains a few lines: it adds
these arguments, calls `prepare` before the run and `report` instead of printing steps when a
lab option asks for it.
"""

from __future__ import annotations

import json
import sys

from app.engine.wording import step_label, step_number

# app.lab.compare, .edits and .switches are imported where they are used: a plain
# `play --summary` needs none of them (~0.1 s of a whole process, issue 12 item 3).


def add_set_argument(parser) -> None:
    """`--set PATH=VALUE` (repeatable) into `args.edits`; `play` and `export` both take it."""
    parser.add_argument("--set", dest="edits", action="append", default=[], metavar="PATH=VALUE",
                        help="what-if edit applied before the run, e.g. "
                             "functions.make-thumbnail.fail=always (repeatable; see docs/lab.md)")


def add_lab_arguments(parser) -> None:
    add_set_argument(parser)
    parser.add_argument("--compare", action="store_true",
                        help="print what the --set edits changed against the unmodified run "
                             "instead of the steps")
    parser.add_argument("--switches", action="store_true",
                        help="list the what-if switches of this scenario with their edits and "
                             "predictions, and exit")


def prepare(scenario, args, out=None, err=None):
    """The scenario with `--set` edits applied, or None after printing why it cannot be.

    Applied edits are printed (to stdout for the text listing, else to stderr, so JSON output
    stays machine-readable).
    """
    out, err = out or sys.stdout, err or sys.stderr
    edits = getattr(args, "edits", None) or []
    if not edits:
        return scenario
    from app.lab.edits import EditError, apply_edits_verbose

    try:
        edited, changes = apply_edits_verbose(scenario, edits)
    except EditError as exc:
        edit = getattr(exc, "edit", None)  # as check says it: --set PATH=VALUE: key.path: what is wrong
        print(f"--set {edit}: {exc}" if edit else f"--set: {exc}", file=err)
        return None
    plain_text = getattr(args, "format", "text") == "text" and not getattr(args, "summary", False)
    where = out if plain_text else err
    for change in changes:
        print(f"set {change}", file=where)
    return edited


def wants_report(args) -> bool:
    return bool(getattr(args, "compare", False) or getattr(args, "switches", False))


def report(original, edited, run_engine, args, out=None) -> None:
    """`--switches`: the switch list; `--compare`: the comparison with the unmodified run."""
    try:
        _report(original, edited, run_engine, args, out or sys.stdout)
    except BrokenPipeError:  # `play … --switches | head` closed the pipe: not an error
        sys.stderr.close()


def _report(original, edited, run_engine, args, out) -> None:
    from app.lab.compare import compare
    from app.lab.switches import switches_for

    if getattr(args, "switches", False):
        for switch in switches_for(original):
            out.write(_switch_text(switch) + "\n")
        return
    old = run_engine(original)
    new = run_engine(edited)
    comparison = compare(old, new)
    if getattr(args, "format", "text") == "jsonl":
        out.write(json.dumps({
            "first_difference": comparison.first_difference,
            "first_difference_old": comparison.first_difference_old,
            "first_difference_number": _number(comparison.first_difference),
            "first_difference_old_number": _number(comparison.first_difference_old),
            "totals": {d.name: [d.before, d.after] for d in comparison.deltas},
            "endings": {d.name: [d.before, d.after] for d in comparison.endings},
        }) + "\n")
        return
    out.write(f"Compared with the unmodified run ({len(old):,} steps → {len(new):,} steps):\n")
    from app.truncation import comparison_cut_note

    cut = comparison_cut_note(old, new)  # the runs' totals cover different stretches of time
    if cut:
        out.write(f"⚠ Cut short. {cut}\n")
    for line in comparison.summary_lines():
        out.write(line + "\n")
    if comparison.first_difference is not None:
        step = new[comparison.first_difference]
        out.write(f"  at {step_label(step.index)}: {step.kind} {step.source} → {step.target}  {step.summary}\n")


def _number(index: int | None) -> int | None:
    """The step number people read (from 1) for a 0-based index, None stays None."""
    return None if index is None else step_number(index)


def _switch_text(switch) -> str:
    from app.lab.switch import state_text

    head = f"{switch.id}  [{switch.group}, {switch.kind}, {state_text(switch)}]  {switch.label}"
    edits = " ".join(f"--set '{e}'" for e in switch.edits)
    return f"{head}\n    predicts: {switch.prediction}\n    try: {edits}"
