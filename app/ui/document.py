"""The open scenario: its file, the validated Scenario, the Trace the engine produced, its graph.

Loading (parse + validate + run the engine + lay out the graph) can take longer than a frame on a
big file, so it runs on a worker thread (`start_loading`, through app.ui.run_controller like
every engine run) and `DocumentLoader` reports back with signals on the GUI thread; the window keeps showing the previous document until a new one has
loaded, and keeps it when the new file is invalid.
"""

from __future__ import annotations

import threading
import time
import traceback
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.run_controller import Cancelled, RunController, start_worker


@dataclass
class Document:
    path: Path | None
    scenario: Any
    trace: Any
    graph: Any = None
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    load_ms: float | None = None  # wall time to parse, run and lay out (ms); None when not measured
    source: bytes | None = None  # the file's bytes when opened (Save layout checks it is unchanged)
    cached: bool = False  # read from the start-up cache (app.ui.start_cache); the real load follows
    shipped: bool = False  # cached, from the picture shipped for a built-in (app.ui.start_seed)

    @property
    def title(self) -> str:
        return getattr(self.scenario, "title", None) or (self.path.name if self.path else "untitled")


def build_document(path: Path, scenario: Any, trace: Any, started: float | None = None) -> Document:
    """Add the graph and its layout to a loaded scenario and its trace."""
    from app.graph import build_graph, layout

    from app.ui.layout_save import read_source

    source = read_source(path)
    graph = build_graph(scenario)
    positions = layout(graph, scenario)
    elapsed = (time.perf_counter() - started) * 1000 if started is not None else None
    return Document(Path(path), scenario, trace, graph, positions, elapsed, source)


def load_document(path: str | Path, seed: int | None = None, cancel=None) -> Document:
    """Load, validate, simulate and lay out one file. Raises ScenarioError for an invalid file,
    app.engine.run.RunCancelled when `cancel()` (optional callable) turned True meanwhile."""
    from app.engine import run
    from app.scenario.loader import load_scenario

    started = time.perf_counter()
    scenario = load_scenario(Path(path), cancel=cancel)
    trace = run(scenario, seed=seed, cancel=cancel)
    return build_document(Path(path), scenario, trace, started)


class LoadFailure(Exception):
    """Why a document did not load: the loader's problems, or an unexpected error's traceback."""

    def __init__(self, path: Path, problems: list[str], details: str = ""):
        self.path = path
        self.problems = problems
        self.details = details
        super().__init__("\n".join(problems))


def _failure(path: Path, error: BaseException) -> LoadFailure:
    problems = getattr(error, "problems", None)
    if problems is not None:
        return LoadFailure(path, [str(p) for p in problems])
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return LoadFailure(path, [f"{path}: {type(error).__name__}: {error}"], "".join(lines))


def _load_or_failure(path: Path, seed: int | None, cancel=None) -> Document | LoadFailure:
    from app.engine.run import RunCancelled

    try:
        return load_document(path, seed, cancel=cancel)
    except RunCancelled:
        raise Cancelled from None
    except Exception as error:  # noqa: BLE001 - every failure is reported to the window
        if cancel is not None and cancel():
            raise Cancelled from None  # e.g. "opening was cancelled" from the loader
        return _failure(path, error)


def start_loading(path: str | Path, seed: int | None = None) -> Future:
    """Begin loading on a worker thread now (app.ui.run_controller.start_worker, the one path
    every engine run takes); may be called before a QApplication exists, so the launcher
    overlaps loading the default scenario with building the window. The future's
    `cancel_event` stops the load when set."""
    future, event = start_worker(lambda cancel: _load_or_failure(Path(path), seed, cancel))
    future.cancel_event = event
    return future


class DocumentLoader(QObject):
    """Loads documents through the window's RunController; `loaded`/`failed` arrive on the GUI
    thread. A newer open cancels the one still loading; Cancel drops it."""

    loaded = Signal(object, object)  # Document, request (whatever the caller passed)
    failed = Signal(object, object)  # LoadFailure, request
    cancelled = Signal(object)  # Path: Cancel stopped opening it (not a problem with the file)

    def __init__(self, parent: QObject | None = None, runs: RunController | None = None):
        super().__init__(parent)
        self.runs = runs or RunController(self)

    @property
    def busy(self) -> bool:
        return self.runs.busy

    @property
    def _pending(self) -> int:  # kept for scripts/window_screenshots.py
        return int(self.runs.busy)

    def load(self, path: str | Path, seed: int | None = None, request: Any = None) -> None:
        self.watch(start_loading(path, seed), request, Path(path))

    def watch(self, future: Future, request: Any = None, path: Path | None = None,
              label: str | None = None) -> None:
        """Report a load started with `start_loading` through `loaded`/`failed`; `label` is
        what the status bar says meanwhile (default "Opening <file name>…")."""
        event = getattr(future, "cancel_event", None) or threading.Event()
        label = label or (f"Opening {path.name}…" if path is not None else "Opening…")
        where = path or Path("?")
        self.runs.watch(label, future, event, lambda result: self._on_done(result, request),
                        lambda error: self._on_done(_failure(where, error), request),
                        lambda: self.cancelled.emit(where))

    def _on_done(self, result: Document | LoadFailure, request: Any) -> None:
        if isinstance(result, LoadFailure):
            self.failed.emit(result, request)
        else:
            self.loaded.emit(result, request)
