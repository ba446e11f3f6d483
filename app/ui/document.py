"""The open scenario: its file, the validated Scenario, the Trace the engine produced, its graph.

Loading (parse + validate + run the engine + lay out the graph) can take longer than a frame on a
big file, so `DocumentLoader` does it on a worker thread and reports back with signals; the
window keeps showing the previous document until a new one has loaded, and keeps it when the
new file is invalid.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


@dataclass
class Document:
    path: Path | None
    scenario: Any
    trace: Any
    graph: Any = None
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    load_ms: float = 0.0

    @property
    def title(self) -> str:
        return getattr(self.scenario, "title", None) or (self.path.name if self.path else "untitled")


def build_document(path: Path, scenario: Any, trace: Any, started: float | None = None) -> Document:
    """Add the graph and its layout to a loaded scenario and its trace."""
    from app.graph import build_graph, layout

    graph = build_graph(scenario)
    positions = layout(graph, scenario)
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    return Document(Path(path), scenario, trace, graph, positions, elapsed)


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


class _Signals(QObject):
    loaded = Signal(object, object)  # Document, request (whatever the caller passed)
    failed = Signal(object, object)  # LoadFailure, request


class _LoadJob(QRunnable):
    def __init__(self, path: Path, seed: int | None, request: Any, signals: _Signals):
        super().__init__()
        self.path, self.seed, self.request, self.signals = path, seed, request, signals

    def run(self) -> None:
        try:
            document = load_document(self.path, self.seed)
        except BaseException as error:  # noqa: BLE001 - every failure is reported to the window
            self.signals.failed.emit(_failure(self.path, error), self.request)
        else:
            self.signals.loaded.emit(document, self.request)


class DocumentLoader(QObject):
    """Loads documents on a worker thread; `loaded`/`failed` arrive on the GUI thread."""

    loaded = Signal(object, object)
    failed = Signal(object, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)
        self._signals.failed.connect(self._on_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def load(self, path: str | Path, seed: int | None = None, request: Any = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_LoadJob(Path(path), seed, request, self._signals))

    def load_now(self, path: str | Path, seed: int | None = None) -> Document:
        """Synchronous load for headless callers (export, benchmarks); raises LoadFailure."""
        try:
            return load_document(path, seed)
        except Exception as error:  # noqa: BLE001
            raise _failure(Path(path), error) from error

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _finished(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _on_loaded(self, document: Document, request: Any) -> None:
        self._finished()
        self.loaded.emit(document, request)

    def _on_failed(self, failure: LoadFailure, request: Any) -> None:
        self._finished()
        self.failed.emit(failure, request)
