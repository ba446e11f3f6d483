"""The Metrics panel (issue 11, Charts): a tab beside the Timeline, built on first show, whose
playhead follows the step and whose charts seek on a click; shut while the quiz asks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from lab_fixtures import lab_window
from PySide6.QtCore import QPoint, Qt

from app.ui.dock_locks import dock_locks
from app.ui.metrics_dock import toggle_metrics

REPO = Path(__file__).resolve().parents[2]


def _front(qtbot, window):
    toggle_metrics(window)
    qtbot.waitUntil(lambda: window.metrics_panel.playhead_step() is not None, timeout=10_000)
    return window.metrics_panel


def test_the_panel_is_a_tab_beside_the_timeline_and_in_the_view_menu(qtbot, tmp_path):
    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    assert window.metrics_dock in window.tabifiedDockWidgets(window.timeline_dock)
    assert window.metrics_action in window.menus.view.actions()
    assert window.metrics_panel.playhead_step() is None  # not built while behind the timeline
    panel = _front(qtbot, window)
    titles = [chart.title for chart in panel.charts]
    assert "price-order: running at once" in titles and "price-order: totals so far" in titles


def test_playhead_follows_the_step_and_a_click_seeks(qtbot, tmp_path):
    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    window.playback.seek(33)
    assert panel.playhead_step() == 34  # step numbers as people read them
    plot = panel._plots[0]
    view = panel._layout_widget
    target = plot.vb.mapViewToScene(plot.vb.mapToView(plot.vb.boundingRect().center()))
    x_step = int(round(plot.vb.mapSceneToView(target).x()))
    point = view.mapFromScene(target)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(point.x(), point.y()))
    assert window.playback.index == x_step - 1 != 33
    assert panel.playhead_step() == x_step


def test_the_quiz_and_presentation_mode_lock_the_metrics_shut(qtbot, tmp_path):
    """The charts show the steps to come: like the timeline, shut while the quiz asks."""
    window, lab = lab_window(qtbot, tmp_path, "traffic-spike")
    _front(qtbot, window)
    locks = dock_locks(window)
    lab.quiz_action.trigger()
    assert locks.is_locked(window.metrics_dock) and not window.metrics_dock.isVisible()
    toggle_metrics(window)  # the View menu cannot bring it back while asking
    assert not window.metrics_dock.isVisible()
    lab.quiz_action.trigger()
    assert not locks.is_locked(window.metrics_dock) and window.metrics_dock.isVisible()
    window.presentation.enter()
    assert locks.is_locked(window.metrics_dock)
    window.presentation.exit()
    assert not locks.is_locked(window.metrics_dock)


def test_a_new_run_redraws_the_charts_for_its_functions(qtbot, tmp_path):
    from window_fixtures import SCENARIOS

    from app.ui.document import load_document

    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    window.set_document(load_document(SCENARIOS / "orders-sqs.yaml"))
    qtbot.waitUntil(lambda: any("orders" in c.title for c in panel.charts), timeout=10_000)
    assert not any("price-order" in c.title for c in panel.charts)


def test_starting_the_window_and_opening_a_file_does_not_import_pyqtgraph():
    script = textwrap.dedent("""
        import sys, tempfile
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from app.ui.document import load_document
        from app.ui.main_window import MainWindow
        from app.ui.settings import Settings
        app = QApplication([])
        w = MainWindow(Settings(Path(tempfile.mkdtemp()) / "s.ini"))
        w.resize(1280, 720); w.show()
        w.set_document(load_document(Path("scenarios/traffic-spike.yaml")))
        for _ in range(20): app.processEvents()
        print("PYQTGRAPH", "pyqtgraph" in sys.modules)
        w.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert "PYQTGRAPH False" in result.stdout, result.stdout + result.stderr[-2000:]


