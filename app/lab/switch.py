"""A what-if switch: a named set of `PATH=VALUE` edits with the documented prediction.

Kept apart from the rules that generate switches (app.lab.switches, app.lab.knobs) so the
panel can import the type without them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

GROUPS = ("permissions", "failures", "knobs", "hazards")
Kind = Literal["toggle", "choice", "number"]


@dataclass(frozen=True)
class Switch:
    """One control of the "What if…" panel.

    A toggle with `path=None` applies `on_edits` when on and `off_edits` when off (from a file
    that has it on); any other switch sets `path` to the chosen value (plus `companions[value]`,
    edits that must go with it).
    """

    id: str
    group: str
    label: str
    kind: Kind
    current: Any
    prediction: str
    path: str | None = None
    options: tuple = ()  # choice: every value; number: suggested values (the panel's presets)
    on_edits: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    companions: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    off_edits: tuple[str, ...] = ()

    def edits_for(self, value: Any) -> tuple[str, ...]:
        """The edits that put the scenario in the state `value`; none for the current one."""
        if value == self.current and type(value) is type(self.current):
            return ()
        if self.path is None:
            return self.on_edits if value else self.off_edits
        return (f"{self.path}={format_value(value)}", *dict(self.companions).get(value, ()))

    @property
    def what_if(self) -> Any:
        """The value the switch's prediction is about: on, or the first option that is not current."""
        if self.kind == "toggle":
            return not self.current
        return next((o for o in self.options if o != self.current), self.current)

    @property
    def edits(self) -> tuple[str, ...]:
        return self.edits_for(self.what_if)


def format_value(value: Any) -> str:
    """A value as `PATH=VALUE` text that `parse_value` reads back to the same thing."""
    return json.dumps(value, ensure_ascii=False)


def edits_for_values(switches, values: dict[str, Any]) -> list[str]:
    """The panel's state (switch id → value) as one list of edits, in switch order."""
    edits: list[str] = []
    for switch in switches:
        if switch.id in values:
            edits.extend(switch.edits_for(values[switch.id]))
    return edits


# Toggles that take a permission away ("Remove AllowApiGateway …", "Take sqs:SendMessage away …"):
# off means the permission is there, which "now false" beside "Remove" did not say.
_TAKES_PERMISSION = ("permission:", "topic-permission:", "role-action:")


def state_text(switch: Switch) -> str:
    """The current state in words: a toggle's `now off` / `now on` (a permission toggle's
    `off: permission present` / `on: permission removed`); another switch's `now VALUE` (JSON)."""
    if switch.kind == "toggle" and isinstance(switch.current, bool):
        if switch.id.startswith(_TAKES_PERMISSION):
            return "on: permission removed" if switch.current else "off: permission present"
        return "now on" if switch.current else "now off"
    return f"now {format_value(switch.current)}"


def describe(switch: Switch) -> str:
    """One line for `play` and docs: group, label, kind, current state (`state_text`)."""
    return f"[{switch.group}] {switch.label} ({switch.kind}, {state_text(switch)})"
