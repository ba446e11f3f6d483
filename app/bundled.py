"""What ships with LambdaScope: the built-in scenarios and the assets they share.

In the repository they are the top-level folders `scenarios/` and `assets/`. An installed wheel
carries them inside the import package as `app/_data/scenarios` and `app/_data/assets` (setup.py
maps them there at build time; docs/decisions/0011-packaging.md). This module finds them through
the import package's own folder in an installed copy and at the top of the checkout in an
editable one, so nothing else needs to know which it is. It imports no Qt and reads no scenario
beyond its metadata, so the headless commands and the engine can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_NAME = "photo-thumbnails"
"""The built-in the window opens when it is given no file."""

SUFFIXES = (".yaml", ".yml")
MODEL_WORDS = {"push": "push model", "pull": "pull model", "on-demand": "on demand"}
"""How a scenario's `teaches:` values are shown to a class."""


def shipped_folder(name: str) -> Path:
    """The folder `name` ("scenarios" or "assets") as shipped with this copy of LambdaScope.

    In: a folder name. Out: an absolute path on disk: `<site-packages>/app/_data/<name>` for an
    installed wheel, else `<checkout>/<name>` (an editable install or a bare clone, where
    `app/_data` does not exist). Raises nothing; the folder may be missing only in a broken
    install, where the callers then find no built-ins and say so.
    """
    package = Path(__file__).resolve().parent  # what importlib.resources.files("app") gives for
    shipped = package / "_data" / name         # a package on disk, without importing it (~5 ms)
    if shipped.is_dir():  # a wheel unpacked by pip
        return shipped.resolve()
    return package.parent / name


