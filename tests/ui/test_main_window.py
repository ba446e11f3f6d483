"""The window: every view renders the same step of the same trace, whatever moved it there."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from window_fixtures import SCENARIOS, make_window, open_and_wait, photo_document

from app.ui.narration import narration_text
from app.ui.timeline import step_flags

BUILTINS = sorted(SCENARIOS.glob("*.yaml"))
SAMPLES = 12  # steps checked per built-in scenario: first, last and evenly spaced between


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path, photo_document())


def assert_views_agree(window, index):
    """Canvas, timeline, narration, inspector and player bar all show step `index`."""
    step = window.playback.trace[index]
    assert window.playback.index == index
    active = {name for name, item in window.canvas.item_for_node.items() if item.is_active}
    assert {step.source, step.target} <= active
    assert window.timeline.selected_step_index() == index
    assert window.narration.text.text() == narration_text(step)
    assert window.narration.position.text().startswith(f"Step {index + 1} of {len(window.playback)}")
    assert window.inspector.node == step.target
    assert window.inspector.payload.data == step.payload
    assert window.inspector.permission.isVisibleTo(window.inspector) == (step.permission is not None)
    assert window.player_bar.slider.value() == index


def test_opening_a_document_shows_its_first_step(window):
    """After set_document the window is at step 0 and every view agrees."""
    assert window.windowTitle().startswith("Photo thumbnails")
    assert_views_agree(window, 0)


def test_a_new_trace_draws_the_current_step_once(window, monkeypatch):
    """set_trace tells trace then index listeners; the diagram must not be restyled twice."""
    shown, show_step = [], window.canvas.show_step
    monkeypatch.setattr(window.canvas, "show_step", lambda step: (shown.append(step), show_step(step)))
    window.playback.set_trace(window.playback.trace, 3)
    assert shown == [window.playback.trace[3]]
    assert_views_agree(window, 3)


def test_keyboard_steps_forward_back_home_and_end(window, qtbot):
    """Right/Left step, End/Home jump, and the views follow each key."""
    qtbot.keyClick(window, Qt.Key_Right)
    assert_views_agree(window, 1)
    qtbot.keyClick(window, Qt.Key_End)
    assert_views_agree(window, len(window.playback) - 1)
    qtbot.keyClick(window, Qt.Key_Left)
    assert_views_agree(window, len(window.playback) - 2)
    qtbot.keyClick(window, Qt.Key_Home)
    assert_views_agree(window, 0)


def test_arrow_keys_step_even_when_the_timeline_has_focus(window, qtbot):
    """The shortcuts are window-wide: focus in the table does not swallow Right."""
    window.timeline.view.setFocus()
    qtbot.keyClick(window.timeline.view, Qt.Key_Right)
    assert window.playback.index == 1


def test_space_plays_and_pauses_and_plus_minus_change_speed(window, qtbot):
    """Space toggles playing (the timer runs only while playing); +/- walk the speeds."""
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.playback.playing and window.player_bar.timer.isActive()
    qtbot.keyClick(window, Qt.Key_Space)
    assert not window.playback.playing and not window.player_bar.timer.isActive()
    qtbot.keyClick(window, Qt.Key_Plus)
    assert window.playback.speed == 2.0 and window.player_bar.speed.currentText() == "2×"
    qtbot.keyClick(window, Qt.Key_Minus)
    qtbot.keyClick(window, Qt.Key_Minus)
    assert window.playback.speed == 0.5


def test_playing_advances_with_the_timer(window, qtbot):
    """While playing, the timer steps forward by itself (4× to keep the test short)."""
    window.playback.set_speed(4.0)
    window.playback.play()
    qtbot.waitUntil(lambda: window.playback.index >= 2, timeout=5000)
    window.playback.pause()
    assert_views_agree(window, window.playback.index)


def test_every_control_has_an_accessible_name_and_a_tooltip_with_its_shortcut(window):
    """Screen readers and first-time users can find each control and its key."""
    keys = {"first": "Home", "back": "Left", "play": "Space", "forward": "Right", "last": "End"}
    for name, button in window.player_bar.buttons.items():
        assert button.accessibleName()
        assert f"({keys[name]})" in button.toolTip()
    for widget in (window.player_bar.speed, window.player_bar.slider):
        assert widget.accessibleName() and widget.toolTip()


def test_scrubber_seeks(window):
    """Moving the slider moves the playback, and so every view."""
    window.player_bar.slider.setValue(4)
    assert_views_agree(window, 4)


def test_canvas_click_pins_a_node_in_the_inspector(window):
    """Clicking a node shows its configuration and state until 'Follow' is pressed."""
    window.canvas.node_clicked.emit("thumbnail-role")
    assert window.inspector.node == "thumbnail-role"
    assert window.inspector.config.data["trusts"]
    window.playback.step_forward()
    assert window.inspector.node == "thumbnail-role"
    window.inspector.follow_button.click()
    assert window.inspector.node == window.playback.step.target


def test_theme_and_recent_files_persist(qtbot, tmp_path):
    """A theme chosen and a file opened are remembered by the next window (same settings file)."""
    first = make_window(qtbot, tmp_path, photo_document())
    first.menus.theme_actions["dark"].trigger()
    first.close()
    second = make_window(qtbot, tmp_path)
    assert second.theme == "dark" and second.menus.theme_actions["dark"].isChecked()
    assert str((SCENARIOS / "photo-thumbnails.yaml").resolve()) in second.settings.recent_files
    assert second.menus.recent.actions()[0].text() == "photo-thumbnails.yaml"


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast", "colour-blind"])
def test_scrubber_handle_stands_out_from_the_window(window, theme):
    """The scrubber's handle (Fusion: Button colour) differs from the window behind it on every
    theme; on high contrast both were black and the scrubber vanished."""
    window.set_theme(theme, save=False)
    slider = window.player_bar.slider.palette()
    assert slider.color(QPalette.Button) != window.palette().color(QPalette.Window)


def test_start_page_lists_every_builtin_scenario(window):
    """The start page has one card per scenarios/*.yaml with its title and goals."""
    window.show_start_page()
    titles = [card.info.title for card in window.start_page.cards]
    assert len(titles) == len(BUILTINS)
    assert titles[0] == "Photo thumbnails"
    assert all(card.info.learning_goals for card in window.start_page.cards)
    assert window.start_page.back_button.isVisibleTo(window.start_page)


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_builtin_scenario_plays_with_all_views_in_agreement(qtbot, tmp_path, path: Path):
    """Each built-in opens through the background loader; sampled steps agree in every view."""
    window = make_window(qtbot, tmp_path)
    document = open_and_wait(qtbot, window, path)
    count = len(document.trace)
    assert count > 0 and window.errors.isHidden()
    graph_nodes = set(document.graph.nodes)
    for step in document.trace:  # the node naming contract the canvas relies on
        assert {step.source, step.target} <= graph_nodes, step.to_json()
    for index in sorted({0, count - 1, *range(0, count, max(1, count // SAMPLES))}):
        window.playback.seek(index)
        assert_views_agree(window, index)


def test_glyphs_mark_flags_in_words_too(window):
    """The cold start and the denied call are marked by glyph and word in the timeline."""
    words = [[w for _, w in step_flags(step)] for step in window.playback.trace]
    assert "cold start" in words[4] and "denied" in words[5]
    assert "⊘ denied" in window.timeline.model.index(5, 1).data()


def test_dropping_a_yaml_file_opens_it(qtbot, tmp_path):
    """Drag-and-drop of a .yaml onto the window opens it (other files are refused)."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window(qtbot, tmp_path)
    path = SCENARIOS / "photo-thumbnails.yaml"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.document_changed, timeout=60_000):
        window.dropEvent(event)
    assert window.document.path == path


def test_export_png_writes_the_picture_of_the_current_step(window, tmp_path, monkeypatch):
    """File → Export PNG writes a non-empty PNG where the dialog said."""
    target = tmp_path / "step.png"
    monkeypatch.setattr("app.ui.window_menus.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), "*.png"))
    window.playback.seek(3)
    window.menus.export("png")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_layout_writes_moved_positions_into_the_file(qtbot, tmp_path):
    """After dragging a node, Save layout (Ctrl+S) stores its position in the scenario file."""
    path = tmp_path / "mine.yaml"
    path.write_text((SCENARIOS / "photo-thumbnails.yaml").read_text())
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, path)
    window.canvas.item_for_node["photos"].setPos(123.0, 456.0)
    window.menus.save_layout_action.trigger()
    from app.scenario.loader import load_scenario

    assert load_scenario(path).positions["photos"] == (123.0, 456.0)


def test_every_control_in_the_window_panels_has_a_name_and_a_tooltip(window):
    """Buttons, boxes and sliders of the player bar, timeline and inspector are named and explained."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSlider, QTabBar

    def ours(control):  # not the parts Qt builds inside its own widgets (scroll arrows, corners)
        return not control.objectName().startswith("qt_") and not isinstance(control.parent(), QTabBar) \
            and not type(control).__name__ == "QScrollBar"

    panels = (window.player_bar, window.timeline, window.inspector, window.errors)
    controls = [c for panel in panels for kind in (QAbstractButton, QSlider, QComboBox)
                for c in panel.findChildren(kind) if ours(c)]
    assert len(controls) >= 15
    for control in controls:
        assert control.accessibleName() or control.text(), control
        assert control.toolTip(), control.accessibleName() or control.text()


def test_status_bar_states_a_load_time_only_when_one_was_measured(qtbot, tmp_path):
    """A document built without timing it (export --window, tests) must not claim "loaded in 0 ms"."""
    from app.ui.document import build_document

    window = make_window(qtbot, tmp_path, photo_document())
    document = photo_document()
    window.set_document(build_document(document.path, document.scenario, document.trace))
    message = window.statusBar().currentMessage()
    assert message.startswith("Photo thumbnails") and "steps" in message
    assert "loaded in" not in message
    timed = build_document(document.path, document.scenario, document.trace)
    timed.load_ms = 42.4
    window.set_document(timed)
    assert "(loaded in 42 ms)" in window.statusBar().currentMessage()
