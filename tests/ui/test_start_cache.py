"""The start-up cache (app.ui.start_cache, 0018-start-up): the cached first picture is exactly
the real load's, for every built-in; anything stale, corrupt or odd means no cached picture."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from app.bundled import DEFAULT_SCENARIO, builtin_scenarios
from app.ui import start_cache
from app.ui.document import load_document
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

BUILTINS = [info.path for info in builtin_scenarios()]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(start_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def real_documents():
    return {path: load_document(path) for path in BUILTINS}


def cached_copy(path, real):
    assert start_cache.save(real)
    cached = start_cache.load(path)
    assert cached is not None and cached.cached
    return cached


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_cached_document_holds_what_the_real_load_gives(path, cache, real_documents):
    real = real_documents[path]
    cached = cached_copy(path, real)
    assert cached.path == real.path and cached.title == real.title and cached.source == real.source
    assert cached.positions == real.positions
    assert cached.graph.graph == real.graph.graph
    assert list(cached.graph.nodes(data=True)) == list(real.graph.nodes(data=True))
    assert list(cached.graph.edges(keys=True, data=True)) == list(real.graph.edges(keys=True, data=True))
    assert list(cached.graph.edges()) == list(real.graph.edges())
    assert len(cached.trace) == len(real.trace)
    for i, step in enumerate(real.trace):
        assert cached.trace[i] == step and cached.trace[i].narration == step.narration
        assert cached.trace.state_at(i) == real.trace.state_at(i)
    assert cached.trace.summary == real.trace.summary and cached.trace.seed == real.trace.seed
    assert cached.trace.blobs == real.trace.blobs
    assert cached.trace.not_simulated == real.trace.not_simulated
    for name, resource in real.scenario.resources.items():
        mine = cached.scenario.resources[name]
        assert mine.type == resource.type
        assert mine.model_dump(mode="json", exclude_none=True) == \
            resource.model_dump(mode="json", exclude_none=True)


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_the_window_paints_the_same_first_picture_from_the_cache(path, cache, real_documents,
                                                                  qtbot, tmp_path):
    """Step 1 of each built-in, 1280x720: the window from the cache and from the real load
    paint the same pixels (diagram, narration, timeline, inspector, player bar)."""
    real = real_documents[path]
    cached = cached_copy(path, real)
    pictures = []
    for document in (cached, real):
        window = MainWindow(Settings(tmp_path / f"{len(pictures)}.ini"), lab=False)
        qtbot.addWidget(window)
        window.resize(QSize(1280, 720))
        window.show()
        window.set_document(document)
        token = window.canvas.token  # let the token finish its travel: then it rests
        qtbot.waitUntil(lambda: token is None or not token.is_moving, timeout=10_000)
        qtbot.wait(50)
        window.statusBar().clearMessage()  # "loaded in N ms" is the one thing that differs
        qtbot.wait(10)
        pictures.append(window.grab().toImage())
        window.close()
    assert pictures[0] == pictures[1]


def copy_of(scenario: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / scenario.name
    shutil.copyfile(scenario, target)
    return target


def test_a_changed_file_is_not_shown_from_the_cache(cache, tmp_path):
    path = copy_of(BUILTINS[0], tmp_path / "s")
    assert start_cache.save(load_document(path)) and start_cache.load(path) is not None
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    assert start_cache.load(path) is None


def test_a_changed_asset_is_not_shown_from_the_cache(cache, tmp_path):
    """photo-thumbnails uploads a photo: a photo of the same name in the scenario's own folder
    (which the loader would then pick) or a changed photo means no cached picture."""
    path = copy_of(DEFAULT_SCENARIO, tmp_path / "s")
    real = load_document(path)
    entry_assets = start_cache.entry_for(real)["assets"]
    assert entry_assets, "photo thumbnails uploads an asset"
    assert start_cache.save(real) and start_cache.load(path) is not None
    asset = next(iter(entry_assets))
    shadow = path.parent / asset
    shadow.parent.mkdir(parents=True, exist_ok=True)
    shadow.write_bytes(b"not the photo")
    assert start_cache.load(path) is None


def test_another_app_source_is_not_shown_from_the_cache(cache, monkeypatch):
    real = load_document(DEFAULT_SCENARIO)
    assert start_cache.save(real) and start_cache.load(DEFAULT_SCENARIO) is not None
    monkeypatch.setattr(start_cache, "app_fingerprint", lambda: "another version")
    assert start_cache.load(DEFAULT_SCENARIO) is None


def test_the_app_fingerprint_follows_each_source_file_s_size_and_modification_time(tmp_path,
                                                                                monkeypatch):
    """Editing a file of the app (its size or its modification time, what Python checks before
    it reuses a module's bytecode) or adding one makes another key; nothing changed, the same."""
    app = tmp_path / "app"
    (app / "ui").mkdir(parents=True)
    (app / "a.py").write_text("x = 1\n")
    (app / "ui" / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(start_cache, "APP_DIR", app)

    def fingerprint() -> str:
        start_cache.app_fingerprint.cache_clear()
        return start_cache.app_fingerprint()

    try:
        first = fingerprint()
        assert fingerprint() == first
        (app / "ui" / "b.py").write_text("y = 23\n")  # another size
        second = fingerprint()
        assert second != first
        info = (app / "a.py").stat()
        os.utime(app / "a.py", ns=(info.st_atime_ns, info.st_mtime_ns + 1))  # same size, touched
        third = fingerprint()
        assert third not in (first, second)
        (app / "c.py").write_text("")
        assert fingerprint() not in (first, second, third)
    finally:
        start_cache.app_fingerprint.cache_clear()


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # cut short
    lambda text: "[]",
    lambda text: text.replace('"S":', '"Q":', 1),  # an unknown tag
    lambda text: text.replace(f'"format":{start_cache.FORMAT}', '"format":99'),
    lambda text: json.dumps({**json.loads(text), "quiz": "yes"}),
    lambda text: json.dumps({**json.loads(text), "step_fields": ["index"]}),
    lambda text: "\xff\xfe garbage",
])
def test_a_damaged_entry_means_the_normal_load(cache, damage):
    real = load_document(DEFAULT_SCENARIO)
    assert start_cache.save(real)
    entry = start_cache.entry_path(DEFAULT_SCENARIO)
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    assert start_cache.load(DEFAULT_SCENARIO) is None


