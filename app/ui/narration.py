"""The sentence the class reads aloud: the current step's narration, large, with where we are.

A step that shows one of the chapter's numbered steps carries a labelled tag ("chapter step 3")
beside the position line, so the class can follow the chapter's list without mistaking it for
our own step number; a documented behaviour the step does not simulate is said right under it,
never hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout,
                               QWidget)

from app.playback import Playback
from app.ui.hover_select import selectable_on_hover
from app.ui.narration_texts import (  # noqa: F401 (the rest re-exported: callers import them from here)
    chapter_tag_text, narration_text, position_text, run_notes_text, run_notes_tooltip, total_text,
    without_sources)
from app.ui.text_fit import (cut_to_height, fitting_point_size, shrink_together, steady_point_size,
                             wrapped_height)
from app.ui.viewports import python_viewport

NARRATION_POINT_SIZE = 17
COMPACT_POINT_SIZE = 13  # a short window (a 600 px screen): the diagram keeps more room
CAPTION_POINT_SIZE = 30  # on a 1080 px projector; a smaller one keeps the same share of its height
CAPTION_SMALLEST = 16  # pt: a 600 px projector's caption, still read from the back row
RESERVED_LINES = 3  # the text keeps this height whatever the step, so the diagram above is not
                    # resized (and refitted and fully repainted) at every step
COMPACT_LINES = 2  # a short window: two lines (the font shrinks to fit), the diagram keeps more
ROOMY_COMPACT_LINES = 3  # a short window of 1280x720 or so: 2 lines showed half of a usual step
MORE = " … (more: hover)"  # ends a caveat cut to fit its lines; the tooltip holds all of it
RUN_NOTES_SHARE = 0.35  # of the panel's width, at most, for "ℹ Not simulated: …" (the run's)
SMALLEST_SHARE = 0.5  # a long narration shrinks its font down to this share of the size to fit
NARRATION_FLOOR = 10  # pt: in the window it shrinks no further (8 pt was unreadable); it scrolls
STEADY_SHARE = 0.95  # the window's narration keeps one size per run: the largest that this share
                     # of its steps fit at (fitted step by step it went 13, 10, 11 pt at
                     # 1280x720). Not lower: at 0.75 (13 pt there) five of photo-thumbnails' 30
                     # steps scrolled, half their text out of sight, where a smaller font showed
                     # it whole; not 1.0, so one outlier of a long run does not set every size
STEADY_SAMPLE = 60  # steps of a run measured for that size (evenly spread; a run may be long)
NOTE_SHARE = 0.7  # of the caption's size: the not-simulated note on a projector, read in full
CAPTION_SHRINK_STEP = 0.05  # a caption too long for its room shrinks (text and note) by this share
CAPTION_MARGINS = (48, 12, 48, 16)
CUT = " …"  # ends a caption's note still too long at the smallest size (nobody hovers on a projector)


def caption_point_size(screen_height: int) -> int:
    """The caption's point size on a screen `screen_height` px high: CAPTION_POINT_SIZE on a
    1080 px projector, the same share of the height on a smaller one (20 pt at 720 px, so the
    caption and the quiz leave the diagram its room), never below CAPTION_SMALLEST nor above
    CAPTION_POINT_SIZE."""
    scaled = round(CAPTION_POINT_SIZE * screen_height / 1080)
    return max(CAPTION_SMALLEST, min(CAPTION_POINT_SIZE, scaled))


class NarrationPanel(QWidget):
    """Position line, narration, and the not-simulated caveat, bound to a Playback."""

    def __init__(self, playback: Playback, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("narration")
        self.playback = playback
        self.position = QLabel()
        self.position.setObjectName("narrationPosition")
        self.position.setAccessibleName("Step position")
        self.chapter = QLabel()
        self.chapter.setObjectName("narrationChapterTag")
        self.chapter.setAccessibleName("Chapter step")
        self.chapter.setTextFormat(Qt.PlainText)
        self.chapter.setToolTip("The numbered step of the chapter this step shows")
        self.run_notes = QLabel()
        self.run_notes.setObjectName("narrationRunNotes")
        self.run_notes.setAccessibleName("Not simulated in this run")
        self.run_notes.setTextFormat(Qt.PlainText)
        self.text = QLabel()
        self.text.setObjectName("narrationText")
        self.text.setAccessibleName("Narration")
        self.text.setWordWrap(True)
        # Selectable only while the pointer is over it: a selectable label lays its text out
        # in a document that asks for two more repaints after every new text, which was a
        # tenth of each step's time (docs/decisions/0016-step-latency.md).
        selectable_on_hover(self.text)
        self.text.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.text.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.caveat = QLabel()
        self.caveat.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.caveat.setObjectName("narrationCaveat")
        self.caveat.setAccessibleName("Not simulated")
        self.caveat.setWordWrap(True)
        for label in (self.position, self.text, self.caveat):
            label.setTextFormat(Qt.PlainText)
            label.setSizePolicy(QSizePolicy.Ignored, label.sizePolicy().verticalPolicy())
        policy = QSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)  # the scroll area below sizes it to its wrapped text
        # (Preferred, not Minimum: a Minimum label is never shorter than its size hint, the
        # text's height at some default width, and kept a scroll bar beside a text that fits)
        self.text.setSizePolicy(policy)
        # The narration keeps a fixed height (RESERVED_LINES); a text too long for it even at
        # NARRATION_FLOOR scrolls there, whole, rather than losing its last lines (1024x600, or
        # with the What if… panel open). Presenting, it never scrolls: it shrinks to its room.
        self.text_area = QScrollArea()
        # a viewport PySide knows, made before setWidget (setViewport would delete the label):
        # asking Qt's own for it makes PySide build every QWidget subclass (app.ui.viewports)
        viewport = python_viewport(self.text_area)
        self.text_area.setObjectName("narrationTextArea")
        self.text_area.setFrameShape(QFrame.NoFrame)
        self.text_area.setWidgetResizable(True)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.text_area.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.text_area.setWidget(self.text)
        self.text.setAutoFillBackground(False)  # the panel's colour shows through
        viewport.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.chapter)
        top.addWidget(self.position, 1)
        top.addWidget(self.run_notes)
        layout.addLayout(top)
        layout.addWidget(self.text_area)
        layout.addWidget(self.caveat)
        self._steady_key: tuple | None = None  # what the steady size was measured for
        self._steady = NARRATION_POINT_SIZE
        self._compact = self._caption = False
        self._compact_lines = COMPACT_LINES
        self._caption_size = CAPTION_POINT_SIZE
        self._caption_room: int | None = None
        self.set_caption_mode(False)
        playback.trace_listeners.append(self._forget_steady)
        playback.index_listeners.append(self.refresh)
        self.refresh()

    def set_caption_mode(self, on: bool, point_size: int = CAPTION_POINT_SIZE) -> None:
        """Presentation mode: a caption large enough for the back row (`point_size`: see
        `caption_point_size`, for the screen presented on)."""
        self._caption, self._caption_size = on, point_size
        self._point_size = (point_size if on else
                            COMPACT_POINT_SIZE if self._compact else NARRATION_POINT_SIZE)
        self._layout.setContentsMargins(*(CAPTION_MARGINS if on else (12, 8, 12, 8)))
        if not on:
            self._caption_room = None
            self.setMinimumHeight(0)
            self.setMaximumHeight(16_777_215)
            self.caveat.show()
        font = self.text.font()
        font.setPointSize(self._point_size)
        self.text.setFont(font)
        lines = (RESERVED_LINES if not self._compact
                 else COMPACT_LINES if on else self._compact_lines)  # a short projector: two
        self._set_text_height(self.text.fontMetrics().lineSpacing() * lines + 4)
        self.text_area.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff if on else Qt.ScrollBarAsNeeded)
        self._small_size = max(11, round(16 * point_size / CAPTION_POINT_SIZE)) if on else 10
        small = self.position.font()
        small.setPointSize(self._small_size)
        self.position.setFont(small)
        self.chapter.setFont(small)
        self.run_notes.setFont(small)
        self.caveat.setFont(small)
        self.caveat.setFixedHeight(self.caveat.fontMetrics().lineSpacing() * (1 if self._compact else 2))
        self._reserve_tag_row()
        self._fit_text()

    def set_caption_room(self, height: int) -> None:
        """Presentation mode: the caption takes `height` px (what the diagram does not need, see
        app.ui.presentation), the same at every step; within it the narration and the whole
        not-simulated note share the room, their fonts shrinking together when a step's texts
        need more (`_fit_caption`)."""
        if not self._caption:
            return
        self._caption_room = height
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self._fit_text()

    def _set_text_height(self, height: int) -> None:
        """The narration's visible height (its scroll area's), set only when it changes."""
        area = self.text_area
        if area.height() != height or area.minimumHeight() != height or area.maximumHeight() != height:
            area.setFixedHeight(height)

    def caption_minimum(self) -> int:
        """The least height a caption may get: its position line and two lines at the floor."""
        font = self.text.font()
        font.setPointSize(max(8, int(self._caption_size * SMALLEST_SHARE)))
        top, bottom = CAPTION_MARGINS[1], CAPTION_MARGINS[3]
        return top + bottom + self.position.minimumHeight() + 8 + 2 * QFontMetrics(font).lineSpacing()

    def caption_need(self, texts: list[tuple[str, str]], share: float) -> int:
        """Presentation mode: the height (px) the caption needs to show each of `texts`
        ((narration, not-simulated note) pairs, e.g. a sample of the run's steps) whole with
        the narration at `share` of the caption's size and the note at NOTE_SHARE of that; the
        largest over `texts`. Margins and the position line included."""
        width = self.text_area.width() if self.text_area.width() >= 50 else self.width() - 96
        if width < 50 or not texts:
            return self.caption_minimum()
        text_font, note_font = QFont(self.text.font()), QFont(self.caveat.font())
        text_font.setPointSize(max(8, round(self._caption_size * share)))
        note_font.setPointSize(max(8, round(self._caption_size * NOTE_SHARE * share)))
        spacing = self._layout.spacing()
        row = max(self.position.minimumHeight(),
                  *(label.sizeHint().height() for label in (self.position, self.chapter, self.run_notes)))
        most = max(wrapped_height(text_font, width, text)
                   + (wrapped_height(note_font, width, note) + spacing if note else 0)
                   for text, note in texts)
        return CAPTION_MARGINS[1] + CAPTION_MARGINS[3] + row + spacing + most + 2

    def _fit_caption(self) -> None:
        """The caption's texts in its room: the narration at the caption's size and the note at
        NOTE_SHARE of it, both shrunk by CAPTION_SHRINK_STEP until both fit (never below
        SMALLEST_SHARE); the narration gets what the note leaves. A note still too long at the
        floor is cut with CUT (its tooltip keeps it, for the teacher's own screen)."""
        width = self.text_area.width() if self.text_area.width() >= 50 else self.width() - 96
        if width < 50:
            return
        spacing = self._layout.spacing()
        row = max(self.position.minimumHeight(),
                  *(label.sizeHint().height() for label in (self.position, self.chapter, self.run_notes)))
        room = self._caption_room - CAPTION_MARGINS[1] - CAPTION_MARGINS[3] - row - spacing
        note = getattr(self, "_caveat", "")
        text_font, note_font = QFont(self.text.font()), QFont(self.caveat.font())
        note_base = max(self._small_size, round(self._caption_size * NOTE_SHARE))
        text_h, note_h = shrink_together((text_font, note_font), (self._caption_size, note_base),
                                         (self.text.text(), note), width, room, spacing,
                                         CAPTION_SHRINK_STEP, SMALLEST_SHARE)
        if note and text_h + note_h > room:  # the floor: the narration whole, the note cut
            note = cut_to_height(note_font, width, room - text_h - spacing, note, CUT)
        for label, font in ((self.text, text_font), (self.caveat, note_font)):
            if label.font().pointSize() != font.pointSize():
                label.setFont(font)
        # the narration as tall as it needs, the note right under it with the rest of the room
        text_h = min(room, text_h) if note else room
        note_h = max(0, room - text_h - spacing) if note else 0
        self._set_text_height(text_h)
        self._set_part_line(0)  # sized to whole lines here: no margin left from the window's fit
        if self.caveat.height() != note_h or self.caveat.minimumHeight() != note_h:
            self.caveat.setFixedHeight(note_h)
        self.caveat.setVisible(bool(note))
        self.caveat.setText(note)

    def _reserve_tag_row(self) -> None:
        """Make the position line as tall as the framed chapter tag beside it, shown or not.
        The tag comes and goes with the steps; the panel grew and shrank by its frame, and the
        diagram above was resized, refitted and repainted whole each time (decision 0016).
        At every refresh: the tag's frame comes with the theme's style sheet (QLabel caches
        the hint, so asking costs nothing)."""
        height = self.chapter.sizeHint().height()
        if self.position.minimumHeight() != height:
            self.position.setMinimumHeight(height)

    @property
    def point_size(self) -> int:
        """The narration's point size now (the caption's while presenting)."""
        return self._point_size

    @property
    def small_point_size(self) -> int:
        """The position line's point size now."""
        return self._small_size

    def set_compact(self, on: bool, lines: int = COMPACT_LINES) -> None:
        """A short window: the narration at COMPACT_POINT_SIZE in `lines` lines (COMPACT_LINES on
        a 600 px screen, ROOMY_COMPACT_LINES at 720 px; presentation mode keeps its caption's
        size, in COMPACT_LINES, so a quiz leaves the diagram its room)."""
        if on != self._compact or lines != self._compact_lines:
            self._compact, self._compact_lines = on, lines
            self.set_caption_mode(self._caption, self._caption_size)

    def restyle(self) -> None:
        """Fit the fonts again after the theme changed. A new application style sheet makes Qt
        re-polish every widget and give each label back the font it had before it was styled,
        which undid the fit: a 12 pt narration came back at 17 pt, its second line cut in half."""
        self.set_caption_mode(self._caption, self._caption_size)

    def refresh(self) -> None:
        """Show the current step. A text is set once, as shown (cut or elided to fit): set in
        full and then cut, a label was relaid out and repainted twice at every step even when
        its text stayed the same (decision 0016)."""
        trace = getattr(self.playback, "trace", None)
        notes = run_notes_text(trace)
        if notes != getattr(self, "_run_notes", None) or trace is not getattr(self, "_notes_of", None):
            self._run_notes, self._notes_of = notes, trace
            self.run_notes.setToolTip(run_notes_tooltip(trace))
            self.run_notes.setVisible(bool(notes))
        self._reserve_tag_row()
        step = self.playback.step
        if step is None:
            self.position.setText("No steps")
            self.chapter.hide()
            self.text.setText("Open a scenario to see how AWS Lambda handles it, step by step.")
            self._caveat = ""
            self.caveat.setText("")
            self._elide_run_notes()
            return
        self.position.setText(position_text(step, len(self.playback), trace))
        tag = chapter_tag_text(step)
        self.chapter.setText(tag)
        self.chapter.setVisible(bool(tag))
        self.text.setText(narration_text(step))
        # The caveat line keeps its place when empty, for the same reason as RESERVED_LINES.
        self._caveat = f"⚑ Not simulated: {without_sources(step.caveat)}" if step.caveat else ""
        if self.caveat.toolTip() != (step.caveat or ""):
            self.caveat.setToolTip(step.caveat or "")
        self._fit_text()

    def _fit_text(self) -> None:
        """Shrink the font of a narration too long for the reserved lines, never below a floor;
        the caveat likewise, within its two lines (it was cut off mid-sentence on a projector).
        Presenting, with its room known: `_fit_caption`."""
        if self._caption and self._caption_room:
            self._fit_caption()
            self._elide_run_notes()
            return
        area = self.text_area
        floor = max(NARRATION_FLOOR, int(self._point_size * SMALLEST_SHARE))
        fits = self._fit(self.text, self._steady_size(area.width(), area.height(), floor), None,
                         area.width(), area.height(), self._steady)
        self._whole_lines(fits)

        caveat = getattr(self, "_caveat", self.caveat.text())
        if not self._fit(self.caveat, self._small_size, caveat):
            caveat = self._cut_to_fit(self.caveat, caveat)
        self.caveat.setText(caveat)
        self._elide_run_notes()

    def _forget_steady(self) -> None:
        self._steady_key = None  # another run: its narrations decide the size

    def _steady_size(self, width: int, height: int, floor: int) -> int:
        """The run's one narration size in the window for this room (see STEADY_SHARE), measured
        once per run, room and base size, from at most STEADY_SAMPLE of its steps."""
        trace = getattr(self.playback, "trace", None)
        count = len(self.playback) if trace is not None else 0
        key = (count, width, height, self._point_size, floor)
        if key != self._steady_key and width >= 50:
            self._steady_key = key
            picks = sorted({i * count // STEADY_SAMPLE for i in range(STEADY_SAMPLE)}) \
                if count > STEADY_SAMPLE else range(count)
            texts = [narration_text(trace[i]) for i in picks]
            self._steady = steady_point_size(self.text.font(), self._point_size, width, height,
                                             texts, floor, STEADY_SHARE)
        return self._steady

    def _whole_lines(self, fits: bool) -> None:
        """A narration that scrolls shows whole lines only: its box was sized for the lines of
        the unshrunk font, so the shrunk text's last visible line was cut through the middle
        (1280x720, a dead-letter step). The bottom margin hides the part line; the scroll bar
        says there is more. One line per scroll-bar step."""
        spacing = self.text.fontMetrics().lineSpacing()
        height = self.text_area.height()
        margin = 0 if fits or spacing <= 0 or height < 2 * spacing else height % spacing
        self._set_part_line(margin)
        self.text_area.verticalScrollBar().setSingleStep(max(1, spacing))

    def _set_part_line(self, margin: int) -> None:
        """The text area's bottom viewport margin (px) that hides a part line, set when it changes."""
        if margin != getattr(self, "_part_line", 0):
            self._part_line = margin
            self.text_area.setViewportMargins(0, 0, 0, margin)

    def _elide_run_notes(self) -> None:
        """The run's note takes at most RUN_NOTES_SHARE of the width, so the position line
        keeps its room; the tooltip holds every sentence. Presenting, it takes all the width
        the position line and the chapter tag leave (nobody hovers on a projector: at 1024x600
        "ℹ Not simulated: S3 delivery, Lambda's event…" was cut with room to spare)."""
        full = getattr(self, "_run_notes", "")
        if not full or self.width() < 50:
            self.run_notes.setText(full)
            return
        limit = int(self.width() * RUN_NOTES_SHARE)
        metrics = self.run_notes.fontMetrics()
        if self._caption:  # what the position line leaves, even under RUN_NOTES_SHARE: it kept
            # 35 % and cut step 9's "❄ cold start" to "❄ cold st" at 1024x600 (looks-6)
            margins = self._layout.contentsMargins()
            used = self.position.fontMetrics().horizontalAdvance(self.position.text()) + 16
            if self.chapter.isVisibleTo(self):
                used += self.chapter.sizeHint().width() + 8
            limit = max(0, self.width() - margins.left() - margins.right() - used)
        self.run_notes.setText(metrics.elidedText(full, Qt.ElideRight, limit))
        if self.run_notes.maximumWidth() != limit:
            self.run_notes.setMaximumWidth(limit)

    @staticmethod
    def _cut_to_fit(label: QLabel, full: str) -> str:
        """Still too long at the smallest font (a ~600-character caveat at 1280x720): the
        longest start of `full` that fits, ending in MORE; the tooltip has every word."""
        return cut_to_height(label.font(), label.width(), label.height(), full, MORE) or MORE

    @staticmethod
    def _fit(label: QLabel, point_size: int, text: str | None = None, width: int | None = None,
             height: int | None = None, floor: int | None = None) -> bool:
        """Shrink the label's font until its text (or `text`, about to be shown) fits `width` x
        `height` (default: the label's own), not below `floor` (default: SMALLEST_SHARE of the
        size, at least 8); False if it still does not fit at the floor."""
        width = label.width() if width is None else width
        height = label.height() if height is None else height
        if width < 50:
            return True
        text = label.text() if text is None else text
        font = label.font()
        font.setPointSize(fitting_point_size(font, point_size, width, height, text,
                                             SMALLEST_SHARE, floor))
        if font.pointSize() != label.font().pointSize():
            label.setFont(font)
        return wrapped_height(font, width, text) <= height

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_text()
