"""The wheel works outside the repository (issue 13, "A real install on a teacher's laptop").

Builds the wheel from the project's files as `pip wheel` would, installs it into a fresh venv,
and from an empty folder elsewhere runs the built-ins by name: `scenarios`, `check`, `play`,
`export`. The fresh venv sees this test environment's installed dependencies through a .pth
line (no download, no build isolation: setuptools comes from the `test` extra), and not the
checkout: `app` must be the installed copy, with `scenarios/` and `assets/` inside it.
Runs in CI like every test (marker `packaging`); about 15 s.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

# What `pip install .` reads from a clone: the package, the two shipped folders, the metadata.
PROJECT_FILES = ["pyproject.toml", "setup.py", "README.md", "app", "scenarios", "assets"]


def run(*argv, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"{result.args}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(repo_root, tmp_path_factory):
    """(venv's bin folder, an empty working folder outside the repository, the wheel)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in PROJECT_FILES:
        src = repo_root / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, source / name)
    ok(run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--no-build-isolation",
           "--no-index", "-q", "-w", root / "dist", cwd=root))
    wheel = next((root / "dist").glob("lambdascope-*.whl"))

    venv = root / "venv"
    ok(run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root))
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    purelib = Path(ok(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                          cwd=root)).strip())
    # This environment's dependencies (PySide6, pydantic, …), after the venv's own packages.
    # A .pth line adds a folder to sys.path without running the .pth files inside it, so the
    # editable install of the checkout stays out.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    (purelib / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    ok(run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
           "-q", wheel, cwd=root))
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return bin_dir, elsewhere, wheel


def lambdascope(installed, *argv):
    bin_dir, elsewhere, _wheel = installed
    exe = bin_dir / ("lambdascope.exe" if os.name == "nt" else "lambdascope")
    return run(exe, *argv, cwd=elsewhere)


def test_wheel_ships_the_scenarios_and_assets(installed, repo_root):
    """Every file of scenarios/ and assets/ is in the wheel under app/_data/, next to the schema."""
    names = set(zipfile.ZipFile(installed[2]).namelist())
    for folder in ("scenarios", "assets"):
        for path in (repo_root / folder).rglob("*"):
            if path.is_file():
                assert f"app/_data/{path.relative_to(repo_root).as_posix()}" in names
    assert "app/scenario/scenario.schema.json" in names and "app/bundled.py" in names
    assert not any(n.startswith(("tests/", "scenarios/", "assets/")) for n in names)


def test_installed_copy_is_used_not_the_checkout(installed, repo_root):
    bin_dir, elsewhere, _ = installed
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    out = ok(run(python, "-c", "import app, app.bundled as b; print(app.__file__); "
                               "print(b.SCENARIOS_DIR); print(b.ASSETS_DIR)", cwd=elsewhere))
    for line in out.splitlines():
        assert not Path(line).resolve().is_relative_to(repo_root.resolve()), line
        assert "site-packages" in line
    assert out.splitlines()[1].endswith(os.path.join("app", "_data", "scenarios"))


def test_play_a_builtin_by_name_from_elsewhere(installed):
    """`lambdascope play photo-thumbnails` in an empty folder: the run of the built-in, with its
    photo found in the installed assets (the thumbnail is written)."""
    summary = json.loads(ok(lambdascope(installed, "play", "photo-thumbnails", "--summary")))
    assert summary["invocations"] == 2 and summary["denied"] == 0
    steps = [json.loads(line) for line in
             ok(lambdascope(installed, "play", "photo-thumbnails", "--format", "jsonl")).splitlines()]
    writes = [s for s in steps if s["kind"] == "sdk-call" and s["target"] == "thumbnails"]
    assert len(writes) == 2 and all("PutObject" in s["summary"] for s in writes)
    assert ok(lambdascope(installed, "scenarios")).startswith("photo-thumbnails")
    assert ok(lambdascope(installed, "check", "photo-thumbnails")).startswith("OK photo-thumbnails")


def test_export_a_builtin_by_name_from_elsewhere(installed):
    """`lambdascope export photo-thumbnails --step 3 --png` draws the slide (icons from the wheel)."""
    from PIL import Image

    _, elsewhere, _ = installed
    ok(lambdascope(installed, "export", "photo-thumbnails", "--step", "3", "--png", "slide.png",
                   "--size", "800x450"))
    image = Image.open(elsewhere / "slide.png").convert("RGB")
    assert image.size == (800, 450) and len(image.getcolors(maxcolors=1 << 20)) > 50


def test_asset_confinement_holds_when_installed(installed, scenarios_dir):
    """A teacher's scenario in its own folder may upload the shipped photos, and nothing outside
    its folder: `../secret.jpg` is refused by the installed copy's check."""
    _, elsewhere, _ = installed
    lesson = elsewhere / "lesson"
    lesson.mkdir(exist_ok=True)
    text = (scenarios_dir / "photo-thumbnails.yaml").read_text(encoding="utf-8")
    (lesson / "mine.yaml").write_text(text, encoding="utf-8")
    assert ok(lambdascope(installed, "check", "lesson/mine.yaml")).startswith("OK lesson/mine.yaml")
    (elsewhere / "secret.jpg").write_bytes((scenarios_dir.parent / "assets/photos/cat.jpg").read_bytes())
    (lesson / "escape.yaml").write_text(text.replace("asset: photos/cat.jpg", "asset: ../secret.jpg"),
                                        encoding="utf-8")
    result = lambdascope(installed, "check", "lesson/escape.yaml")
    assert result.returncode == 1 and "points outside the scenario's folder" in result.stderr


def test_unknown_name_lists_the_installed_builtins(installed):
    result = lambdascope(installed, "play", "photo-thumbnail")
    assert result.returncode == 2 and "Did you mean 'photo-thumbnails'?" in result.stderr
