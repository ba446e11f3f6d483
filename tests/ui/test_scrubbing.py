"""Scrubbing a long trace: whatever moved the scrubber (a drag, its keys, the window's Home/End),
the window ends up showing exactly the step under the handle, across chunk boundaries of the
packed trace (app.engine.step_store.CHUNK) up to the last step; a drag whose pointer moves pile
up while the window is busy shows the newest position once, never each old one in turn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from load_scenarios import load_of
from window_fixtures import make_window

from app.engine.step_store import CHUNK
from app.ui.narration import narration_text

STEPS = 4 * CHUNK + 77  # about five chunks, the last one open (a capped run may add a step)


@pytest.fixture(scope="module")
def long_document():
    from app.engine import run
    from app.ui.document import build_document

    scenario = load_of(STEPS // 5 + 1)
    trace = run(scenario, seed=1, max_steps=STEPS)
    assert 4 * CHUNK < len(trace) < 5 * CHUNK
    return build_document(Path("load.yaml"), scenario, trace)


@pytest.fixture
def window(qtbot, tmp_path, long_document):
    window = make_window(qtbot, tmp_path, long_document)
    window.resize(1280, 720)
    QApplication.processEvents()
    return window


def assert_shows(window, index: int) -> None:
    """The scrubber, playback, narration, inspector and diagram all show step `index`."""
    trace = window.playback.trace
    step = trace[index]
    assert window.playback.index == index
    assert window.player_bar.slider.value() == index
    assert window.player_bar.position.text().startswith(f"Step {index + 1:,} of {len(trace):,}")
    assert window.narration.text.text() == narration_text(step)
    assert window.narration.position.text().startswith(f"Step {index + 1:,} of {len(trace):,}")
    assert window.inspector.node == step.target
    assert window.inspector.payload.data == step.payload
    assert window.inspector.state.data == trace.node_state_at(index, step.target)
    assert window.canvas.current_step == step
    active = {name for name, item in window.canvas.item_for_node.items() if item.is_active}
    assert {step.source, step.target} <= active


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    return slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider).center()


def queue_moves(slider, xs) -> None:
    """Pointer moves with the left button held, queued as a window system hands them over
    while the GUI thread was busy (all delivered in one pass of the event loop)."""
    y = handle_centre(slider).y()
    for x in xs:
        local = QPointF(x, y)
        QApplication.postEvent(slider, QMouseEvent(QEvent.MouseMove, local,
                                                   QPointF(slider.mapToGlobal(local.toPoint())),
                                                   Qt.NoButton, Qt.LeftButton, Qt.NoModifier))


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_a_drag_shows_the_step_under_the_handle(window, qtbot):
    """Dragging the handle to several places: each time every view shows the handle's step."""
    slider = window.player_bar.slider
    start = handle_centre(slider)
    qtbot.mousePress(slider, Qt.LeftButton, Qt.NoModifier, start)
    assert slider.isSliderDown()
    for fraction in (0.9, 0.3, 0.62, 0.05, 1.0):
        queue_moves(slider, [int(fraction * (slider.width() - 1))])
        settle()
        assert slider.value() > 0 or fraction < 0.1
        assert_shows(window, slider.value())
    last = len(window.playback) - 1
    assert slider.value() == last  # the far right is the last step
    qtbot.mouseRelease(slider, Qt.LeftButton, Qt.NoModifier, QPoint(slider.width() - 1, start.y()))
    settle()
    assert_shows(window, last)


