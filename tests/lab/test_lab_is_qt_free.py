"""The lab is part of the Qt-free core: importing it never loads PySide6."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_lab_loads_no_qt(repo_root):
    """A fresh interpreter importing every lab module has no PySide6 module loaded."""
    modules = sorted(p.stem for p in (repo_root / "app" / "lab").glob("*.py") if p.stem != "__init__")
    code = ("import sys, app.lab; " + "; ".join(f"import app.lab.{m}" for m in modules)
            + "; print([m for m in sys.modules if m.startswith('PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
