"""A JSON tree in a narrow dock puts Copy JSON under its title and gives the tree the height.

The header's stretch pushes the button to the right in a row; in a column it must not take a
share of the height (at 1024x600 the inspector's payload showed a gap and two rows of tree)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.json_tree import JsonTree


def test_narrow_tree_keeps_the_height_for_its_rows(qtbot):
    dock = QWidget()  # a parent with no layout: the tree gets exactly the geometry it is given
    qtbot.addWidget(dock)
    dock.resize(700, 700)
    tree = JsonTree("Payload", dock)
    tree.set_data({"Records": [{"eventVersion": "2.5", "n": i} for i in range(30)]})
    tree.setGeometry(0, 0, 600, 600)
    dock.show()
    qtbot.waitExposed(dock)
    tree.setGeometry(0, 0, tree._narrow()[1] - 20, 600)  # too narrow for title and button side by side
    qtbot.wait(50)
    title, button = tree.title.geometry(), tree.copy_button.geometry()
    assert button.y() > title.y()  # the button went under the title
    assert button.y() - title.bottom() < 20  # right under it: no gap taken from the tree
    assert tree.tree.y() - button.bottom() < 20
    assert tree.tree.height() > 600 - 100
    tree.setGeometry(0, 0, 600, 600)  # wide again: one row, the button pushed to the right
    qtbot.wait(50)
    title, button = tree.title.geometry(), tree.copy_button.geometry()
    assert button.right() >= 600 - 5 and button.y() < title.bottom()
