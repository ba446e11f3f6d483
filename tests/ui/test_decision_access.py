"""The permission decision's rows reach a screen reader: the rows are drawn by one widget
(DecisionTable, for step speed), which had no accessible name, and whose rows a screen reader
got only because Qt reads a widget's tooltip as its description when it has none (the
PermissionBox sets the tooltip). Now it is named and its own description reads every row,
'name: value', one a line, and follows each new decision."""

from PySide6.QtGui import QAccessible

from app.ui.permission_box import DecisionTable, PermissionBox


def accessible(widget):
    return QAccessible.queryAccessibleInterface(widget)


def test_the_decision_rows_have_an_accessible_name_and_description(qtbot):
    table = DecisionTable()
    qtbot.addWidget(table)
    rows = [("principal", "arn:aws:iam::123456789012:role/thumbnail-role"),
            ("action", "s3:GetObject"), ("resource", "arn:aws:s3:::photos/cat.jpg"),
            ("reason", "No statement allows s3:GetObject on photos.")]
    table.set_rows(rows)
    reader = accessible(table)
    assert reader.text(QAccessible.Text.Name) == "Permission decision details"
    said = reader.text(QAccessible.Text.Description).splitlines()
    assert said == [f"{name}: {value}" for name, value in rows]  # one row a line, in order
    table.set_rows([("principal", "s3.amazonaws.com"), ("action", "lambda:InvokeFunction")])
    assert accessible(table).text(QAccessible.Text.Description).splitlines() == [
        "principal: s3.amazonaws.com", "action: lambda:InvokeFunction"]


def test_the_permission_box_says_the_verdict_and_its_rows(qtbot):
    from types import SimpleNamespace

    box = PermissionBox()
    qtbot.addWidget(box)
    box.set_decision(SimpleNamespace(decision="deny", principal="user", action="s3:PutObject",
                                     resource="arn:aws:s3:::photos/a.jpg", policy=None,
                                     matched=None, reason="No statement allows it."))
    assert accessible(box.verdict).text(QAccessible.Text.Name) == "Permission decision"
    assert "DENIED" in box.verdict.text()
    described = accessible(box.details).text(QAccessible.Text.Description)
    assert "action: s3:PutObject" in described and "reason: No statement allows it." in described
