"""The first picture at start-up, from a cache; the real load confirms it (0018-start-up).

Starting the window, the scenario given on the command line (photo thumbnails by default) is
read from a cache entry when one matches: the window shows it before pydantic, networkx and
the engine are even imported (they take most of a start). The real load runs anyway, as
before, and replaces the cached document (the same picture, now with the real scenario
model behind it); the lab waits for the real one.

An entry matches only when everything the load reads is unchanged: the scenario file's bytes and
resolved path, every uploaded asset it names (where `resolve_asset` picks it and the bytes
there, which at save time must be bytes the run itself uploaded), the app's own source (every
app/**.py, by size and modification time as Python judges its bytecode), the Python version and
the installed packages (their dist-info names carry their versions). Any doubt (no entry,
another key, a malformed or oversized file, a value of an unknown type, an asset name the loader
would refuse) means no cached picture: the normal load. Entries are plain JSON
(app.ui.plain_data); reading one runs no code. What a start reads: the entry (one regular file
inside the cache folder, not a symlink, at most MAX_BYTES), the scenario file (at most
MAX_BYTES), the size and modification time of the app's own source files, and the assets the
entry names, each only through the loader's checks (`app.asset_files`: inside the scenario's
folder or the bundled assets/, no symlink out, no FIFO, at most MAX_ASSET_BYTES each, MAX_ASSETS
names and MAX_BYTES in all). The folder is the platform's cache folder (platformdirs), or
$LAMBDASCOPE_CACHE_DIR (tests point it at a temporary folder). With no entry of its own, a
built-in lesson's start reads the entry shipped with the app (app.ui.start_seed).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from app.engine.trace import Trace
from app.ui.cached_document import (CachedGraph, CachedResource, CachedScenario,  # noqa: F401
                                    CachedTrace)

CACHE_ENV = "LAMBDASCOPE_CACHE_DIR"
FORMAT = 2  # 2: the scenario's `quiz` (the lab is installed on a cached picture)
MAX_STEPS = 5_000  # bigger traces are not cached (their entry would take longer to read)
MAX_BYTES = 16 * 1024 * 1024  # an entry; also all the assets one start hashes, together
MAX_ASSETS = 64  # asset names in one entry (a lesson uploads a few photos)
APP_DIR = Path(__file__).resolve().parent.parent


def cache_folder() -> Path:
    """$LAMBDASCOPE_CACHE_DIR, else `<platformdirs user cache folder>/LambdaScope/start`."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return platformdirs.user_cache_path("LambdaScope", appauthor=False) / "start"


