"""How many lines a quiz answer gets on a projector (docs/decisions/0021-present-fit.md).

Four answers two lines tall at caption size took a third of a 720 or 600 px projector, and the
caption under them shrank to 9-13 pt. An answer keeps one line when the run's widest "who acts"
answer fits one at ONE_LINE_SHARE of the caption's size (TALL_ONE_LINE_SHARE on a projector of
TALL_PROJECTOR px or more, whose caption is larger); a longer answer then shrinks (to two
lines at half size at worst). The number is fixed for the run, so the quiz bar, and the diagram
above it, keep their height from question to question. On every projector: a 1080 px one gave
its answers two lines (108 px each) for one line of text, and the diagram kept 42 % of the
screen (decision 0024, item 1).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from app.ui.lab.choice_button import PAD_X

ONE_LINE, TWO_LINES = 1, 2
ONE_LINE_SHARE = 0.75  # of the caption's size: the widest answer must fit one line at it
TALL_PROJECTOR = 900  # px: from this height up the caption is large (30 pt at 1080) and ...
TALL_ONE_LINE_SHARE = 0.6  # ... the widest answer need only fit at this share (24 px at 1080):
# orders-sqs's "orders (SQS queue) → orders-dlq (dead-letter queue)" fits at 0.72, ~29 px, but
# took two lines, 108 px each, for four answers of one line (decision 0024, item 1)


def present_lines(window, font: QFont, points: int | None, trace) -> int:
    """ONE_LINE or TWO_LINES for the answers of `trace`'s quiz on `window`'s screen, at
    `points` (the caption's size) in a bold `font`; TWO_LINES when the screen is unknown."""
    screen = window.screen()
    size = screen.geometry().size() if screen is not None else None
    if size is None or not points:
        return TWO_LINES
    font = QFont(font)
    font.setBold(True)  # a marked answer is bold
    font.setPointSizeF(points * (TALL_ONE_LINE_SHARE if size.height() >= TALL_PROJECTOR
                                 else ONE_LINE_SHARE))
    width = (size.width() - 24) // 2 - 2 * PAD_X - 6  # one of two columns of the full-screen bar
    metrics = QFontMetrics(font)
    widest = max((metrics.horizontalAdvance(f"4   {text}") for text in run_answers(window, trace)),
                 default=0)
    return ONE_LINE if widest <= width else TWO_LINES


def run_answers(window, trace) -> list[str]:
    """The "who acts" answers `trace` can ask, both ways: its steps' and its diagram's pairs,
    by the labels the diagram shows (app.lab.quiz)."""
    from app.lab.quiz import node_label, run_pairs

    graph = getattr(window.canvas, "graph", None)
    pairs = list(run_pairs(trace)) if trace is not None and len(trace) else []
    pairs += list(graph.edges()) if graph is not None else []
    return [f"{node_label(graph, u)} → {node_label(graph, v)}" for a, b in set(pairs)
            for u, v in ((a, b), (b, a))]
