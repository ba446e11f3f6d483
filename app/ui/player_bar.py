"""The transport controls: first, back, play/pause, forward, last, speed and a scrubber.

The controls are QActions with shortcuts owned by the window (so Left/Right work wherever the
focus is, and in presentation mode with the menus hidden); the bar's buttons only show them.
The timer here is the only clock in the UI and it only ever calls `playback.step_forward()`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from app.playback import SPEEDS, Playback
from app.ui.narration import total_text  # 'of 2,000 so far' for a re-run's first steps
from app.ui.timeline import format_time

MAX_TICKS = 200  # beyond this many steps a tick per step is a solid bar; tick every n steps
PAGES = 100  # the scrubber's PageUp/PageDown move a hundredth of a long trace (10 steps at least)
MIN_PAGE = 10
ICON_PX = 64
# Transport icons as shapes in a 64×64 box: ("bar", x) or ("tri", x, direction ±1), width 20.
ICON_SHAPES = {
    "first": (("bar", 10), ("tri", 16, -1), ("tri", 34, -1)),
    "back": (("bar", 14), ("tri", 22, -1)),
    "play": (("tri", 20, 1),),
    "pause": (("bar", 18), ("bar", 36)),
    "forward": (("tri", 18, 1), ("bar", 42)),
    "last": (("tri", 10, 1), ("tri", 28, 1), ("bar", 46)),
}


def transport_icon(name: str, colour: str) -> QIcon:
    """Drawn in the theme's text colour, so the buttons stay visible on every theme."""
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(colour))
    for shape in ICON_SHAPES[name]:
        if shape[0] == "bar":
            painter.drawRect(QRectF(shape[1], 14, 8, 36))
        else:
            x, direction = shape[1], shape[2]
            tip, base = (x + 22, x) if direction > 0 else (x, x + 22)
            painter.drawPolygon(QPolygonF([QPointF(base, 12), QPointF(tip, 32), QPointF(base, 52)]))
    painter.end()
    return QIcon(pixmap)


def _speed_label(speed: float) -> str:
    return f"{speed:g}×"


class PlaybackActions(QObject):
    """One QAction per control, each with its shortcut in the tooltip and an accessible name."""

    def __init__(self, playback: Playback, parent: QWidget):
        super().__init__(parent)
        self.playback = playback
        self.first = self._make("First step", "Home", playback.first)
        self.back = self._make("Step back", "Left", playback.step_back)
        self.play = self._make("Play", "Space", playback.toggle_playing)
        self.forward = self._make("Step forward", "Right", playback.step_forward)
        self.last = self._make("Last step", "End", playback.last)
        self.faster = self._make("Faster", "+", playback.faster, extra=("=",))
        self.slower = self._make("Slower", "-", playback.slower)
        self.set_icon_colour("#1b1f27")
        playback.playing_listeners.append(self.refresh)
        playback.index_listeners.append(self.refresh)  # set_trace notifies these too
        self.refresh()

    @property
    def all(self) -> list[QAction]:
        return [self.first, self.back, self.play, self.forward, self.last, self.faster, self.slower]

    def set_icon_colour(self, colour: str) -> None:
        self._icons = {name: transport_icon(name, colour) for name in ICON_SHAPES}
        for name in ("first", "back", "forward", "last"):
            getattr(self, name).setIcon(self._icons[name])
        self._play_icon = None  # drawn afresh in the new colour
        self.refresh()

    def _make(self, text, key, slot, extra=()) -> QAction:
        parent = self.parent()
        action = QAction(text, parent)
        action.setShortcuts([QKeySequence(key), *(QKeySequence(k) for k in extra)])
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{text} ({key})")
        action.setStatusTip(f"{text} ({key})")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def refresh(self) -> None:
        p = self.playback
        playing = p.playing
        self.play.setText("Pause" if playing else "Play")
        self.play.setToolTip(f"{'Pause' if playing else 'Play'} (Space)")
        icon = "pause" if playing else "play"
        if self._play_icon != icon:  # setIcon repaints the button (and every menu entry) even
            self._play_icon = icon   # for the same icon: only when play/pause flips
            self.play.setIcon(self._icons[icon])
        has_steps = len(p) > 0
        self.first.setEnabled(has_steps and not p.at_start)
        self.back.setEnabled(has_steps and not p.at_start)
        self.forward.setEnabled(has_steps and not p.at_end)
        self.last.setEnabled(has_steps and not p.at_end)
        self.play.setEnabled(has_steps)
        self.faster.setEnabled(p.speed < SPEEDS[-1])
        self.slower.setEnabled(p.speed > SPEEDS[0])