def test_an_entry_symlinked_out_of_the_cache_folder_is_not_read(cache, tmp_path):
    real = load_document(DEFAULT_SCENARIO)
    assert start_cache.save(real)
    entry = start_cache.entry_path(DEFAULT_SCENARIO)
    outside = tmp_path / "elsewhere.json"
    shutil.move(entry, outside)
    entry.symlink_to(outside)
    assert start_cache.load(DEFAULT_SCENARIO) is None


def test_the_cache_lives_in_the_platform_cache_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv(start_cache.CACHE_ENV, raising=False)
    folder = start_cache.cache_folder()
    assert folder.is_relative_to(platformdirs.user_cache_path("LambdaScope", appauthor=False))
    repo = Path(__file__).resolve().parents[2]
    assert not folder.resolve().is_relative_to(repo)


def test_the_cached_picture_needs_no_pydantic_networkx_or_engine(cache):
    assert start_cache.save(load_document(DEFAULT_SCENARIO))
    probe = ("import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
             "from app.bundled import DEFAULT_SCENARIO\nfrom app.ui import start_cache\n"
             "from app.ui.main_window import MainWindow\n"
             "w = MainWindow(lab=False)\nd = start_cache.load(DEFAULT_SCENARIO)\n"
             "assert d is not None\nw.show()\nw.set_document(d)\napp.processEvents()\n"
             "print(' '.join(m for m in ('pydantic', 'networkx', 'simpy', 'app.engine.run') "
             "if m in sys.modules) or 'none')")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "",
                               start_cache.CACHE_ENV: str(cache)}, check=True)
    assert done.stdout.split() == ["none"]


def test_the_picture_holds_still_when_the_real_load_confirms_it(cache, qtbot, tmp_path):
    """The real document replacing the cached one changes no pixel and replays no token travel;
    the step the learner moved to is kept."""
    real = load_document(DEFAULT_SCENARIO)
    cached = cached_copy(DEFAULT_SCENARIO, real)
    window = MainWindow(Settings(tmp_path / "s.ini"), lab=False)
    qtbot.addWidget(window)
    window.resize(QSize(1280, 720))
    window.show()
    window.set_document(cached)

    def at_rest():
        token = window.canvas.token
        return token is None or not token.is_moving

    moved_to = next(i for i in range(1, len(cached.trace))  # a step whose token travels
                    if window.playback.seek(i) is None and not at_rest())

    qtbot.waitUntil(at_rest, timeout=10_000)
    qtbot.wait(50)
    window.statusBar().clearMessage()
    qtbot.wait(10)
    before = window.grab().toImage()
    window._loaded(real, None)
    assert at_rest() and window.document is real and window.playback.index == moved_to
    qtbot.wait(50)
    window.statusBar().clearMessage()
    qtbot.wait(10)
    assert window.grab().toImage() == before


# ---- review fixes (0018 "Review fixes"): what loading an entry reads

class HashWatch:
    """Every byte string given to hashlib.sha256 (directly or through update)."""

    def __init__(self, monkeypatch):
        import hashlib

        self.fed = []
        real = hashlib.sha256
        watch = self

        class Watched:
            def __init__(self, data=b"", **kwargs):
                self._hash = real(**kwargs)
                self.update(data)

            def update(self, data):
                watch.fed.append(bytes(data))
                self._hash.update(data)

            def hexdigest(self):
                return self._hash.hexdigest()

            def digest(self):
                return self._hash.digest()

        monkeypatch.setattr(hashlib, "sha256", Watched)

    def saw(self, needle: bytes) -> bool:
        return any(needle in data for data in self.fed)


