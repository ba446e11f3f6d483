"""Where the class is in a trace: the current step, whether it is playing, and how fast.

Qt-free on purpose (design.md, "What to absorb" 2): the trace is precomputed, so stepping back
or scrubbing is just a new index, and every widget renders from this one object. Observers are
plain callbacks; the UI's QTimer only ever calls `step_forward()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

SPEEDS = (0.5, 1.0, 2.0, 4.0)
BASE_INTERVAL_MS = 1200  # one step every 1.2 s at 1×: time to read a line of narration

Listener = Callable[[], None]


class Playback:
    """Holds a trace (any sequence of steps) and an index that always stays inside it.

    `index` is -1 only while the trace is empty; otherwise 0 <= index < len(trace).
    """

    def __init__(self, trace: Sequence[Any] | None = None, index: int = 0):
        self._trace: Sequence[Any] = trace if trace is not None else ()
        self._index = -1
        self._shown: tuple[int, Any] | None = None  # (index, step): the step every view reads
        self._playing = False
        self._speed = 1.0
        self.index_listeners: list[Listener] = []  # the current step changed
        self.trace_listeners: list[Listener] = []  # a new trace was loaded
        self.playing_listeners: list[Listener] = []  # play/pause or speed changed
        # a move past the last step was asked for: called with "forward", "play" (playing ran
        # into the end) or "last" (End at the last step). A re-run shown in part (its first
        # steps, app.ui.lab) says the step is not in yet and goes there when the rest is.
        self.past_end_listeners: list[Callable[[str], None]] = []
        # whether more steps of this run are on their way (such a re-run's first steps): then
        # Play at the last step asks past it ("play") instead of starting again at the first
        self.more_coming: Callable[[], bool] | None = None
        self._index = self._clamp(index)

    # ---- reading
    @property
    def trace(self) -> Sequence[Any]:
        return self._trace

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Any | None:
        """The current step, or None for an empty trace. Read from the trace once per index:
        every view asks for it at each step, and a packed trace unpacks it at each ask."""
        if self._index < 0:
            return None
        shown = self._shown
        if shown is None or shown[0] != self._index:
            shown = self._shown = (self._index, self._trace[self._index])
        return shown[1]

    def __len__(self) -> int:
        return len(self._trace)

    @property
    def at_start(self) -> bool:
        return self._index <= 0

    @property
    def at_end(self) -> bool:
        return self._index >= len(self._trace) - 1

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def interval_ms(self) -> int:
        """How long the UI timer waits between steps at the current speed."""
        return int(BASE_INTERVAL_MS / self._speed)

    # ---- moving
    def set_trace(self, trace: Sequence[Any], index: int = 0) -> None:
        """Show another trace (a reload or a what-if re-run); `index` is clamped into it.

        Trace listeners run first, then index listeners: a view that only draws the current step
        listens to `index_listeners` alone, or it would draw twice."""
        self._trace = trace
        self._shown = None
        self._index = self._clamp(index)
        if not self._trace:
            self.pause()
        self._notify(self.trace_listeners)
        self._notify(self.index_listeners)

    def seek(self, index: int) -> None:
        new = self._clamp(index)
        if new != self._index:
            self._index = new
            self._notify(self.index_listeners)

    def step_forward(self) -> bool:
        """Advance one step; at the end, stop playing. Returns whether it moved."""
        if self.at_end:
            playing = self._playing
            self.pause()
            self._past_end("play" if playing else "forward")
            return False
        self.seek(self._index + 1)
        return True

    def step_back(self) -> bool:
        if self.at_start:
            return False
        self.seek(self._index - 1)
        return True

    def first(self) -> None:
        self.seek(0)

    def last(self) -> None:
        if self._trace and self.at_end:
            self._past_end("last")
        self.seek(len(self._trace) - 1)

    def _past_end(self, how: str) -> None:
        for listener in list(self.past_end_listeners):
            listener(how)

    # ---- play / pause / speed
    def play(self) -> None:
        """Start playing; from the last step, start again at the first, unless `more_coming()`
        says the run goes on past it: then Play asks for the next step, as Right does there."""
        if not self._trace or self._playing:
            return
        if self.at_end:
            if self.more_coming is not None and self.more_coming():
                self._past_end("play")
                return
            self.first()
        self._playing = True
        self._notify(self.playing_listeners)

    def pause(self) -> None:
        if self._playing:
            self._playing = False
            self._notify(self.playing_listeners)

    def toggle_playing(self) -> None:
        self.pause() if self._playing else self.play()

    def set_speed(self, speed: float) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}, not {speed}")
        if speed != self._speed:
            self._speed = speed
            self._notify(self.playing_listeners)

    def faster(self) -> None:
        position = SPEEDS.index(self._speed)
        self.set_speed(SPEEDS[min(position + 1, len(SPEEDS) - 1)])

    def slower(self) -> None:
        position = SPEEDS.index(self._speed)
        self.set_speed(SPEEDS[max(position - 1, 0)])

    # ---- internals
    def _clamp(self, index: int) -> int:
        if not self._trace:
            return -1
        return max(0, min(int(index), len(self._trace) - 1))

    @staticmethod
    def _notify(listeners: list[Listener]) -> None:
        for listener in list(listeners):
            listener()
