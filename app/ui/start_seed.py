"""The built-in lessons' start-up pictures shipped with the app, for a first start (0018, pass 5).

A start with an empty start-up cache (the first after installing or updating LambdaScope) had
no picture to show before pydantic, networkx and the engine were imported and the lesson was
run: ~0.5 s more than a warm start. For the built-in scenarios the picture does not depend on
the user: `app/ui/start_seeds/<name>.json` is the cache entry (app.ui.start_cache's format) of
that lesson's real load, written by `python -m app.ui.start_seed --write` and checked by
tests/ui/test_start_seed.py against a real load, as the goldens are. A start that finds no
entry of its own reads the seed instead, under its own key: the format, the scenario's name
and bytes, the Python version and machine, and the installed versions of every package the
load runs (their dist-info names). Anything else differing (another Pillow making other
thumbnails, an edited built-in) means another key: the normal first start. The real load runs
and confirms as after any cached picture, and its own entry is written for the next start.

Only for the files in the bundled scenarios folder; `LAMBDASCOPE_NO_START_SEED=1` turns the
seeds off (the tests of a first start set it).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "start_seeds"
OFF_ENV = "LAMBDASCOPE_NO_START_SEED"
SEEDED = ("photo-thumbnails",)  # the default lesson (app.bundled.DEFAULT_NAME)
LOAD_PACKAGES = ("networkx", "numpy", "pillow", "pydantic", "pydantic_core", "ruamel_yaml",
                 "simpy")
"""Distributions the load imports (parsing, validating, running, thumbnails, layout): their
versions are part of a seed's key (names in lower case, "_" for ".")."""


def seed_file(path: Path) -> Path | None:
    """The seed of scenario `path` (resolved) when it is a built-in that has one, else None."""
    from app.bundled import SCENARIOS_DIR

    if os.environ.get(OFF_ENV) or path.parent != SCENARIOS_DIR.resolve() or path.stem not in SEEDED:
        return None
    return SEED_DIR / f"{path.stem}.json"


def _package_names() -> list[str]:
    """The dist-info folder names (name-version) of LOAD_PACKAGES, as installed here."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry) if entry else []
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and \
                    name[:-len(".dist-info")].rsplit("-", 1)[0].lower().replace(".", "_") in LOAD_PACKAGES:
                found.append(name)
    return sorted(set(found))


def seed_key(path: Path, source: bytes) -> str:
    """The key a seed of built-in `path` with bytes `source` must carry to be used here."""
    from app.ui.start_cache import FORMAT

    machine = os.uname().machine if hasattr(os, "uname") else sys.platform
    digest = hashlib.sha256(f"seed\0{FORMAT}\0{sys.version_info[:2]}\0{sys.platform}\0{machine}\0"
                            f"{'/'.join(_package_names())}\0{path.name}\0".encode())
    digest.update(source)
    return digest.hexdigest()


def relative_assets(assets: dict) -> dict | None:
    """Assets as an entry keeps them ({name: [resolved path, sha256]}) with each path relative
    to the bundled assets/ folder (a seed is written in one checkout and read in another);
    None when one lies elsewhere."""
    from app.bundled import ASSETS_DIR

    root = ASSETS_DIR.resolve()
    shipped = {}
    for name, (where, digest) in assets.items():
        if not Path(where).is_relative_to(root):
            return None
        shipped[name] = [Path(where).relative_to(root).as_posix(), digest]
    return shipped


def seed_entry(path: Path, source: bytes) -> dict | None:
    """The seed's entry for built-in `path` (resolved) with bytes `source`, when its key and
    assets match what is here now (its assets given back as the start compares them); None
    otherwise (no seed, turned off, another key, assets changed, unreadable)."""
    from app.asset_files import read_regular
    from app.ui.start_cache import FORMAT, MAX_BYTES, _assets_now

    target = seed_file(path)
    if target is None:
        return None
    try:
        entry = json.loads(read_regular(target, MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if type(entry) is not dict or entry.get("format") != FORMAT \
            or entry.get("key") != seed_key(path, source):
        return None
    assets = entry.get("assets")
    now = _assets_now(list(assets), path.parent) if type(assets) is dict else None
    if now is None or relative_assets(now) != assets:
        return None
    return entry


def write(name: str) -> Path:
    """Load built-in `name` for real and write its seed; returns the file. Raises ValueError
    when the lesson cannot be cached (app.ui.start_cache.entry_for said no)."""
    from app.bundled import SCENARIOS_DIR
    from app.ui.document import load_document
    from app.ui.start_cache import entry_for

    path = (SCENARIOS_DIR / f"{name}.yaml").resolve()
    entry = entry_for(load_document(path))
    assets = relative_assets(entry["assets"]) if entry is not None else None
    if entry is None or assets is None:
        raise ValueError(f"{name}: its run cannot be shipped as a start-up picture")
    entry.update(key=seed_key(path, path.read_bytes()), assets=assets)
    target = SEED_DIR / f"{name}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(entry, separators=(",", ":"), allow_nan=False), encoding="utf-8")
    return target


if __name__ == "__main__":  # python -m app.ui.start_seed --write
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m app.ui.start_seed --write")
    os.environ.pop(OFF_ENV, None)
    for lesson in SEEDED:
        print(write(lesson))
