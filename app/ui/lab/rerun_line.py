"""The one line that says what a re-run did, and its take-back once the reader moves on.

"The player is at step 1" stayed in the status bar and the What if… panel while the window
showed step 18 (teacher's report item 4): the line is true when said. `RerunLine` keeps the
words of the last line that named the player's step (never the re-run, which would keep its
trace alive), and gives the line without that sentence when the player leaves the step.
Qt-free; app.ui.lab.controller shows what it returns.
"""

from __future__ import annotations

from app.truncation import truncation_note


class RerunLine:
    def __init__(self) -> None:
        self._said: tuple[str, int, str] | None = None  # (line, player index, line without it)

    def say(self, rerun, index: int) -> str:
        """app.lab.session.describe_rerun for the player at `index` (0-based), remembered."""
        from app.lab.session import describe_rerun

        note = truncation_note(rerun.trace)
        text = describe_rerun(rerun, index, note)
        self._said = (text, index, describe_rerun(rerun, None, note)) if rerun.edits else None
        return text

    def forget(self) -> None:
        """Another file: no line to take back."""
        self._said = None

    def moved(self, index: int) -> tuple[str, str] | None:
        """(the line said, the line without the player's step) when the player at `index` is
        no longer where the line said, once; else None."""
        said = self._said
        if said is None or index == said[1]:
            return None
        self._said = None
        return said[0], said[2]