class OpenWatch:
    """Every path opened with open(), io.open() or os.open() (pathlib reads go through io.open)."""

    def __init__(self, monkeypatch):
        import builtins
        import io
        import os

        self.paths = []
        real_open, real_os_open = io.open, os.open

        def watched_open(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                self.paths.append(os.path.realpath(file))
            return real_open(file, *args, **kwargs)

        def watched_os_open(path, *args, **kwargs):
            self.paths.append(os.path.realpath(path))
            return real_os_open(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", watched_open)
        monkeypatch.setattr(io, "open", watched_open)
        monkeypatch.setattr(os, "open", watched_os_open)


def lesson_with_photos(folder: Path) -> Path:
    """photo-thumbnails copied with its photos next to it (so the run reads those copies)."""
    path = copy_of(DEFAULT_SCENARIO, folder)
    bundled = DEFAULT_SCENARIO.parent.parent / "assets" / "photos"
    shutil.copytree(bundled, folder / "photos")
    return path


def crafted(path: Path, names: list[str]) -> None:
    """Add `names` to the entry of `path` (its key stays right: anyone can compute it)."""
    entry = start_cache.entry_path(path)
    data = json.loads(entry.read_text(encoding="utf-8"))
    for name in names:
        data["assets"][name] = [[None], [None]]
    entry.write_text(json.dumps(data), encoding="utf-8")


def test_a_crafted_entry_never_reads_outside_the_scenario_folder(cache, tmp_path, monkeypatch):
    """Asset names in an entry that climb out (absolute, `..`, a symlink inside the folder
    pointing out) are never opened or hashed; the entry means the normal load."""
    path = lesson_with_photos(tmp_path / "lesson")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"TOP-SECRET-BYTES")
    (path.parent / "link.jpg").symlink_to(secret)
    assert start_cache.save(load_document(path))
    crafted(path, [str(secret), "../secret.txt", "photos/../../secret.txt", "link.jpg"])
    hashes, opens = HashWatch(monkeypatch), OpenWatch(monkeypatch)
    assert start_cache.load(path) is None
    assert not hashes.saw(b"TOP-SECRET-BYTES")
    assert str(secret.resolve()) not in opens.paths


HUGE = 20 * 1024 * 1024 + 1  # over any asset a lesson uploads (app.asset_files.MAX_ASSET_BYTES)


def test_an_oversized_asset_is_never_read(cache, tmp_path, monkeypatch):
    """A huge (sparse) file named by an entry is refused by its size, not read into memory."""
    path = lesson_with_photos(tmp_path / "lesson")
    assert start_cache.save(load_document(path))
    huge = path.parent / "huge.bin"
    with open(huge, "wb") as stream:
        stream.truncate(HUGE)  # sparse: costs no disk
    crafted(path, ["huge.bin"])
    hashes = HashWatch(monkeypatch)
    assert start_cache.load(path) is None
    assert all(len(data) < HUGE for data in hashes.fed)


def test_a_photo_replaced_after_the_run_is_not_cached_with_that_run(cache, tmp_path):
    """The entry is keyed on the bytes the run uploaded: a photo replaced between the run and
    the cache thread's save gives no entry (or one that never matches), never the old run."""
    path = lesson_with_photos(tmp_path / "lesson")
    real = load_document(path)
    (path.parent / "photos" / "cat.jpg").write_bytes(b"a different photo")
    start_cache.save(real)
    assert start_cache.load(path) is None


def test_opening_another_scenario_over_the_cached_picture_starts_it_at_step_1(cache, qtbot,
                                                                             tmp_path):
    """Only the real load of the same file confirms the cached picture; another scenario opened
    meanwhile (Recent, start page, File > Open) opens as usual: step 1, the token travelling."""
    real = load_document(DEFAULT_SCENARIO)
    cached = cached_copy(DEFAULT_SCENARIO, real)
    other = load_document(next(p for p in BUILTINS if p != DEFAULT_SCENARIO))
    window = MainWindow(Settings(tmp_path / "s.ini"), lab=False)
    qtbot.addWidget(window)
    window.resize(QSize(1280, 720))
    window.show()
    window.set_document(cached)
    window.playback.seek(3)
    window._loaded(other, None)
    assert window.document is other and window.playback.index == 0
    assert window.windowTitle().startswith(other.title)
    assert window.player_bar.slider.value() == 0


def test_the_real_load_of_the_same_file_still_confirms_it(cache, qtbot, tmp_path):
    """The launcher's load of the cached file keeps the learner's step (the confirming case)."""
    real = load_document(DEFAULT_SCENARIO)
    cached = cached_copy(DEFAULT_SCENARIO, real)
    window = MainWindow(Settings(tmp_path / "s.ini"), lab=False)
    qtbot.addWidget(window)
    window.show()
    window.set_document(cached)
    window.playback.seek(3)
    window._loaded(real, None)
    assert window.document is real and window.playback.index == 3
