"""PySide's per-import check, made cheaper at start-up (app.ui.import_hook, 0018-start-up)."""

import importlib
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import sys
    sys.path.insert(0, {folder!r})
    import PySide6.QtWidgets
    {setup}
    import probe_with_getattr
    print(probe_with_getattr.CALLS)
""")


def run_probe(tmp_path, setup: str) -> str:
    (tmp_path / "probe_with_getattr.py").write_text(
        "CALLS = []\n\ndef __getattr__(name):\n    CALLS.append(name)\n    raise AttributeError(name)\n")
    code = PROBE.format(folder=str(tmp_path), setup=setup)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""}, check=True)
    return done.stdout.strip()


def test_pyside_own_hook_runs_a_new_modules_getattr(tmp_path):
    """Why the hook is replaced: PySide's check looks up `__wrapped__` on every new module, which
    runs the module's `__getattr__` (pydantic's imports more of pydantic there: 0008's race)."""
    assert "__wrapped__" in run_probe(tmp_path, "")


def test_the_start_up_hook_never_runs_a_new_modules_getattr(tmp_path):
    setup = "from app.ui.import_hook import lighten_pyside_import_hook\n" \
            "assert lighten_pyside_import_hook()"
    assert run_probe(tmp_path, setup) == "[]"


@pytest.mark.parametrize("name", ["app.ui.main_window", "app.ui.canvas.view", "app.engine.trace",
                                  "json", "sys", "PySide6.QtCore", "app.ui.import_hook"])
def test_same_answer_as_pysides_own_check(name):
    import PySide6.QtCore  # noqa: F401 - installs shibokensupport.feature

    from app.ui.import_hook import pyside_check, uses_pyside

    original = pyside_check()
    if original is None:
        pytest.skip("this PySide has no per-import feature check")
    module = importlib.import_module(name)
    assert uses_pyside(module) == original(module)
