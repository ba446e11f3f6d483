"""The window's modules reach its first paint without the engine (docs/decisions/0016).

`app.engine.wording` and `app.engine.outcomes` are light; importing them must not load the
engine's runner with pydantic and the scenario models (~0.3-0.5 s before the first paint).
"""

import subprocess
import sys


def loaded_after(code: str) -> set[str]:
    probe = (f"{code}\nimport sys\n"
             "print(' '.join(m for m in ('pydantic', 'simpy', 'app.engine.run', 'app.scenario.models')"
             " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""}, check=True)
    return set(done.stdout.split())


def test_the_window_modules_do_not_import_the_engine():
    assert loaded_after("import app.ui.main_window") == set()


def test_from_app_engine_import_run_is_the_function_either_way():
    """Whether or not the submodule app.engine.run was imported first, `app.engine.run` is the
    function, and the module stays in sys.modules (tests patch DEFAULT_MAX_STEPS there)."""
    for first in ("import app.engine.run", "import app.engine.wording", "pass"):
        code = (f"{first}\nimport types, sys\nfrom app.engine import run\nimport app.engine\n"
                "assert isinstance(run, types.FunctionType) and app.engine.run is run\n"
                "assert isinstance(sys.modules['app.engine.run'], types.ModuleType)\n")
        assert "app.engine.run" in loaded_after(code)
