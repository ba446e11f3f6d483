"""Dock layout (issue 9, item 1): after presentation mode, a saved layout or the quiz, floating
the Timeline and dragging the tabs left in the window never crashes, and no tab bar lists a dock
that is not docked there. Crash checks run in a child interpreter: a SIGSEGV must fail one test,
not end the test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget

from dock_checks import stale_tab_bars
from window_fixtures import make_window, photo_document

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent('''
    import sys, tempfile
    sys.path.insert(0, {tests!r})
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTabBar
    app = QApplication([])
    from dock_checks import stale_tab_bars
    from window_fixtures import photo_document
    from app.ui.document import build_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    folder = tempfile.mkdtemp()

    def window(lab=True):
        w = MainWindow(Settings(folder + "/settings.ini"), lab=lab)
        w.resize(1400, 900)
        w.show()
        QTest.qWaitForWindowExposed(w)
        doc = photo_document()
        w.set_document(build_document(doc.path, doc.scenario, doc.trace))
        if not lab:
            w.install_lab()  # the launcher's order: the lab after the first picture
        QTest.qWait(20)
        return w

    def drag_every_tab(w):
        for bar in [b for b in w.findChildren(QTabBar) if b.parent() is w]:
            for i in range(bar.count()):
                for dx in (-300, 300):
                    start = bar.tabRect(i).center()
                    QTest.mousePress(bar, Qt.LeftButton, Qt.NoModifier, start)
                    for k in range(1, 11):
                        QTest.mouseMove(bar, start + QPoint(dx * k // 10, 0))
                    QTest.mouseRelease(bar, Qt.LeftButton, Qt.NoModifier, start + QPoint(dx, 0))
                    QTest.qWait(5)
                    if i >= bar.count():
                        break

    steps = {steps!r}
    w = window()
    for step in steps:
        if step == "present":
            w.activateWindow(); QTest.qWaitForWindowActive(w)  # F5, Esc: window shortcuts
            QTest.keyClick(w, Qt.Key_F5); QTest.qWait(20)
            if not w.presentation.active:
                sys.exit(f"F5 did not enter presentation mode (active window: {{QApplication.activeWindow()}})")
            QTest.keyClick(w, Qt.Key_Escape)
            if w.presentation.active:
                sys.exit("Esc did not leave presentation mode")
        elif step == "restart":
            w.close(); w.deleteLater(); QTest.qWait(20); w = window(lab=False)
        elif step == "quiz":
            w.lab.quiz_action.trigger()
        elif step == "compare":
            w.lab.toggle_compare()
        elif step == "float":
            w.timeline_dock.setFloating(True)
        elif step == "dock":
            w.timeline_dock.setFloating(False)
        elif step == "drag":
            drag_every_tab(w)
        QTest.qWait(20)
        problems = stale_tab_bars(w)
        if problems:
            print("after", step, problems)
            sys.exit(3)
    print("survived")
''')

CASES = {
    "F5, Esc, float the timeline, drag the tabs": ["present", "float", "drag"],
    "saved layout, float, drag": ["present", "restart", "float", "drag", "dock", "drag"],
    "comparison in front, F5, Esc, float": ["compare", "present", "float", "drag", "present", "drag"],
    "quiz on, F5, Esc, quiz off, float": ["quiz", "present", "quiz", "float", "drag"],
    "floating timeline saved, restart, dock it, drag": ["float", "restart", "dock", "drag", "present",
                                                        "float", "drag"],
}


def run_steps(steps, platform: str = "offscreen", prefix: tuple[str, ...] = ()):
    env = dict(os.environ, QT_QPA_PLATFORM=platform, PYTHONFAULTHANDLER="1")
    script = SCRIPT.format(tests=str(Path(__file__).parent), steps=steps)
    return subprocess.run([*prefix, sys.executable, "-c", script], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)


@pytest.mark.parametrize("steps", CASES.values(), ids=CASES.keys())
def test_floating_and_dragging_tabs_after_a_restored_layout_does_not_crash(steps):
    done = run_steps(steps)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
    assert "survived" in done.stdout


XVFB = ("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24")


@pytest.fixture(scope="module")
def xvfb():
    """xvfb-run with Qt's xcb plugin usable, else skip: the issue saw the crash under X too, and
    the xcb platform lays docks out with real window-system geometry, unlike offscreen."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("no xvfb-run on this machine (Debian: apt-get install xvfb xauth)")
    probe = subprocess.run([*XVFB, sys.executable, "-c",
                            "from PySide6.QtWidgets import QApplication; QApplication([])"],
                           env=dict(os.environ, QT_QPA_PLATFORM="xcb"), capture_output=True,
                           text=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip(f"Qt cannot open an xcb window under Xvfb: {probe.stderr[-300:]}")
    return XVFB


@pytest.mark.parametrize("steps", CASES.values(), ids=CASES.keys())
def test_the_same_steps_under_x_do_not_crash(xvfb, steps):
    """The steps above on a real X server (Xvfb): Qt's xcb platform, not offscreen."""
    done = run_steps(steps, platform="xcb", prefix=xvfb)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
    assert "survived" in done.stdout


def test_the_quiz_hiding_the_timeline_is_not_saved_as_the_users_layout(qtbot, tmp_path):
    """Closing with the quiz on used to save the timeline as closed: the next start had none."""
    window = make_window(qtbot, tmp_path, photo_document())
    window.lab.quiz_action.trigger()
    assert not window.timeline_dock.isVisible()
    window.close()
    again = make_window(qtbot, tmp_path, photo_document())
    assert again.timeline_dock.isVisible()


def test_presentation_mode_keeps_the_tab_in_front_and_the_floating_docks(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, photo_document())
    window.lab.toggle_compare()
    window.inspector_dock.setFloating(True)
    qtbot.wait(20)
    window.presentation.enter()
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    window.presentation.exit()
    qtbot.wait(20)
    assert window.lab.compare_in_front()
    assert window.inspector_dock.isVisible() and window.inspector_dock.isFloating()


def _saved_layout(qtbot, tmp_path):
    """A first window, closed: its settings now hold a saved dock state (timeline and comparison
    tabbed together), as at every start after the first."""
    first = make_window(qtbot, tmp_path, photo_document())
    first.close()
    assert first.settings.window_state() is not None


def _tab_bars_drawn(window):
    from PySide6.QtWidgets import QTabBar

    return [(b.geometry().getRect(), [b.tabText(i) for i in range(b.count())])
            for b in window.findChildren(QTabBar)
            if b.parent() is window and b.isVisibleTo(window) and b.count() > 1
            and window.rect().intersects(b.geometry())]


def test_a_saved_layout_leaves_no_second_tab_bar_in_a_new_window(qtbot, tmp_path):
    """The layout was restored twice (once by the lab, once by the window): the tab bars of the
    first restoreState stayed shown at (0, 0), a "T… Ru…" strip over the menu bar in any
    picture taken before Qt's deferred deletes ran, and a tab bar whose dock list Qt no longer
    keeps. Checked before the event loop runs, as a screenshot or a fast click would see it."""
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    _saved_layout(qtbot, tmp_path)
    again = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    assert stale_tab_bars(again) == []
    assert len(_tab_bars_drawn(again)) == 1, _tab_bars_drawn(again)


def test_the_launcher_order_restores_the_layout_once_every_dock_exists(qtbot, tmp_path, monkeypatch):
    """The launcher makes the window without the lab, then adds it: the saved state names the
    lab's docks, so it is restored once, when they exist (not before and again after)."""
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    _saved_layout(qtbot, tmp_path)
    restores = []
    original = MainWindow.restoreState

    def counted(window, state, *args):
        restores.append(window.findChild(QDockWidget, "compareDock") is not None)
        return original(window, state, *args)

    monkeypatch.setattr(MainWindow, "restoreState", counted)
    again = MainWindow(Settings(tmp_path / "settings.ini"), lab=False)
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    again.install_lab()
    assert restores == [True]  # once, with the lab's docks there
    assert stale_tab_bars(again) == []
    assert len(_tab_bars_drawn(again)) == 1, _tab_bars_drawn(again)
    assert again.lab.compare_dock in again.tabifiedDockWidgets(again.timeline_dock)


DRAG_AT_ONCE = textwrap.dedent('''
    import sys, tempfile
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTabBar
    app = QApplication([])
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    path = tempfile.mkdtemp() + "/settings.ini"
    first = MainWindow(Settings(path)); first.resize(1400, 900); first.show(); QTest.qWait(50)
    first.close(); first.deleteLater(); QTest.qWait(20)
    w = MainWindow(Settings(path)); w.resize(1400, 900); w.show()
    for bar in [b for b in w.findChildren(QTabBar) if b.parent() is w and b.isVisibleTo(w)
                and w.rect().intersects(b.geometry())]:  # what a user can reach
        for i in range(bar.count()):
            start = bar.tabRect(i).center()
            QTest.mousePress(bar, Qt.LeftButton, Qt.NoModifier, start)
            for k in range(1, 11):
                QTest.mouseMove(bar, start + QPoint(6 * k, 0))
            QTest.mouseRelease(bar, Qt.LeftButton, Qt.NoModifier, start + QPoint(60, 0))
            if i + 1 >= bar.count():
                break
    print("survived")
''')


def test_dragging_a_tab_just_after_a_start_with_a_saved_layout_does_not_crash():
    """The tab bar a second restoreState left at (0, 0) crashed Qt (SIGSEGV in the drag) when
    its tab was dragged before the deferred deletes ran. In a child interpreter."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    done = subprocess.run([sys.executable, "-c", DRAG_AT_ONCE], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
    assert "survived" in done.stdout
