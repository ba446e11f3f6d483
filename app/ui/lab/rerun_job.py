"""The worker's side of a what-if re-run in the window (app.ui.lab.controller submits it).

`prepare` runs on a worker thread, Qt-free: the re-run (LabSession.prepare), a first part of it
handed to the window when the re-run turns out long (docs/decisions/0020-whatif-big.md, "A
short run that grows"), its difference from the run on screen, its graph with the automatic
layout and, when the Metrics panel shows, its metric series. The GUI thread then only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.lab.compare import first_difference

# A re-run longer than this is shown in part first: its first PREVIEW_STEPS steps (~30 ms of
# engine, 1 % of a capped run), whatever the length of the run on screen before the flip
PREVIEW_STEPS = 2_000


@dataclass(frozen=True)
class Drawn:
    """A graph and its automatic layout worked out on the worker (what _show_scenario reads)."""

    graph: Any
    positions: dict


@dataclass(frozen=True)
class Prepared:
    """What the worker computed for one re-run, so the GUI thread only shows it: the Rerun, the
    first step where it differs from the trace the player showed when it was asked for, and
    the edited scenario's graph with its automatic layout."""

    rerun: Any
    shown: Any
    first_vs_shown: int | None
    graph: Any
    positions: dict


def prepare(session, values: dict, shown, cancel, report=None, metrics: bool = False) -> Prepared:
    """On the worker: the re-run, its difference from `shown`, and its graph (Qt-free work).
    With `report` (app.ui.run_controller), the engine first runs to PREVIEW_STEPS + 1 steps
    (LabSession.prepare's `first`): a re-run that ends there is the whole re-run (no second
    run, so a short flip costs what it did); a longer one hands its PREVIEW_STEPS first steps
    to the window (`report.partial`), whatever the length of `shown` (a 71-step lesson can
    become 100,000 steps), and then runs whole, reporting how many steps it has recorded: of
    about `len(shown)` when the run on screen was longer than the preview, else of nothing
    known (0: the status shows the count so far and the step cap). With `metrics` (the
    Metrics panel shows), the re-run's metric series are worked out here too, not on the GUI
    thread when the panel redraws (app.metrics.compute_metrics keeps them per trace)."""
    from app.graph import build_graph, layout
    from app.metrics import compute_metrics

    progress, drawn, first = None, None, None
    if report is not None:
        def show(preview) -> None:
            nonlocal drawn
            graph = build_graph(preview.scenario)  # the same scenario as the whole run's
            drawn = (preview.scenario, graph, layout(graph, preview.scenario))
            if metrics:
                compute_metrics(preview.trace)
            report.partial((preview, first_difference(shown, preview.trace), drawn[1:]))

        first = (PREVIEW_STEPS, show)
        # the whole run only starts past the preview: a run on screen no longer than that
        # says nothing about how long it will be
        expected = len(shown) if len(shown) > PREVIEW_STEPS + 1 else 0
        progress = lambda steps: report.progress(steps, expected)  # noqa: E731
    rerun = session.prepare(values, cancel, progress, first)
    if metrics:
        compute_metrics(rerun.trace)
    if drawn is None or drawn[0] is not rerun.scenario and drawn[0] != rerun.scenario:
        graph = build_graph(rerun.scenario)
        drawn = (rerun.scenario, graph, layout(graph, rerun.scenario))
    return Prepared(rerun, shown, first_difference(shown, rerun.trace), drawn[1], drawn[2])


NODE_TEXTS = ("label", "sublabel", "setting", "mappings", "kind")  # node data the canvas writes


def drawn_of(graph) -> tuple:
    """What the canvas draws of a graph: its nodes and typed edges, with every text on them
    (names, subtitles such as "reserved concurrency 5", edge labels such as "batches ≤ 5,
    partial failures"): a what-if that changes only a text is redrawn too (teacher's report:
    partial batch responses turned off left "partial failures" on the link)."""
    nodes = frozenset((n, *(_hashable(d.get(key)) for key in NODE_TEXTS))
                      for n, d in graph.nodes(data=True))
    edges = frozenset((u, v, k, d.get("label", "")) for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value
