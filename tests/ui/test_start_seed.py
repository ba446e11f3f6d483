"""The start-up pictures shipped for the built-ins (app.ui.start_seed, 0018 pass 5): a first
start of the default lesson shows the shipped picture at once, the real load confirms it; a
shipped picture is only ever used for the very bytes, assets and packages it was made with."""

import argparse
import json
import shutil

import pytest
from PySide6.QtCore import QStandardPaths

from app.bundled import DEFAULT_SCENARIO
from app.commands import gui
from app.ui import start_cache, start_seed
from app.ui.settings import Settings


@pytest.fixture
def seeds_on(tmp_path, monkeypatch):
    """Shipped pictures turned on (tests/conftest.py turns them off) and an empty cache."""
    monkeypatch.delenv(start_seed.OFF_ENV, raising=False)
    monkeypatch.setenv(start_cache.CACHE_ENV, str(tmp_path / "empty-cache"))


def shipped_here() -> bool:
    entry = json.loads((start_seed.SEED_DIR / "photo-thumbnails.json").read_text(encoding="utf-8"))
    path = DEFAULT_SCENARIO.resolve()
    return entry["key"] == start_seed.seed_key(path, path.read_bytes())


def test_the_shipped_picture_is_the_real_load_of_the_default_lesson(seeds_on):
    """The seed equals a real load here in every value the window shows (like a golden:
    regenerate with `python -m app.ui.start_seed --write` when the lesson's run changes)."""
    from app.ui.document import load_document

    if not shipped_here():
        pytest.skip("the seed was made with other package versions (or another Python): it is "
                    "not used here; `python -m app.ui.start_seed --write` makes one for them")
    cached = start_cache.load(DEFAULT_SCENARIO)
    assert cached is not None and cached.cached and cached.shipped
    assert start_cache.same_document(cached, load_document(DEFAULT_SCENARIO))


def test_a_shipped_picture_is_used_only_for_the_bytes_and_packages_it_was_made_with(
        seeds_on, tmp_path, monkeypatch):
    """Turned off, another key (other packages, an edited built-in), changed assets, a copy of
    the built-in outside the scenarios folder: no cached picture (the normal first start)."""
    if not shipped_here():
        pytest.skip("the seed was made with other package versions: unused here")
    assert start_cache.load(DEFAULT_SCENARIO) is not None
    copy = tmp_path / "mine" / "photo-thumbnails.yaml"
    copy.parent.mkdir()
    shutil.copy(DEFAULT_SCENARIO, copy)
    assert start_cache.load(copy) is None  # not a built-in: no seed

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    entry = json.loads((start_seed.SEED_DIR / "photo-thumbnails.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(start_seed, "SEED_DIR", seeds)

    def shipped(change) -> object:
        changed = json.loads(json.dumps(entry))
        change(changed)
        (seeds / "photo-thumbnails.json").write_text(json.dumps(changed), encoding="utf-8")
        return start_cache.load(DEFAULT_SCENARIO)

    assert shipped(lambda e: None) is not None
    assert shipped(lambda e: e.update(key="0" * 64)) is None
    assert shipped(lambda e: e["assets"]["photos/cat.jpg"].__setitem__(1, "0" * 64)) is None
    assert shipped(lambda e: e["assets"]["photos/cat.jpg"].__setitem__(0, "photos/coffee.jpg")) is None
    assert shipped(lambda e: e.update(format=0)) is None
    monkeypatch.setattr(start_seed, "_package_names", lambda: ["pillow-1.0.dist-info"])
    assert shipped(lambda e: None) is None  # other versions of what the load runs
    monkeypatch.undo()
    monkeypatch.setenv(start_seed.OFF_ENV, "1")
    monkeypatch.setenv(start_cache.CACHE_ENV, str(tmp_path / "empty-cache"))
    assert start_cache.load(DEFAULT_SCENARIO) is None


def test_a_first_start_shows_the_shipped_picture_then_the_real_load_and_writes_its_entry(
        seeds_on, qtbot, tmp_path):
    """An empty cache: the default lesson is drawn from the shipped picture with the lab on it
    (status: shipped, being checked); the real load replaces it, and the next start's entry is
    written. Failed before pass 5 (a first start showed "Loading photo thumbnails…")."""
    if not shipped_here():
        pytest.skip("the seed was made with other package versions: unused here")
    QStandardPaths.setTestModeEnabled(True)
    _app, window, handler = gui.start(argparse.Namespace(file=None), Settings(tmp_path / "s.ini"))
    try:
        qtbot.addWidget(window)
        first = window.document
        assert first is not None and first.cached and first.shipped
        assert window.lab.controller.document is first
        assert window.statusBar().currentMessage() == \
            "Showing photo-thumbnails.yaml as shipped with LambdaScope"
        assert window.progress.text.text() == "Checking photo-thumbnails.yaml…"
        qtbot.waitUntil(lambda: not window.document.cached, timeout=60_000)
        assert window.lab.controller.document is window.document
        assert window.lab.controller.session is not None
        qtbot.waitUntil(lambda: start_cache.entry_path(DEFAULT_SCENARIO).is_file(), timeout=60_000)
        warm = start_cache.load(DEFAULT_SCENARIO)
        assert warm is not None and not warm.shipped  # the next start reads its own entry
    finally:
        handler.uninstall()
