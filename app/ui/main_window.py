"""The window: the diagram in the middle, the narration under it, the player bar at the bottom,
the timeline and the inspector in docks. Everything renders one `Playback`; nothing here runs
the simulation except by loading a document (on a worker thread, app.ui.window_documents).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app.playback import Playback
from app.truncation import truncation_note
from app.ui.dock_locks import dock_locks
from app.ui.metrics_dock import install_metrics
from app.ui.document import Document, DocumentLoader
from app.ui.errors_panel import ErrorsPanel
from app.ui.layout_firewall import LayoutFirewall
from app.ui.key_toggle import KeyToggle
from app.ui.narration import NarrationPanel, narration_text
from app.ui.player_bar import PlaybackActions, PlayerBar
from app.ui.presentation import PresentationMode
from app.ui.run_controller import RunController, RunIndicator
from app.ui.settings import DEFAULT_THEME, Settings
from app.ui.small_screen import DiagramFirst, scrollable
from app.ui.start_page import StartPage
from app.ui.themes import THEMES, apply_theme, slider_palette
from app.ui.timeline import Timeline
from app.ui.truncation_notice import install_truncation_notice
from app.ui.viewports import python_viewport
from app.ui.window_documents import WindowDocuments
from app.ui.window_menus import build_menus

ANIMATION_SHARE = 0.6  # the token travels for this share of the time between two steps


def _is_scenario_file(path: str) -> bool:
    """A dropped file we open: .yaml or .yml in any case (THUMBS.YAML from a USB stick)."""
    return path.lower().endswith((".yaml", ".yml"))


def _make_inspector(playback: Playback, behind: bool = False):
    from app.ui.inspector import Inspector

    return Inspector(playback, behind=behind)


def make_canvas():
    from app.ui.canvas import CanvasView

    canvas = CanvasView()
    python_viewport(canvas)  # a viewport PySide knows: see app.ui.viewports (0018-start-up)
    return canvas


class MainWindow(QMainWindow, WindowDocuments):
    document_changed = Signal(object)  # Document
    load_failed = Signal(object)  # LoadFailure
    document_closed = Signal()  # a cached picture the real load did not confirm was dropped

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None,
                 lab: bool = True, inspector_later: bool = False):
        """`lab=False` leaves the classroom lab out (the launcher installs it after the first
        picture, since it imports the engine and pydantic: ~250 ms before anything is painted).
        `inspector_later=True` (the launcher) builds the inspector only once its dock is to be
        seen, or when first asked for (`window.inspector`): a first show that folds the side
        panels away (a window narrower than side_panels.FOLD_BELOW) paints without it, and the
        launcher asks for it right after that paint (0018, pass 5)."""
        super().__init__(parent)
        self._inspector = None
        self.settings = settings or Settings()
        self.theme = DEFAULT_THEME
        self.document: Document | None = None
        self.confirming: Document | None = None  # the cached document the real load is replacing
        self._failed_path: Path | None = None  # the file the errors panel is about, for Reload
        self.playback = Playback()
        self.runs = RunController(self)  # every engine run: open, reload, what-if (a worker each)
        self.loader = DocumentLoader(self, self.runs)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.loader.cancelled.connect(self._load_cancelled)
        self.runs.busy_changed.connect(self._busy)
        self.setWindowTitle("LambdaScope")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks)
        self.playback_actions = PlaybackActions(self.playback, self)
        self.addActions(self.playback_actions.all)
        self._build_central()
        self._build_docks(inspector_later)
        self.presentation = PresentationMode(
            self, self.narration, [self.timeline_dock, self.inspector_dock, self.player_bar],
            self.playback)
        self.presentation.changed.connect(self._presentation_changed)
        self.progress = RunIndicator(self.runs)  # busy bar and Cancel
        self.statusBar().addPermanentWidget(self.progress)
        self.truncation_notice = install_truncation_notice(self)
        self.key_toggle = KeyToggle(self)  # the legend on demand, remembered
        self.menus = build_menus(self)
        install_metrics(self)  # a tab beside the timeline, built on first show (issue 11)
        self.playback.trace_listeners.append(self._trace_shown)  # before _show_step draws
        self.playback.index_listeners.append(self._show_step)
        self.playback.playing_listeners.append(self._speed_changed)
        self.set_theme(self.settings.theme if self.settings.theme in THEMES else DEFAULT_THEME, save=False)
        self._speed_changed()
        self._restore_geometry()
        self._state_restored = False
        if lab:
            self.install_lab()  # restores the saved dock layout, once every dock exists

    def install_lab(self):
        """Add the classroom lab (docks, Lab menu, exports) once, then restore the saved dock
        layout (only then: it names the lab's docks too); returns the lab. Without the lab
        (`lab=False` and no call here) the docks keep their default places."""
        from app.ui.lab import install_lab

        lab = install_lab(self)
        self._restore_state()
        return lab

    def show_loading(self, path: Path) -> None:
        """Say what is being opened, in the status bar and on the still empty diagram; over a
        cached picture (0018), that the lesson shown is the last start's, being checked."""
        if self.document is not None and self.document.cached:
            when = "as shipped with LambdaScope" if self.document.shipped else "as at the last start"
            self.statusBar().showMessage(f"Showing {path.name} {when}")
            return
        self.statusBar().showMessage(f"Opening {path.name} …")
        if self.document is None and hasattr(self.canvas, "show_message"):
            self.canvas.show_message(f"Loading {path.stem.replace('-', ' ')}…")

    # ---- construction
    def _build_central(self) -> None:
        self.canvas = make_canvas()
        self.canvas.setAccessibleName("Diagram")
        self.canvas.node_clicked.connect(self._node_clicked)
        self._auto_fit = True  # refit on resize until the user zooms by hand
        self.canvas.may_refit = lambda: self._auto_fit  # ... and when an overlay comes or goes
        self.canvas.installEventFilter(self)
        self.canvas.viewport().installEventFilter(self)
        for name, auto in (("zoom_in_action", False), ("zoom_out_action", False), ("fit_action", True)):
            action = getattr(self.canvas, name, None)
            if action is not None:
                action.triggered.connect(lambda _c=False, a=auto: setattr(self, "_auto_fit", a))
        self.narration = NarrationPanel(self.playback)
        self.player_bar = PlayerBar(self.playback, self.playback_actions)
        self.errors = ErrorsPanel()
        scenario_page = QWidget()
        layout = QVBoxLayout(scenario_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.narration)
        layout.addWidget(self.player_bar)
        self.start_page = StartPage()
        self.start_page.open_requested.connect(self.open_path)
        self.start_page.open_file_requested.connect(lambda: self.menus.open_dialog())
        self.start_page.back_requested.connect(self.show_scenario)
        self.pages = QStackedWidget()
        self.pages.addWidget(scenario_page)
        self.pages.addWidget(self.start_page)
        self.scenario_page = scenario_page
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.errors)
        # A step changes only texts under `pages`; the holder keeps that from relaying out the
        # window and its docks at every key press (docs/decisions/0016-step-latency.md).
        outer.addWidget(LayoutFirewall(self.pages), 1)
        self.setCentralWidget(central)

    def _build_docks(self, inspector_later: bool = False) -> None:
        self.timeline = Timeline(self.playback)
        if not inspector_later:
            self._inspector = _make_inspector(self.playback)
        self.timeline_dock = self._dock("Timeline", self.timeline, Qt.BottomDockWidgetArea)
        # in a scroll area: its minimum height made the window taller than a 600 px screen
        # (its texts change at every step: the holder keeps that inside the dock, see _build_central).
        # Built later, it takes the place of an empty widget there: the scroll area alone gives
        # the dock its minimum size, so the docks are laid out alike either way.
        self.inspector_scroll = scrollable(self._inspector or QWidget())
        self.inspector_dock = self._dock("Inspector", LayoutFirewall(self.inspector_scroll),
                                         Qt.RightDockWidgetArea)
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)  # inspector: full height
        self._docks_sized = self.settings.window_state() is not None
        self.diagram_first = DiagramFirst(self)  # shrinking takes room from the docks first
        if inspector_later:
            self.inspector_dock.visibilityChanged.connect(self._inspector_dock_shown)

    @property
    def inspector(self):
        """The Inspector (app.ui.inspector), built now if it was left for later."""
        if self._inspector is None:
            hidden = not self.inspector_dock.isVisible()  # then it waits for its dock's showing
            inspector = self._inspector = _make_inspector(self.playback, behind=hidden)
            self.inspector_scroll.setWidget(inspector)  # the empty stand-in goes
            inspector._watch_dock()  # what its first show does: follow its dock
            inspector.set_scenario(self.document.scenario if self.document else None)
        return self._inspector

    def _inspector_dock_shown(self, shown: bool) -> None:
        """The inspector's dock is shown: build the inspector unless the first sizing, still to
        come, folds the side panels away (then the launcher builds it after the first paint)."""
        first_sizing = not self._docks_sized or getattr(self, "_docks_due", False) \
            or getattr(self, "_sizing_docks", False)  # (to come, or under way)
        if shown and self._inspector is None and not (
                first_sizing and self.diagram_first.panels.folds_at_first_sizing()):
            self.inspector  # noqa: B018 (built on first use)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen else None
            width = min(1600, area.width()) if area else 1600
            height = min(1000, area.height()) if area else 1000
            self.resize(width, height)

    def _restore_state(self) -> None:
        """Restore the saved dock layout once, when every dock exists (issue 9, item 1). Each
        restoreState makes new tab bars; the ones it replaces stay shown at (0, 0) until Qt's
        deferred deletes run, and a state restored before the lab's docks existed tabbed the
        timeline alone, so restoring twice (window, then lab) left a stale "Timeline | Runs
        compared" strip over the window."""
        if self._state_restored:
            return
        self._state_restored = True
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
            # The tab bars it replaced wait for Qt's deferred deletes; run those now, so no
            # replaced bar is left on screen for a click to reach (a drag on one segfaults).
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)

    # ---- pages, theme, presentation
    def show_start_page(self) -> None:
        self.start_page.populate()
        self.start_page.back_button.setVisible(self.document is not None)
        self.pages.setCurrentWidget(self.start_page)

    def show_scenario(self) -> None:
        self.pages.setCurrentWidget(self.scenario_page)

    def set_theme(self, name: str, save: bool = True) -> None:
        colours = apply_theme(name)
        if hasattr(self, "narration"):
            self.narration.restyle()
        self.playback_actions.set_icon_colour(colours["text"])
        self.player_bar.slider.setPalette(slider_palette(colours))
        if hasattr(self.canvas, "set_theme"):
            self.canvas.set_theme(colours)
        self.theme = name
        if save:
            self.settings.theme = name
        if hasattr(self, "menus"):
            self.menus.check_theme(name)

    def _presentation_changed(self, active: bool) -> None:
        if hasattr(self.canvas, "block_key_scroll"):  # the clicker steps, never scrolls the diagram
            self.canvas.block_key_scroll("presentation", active)
        if active:
            self.show_scenario()
        QTimer.singleShot(0, self.canvas.fit_to_window)

    # ---- playback → views
    def _trace_shown(self) -> None:
        """The diagram reads the run the player shows (a file's, a what-if re-run, its first
        steps, a reset) for what a step alone does not say: the "N running" chip, "429 · 2/2
        busy". Set only from here, so it never lags the player."""
        trace = self.playback.trace
        self.canvas.trace = trace if hasattr(trace, "state_at") else None

    def _show_step(self) -> None:
        self.canvas.show_step(self.playback.step)

    def _speed_changed(self) -> None:
        if hasattr(self.canvas, "set_animation_ms"):
            self.canvas.set_animation_ms(int(self.playback.interval_ms * ANIMATION_SHARE))

    def _node_clicked(self, node: str) -> None:
        self.inspector.select_node(node)
        if not self.presentation.active:  # the class sees only the diagram and the caption
            self.inspector_dock.show()
            panels = self.diagram_first.panels  # wide enough to read a queue's attributes
            QTimer.singleShot(0, lambda: panels.widen(self.inspector_dock, clicked=True))

    def current_caption(self) -> str | None:
        """The exported slide's caption: the step's narration, and the step-cap note if cut."""
        step = self.playback.step
        if step is None:
            return None
        note = truncation_note(self.playback.trace)
        return f"{narration_text(step)}\n⚠ {note}" if note else narration_text(step)

    # ---- Qt events
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._docks_sized:  # first run: give the panels a share of the real window size
            self._docks_sized = self._docks_due = True
            QTimer.singleShot(0, self.size_docks_now)

    def size_docks_now(self) -> None:
        """The first show's sizing of the panels, now if still due (else nothing): the launcher
        calls it before setting the cached picture, so the inspector lays its steps out at its
        width once, not at each width on the way (0018, pass 4)."""
        if getattr(self, "_docks_due", False):
            self._docks_due = False
            self._sizing_docks = True
            try:
                self._size_docks()
            finally:
                self._sizing_docks = False

    def _size_docks(self) -> None:
        inspector = min(520, max(300, int(self.width() * 0.26)))  # the diagram keeps the most room
        self.resizeDocks([self.inspector_dock], [inspector], Qt.Horizontal)
        self.resizeDocks([self.timeline_dock], [max(180, int(self.height() * 0.24))], Qt.Vertical)
        self.diagram_first.fit()  # a small window: the panels give way to the diagram
        self.diagram_first.panels.fold_if_narrow()  # ... or fold away, narrower still
        if self._inspector is None and self.inspector_dock.isVisible():
            self.inspector  # noqa: B018 (not folded: shown in the first paint)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Resize and watched is self.canvas and self._auto_fit:
            QTimer.singleShot(0, self.canvas.fit_to_window)
        elif event.type() == QEvent.Wheel and watched is self.canvas.viewport():
            self._auto_fit = False
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if any(_is_scenario_file(url.toLocalFile()) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if _is_scenario_file(url.toLocalFile()):
                self.open_path(url.toLocalFile())
                event.acceptProposedAction()
                return

    def closeEvent(self, event) -> None:  # noqa: N802
        self.runs.shutdown()  # Quit never waits for a run
        self.presentation.exit()
        dock_locks(self).release_all()  # save the docks the user had open, not the quiz's hiding
        self.playback.pause()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        super().closeEvent(event)
