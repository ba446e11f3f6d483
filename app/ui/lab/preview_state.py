"""What the lab keeps while a long re-run's first steps are on screen and the rest still runs.

One `PreviewShown` per preview (app.ui.lab.controller): the Preview itself, what the player
showed before it (Cancel and errors go back to that), where the reader was when they flipped,
where the player was put, and a step past the preview the reader asked for (Right or End at its
last step, or playing into it): that step is not in yet, so the player says so and goes there
when the whole run lands (docs/decisions/0020-whatif-big.md, "The preview, truthfully"). The
wording of the status line while a preview shows is here too. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LAST = -1  # `PreviewShown.wanted`: the whole run's last step (End pressed at the preview's end)


@dataclass(frozen=True)
class ShownBefore:
    """What the player showed before a preview: it goes back to this on Cancel or an error."""

    trace: Any
    index: int
    changed_index: int | None  # the step marked ◆
    rerun: Any  # the LabController's last_rerun (its comparison)
    scenario: Any


@dataclass
class PreviewShown:
    """A preview on screen. `asked_at`: the player's index (in the run shown before) when the
    flip was asked, where the whole run is placed from if the reader does not move; `placed_at`:
    where the player was put in the preview; `wanted`: an index of the whole run the reader
    asked for past the preview's end (LAST: its last step), `play_on`: they were playing;
    `first_vs_shown`: the preview's first step that differs from the run shown before (None:
    none of its steps does), where the player is put instead of `asked_at` when it is earlier."""

    preview: Any  # app.lab.session.Preview
    before: ShownBefore
    asked_at: int
    placed_at: int
    wanted: int | None = None
    play_on: bool = False
    first_vs_shown: int | None = None

    @property
    def trace(self):
        return self.preview.trace

    @property
    def steps(self) -> int:
        return len(self.preview.trace)

    def moved(self, index: int) -> bool:
        """Whether the reader moved in the preview (the player is not where it was put)."""
        return index != self.placed_at

    def ask_past(self, how: str, index: int) -> None:
        """A move past the preview's last step (app.playback.Playback.past_end_listeners:
        "forward", "play" or "last") with the player at `index`."""
        self.wanted = LAST if how == "last" else index + 1
        self.play_on = how == "play"

    def forget_wish(self) -> None:
        self.wanted, self.play_on = None, False

    def waiting_for(self) -> int | None:
        """The step (index of the whole run, or LAST) the player will go to when the whole run
        lands and which the preview does not have: asked for, or where the reader was (unless a
        step of the preview already differs: the player stays on that difference, and so does
        the whole run's placement, app.ui.lab.controller._apply)."""
        if self.wanted is not None:
            return self.wanted
        if self.first_vs_shown is not None and self.first_vs_shown <= self.asked_at:
            return None
        return self.asked_at if self.asked_at >= self.steps else None

    def landing_index(self, whole_len: int) -> int | None:
        """Where a step asked for past the preview lands in the whole run (None: nothing asked)."""
        if self.wanted is None:
            return None
        return whole_len - 1 if self.wanted == LAST else max(0, min(self.wanted, whole_len - 1))


def describe_preview(preview, waiting: int | None = None, playing: bool = False) -> str:
    """The status line while a long re-run's first steps are shown and the rest still runs (the
    comparison comes when it is done: the Runs compared view says so). `waiting`: a step past
    them the player will go to (0-based, or LAST), said first; `playing`: it plays on from there."""
    first = preview.first_changed
    where = f"first changed step: {first + 1:,} (◆)" if first is not None else "none differs so far"
    shown = f"Showing the re-run's first {len(preview.trace):,} steps while the rest runs; {where}."
    if waiting is None:
        return shown
    return f"{not_in_yet(waiting, playing)} {shown}"


def not_in_yet(waiting: int, playing: bool = False) -> str:
    """'Step 2,001 is not in yet: …' for a step past a preview (0-based index, or LAST)."""
    what = "The run's last step" if waiting == LAST else f"Step {waiting + 1:,}"
    then = ("playing goes on from there" if playing else "the player goes there")
    return f"{what} is not in yet: {then} when the re-run is done."


def keep_position_after(first: int | None, new, index: int) -> tuple[int, int | None]:
    """app.lab.compare.keep_position with the first difference already known."""
    if not len(new):
        return 0, None
    if first is None:
        return max(0, min(index, len(new) - 1)), None
    return (index, first) if 0 <= index < first else (first, first)
