"""Can the GUI start here? Qt-free checks run before a QApplication exists.

Qt aborts the whole process (not a Python exception) when it has no display or when its
xcb platform plugin cannot load, with messages a beginner cannot act on. These checks turn
the two common cases into a plain explanation and the command that fixes it.

The GUI entry point (``app.commands.gui``, reached from ``app/cli.py``) calls this before it
imports or creates anything from Qt::

    from app.commands.launch_check import launch_problem

    problem = launch_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    ...  # now create the QApplication

``launch_problem()`` combines ``check_display()`` and ``missing_qt_libraries()``; both can be
called on their own and take their inputs as arguments so tests need no real display.
``python -m app.commands.launch_check`` prints the same report and exits 1 on a problem
(``scripts/setup.sh --launch`` uses it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping

# Shared libraries PySide6's wheels load but do not ship, by soname, with the Debian package
# that provides each. Needed for any platform plugin, offscreen included:
BASE_LIBRARIES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Needed in addition by the xcb plugin, i.e. for a real X11 window (Qt >= 6.5 needs xcb-cursor):
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

HEADLESS_HINT = (
    "Headless commands need no display: lambdascope play FILE, lambdascope check FILE, "
    "lambdascope export FILE --step N --png OUT.png."
)


def _platform_names(environ: Mapping[str, str]) -> list[str]:
    """Platform plugins Qt will try, from QT_QPA_PLATFORM ("xcb", "wayland;xcb", "offscreen:...")."""
    value = environ.get("QT_QPA_PLATFORM", "").strip()
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def check_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> str | None:
    """Return why the GUI cannot open a window here, or None when it can (as far as we can tell).

    Only Linux is checked: Windows and macOS always have a screen for a desktop session.
    With QT_QPA_PLATFORM unset, Qt needs DISPLAY (X11) or WAYLAND_DISPLAY (Wayland). An explicit
    QT_QPA_PLATFORM is trusted (offscreen, vnc, ...) unless it names xcb without a DISPLAY or
    wayland without a WAYLAND_DISPLAY.
    """
    if not platform.startswith("linux"):
        return None
    has_x11 = bool(environ.get("DISPLAY"))
    has_wayland = bool(environ.get("WAYLAND_DISPLAY"))
    names = _platform_names(environ)
    if names:
        first = names[0]
        if first == "xcb" and not has_x11:
            return _no_display_message("QT_QPA_PLATFORM=xcb is set but DISPLAY is not.")
        if first.startswith("wayland") and not has_wayland:
            return _no_display_message(f"QT_QPA_PLATFORM={first} is set but WAYLAND_DISPLAY is not.")
        return None
    if has_x11 or has_wayland:
        return None
    return _no_display_message("There is no display: DISPLAY and WAYLAND_DISPLAY are not set.")


def _no_display_message(reason: str) -> str:
    return (
        f"LambdaScope cannot open its window. {reason}\n"
        "  - On a desktop, run it from a terminal inside the graphical session.\n"
        "  - On a server or over SSH, use a virtual screen: xvfb-run -a lambdascope\n"
        "    (Debian: sudo apt-get install -y xvfb xauth), or log in with ssh -X.\n"
        "  - For headless use, set QT_QPA_PLATFORM=offscreen (nothing is shown on screen).\n"
        f"  - {HEADLESS_HINT}"
    )


def uses_xcb(environ: Mapping[str, str] = os.environ) -> bool:
    """Will Qt try its xcb (X11) plugin first? Mirrors Qt 6's choice on Linux."""
    names = _platform_names(environ)
    if names:
        return names[0] == "xcb"
    if not environ.get("DISPLAY"):
        return False
    # In a Wayland session Qt 6 prefers its wayland plugin and needs xcb only as a fallback.
    wayland_session = environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY")
    return not wayland_session


LOADER_CACHE = "/etc/ld.so.cache"  # glibc's list of the libraries it finds (`ldconfig -p` prints it)
_CACHE_MAGICS = (b"ld.so-1.7.0", b"glibc-ld.so.cache")
_CACHE_MAX_BYTES = 64 * 1024 * 1024


