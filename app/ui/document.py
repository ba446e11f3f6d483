"""The open scenario: its file, the validated Scenario, the Trace the engine produced, its graph.

Loading (parse + validate + run the engine + lay out the graph) can take longer than a frame on a
big file, so it runs on a worker thread (`start_loading`) and `DocumentLoader` reports back with
signals on the GUI thread; the window keeps showing the previous document until a new one has
loaded, and keeps it when the new file is invalid.
"""

from __future__ import annotations

import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


@dataclass
class Document:
    path: Path | None
    scenario: Any
    trace: Any
    graph: Any = None
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    load_ms: float = 0.0
    source: bytes | None = None  # the file's bytes when opened (Save layout checks it is unchanged)

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
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    return Document(Path(path), scenario, trace, graph, positions, elapsed, source)


def load_document(path: str | Path, seed: int | None = None) -> Document:
    """Load, validate, simulate and lay out one file. Raises ScenarioError for an invalid file."""
    from app.engine import run
    from app.scenario.loader import load_scenario

    started = time.perf_counter()
    scenario = load_scenario(Path(path))
    trace = run(scenario, seed=seed)
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


_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lambdascope-load")


def _load_or_failure(path: Path, seed: int | None) -> Document | LoadFailure:
    try:
        return load_document(path, seed)
    except Exception as error:  # noqa: BLE001 - every failure is reported to the window
        return _failure(path, error)


def start_loading(path: str | Path, seed: int | None = None) -> Future:
    """Begin loading on the worker thread now; may be called before a QApplication exists,
    so the launcher overlaps loading the default scenario with building the window."""
    return _executor.submit(_load_or_failure, Path(path), seed)


class _Signals(QObject):
    done = Signal(object, object)  # Document or LoadFailure, request


class DocumentLoader(QObject):
    """Loads documents on a worker thread; `loaded`/`failed` arrive on the GUI thread."""

    loaded = Signal(object, object)  # Document, request (whatever the caller passed)
    failed = Signal(object, object)  # LoadFailure, request
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done, Qt.QueuedConnection)
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def load(self, path: str | Path, seed: int | None = None, request: Any = None) -> None:
        self.watch(start_loading(path, seed), request)

    def watch(self, future: Future, request: Any = None) -> None:
        """Report a load started with `start_loading` through `loaded`/`failed`."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        signals = self._signals

        def report(done: Future) -> None:
            try:
                signals.done.emit(done.result(), request)
            except RuntimeError:  # the window closed while loading: nobody to tell
                pass

        future.add_done_callback(report)

    def _on_done(self, result: Document | LoadFailure, request: Any) -> None:
        try:  # the window builds the new picture while the busy cursor still shows
            if isinstance(result, LoadFailure):
                self.failed.emit(result, request)
            else:
                self.loaded.emit(result, request)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)
