"""Guards against the PySide6 6.12.0 / CPython 3.11 crash ("Fatal Python error: none_dealloc").

That release over-decrements the refcount of None on every Qt call returning void, so a
process dies after a few thousand such calls: long enough to pass a short test, short enough
to kill the app mid-lesson. pyproject.toml pins PySide6 < 6.12 on Python < 3.12.
"""

import os
import subprocess
import sys
import textwrap

import pytest

VOID_CALLS_SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QPen
    from PySide6.QtWidgets import QApplication, QGraphicsEllipseItem, QGraphicsScene, QLabel

    app = QApplication(sys.argv[:1])
    scene = QGraphicsScene()
    item = QGraphicsEllipseItem(0, 0, 10, 10)
    scene.addItem(item)
    label = QLabel()
    pens = [QPen(QColor(c)) for c in ("red", "green", "blue")]
    calls = 0
    for i in range(4000):  # 5 void calls per round: 20,000 in all
        item.setPos(QPointF(i % 97, i % 89))
        item.setPen(pens[i % 3])
        item.setZValue(i % 7)
        label.setText(str(i))
        scene.update()
        calls += 5
    app.processEvents()
    print("OK", calls)
    """
)


def test_20000_void_qt_calls_do_not_abort_the_interpreter():
    """A process making ~20,000 void Qt calls exits cleanly (6.12.0 on 3.11 aborts near 5,000)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", VOID_CALLS_SCRIPT],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert "none_dealloc" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]
    assert "OK 20000" in result.stdout


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the crash is specific to CPython < 3.12")
def test_pyside6_6_12_0_is_not_installed_on_python_3_11():
    """The pin in pyproject.toml holds: PySide6 6.12.0 is never installed on Python < 3.12."""
    import PySide6

    assert PySide6.__version__ != "6.12.0", "PySide6 6.12.0 aborts CPython 3.11; see pyproject.toml"
