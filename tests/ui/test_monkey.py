"""A seeded monkey on the real main window (issue 9, "tests that guard the whole kind").

A short run in CI: every menu action and shortcut once, then DEFAULT_ACTIONS random actions
(tests/ui/monkey.py lists them). A longer or different run:
`pytest tests/ui/test_monkey.py --monkey-actions 20000 --monkey-seed 7`.
The file dialogs answer with fixed paths in the test's folder, message boxes and the export range
dialog answer at once. It fails on any unhandled exception, Qt critical message, ambiguous
shortcut, broken dock/quiz/presentation invariant, or GUI-thread stall (CPU time in an action's
own slots over STALL_MS). The trail of actions is written to monkey-trail.txt in the test's
folder (kept by pytest), so a crash can be replayed from its seed.
Found later: crashes and freezes get their seed (or a script) added to SEEDS below.
"""

from __future__ import annotations

import os
import random
import shutil

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from monkey import Monkey, Watchdog
from window_fixtures import SCENARIOS, make_window, open_and_wait

DEFAULT_ACTIONS = 500
SEEDS = [9]  # the CI seed; add the seed of any crash or freeze found by a longer run
STALL_MS = float(os.environ.get("LAMBDASCOPE_MONKEY_STALL_MS", "250"))


def _patch_dialogs(monkeypatch, folder, scenario):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(scenario), "")))

    def save_name(*args, **_kwargs):
        pattern = next((a for a in args if isinstance(a, str) and a.startswith("*.")), "*.png")
        return str(folder / f"export{pattern[1:]}"), pattern
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    for name in ("about", "information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.Ok))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Rejected)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.Ok)
    import app.ui.lab.install as lab_install
    monkeypatch.setattr(lab_install, "ask_range",
                        lambda window, total, kind, current=0: (0, min(2, total - 1)))


@pytest.mark.parametrize("seed", SEEDS)
def test_monkey(qtbot, tmp_path, monkeypatch, request, seed):
    actions = request.config.getoption("--monkey-actions") or DEFAULT_ACTIONS
    seed = request.config.getoption("--monkey-seed") or seed
    scenario = tmp_path / "photo-thumbnails.yaml"  # Save layout writes here, not into the repo
    shutil.copy(SCENARIOS / "photo-thumbnails.yaml", scenario)
    _patch_dialogs(monkeypatch, tmp_path, scenario)
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, scenario)
    watchdog = Watchdog(stall_ms=STALL_MS)
    watchdog.install()
    try:
        with qtbot.captureExceptions() as exceptions:
            monkey = Monkey(window, random.Random(seed), watchdog, exceptions,
                            trail_path=tmp_path / "monkey-trail.txt")
            monkey.warm_up()
            for _ in range(actions):
                monkey.step()
                if len(watchdog.findings) >= 5:
                    break
            monkey.close()
    finally:
        watchdog.uninstall()
        window.presentation.exit()
    print(f"monkey seed {seed}: {monkey.count} actions; worst action {watchdog.worst_ms:.0f} ms "
          f"CPU ({watchdog.worst_action}); worst event processing {watchdog.worst_events_ms:.0f} ms; "
          f"engine stalls {len(watchdog.engine_stalls)}")
    trail = "\n".join(monkey.trail[-15:])
    problems = [f"#{f.number} {f.action}: {f.what}" for f in watchdog.findings + watchdog.stalls]
    assert not problems, f"seed {seed}\n" + "\n".join(problems) + f"\nlast actions:\n{trail}"
    if watchdog.engine_stalls:
        worst = max(watchdog.engine_stalls, key=lambda f: f.what)
        pytest.xfail(f"issue 9 item 2 (engine runs on the GUI thread): {len(watchdog.engine_stalls)} "
                     f"stall(s) over {STALL_MS:.0f} ms in engine runs, e.g. #{worst.number} "
                     f"{worst.action}: {worst.what}")


HEAVY = ("write-back:make-thumbnail:photos", "time-out:make-thumbnail")  # issue 9 item 2's case


def test_the_heavy_what_if_keeps_the_gui_thread_free(qtbot, tmp_path, request):
    """Write-back into the source bucket, then past the timeout: the GUI thread's CPU time in any
    one turn of the event loop stays under STALL_MS while the re-run is computed and shown.
    The run reaches the 200,000-step cap and takes minutes on a busy machine, so only the long
    run measures it: `--monkey-actions N` (any N). Measured 30 Nov: worst turn 79 ms CPU before
    fidelity-async's loop detection was merged, 32,040 ms CPU after (200,002 steps both times);
    48 ms with the packed trace (docs/decisions/0015-columnar-trace.md), so no longer xfail."""
    import time

    from PySide6.QtWidgets import QApplication

    if request.config.getoption("--monkey-actions") is None:
        pytest.skip("minutes long: run with --monkey-actions N (issue 9 item 2's heavy what-if)")
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    controller = window.lab.controller
    worst = 0.0
    for switch in HEAVY:
        applied = []
        controller.rerun_applied.connect(applied.append)
        before = time.thread_time()
        controller.set_value(switch, True)
        worst = max(worst, time.thread_time() - before)
        deadline = time.monotonic() + 300
        while not applied and time.monotonic() < deadline:
            before = time.thread_time()
            QApplication.processEvents()
            worst = max(worst, time.thread_time() - before)
            time.sleep(0.005)
        assert applied, f"{switch}: the re-run never arrived"
    print(f"heavy what-if: worst GUI-thread turn {worst * 1000:.0f} ms CPU, "
          f"{len(window.playback)} steps")
    assert worst * 1000 <= STALL_MS