class PlayerBar(QWidget):
    """Buttons, speed, scrubber and 'Step n of N', bound to a Playback."""

    def __init__(self, playback: Playback, actions: PlaybackActions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("playerBar")
        self.playback = playback
        self.actions = actions
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.seek_limit: int | None = None  # the quiz: the scrubber may not go past this step
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.buttons = {}
        for name in ("first", "back", "play", "forward", "last"):
            button = QToolButton()
            button.setDefaultAction(getattr(actions, name))
            button.setIconSize(QSize(28, 28))
            button.setAccessibleName(getattr(actions, name).text())
            self.buttons[name] = button
            layout.addWidget(button)
        self.speed = QComboBox()
        self.speed.addItems([_speed_label(s) for s in SPEEDS])
        self.speed.setAccessibleName("Playback speed")
        self.speed.setToolTip("Playback speed (+ faster, - slower)")
        self.speed.setCurrentIndex(SPEEDS.index(playback.speed))
        self.speed.currentIndexChanged.connect(lambda i: playback.set_speed(SPEEDS[i]))
        layout.addWidget(self.speed)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setAccessibleName("Scrubber")
        self.slider.setToolTip("Drag to any step (Home first, End last)")
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setPageStep(MIN_PAGE)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(self._seek_dragged)
        # A drag's moves are shown once per pass of the event loop, the newest one: pointer
        # moves that piled up while the window drew a step would otherwise be shown one by one,
        # the window falling behind the hand (docs/decisions/0016-step-latency.md, scrubbing).
        self._dragged_to: int | None = None
        self._drag_timer = QTimer(self)
        self._drag_timer.setSingleShot(True)
        self._drag_timer.setInterval(0)
        self._drag_timer.timeout.connect(self._seek_dragged)
        layout.addWidget(self.slider, 1)
        self.position = QLabel()
        self.position.setObjectName("playerPosition")
        self.position.setAccessibleName("Step number and time")
        layout.addWidget(self.position)
        playback.index_listeners.append(self.refresh)
        playback.playing_listeners.append(self._playing_changed)
        playback.trace_listeners.append(self._trace_changed)
        self._trace_changed()

    def _trace_changed(self) -> None:
        count = len(self.playback)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setTickInterval(max(1, count // MAX_TICKS))
        self.slider.setPageStep(max(MIN_PAGE, -(-(count - 1) // PAGES)))  # PAGES cross it
        self._dragged_to = None
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1)
        self.refresh()

    def _position_text(self, index: int, count: int, time_ms: float) -> str:
        total = total_text(count, getattr(self.playback, "trace", None))
        return f"Step {index + 1:,} of {total}  ·  {format_time(time_ms)}"

    def _slider_moved(self, value: int) -> None:
        """The scrubber moved (a drag, a click, its keys, `setValue`): show its step. While the
        handle is held, the seek waits for the end of this pass of the event loop, so moves
        queued meanwhile are shown once, at the newest position."""
        if self.seek_limit is not None and value > self.seek_limit:
            value = max(self.seek_limit, 0)
            if value == self.playback.index:
                self._dragged_to = None
                self.refresh()  # the handle snaps back to the step shown
                return
        if self.slider.isSliderDown():
            self._dragged_to = value
            self._drag_timer.start()
            return
        self._dragged_to = None
        self.playback.seek(value)

    def _seek_dragged(self) -> None:
        """Show the newest position a drag asked for (at the end of a pass, and on release)."""
        self._drag_timer.stop()
        value, self._dragged_to = self._dragged_to, None
        if value is not None:
            self.playback.seek(value)

    def _playing_changed(self) -> None:
        p = self.playback
        self.speed.blockSignals(True)
        self.speed.setCurrentIndex(SPEEDS.index(p.speed))
        self.speed.blockSignals(False)
        if p.playing:
            self.timer.start(p.interval_ms)
        else:
            self.timer.stop()

    def _tick(self) -> None:
        if self.slider.isSliderDown():  # a hand on the scrubber: it says where, not the clock
            return
        self.playback.step_forward()

    def refresh(self) -> None:
        p = self.playback
        step = p.step
        self.slider.blockSignals(True)
        self.slider.setValue(max(0, p.index))
        self.slider.blockSignals(False)
        if step is None:
            self.position.setText("no steps")
        else:
            self.position.setText(self._position_text(p.index, len(p), step.time_ms))
