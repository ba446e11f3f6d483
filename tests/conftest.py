"""Shared test setup. Keep this small: fixtures for one area belong next to its tests."""

import os
from pathlib import Path

# Before anything imports Qt: render offscreen unless the caller chose a platform (e.g. xcb under Xvfb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI (CI=true) replays the same examples every run, so a green main stays green; a developer's
# run keeps exploring new ones and prints a reproduction blob for anything it finds.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding pyproject.toml)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def scenarios_dir(repo_root: Path) -> Path:
    """The built-in scenarios folder, scenarios/."""
    return repo_root / "scenarios"


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory):
    """The app keeps settings and its crash log in the platform's user folders (platformdirs),
    which on Linux follow the XDG_* variables: point those at a temporary folder so no test
    writes into the real user's (or CI's) home."""
    root = tmp_path_factory.mktemp("user-folders")
    patch = pytest.MonkeyPatch()
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        patch.setenv(variable, str(root / variable.lower()))
    patch.setenv("LAMBDASCOPE_CACHE_DIR", str(root / "start-cache"))  # any platform (0018)
    # A first start is tested as one with no picture shipped (tests/ui/test_start_seed.py
    # tests the shipped ones: app.ui.start_seed).
    patch.setenv("LAMBDASCOPE_NO_START_SEED", "1")
    yield root
    patch.undo()


def pytest_addoption(parser):
    """`--monkey-actions N` / `--monkey-seed S`: a longer or different run of tests/ui/test_monkey.py."""
    parser.addoption("--monkey-actions", type=int, default=None,
                     help="random actions for the UI monkey test (default: a short CI run)")
    parser.addoption("--monkey-seed", type=int, default=None, help="seed for the UI monkey test")