def entry_path(path: Path) -> Path:
    """The cache file for scenario `path` (named by a hash of its resolved path)."""
    name = hashlib.sha256(str(Path(path).resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_folder() / f"{name[:32]}.json"


@functools.cache
def app_fingerprint() -> str:
    """A hash of the app's source files, the Python version and the installed distributions:
    worked out once a process (the code that runs is the code the process started with), so
    the save after the lab is in reuses the start's. Each `app/**.py` counts by its path, size
    and modification time (ns), the very test Python applies to decide that a module's cached
    bytecode is stale (so any edit Python would run makes another key); reading them all took
    ~6 ms a start, their `stat` ~1 ms (0018, pass 5)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    sources = []
    for folder, dirs, files in os.walk(APP_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        relative = os.path.relpath(folder, APP_DIR)
        sources += [(os.path.normpath(os.path.join(relative, f)), os.path.join(folder, f))
                    for f in files if f.endswith(".py")]
    for relative, name in sorted(sources):
        info = os.stat(name)
        digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    for entry in sys.path:  # the folders packages are installed in (not the working folder)
        try:
            names = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info")) if entry else []
        except OSError:
            continue
        if names:
            digest.update(f"{entry}\0{'/'.join(names)}\0".encode())
    return digest.hexdigest()


def document_key(path: Path, source: bytes) -> str:
    """The key of scenario `path` with bytes `source` under this app."""
    digest = hashlib.sha256(app_fingerprint().encode())
    digest.update(str(Path(path).resolve()).encode("utf-8", "surrogatepass") + b"\0" + source)
    return digest.hexdigest()


def asset_digest(asset: str, scenario_dir: Path) -> tuple[str, bytes]:
    """Where `asset` resolves now and its bytes, through the loader's own checks
    (`app.asset_files.resolve_asset`: no absolute name, nothing out of the scenario's folder or
    the bundled assets/, by `..` or a symlink, nothing over MAX_ASSET_BYTES) and a read that
    follows no symlink and waits on no FIFO. Raises ValueError or OSError: no cached picture."""
    from app.asset_files import MAX_ASSET_BYTES, read_regular, resolve_asset

    where = resolve_asset(asset, scenario_dir)
    return str(where), read_regular(where, MAX_ASSET_BYTES)


def _assets_now(names, scenario_dir: Path) -> dict | None:
    """{name: [resolved path, sha256 of its bytes]} for the asset names, or None when there are
    too many, one is refused or unreadable, or together they are over MAX_BYTES."""
    if len(names) > MAX_ASSETS:
        return None
    found, total = {}, 0
    for name in names:
        if type(name) is not str or "{n}" in name:  # numbered names: which files is the run's
            return None
        try:
            where, data = asset_digest(name, scenario_dir)
        except (ValueError, OSError):
            return None
        total += len(data)
        if total > MAX_BYTES:
            return None
        found[name] = [where, hashlib.sha256(data).hexdigest()]
    return found


def _asset_names(value: Any, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "asset" and isinstance(item, str):
                found.add(item)
            else:
                _asset_names(item, found)
    elif isinstance(value, list):
        for item in value:
            _asset_names(item, found)
    return found


# ---- writing (the worker, after the real load)

def _the_run_uploaded(assets: dict, trace) -> bool:
    """Whether every asset's bytes now on disk are bytes the run uploaded (its S3 blobs): the
    entry is then keyed on what the run read, not on a file replaced since (the cache thread
    saves seconds after the run)."""
    if not assets:
        return True
    blobs = getattr(trace, "blobs", None) or {}
    uploaded = {hashlib.sha256(bytes(blob)).hexdigest() for blob in blobs.values()}
    return all(digest in uploaded for _where, digest in assets.values())


def entry_for(document) -> dict | None:
    """The cache entry of a freshly loaded Document, or None when it cannot be cached exactly."""
    from app.ui.plain_data import PERMISSION_FIELDS, STEP_FIELDS, Unencodable, encode

    trace, scenario, graph = document.trace, document.scenario, document.graph
    if document.source is None or graph is None or len(trace) > MAX_STEPS:
        return None
    path = Path(document.path).resolve()
    try:
        dumped = scenario.model_dump(mode="json")
        assets = _assets_now(sorted(_asset_names(dumped, set())), path.parent)
        if assets is None or not _the_run_uploaded(assets, trace):
            return None
        resources = {name: [getattr(res, "type", None), res.model_dump(mode="json", exclude_none=True)]
                     for name, res in scenario.resources.items()}
        blobs = getattr(trace, "blobs", None)
        others = {f.name: encode(getattr(trace, f.name)) for f in fields(Trace)
                  if f.name not in ("steps", "_states")}
        entry = {
            "format": FORMAT, "key": document_key(path, document.source), "assets": assets,
            "title": getattr(scenario, "title", None), "resources": encode(resources),
            "quiz": bool(getattr(scenario, "quiz", False)),
            "graph": encode([dict(graph.graph), list(graph.nodes(data=True)),
                             list(graph.edges(keys=True, data=True))]),
            "positions": encode(document.positions),
            "step_fields": STEP_FIELDS, "permission_fields": PERMISSION_FIELDS,
            "trace": others, "steps": [encode(step, blobs) for step in trace],
            "states": [encode(trace.state_at(i), blobs) for i in range(len(trace))],
        }
    except (Unencodable, TypeError, ValueError, AttributeError):
        return None
    return entry


def save(document) -> bool:
    """Write (or refresh) the entry of `document` unless an identical one is there; True when
    the folder now holds it. A cached document read back must equal the real one in every
    value the window shows, or nothing is written. Never raises: a cache is optional."""
    try:
        return _save(document)
    except Exception:  # noqa: BLE001 - e.g. an engine whose Trace is no longer a dataclass
        return False


def _save(document) -> bool:
    entry = entry_for(document)
    if entry is None:
        return False
    target = entry_path(document.path)
    text = json.dumps(entry, separators=(",", ":"), allow_nan=False)
    if len(text) > MAX_BYTES:
        return False
    try:
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    copy = document_from(json.loads(text), document.path)
    if copy is None or not same_document(copy, document):
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)  # readers see the old entry or the new one, never half
    except OSError:
        return False
    return True


# ---- reading (the GUI thread, before the first picture)

def load(path: Path):
    """The cached Document for scenario `path`, or None (no entry, stale, malformed...)."""
    given = Path(path)
    try:
        path = given.resolve()
        from app.asset_files import read_regular

        source = read_regular(path, MAX_BYTES)
        entry = _read_entry(entry_path(path))
        shipped = not _matches(entry, path, source)
        if shipped:  # no entry of this start's own: a built-in's shipped one (pass 5)
            from app.ui.start_seed import seed_entry

            entry = seed_entry(path, source)
            if entry is None:
                return None
        document = document_from(entry, given)
        if document is not None:
            document.source = source
            document.shipped = shipped
        return document
    except Exception:  # noqa: BLE001 - any doubt about an entry means the normal load
        return None


def _matches(entry: dict | None, path: Path, source: bytes) -> bool:
    """Whether `entry` is this app's for scenario `path` with bytes `source`, its assets unchanged."""
    if entry is None or entry.get("format") != FORMAT or entry.get("key") != document_key(path, source):
        return False
    assets = entry.get("assets")
    return type(assets) is dict and _assets_now(list(assets), path.parent) == assets


def _read_entry(target: Path) -> dict | None:
    """The JSON object in cache file `target`, or None: a symlinked entry pointing out of the
    cache folder, or a file that is not a regular one of at most MAX_BYTES (`read_regular`)."""
    from app.asset_files import read_regular

    if target.resolve().parent != cache_folder().resolve():  # a symlinked entry pointing elsewhere
        return None
    try:
        data = read_regular(target, MAX_BYTES)
    except OSError:
        return None
    entry = json.loads(data.decode("utf-8"))
    return entry if type(entry) is dict else None


def document_from(entry: dict, path: Path):
    """Build the Document an entry describes (graph, scenario and trace stand-ins holding
    exactly the cached values); None when the entry does not fit this app's Step fields."""
    from app.ui.document import Document
    from app.ui.plain_data import PERMISSION_FIELDS, STEP_FIELDS, decode

    if entry.get("step_fields") != STEP_FIELDS or entry.get("permission_fields") != PERMISSION_FIELDS:
        return None
    others = {name: decode(value) for name, value in dict(entry["trace"]).items()}
    blobs = others.get("blobs")
    steps = [decode(step, blobs) for step in entry["steps"]]
    states = [decode(state, blobs) for state in entry["states"]]
    expected = {f.name for f in fields(Trace)} - {"steps", "_states"}
    if set(others) != expected or len(states) != len(steps):
        return None
    trace = CachedTrace(steps=steps, **others)
    trace.cached_states = states
    attributes, nodes, edges = decode(entry["graph"])
    resources = {name: CachedResource(kind, config)
                 for name, (kind, config) in decode(entry["resources"]).items()}
    if type(entry.get("quiz")) is not bool:
        return None
    scenario = CachedScenario(entry.get("title"), resources, Path(path), entry["quiz"])
    positions = decode(entry["positions"])
    return Document(Path(path), scenario, trace, CachedGraph(attributes, nodes, edges),
                    positions, None, None, cached=True)


def same_document(cached, real) -> bool:
    """Every value the window shows from a document, compared: title, resources (type and
    configuration), graph (attributes, nodes, edges with their data), positions, and the trace
    (each step, the state after each step, the run's other fields)."""
    a, b = cached.trace, real.trace
    if cached.title != real.title or len(a) != len(b) or list(a) != list(b):
        return False
    if bool(getattr(cached.scenario, "quiz", False)) != bool(getattr(real.scenario, "quiz", False)):
        return False
    if any(getattr(a, f.name) != getattr(b, f.name) for f in fields(Trace)
           if f.name not in ("steps", "_states")):
        return False
    if any(a.state_at(i) != b.state_at(i) for i in range(len(b))):
        return False
    ours, theirs = cached.scenario.resources, real.scenario.resources
    if list(ours) != list(theirs) or any(
            ours[n].type != getattr(theirs[n], "type", None)
            or ours[n].model_dump(mode="json", exclude_none=True)
            != theirs[n].model_dump(mode="json", exclude_none=True) for n in theirs):
        return False
    g, h = cached.graph, real.graph
    return (dict(g.graph) == dict(h.graph) and list(g.nodes(data=True)) == list(h.nodes(data=True))
            and list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
            and cached.positions == real.positions)