SCENARIOS_DIR = shipped_folder("scenarios")
"""The built-in scenarios, one `<name>.yaml` each."""
ASSETS_DIR = shipped_folder("assets")
"""Files the built-in scenarios upload (photos/), and the diagram's icons (icons/)."""
DEFAULT_SCENARIO = SCENARIOS_DIR / f"{DEFAULT_NAME}.yaml"


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario file's metadata: what the start page's card and `lambdascope scenarios` show."""

    path: Path
    title: str
    teaches: tuple[str, ...]
    summary: str
    learning_goals: tuple[str, ...]

    @property
    def name(self) -> str:
        """The name a built-in is called by on the command line: its file name without .yaml."""
        return self.path.stem


META_KEYS = frozenset({"title", "teaches", "summary", "learning_goals"})
"""The top-level keys a card and `lambdascope scenarios` show."""
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|\r?\n|$)")
_INFO_CACHE: dict[str, tuple[tuple[int, int], ScenarioInfo]] = {}  # path → ((mtime ns, size), info)


def metadata_text(text: str) -> str | None:
    """The lines of a scenario file that hold its metadata keys (META_KEYS), for a quick parse.

    In: a whole YAML file. Out: only the blocks of its top-level `title`, `teaches`, `summary`
    and `learning_goals` keys (each from its key at column 0 to the next column-0 key), with the
    comments and blank lines inside them; None when the file is not a plain block mapping this
    can slice safely (a document marker after the first key, a directive, a quoted or complex
    key, anything else at column 0), so the caller parses the whole file instead. Parsing ~10 of
    a file's ~100 lines lists the 12 built-ins in a third of the time a full parse takes.
    """
    kept: list[str] = []
    current: str | None = None
    for line in text.splitlines(keepends=True):
        first = line[:1]
        if first in ("", " ", "\t", "\r", "\n", "#") or (first == "-" and line[1:2] in (" ", "\r", "\n", "")):
            pass  # inside the current block (a compact sequence may start at column 0)
        elif (match := _TOP_KEY.match(line)) is not None:
            current = match.group(1)
        elif line.startswith("---") and current is None:
            continue
        else:
            return None
        if current in META_KEYS:
            kept.append(line)
    return "".join(kept)


def read_info(path: Path) -> ScenarioInfo:
    """The metadata at the top of a scenario file; a broken file still gets an entry that says
    what is wrong in its summary (no validation, no engine run, so listing is instant).

    In: a file path. Out: its ScenarioInfo, remembered by (path, modification time in ns, size)
    so a page shown again reads only files that changed. Only the metadata keys are parsed when
    the file's layout allows it (metadata_text); an error elsewhere in the file is reported when
    it is opened, by the loader. Raises nothing.
    """
    from ruamel.yaml import YAML

    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    known = _INFO_CACHE.get(str(path))
    if version is not None and known is not None and known[0] == version:
        return known[1]
    try:
        text = path.read_text(encoding="utf-8")
        data = YAML(typ="safe").load(metadata_text(text) or text) or {}
        if not isinstance(data, dict):
            raise ValueError("the file is not a mapping of keys")
    except Exception as error:  # noqa: BLE001 - the entry says what is wrong instead
        return ScenarioInfo(path, path.stem, (), f"Cannot read this file: {error}", ())
    teaches = data.get("teaches") or ()
    teaches = (teaches,) if isinstance(teaches, str) else tuple(teaches)
    info = ScenarioInfo(path, str(data.get("title") or path.stem), teaches,
                        " ".join(str(data.get("summary") or "").split()),
                        tuple(str(g) for g in data.get("learning_goals") or ()))
    if version is not None:
        _INFO_CACHE[str(path)] = (version, info)
    return info


def builtin_scenarios(folder: Path = SCENARIOS_DIR) -> list[ScenarioInfo]:
    """Every `*.yaml` in `folder`, photo thumbnails (the default) first, then by file name."""
    paths = sorted(folder.glob("*.yaml"), key=lambda p: (p.stem != DEFAULT_NAME, p.name))
    return [read_info(p) for p in paths]


def builtin_names(folder: Path = SCENARIOS_DIR) -> list[str]:
    """The names the built-ins are called by, in the order `builtin_scenarios` lists them."""
    return sorted((p.stem for p in folder.glob("*.yaml")), key=lambda n: (n != DEFAULT_NAME, n))


class UnknownScenario(ValueError):
    """A scenario argument that is neither a file nor the name of a built-in; the message says
    so, suggests the closest built-in names and lists them all."""


def resolve_scenario(argument: str | Path, folder: Path = SCENARIOS_DIR) -> Path:
    """The file a command-line scenario argument means.

    In: what the user typed: a path (`my-lesson.yaml`, `lessons/one.yaml`) or a built-in's name
    (`photo-thumbnails`, also `photo-thumbnails.yaml`). Out: an existing path as given; else,
    for a bare name (no folder in it), the built-in of that name in `folder`; else a path with a
    folder in it unchanged, so the loader reports it as "no such file" with the path the user
    typed. Raises UnknownScenario for a bare name that is neither a file here nor a built-in,
    and for a missing path whose file name is a built-in's (it says to give the name).
    """
    text = str(argument)
    if not text.strip():
        raise UnknownScenario(unknown_message(text, folder))
    path = Path(argument)
    if path.exists():
        return path
    if path.name != text:  # a folder in it: a path of the user's, which the loader reports
        if path.suffix.lower() in SUFFIXES and (folder / f"{path.stem}.yaml").is_file():
            # e.g. scenarios/photo-thumbnails.yaml typed outside a clone: say how to name it
            raise UnknownScenario(
                f"'{text}': no such file. '{path.stem}' is a built-in scenario: give its name "
                f"instead of a path (e.g. `lambdascope play {path.stem}`), or the path of a "
                f"copy of your own")
        return path
    stem = path.stem if path.suffix.lower() in SUFFIXES else text
    candidate = folder / f"{stem}.yaml"
    if candidate.is_file():
        return candidate
    raise UnknownScenario(unknown_message(text, folder))


def unknown_message(text: str, folder: Path = SCENARIOS_DIR) -> str:
    """Why `text` names no scenario, the closest built-in names, and all of them."""
    names = builtin_names(folder)
    if not names:
        return (f"'{text}' is not a scenario file, and this installation has no built-in "
                f"scenarios ({folder} is missing or empty); reinstall LambdaScope")
    stem = Path(text).stem if Path(text).suffix.lower() in SUFFIXES else text.strip()
    import difflib

    close = difflib.get_close_matches(stem.lower(), names, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
    return (f"'{text}' is neither a scenario file nor a built-in scenario.{hint} "
            f"Built-in scenarios: {', '.join(names)} (`lambdascope scenarios` describes them); "
            f"a file of your own is given by its path, e.g. ./{stem or 'my-lesson'}.yaml")


def scenario_argument(text: str) -> Path:
    """argparse `type=` for a FILE-or-NAME argument: `resolve_scenario`, with UnknownScenario
    turned into argparse's error (usage, the message, exit status 2)."""
    import argparse

    try:
        return resolve_scenario(text)
    except UnknownScenario as error:
        raise argparse.ArgumentTypeError(str(error)) from None
