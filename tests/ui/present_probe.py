"""Run alone, as a subprocess (the offscreen screen's size is fixed when Qt starts): the window
in presentation mode with the quiz, on a screen of argv[2] ("WxH"), scenario file argv[1], at
step argv[3]. Prints one JSON object: the caption's point size, the narration's at every step
of the run, the answers' (fitted) sizes and the diagram's and the window's heights.
Used by tests/ui/test_present_quiz_balance.py."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main(path: Path, width: int, height: int, step: int) -> dict:
    from app.commands.export_window import screen_config

    screen = screen_config(Path(tempfile.mkdtemp()) / "screen.json", (width, height), "probe")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from app.commands.export_window import render_window
    from app.engine import run
    from app.scenario.loader import load_scenario

    scenario = load_scenario(path)
    out: dict = {}

    def measure(window) -> None:
        narration, quiz = window.narration, window.lab.quiz
        shown = [b for b in quiz.buttons if b.isVisible()]
        out.update(caption=narration.point_size, canvas_h=window.canvas.height(),
                   window_h=window.height(), quiz_h=quiz.height(),
                   answers=[b.property("fit_pt") or quiz._choice_pt for b in shown],
                   answer_lines=[b.height() for b in shown])
        sizes = []
        for index in range(len(window.playback)):
            window.playback.seek(index)  # the caption refits at once (NarrationPanel.refresh)
            sizes.append(narration.text.font().pointSize())
        out["narration"] = sizes

    render_window(path, scenario, run(scenario), step, (width, height), present=True, quiz=True,
                  prepare=measure)
    app.quit()
    return out


if __name__ == "__main__":
    w, h = map(int, sys.argv[2].split("x"))
    print(json.dumps(main(Path(sys.argv[1]), w, h, int(sys.argv[3]))))
