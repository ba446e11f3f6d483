"""The launcher installs the lab after the first sizing has folded the side panels away on a
narrow window (docs/decisions/0018-start-up.md). The lab's empty "Runs compared" panel must stay
folded with the timeline it is a tab of, not stand alone beside the diagram: a teacher's fresh
start at 1024x600 showed it at 440 px, 43 % of the width, with the other panels folded."""

from PySide6.QtCore import QSize
from window_fixtures import SCENARIOS

from app.ui.document import load_document
from app.ui.main_window import MainWindow
from app.ui.settings import Settings


def launched(qtbot, tmp_path, size):
    """A window made as `gui.start` makes it: no saved layout, the lab installed after the
    first sizing and the first picture."""
    window = MainWindow(Settings(tmp_path / "fresh.ini"), lab=False, inspector_later=True)
    qtbot.addWidget(window)
    window.resize(QSize(*size))
    window.show()
    qtbot.waitExposed(window)
    window.size_docks_now()
    window.set_document(load_document(SCENARIOS / "photo-thumbnails.yaml"))
    qtbot.wait(20)
    window.install_lab()
    qtbot.wait(60)
    return window


def test_an_empty_comparison_stays_folded_on_a_narrow_first_start(qtbot, tmp_path):
    window = launched(qtbot, tmp_path, (1024, 600))
    compare = window.lab.compare_dock
    assert not compare.isVisible()  # before: shown alone, 440 px of 1024
    assert window.canvas.width() >= 0.95 * window.width()
    assert not window.diagram_first.panels.button.isChecked()
    window.diagram_first.panels.set_shown(True)  # the Panels button brings it back as a tab
    qtbot.wait(60)
    assert window.inspector_dock.isVisible() and window.timeline_dock.isVisible()
    assert compare.isVisible() and compare in window.tabifiedDockWidgets(window.timeline_dock)
    assert compare.visibleRegion().isEmpty()  # behind the inspector, not in front


def test_a_wide_first_start_keeps_the_comparison_behind_the_timeline(qtbot, tmp_path):
    window = launched(qtbot, tmp_path, (1280, 720))
    compare = window.lab.compare_dock
    assert window.timeline_dock.isVisible()
    assert compare in window.tabifiedDockWidgets(window.timeline_dock)
    assert compare.visibleRegion().isEmpty()