def test_queued_drag_moves_show_only_the_newest_position(window, qtbot):
    """Four moves queued while the window was busy: one seek, to where the handle is now
    (before: four seeks in turn, each repainting every view, the window behind the pointer)."""
    slider = window.player_bar.slider
    seeks = []
    window.playback.index_listeners.append(lambda: seeks.append(window.playback.index))
    qtbot.mousePress(slider, Qt.LeftButton, Qt.NoModifier, handle_centre(slider))
    width = slider.width()
    queue_moves(slider, [width // 5, width // 2, 3 * width // 4, width // 3])
    settle()
    assert seeks == [slider.value()]
    assert_shows(window, slider.value())
    queue_moves(slider, [width // 8, 7 * width // 8])  # then let go, all in one pass
    local = QPointF(7 * width // 8, handle_centre(slider).y())
    QApplication.postEvent(slider, QMouseEvent(QEvent.MouseButtonRelease, local,
                                               QPointF(slider.mapToGlobal(local.toPoint())),
                                               Qt.LeftButton, Qt.NoButton, Qt.NoModifier))
    settle()
    assert not slider.isSliderDown()
    assert seeks[1:] == [slider.value()] and slider.value() > seeks[0]
    assert_shows(window, slider.value())


@pytest.mark.parametrize("index", [CHUNK - 1, CHUNK, 2 * CHUNK - 1, 2 * CHUNK, 4 * CHUNK - 1, 4 * CHUNK,
                                   -2, -1, 0])
def test_dragged_to_a_chunk_boundary_or_the_end(window, index):
    """A drag moving the handle to either side of a chunk boundary, the open last chunk and the
    last step (negative: from the end; the slider's own drag path: the handle held down, its
    position set)."""
    index %= len(window.playback)
    slider = window.player_bar.slider
    slider.setSliderDown(True)
    slider.setSliderPosition(len(window.playback) // 2 if index != len(window.playback) // 2 else 1)
    slider.setSliderPosition(index)
    settle()
    assert_shows(window, index)
    slider.setSliderDown(False)
    settle()
    assert_shows(window, index)


def test_scrubber_keys_land_on_the_right_steps(window, qtbot):
    """PageUp/PageDown on the scrubber move forward/back by its page step (Qt's slider keys);
    End and Home reach the ends; a hundred PageUps cross any trace (ten steps a page left a long
    trace out of reach)."""
    slider = window.player_bar.slider
    slider.setFocus()
    page, last = slider.pageStep(), len(window.playback) - 1
    qtbot.keyClick(slider, Qt.Key_PageUp)
    settle()
    assert_shows(window, page)
    qtbot.keyClick(slider, Qt.Key_PageUp)
    qtbot.keyClick(slider, Qt.Key_PageDown)
    qtbot.keyClick(slider, Qt.Key_PageUp)
    settle()
    assert_shows(window, 2 * page)
    qtbot.keyClick(window, Qt.Key_End)
    settle()
    assert_shows(window, last)
    qtbot.keyClick(slider, Qt.Key_PageDown)
    settle()
    assert_shows(window, last - page)
    qtbot.keyClick(window, Qt.Key_Home)
    settle()
    assert_shows(window, 0)
    for _ in range(100):
        qtbot.keyClick(slider, Qt.Key_PageUp)
    settle()
    assert_shows(window, last)


def test_playing_waits_while_the_handle_is_held(window, qtbot):
    """Playing, a hand on the scrubber: the clock's steps wait, so the handle stays under the
    pointer and the window shows where the hand put it (the clock moved both away before);
    let go, and playing goes on from there."""
    slider = window.player_bar.slider
    window.playback.seek(100)
    window.playback.play()
    qtbot.mousePress(slider, Qt.LeftButton, Qt.NoModifier, handle_centre(slider))
    queue_moves(slider, [slider.width() // 2])
    settle()
    held = slider.value()
    assert_shows(window, held)
    window.player_bar.timer.timeout.emit()  # the clock's tick
    window.player_bar.timer.timeout.emit()
    settle()
    assert_shows(window, held)
    qtbot.mouseRelease(slider, Qt.LeftButton, Qt.NoModifier, handle_centre(slider))
    window.player_bar.timer.timeout.emit()
    settle()
    assert window.playback.playing
    assert_shows(window, held + 1)
    window.playback.pause()