def test_quitting_with_the_charts_built_exits_cleanly():
    """pyqtgraph scenes left to interpreter exit crashed about one quit in six (rc 139); the
    panel now deletes them on aboutToQuit. Three quits in a row: a regression shows up often."""
    script = textwrap.dedent("""
        import tempfile
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from app.ui.document import load_document
        from app.ui.main_window import MainWindow
        from app.ui.metrics_dock import toggle_metrics
        from app.ui.settings import Settings
        app = QApplication([])
        w = MainWindow(Settings(Path(tempfile.mkdtemp()) / "s.ini"))
        w.resize(1280, 720); w.show()
        w.set_document(load_document(Path("scenarios/traffic-spike.yaml")), 3)
        QTimer.singleShot(100, lambda: toggle_metrics(w))
        QTimer.singleShot(600, lambda: print("BUILT", w.metrics_panel.playhead_step()))
        QTimer.singleShot(700, w.close)
        QTimer.singleShot(800, app.quit)
        app.exec()
    """)
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                                text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "BUILT 4" in result.stdout


def test_a_theme_change_redraws_the_charts_in_its_colours(qtbot, tmp_path):
    """Rebuilding inside the palette change deleted charts Qt was still notifying: the monkey
    test (seed 9) crashed in apply_theme. The redraw now waits for the event loop."""
    from app.ui.themes import palette_of

    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    before = panel._layout_widget
    window.set_theme("dark")
    qtbot.waitUntil(lambda: panel._layout_widget is not None and panel._layout_widget is not before,
                    timeout=10_000)
    assert panel._layout_widget.backgroundBrush().color().name() == palette_of("dark")["background"]
    assert panel.playhead_step() == window.playback.index + 1


def test_the_time_axis_puts_the_playhead_at_the_steps_time_and_a_click_seeks_by_time(qtbot, tmp_path):
    """A teacher asked for the clock on the x axis: a burst is seconds, not hundreds of steps."""
    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    panel.axis_choice.setCurrentIndex(1)  # "Simulated time", as a user picks it
    qtbot.waitUntil(lambda: panel.axis == "time" and panel.playhead_step() is not None,
                    timeout=10_000)
    trace = window.playback.trace
    window.playback.seek(40)
    assert panel.playhead_step() == 41
    unit = panel._per_unit
    assert panel._lines[0].value() == trace[40].time_ms / unit
    assert "simulated time" in panel._plots[0].getAxis("bottom").labelText
    plot = panel._plots[0]
    view = panel._layout_widget
    target = plot.vb.mapViewToScene(plot.vb.mapToView(plot.vb.boundingRect().center()))
    at_ms = plot.vb.mapSceneToView(target).x() * unit
    point = view.mapFromScene(target)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(point.x(), point.y()))
    index = window.playback.index
    assert trace[index].time_ms <= at_ms
    assert index == len(trace) - 1 or trace[index + 1].time_ms > at_ms
    panel.set_axis("step")
    qtbot.waitUntil(lambda: panel._lines and panel._lines[0].value() == index + 1, timeout=10_000)


def test_charts_fit_a_narrow_dock(qtbot, tmp_path):
    """At 1280x720 the Metrics tab opens in the right-hand dock, about 210 px wide: the charts'
    titles and keys wrap to it instead of pushing the charts past its edge (cut off there)."""
    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    window.resizeDocks([window.metrics_dock], [210], Qt.Horizontal)
    panel.resize(210, panel.height())
    panel._built_for = None
    panel.refresh()
    room = panel._scroll.viewport().width()
    for plot in panel._plots:
        assert plot.minimumWidth() <= room, (plot.minimumWidth(), room)


def test_a_wider_dock_draws_the_charts_again_for_its_room(qtbot, tmp_path):
    window, _lab = lab_window(qtbot, tmp_path, "traffic-spike")
    panel = _front(qtbot, window)
    window.resize(1600, 900)
    window.resizeDocks([window.metrics_dock], [220], Qt.Horizontal)
    qtbot.waitUntil(lambda: panel.width() < 300, timeout=5_000)
    panel._built_for = None
    panel.refresh()
    narrow, columns = panel._layout_widget, panel._built_columns
    window.resizeDocks([window.metrics_dock], [900], Qt.Horizontal)
    qtbot.waitUntil(lambda: panel._layout_widget is not narrow and bool(panel._plots), timeout=5_000)
    assert panel._built_columns > columns == 1
