"""The words that say a run is a what-if, one wording for the window and every export.

A teacher read "What if: orders-to-fulfil-orders: partial batch responses
(ReportBatchItemFailures)" as the setting turned *on*, when the switch had turned it off; and a
PDF or GIF exported with `--set` never said it was not the file's run. Here:

- `change_text(switch, value)`: one switch's change, with the new value ("… off",
  "price-order: reserved concurrency 5 → 2");
- `edit_labels(scenario, edits)`: the same words for `--set PATH=VALUE` edits (an edit a switch
  makes is named as that switch; any other as its path, "before → after", as `play` prints it);
- `banner_text(labels, steps, file_steps)`: the banner line over the diagram, in the window and
  on every exported picture, page and frame.

Qt-free (app.lab): the window's banner and the headless exports import it.
"""

from __future__ import annotations

from typing import Any

NAMES_SHOWN = 2  # switch labels named in the banner; more are counted
TITLE_MARK = "What if · "  # the window title's and an exported PDF's title's mark


def banner_text(labels: list[str], steps: int, file_steps: int) -> str:
    """`What if: fail always · not the file's run (66 steps; the file gives 42)`.
    In: the changes (`change_text`, `edit_labels`), the re-run's and the file's step counts."""
    named = "; ".join(labels[:NAMES_SHOWN])
    more = len(labels) - NAMES_SHOWN
    if more > 0:
        named += f" and {more} more"
    count = (f"{steps:,} steps; the file gives {file_steps:,}" if steps != file_steps
             else f"{steps:,} steps, as in the file, but not the same run")
    return f"What if: {named} · not the file's run ({count})"


def value_text(value: Any) -> str:
    """A switch value as a reader says it: `none` for an unset number, `on`/`off`, else as is."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def change_text(switch, value: Any) -> str:
    """One switch set to `value`, in words that say the new value.

    A toggle whose label names an action ("Take sqs:SendMessage away from worker-role",
    "fulfil-orders runs past its 3 s timeout") reads as done when on; a toggle that names a
    setting (a mapping's knob) or one the file has on says `on`/`off` after its label
    ("orders-to-fulfil-orders: partial batch responses (ReportBatchItemFailures) off"). A
    number or a choice says from what to what ("price-order: reserved concurrency 5 → 2",
    "fulfil-orders fails: never → always")."""
    if switch.kind == "toggle":
        if value and not switch.current and not switch.id.startswith("knob:"):
            return switch.label
        return f"{switch.label} {value_text(bool(value))}"
    # "name: setting 5 → 2"; a label that is not "name: setting" takes the colon ("fails: …")
    joint = " " if ": " in switch.label else ": "
    return f"{switch.label}{joint}{value_text(switch.current)} → {value_text(value)}"


def switch_labels(session) -> list[str]:
    """The changes of a LabSession's switches now flipped (switch order, as the panel lists)."""
    values = session.values
    return [change_text(s, values[s.id]) for s in session.switches if s.id in values]


def edit_labels(scenario, edits) -> list[str]:
    """`--set PATH=VALUE` edits of `scenario` in the window's words: a run of edits that one of
    the scenario's switches makes is named as the switch set to that value; any other edit as
    `path: before → after`, as `play` prints it. Raises app.lab.edits.EditError for an edit
    that cannot be applied (the caller has applied them already, so it does not)."""
    from app.lab.edits import apply_edits_verbose, parse_edit
    from app.lab.switches import switches_for

    parsed = [parse_edit(e, scenario) for e in edits]
    wanted = [(p.path, _key(p.value)) for p in parsed]
    named: dict[int, str] = {}  # index of the first edit of a run → its words
    used: set[int] = set()
    for switch in switches_for(scenario):
        for value in _values_to_try(switch, parsed, scenario):
            made = [parse_edit(e, scenario) for e in switch.edits_for(value)]
            if not made:
                continue
            spots = [_find(wanted, (m.path, _key(m.value)), used) for m in made]
            if None in spots:
                continue
            used.update(spots)
            named[min(spots)] = change_text(switch, value)
            break
    _edited, changes = apply_edits_verbose(scenario, edits)
    words = []
    for i, change in enumerate(changes):
        if i in named:
            words.append(named[i])
        elif i not in used:
            words.append(str(change))
    return words


def _values_to_try(switch, parsed, scenario) -> list:
    """The values of `switch` an edit asks for: both states of a toggle made of edits, the
    edit's own value for a switch with a path."""
    if switch.path is None:
        return [True, False]
    from app.lab.edit_errors import ABSENT
    from app.lab.edits import parse_edit

    own = parse_edit(f"{switch.path}=null", scenario).path
    return [None if p.value is ABSENT else p.value for p in parsed if p.path == own]


def _key(value: Any):
    """A hashable stand-in for a parsed value (lists and mappings compare by their text);
    `absent` and `null` are one (a number switch's "none" is written `null`)."""
    from app.lab.edit_errors import ABSENT

    return repr(None if value is ABSENT else value)


def _find(wanted: list, item, used: set) -> int | None:
    return next((i for i, w in enumerate(wanted) if w == item and i not in used), None)


def edited_run_banner(original, edits, steps: int, seed: int | None = None) -> str | None:
    """The banner line for a run of `original` with `--set` edits (`export --set`), or None
    without edits: `banner_text` of the edits' words, the edited run's `steps` and the steps of
    the file's own run (run here, with the same `seed`)."""
    if not edits:
        return None
    from app.engine import run

    return banner_text(edit_labels(original, edits), steps, len(run(original, seed=seed)))
