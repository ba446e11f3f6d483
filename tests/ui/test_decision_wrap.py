"""The decision's values wrap as before, with fewer questions to Qt (0016 round 6).

Qt sizes the permission box at its narrowest width too (its sizeHint: the table's width policy
is Ignored), where each ARN wraps at every character; the cut between characters was a binary
search over the whole piece, ~600 uncached `horizontalAdvance` calls a new decision. Now it
searches from the start with the kept measures; the lines must be the very same.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QFontMetrics

from app.ui import permission_box as pb

ARNS = ["arn:aws:iam::123456789012:user/user", "arn:aws:s3:::photos/holiday/chelsea the cat.jpg",
        "arn:aws:sts::123456789012:assumed-role/thumbnail-role/make-thumbnail",
        "arn:aws:lambda:us-east-1:123456789012:function:make-thumbnail", "s3.amazonaws.com",
        "resource-based policy of make-thumbnail", "WWWWWWWWWW", "iiiiiiiiiiiiiiiii", ""]


def _old_wrap(text: str, width: int, metrics: QFontMetrics) -> list[str]:
    """The wrapping before round 6, measured straight from Qt (the reference)."""
    width = max(width, metrics.averageCharWidth())
    if metrics.horizontalAdvance(text) <= width:
        return [text]
    lines, current, used = [], "", 0
    for piece in pb._BREAKS.split(text):
        if not piece:
            continue
        size = metrics.horizontalAdvance(piece)
        if used + size <= width:
            current, used = current + piece, used + size
            continue
        if current:
            lines.append(current.rstrip(" ") or current)
        while size > width:
            low, high = 0, len(piece)
            while low < high:
                middle = (low + high + 1) // 2
                if metrics.horizontalAdvance(piece[:middle]) <= width:
                    low = middle
                else:
                    high = middle - 1
            cut = max(1, low)
            lines.append(piece[:cut])
            piece = piece[cut:]
            size = metrics.horizontalAdvance(piece)
        current, used = piece, size
    if current:
        lines.append(current.rstrip(" ") or current)
    return lines


def _fonts(qapp):
    bold = QFont(qapp.font())
    bold.setBold(True)
    return [qapp.font(), bold]


def test_decision_values_wrap_as_before(qapp):
    """Every value of the built-ins' kind at every width from 1 to 400 px, plain and bold."""
    for font in _fonts(qapp):
        measure, metrics = pb._Measure(font), QFontMetrics(font)
        for text in ARNS:
            for width in range(1, 400, 3):
                assert pb._wrap(text, width, measure) == _old_wrap(text, width, metrics), (text, width)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/-_. *WMil",
                    max_size=90),
       width=st.integers(min_value=1, max_value=300))
def test_any_value_wraps_as_before(qapp, text, width):
    font = qapp.font()
    assert pb._wrap(text, width, pb._Measure(font)) == _old_wrap(text, width, QFontMetrics(font))


def test_a_narrow_layout_asks_qt_little(qapp, monkeypatch):
    """The narrowest layout of a decision (as Qt's sizeHint asks it) measures fewer than 200
    pieces (the binary search: ~600)."""
    calls = []

    class Counting(pb._Measure):
        def __init__(self, font):
            super().__init__(font)
            self.metrics = _Metrics(font, calls)

    monkeypatch.setattr(pb._Measure, "_known", {})
    monkeypatch.setattr(pb, "_Measure", Counting)
    table = pb.DecisionTable()
    rows = [("principal", ARNS[2]), ("action", "s3:PutObject"), ("resource", ARNS[1]),
            ("policy", "identity-based policy of thumbnail-role"), ("matched statement", "WriteThumbnails")]
    table.height_for(rows, 6)
    assert 0 < len(calls) < 200


class _Metrics(QFontMetrics):
    def __init__(self, font, calls):
        super().__init__(font)
        self._calls = calls

    def horizontalAdvance(self, text, *args):  # noqa: N802
        self._calls.append(text)
        return super().horizontalAdvance(text, *args)
