"""The model packages stay Qt-free (design.md, "What to absorb" 1).

app/scenario, app/engine, app/graph and app/handlers must run and test without Qt: they may
not import PySide6, shiboken6, PyQt or the Qt-only app.ui package, not even lazily inside a
function. Only app/ui (and the GUI entry point) may.
"""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

QT_FREE_PACKAGES = ["scenario", "engine", "graph", "handlers", "metrics", "importers"]
FORBIDDEN_ROOTS = {"PySide6", "PySide2", "shiboken6", "shiboken2", "PyQt5", "PyQt6", "qtpy", "pytestqt"}
FORBIDDEN_PREFIXES = ("app.ui",)

APP_DIR = Path(__file__).resolve().parent.parent / "app"


def _module_of(path: Path) -> list[str]:
    """Dotted package parts for a file: app/engine/s3.py -> ["app", "engine"]."""
    return list(path.relative_to(APP_DIR.parent).with_suffix("").parts[:-1])


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _module_of(path)
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                # `from .. import ui` imports app.ui itself
                found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, node.module or ""))
                found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return sorted(found)


def is_forbidden(module: str) -> bool:
    root = module.split(".", 1)[0]
    return root in FORBIDDEN_ROOTS or any(
        module == prefix or module.startswith(prefix + ".") for prefix in FORBIDDEN_PREFIXES
    )


def violations_in(directory: Path) -> list[str]:
    problems = []
    for path in sorted(directory.rglob("*.py")):
        for line, module in imported_modules(path):
            if is_forbidden(module):
                problems.append(f"{path.relative_to(APP_DIR.parent)}:{line}: imports {module}")
    return problems


@pytest.mark.parametrize("package", QT_FREE_PACKAGES)
def test_package_source_imports_no_qt(package):
    """No file in a model package imports Qt or app.ui, at any depth or indentation."""
    directory = APP_DIR / package
    if not directory.is_dir():
        pytest.skip(f"app/{package} does not exist yet")
    assert violations_in(directory) == []


def test_checker_catches_direct_lazy_and_relative_qt_imports(tmp_path, monkeypatch):
    """The checker itself flags `import PySide6`, a lazy `from PyQt6...` and `from ..ui import`."""
    fake_app = tmp_path / "app"
    (fake_app / "engine").mkdir(parents=True)
    (fake_app / "engine" / "bad.py").write_text(
        textwrap.dedent(
            """
            import json
            from PySide6.QtCore import QObject
            def later():
                from PyQt6 import QtWidgets
            from ..ui import canvas
            from .. import ui
            from app.ui.canvas import NodeItem
            """
        )
    )
    (fake_app / "engine" / "good.py").write_text("from . import s3\nfrom ..scenario import load\n")
    monkeypatch.setattr(sys.modules[__name__], "APP_DIR", fake_app)
    found = violations_in(fake_app / "engine")
    assert [line.split(":", 1)[1] for line in found] == [
        "3: imports PySide6.QtCore",
        "3: imports PySide6.QtCore.QObject",
        "5: imports PyQt6",
        "5: imports PyQt6.QtWidgets",
        "6: imports app.ui.canvas",
        "7: imports app.ui",
        "8: imports app.ui.canvas",
        "8: imports app.ui.canvas.NodeItem",
    ]


def test_importing_model_packages_loads_no_qt(repo_root):
    """Importing app.scenario, app.engine, app.graph and app.handlers leaves Qt out of sys.modules."""
    present = [name for name in QT_FREE_PACKAGES if (repo_root / "app" / name).is_dir()]
    if not present:
        pytest.skip("none of the model packages exist yet")
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        for name in {present!r}:
            package = importlib.import_module("app." + name)
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
                importlib.import_module(info.name)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in {sorted(FORBIDDEN_ROOTS)!r})
        print("LEAKED", leaked)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=repo_root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "LEAKED []" in result.stdout, result.stdout