def cached_sonames(path: str = LOADER_CACHE) -> set[str] | None:
    """The library names in glibc's loader cache file (`path`), as `ldconfig -p` lists them.

    The file holds each library's soname and full path as NUL-terminated strings; every
    string naming a shared object gives its last path part. Reading the file is what
    `ldconfig -p` does, without starting a process (~5-20 ms of every start, and the
    `subprocess` import: docs/decisions/0018, pass 4). Returns None when the file is missing,
    unreadable, over 64 MiB or not a glibc cache (musl has none): then ask ldconfig.
    """
    try:
        with open(path, "rb") as cache:
            data = cache.read(_CACHE_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > _CACHE_MAX_BYTES or not data.startswith(_CACHE_MAGICS):
        return None
    return {os.path.basename(item).decode("utf-8", "replace")
            for item in data.split(b"\0") if b".so" in item}


def installed_sonames(environ: Mapping[str, str] = os.environ,
                      cache: str = LOADER_CACHE) -> set[str] | None:
    """Sonames the dynamic loader can find: the loader's cache plus LD_LIBRARY_PATH.

    The cache is read from its file (`cache`, `cached_sonames`), else from `ldconfig -p`.
    Returns None when neither is available (then callers fall back to ctypes.util.find_library).
    """
    names = cached_sonames(cache)
    if names is None:
        names = _ldconfig_sonames()
    if names is None:
        return None
    for directory in environ.get("LD_LIBRARY_PATH", "").split(":"):
        if directory and os.path.isdir(directory):
            names.update(os.listdir(directory))
    return names


def _ldconfig_sonames() -> set[str] | None:
    import subprocess

    output = None
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            output = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=True
            ).stdout
            break
        except (OSError, subprocess.SubprocessError):
            continue
    if output is None:
        return None
    return {line.split()[0] for line in output.splitlines()[1:] if line.strip()}


def _find_with_ctypes(soname: str) -> bool:
    import ctypes.util

    # "libxcb-cursor.so.0" -> find_library("xcb-cursor")
    return ctypes.util.find_library(soname[3:].split(".so", 1)[0]) is not None


def missing_qt_libraries(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    sonames: Iterable[str] | None = None,
    find: Callable[[str], bool] | None = None,
) -> list[str]:
    """Debian packages whose libraries Qt will need here but the loader cannot find.

    Checks BASE_LIBRARIES always on Linux and XCB_LIBRARIES when a real X display is going to
    be used (``uses_xcb``). Returns package names in a stable order, [] off Linux or when all
    are present. ``sonames`` (what is installed) or ``find`` (soname -> present?) replace the
    lookup on this machine; by default the loader cache is read once (its file, else
    ``ldconfig -p``), else ctypes is asked.
    """
    if not platform.startswith("linux"):
        return []
    needed = dict(BASE_LIBRARIES)
    if uses_xcb(environ):
        needed.update(XCB_LIBRARIES)
    if find is None:
        known = set(sonames) if sonames is not None else installed_sonames(environ)
        find = _find_with_ctypes if known is None else known.__contains__
    return [package for soname, package in needed.items() if not find(soname)]


def missing_libraries_message(packages: list[str]) -> str:
    """Explain missing libraries with the exact command that installs them."""
    return (
        "LambdaScope cannot start Qt: these system libraries are missing: "
        + ", ".join(packages)
        + "\nInstall them (Debian/Ubuntu), then start again:\n"
        + "    sudo apt-get install -y --no-install-recommends "
        + " ".join(packages)
        + "\n(./scripts/setup.sh --launch does this for you.)\n"
        + HEADLESS_HINT
    )


def launch_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> str | None:
    """The first reason the GUI cannot start (display, then libraries), or None."""
    problem = check_display(environ, platform)
    if problem:
        return problem
    missing = missing_qt_libraries(environ, platform)
    if missing:
        return missing_libraries_message(missing)
    return None


def main() -> int:
    problem = launch_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
