"""app.commands.launch_check: explain a missing display or missing Qt libraries before Qt aborts."""

import subprocess
import sys

import pytest

from app.commands.launch_check import (
    BASE_LIBRARIES,
    cached_sonames,
    XCB_LIBRARIES,
    check_display,
    installed_sonames,
    launch_problem,
    missing_libraries_message,
    missing_qt_libraries,
    uses_xcb,
)

ALL_SONAMES = set(BASE_LIBRARIES) | set(XCB_LIBRARIES)


def test_linux_without_any_display_explains_what_to_do():
    """No DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM on Linux: a message naming every way out."""
    message = check_display({}, platform="linux")
    assert message is not None
    assert "no display" in message.lower()
    assert "xvfb-run -a lambdascope" in message
    assert "QT_QPA_PLATFORM=offscreen" in message
    for command in ("lambdascope play", "lambdascope check", "lambdascope export"):
        assert command in message


@pytest.mark.parametrize(
    "environ",
    [
        {"DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "vnc:size=800x600"},
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"},
    ],
)
def test_linux_with_a_display_or_chosen_platform_is_fine(environ):
    """Any display, or an explicit platform that needs none, lets the GUI start."""
    assert check_display(environ, platform="linux") is None


@pytest.mark.parametrize(
    "environ",
    [{"QT_QPA_PLATFORM": "xcb"}, {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, {"DISPLAY": ""}],
)
def test_linux_platform_without_its_display_is_reported(environ):
    """QT_QPA_PLATFORM=xcb with no DISPLAY (or wayland with no WAYLAND_DISPLAY, or DISPLAY empty) fails early."""
    assert "xvfb-run -a lambdascope" in check_display(environ, platform="linux")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_other_systems_are_not_checked(platform):
    """Windows and macOS always have a screen in a desktop session."""
    assert check_display({}, platform=platform) is None
    assert missing_qt_libraries({}, platform=platform, sonames=set()) == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, True),
    ],
)
def test_uses_xcb_follows_qts_platform_choice(environ, expected):
    """xcb is used for an X11 DISPLAY or an explicit xcb, not offscreen or in a Wayland session."""
    assert uses_xcb(environ) is expected


def test_missing_xcb_cursor_is_reported_for_a_real_x_display():
    """With an X display, a missing libxcb-cursor0 (Qt >= 6.5 needs it) is named by its package."""
    installed = ALL_SONAMES - {"libxcb-cursor.so.0"}
    assert missing_qt_libraries({"DISPLAY": ":0"}, "linux", sonames=installed) == ["libxcb-cursor0"]


def test_xcb_libraries_are_not_required_offscreen():
    """Offscreen needs only the base libraries; missing xcb ones do not matter."""
    assert missing_qt_libraries({"QT_QPA_PLATFORM": "offscreen"}, "linux", sonames=set(BASE_LIBRARIES)) == []


def test_base_libraries_are_required_on_every_platform_plugin():
    """Without libGL/libEGL Qt cannot even import, offscreen included; packages come in a stable order."""
    missing = missing_qt_libraries({"QT_QPA_PLATFORM": "offscreen"}, "linux", sonames=set())
    assert missing == list(BASE_LIBRARIES.values())
    everything = missing_qt_libraries({"DISPLAY": ":0"}, "linux", sonames=set())
    assert everything == list(BASE_LIBRARIES.values()) + list(XCB_LIBRARIES.values())


def test_custom_finder_replaces_the_machine_lookup():
    """A `find` callable decides presence per soname (e.g. ctypes.util.find_library)."""
    asked = []
    missing = missing_qt_libraries({"DISPLAY": ":0"}, "linux", find=lambda s: asked.append(s) or True)
    assert missing == []
    assert set(asked) == ALL_SONAMES


def test_message_holds_the_exact_apt_command():
    """The message for missing packages can be pasted into a terminal as is."""
    message = missing_libraries_message(["libxcb-cursor0", "libxcb-icccm4"])
    assert "sudo apt-get install -y --no-install-recommends libxcb-cursor0 libxcb-icccm4" in message


def test_launch_problem_reports_the_display_first():
    """No display is the first thing to fix; with a display and all libraries there is no problem."""
    assert "no display" in launch_problem({}, "linux").lower()
    assert launch_problem({}, "darwin") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the Linux loader cache")
def test_this_machine_has_the_offscreen_libraries_the_tests_use():
    """On the test machine (set up by scripts/setup.sh) the offscreen libraries are all found."""
    sonames = installed_sonames()
    assert sonames is None or "libGL.so.1" in sonames
    assert missing_qt_libraries({"QT_QPA_PLATFORM": "offscreen"}) == []


def test_module_runs_as_a_script_and_exits_1_without_display(repo_root):
    """`python -m app.commands.launch_check` prints the problem and exits 1 (setup.sh --launch uses it)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run(
        [sys.executable, "-m", "app.commands.launch_check"],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=60,
    )
    if sys.platform.startswith("linux"):
        assert result.returncode == 1
        assert "xvfb-run -a lambdascope" in result.stderr
    else:
        assert result.returncode == 0


def _loader_cache(path, entries):
    """A glibc loader cache file (new format's header) naming `entries` (soname → path)."""
    strings = b"".join(f"{name}\0{where}\0".encode() for name, where in entries.items())
    path.write_bytes(b"glibc-ld.so.cache1.1" + bytes(28) + strings)
    return str(path)


def test_the_loader_cache_is_read_from_its_file(tmp_path):
    cache = _loader_cache(tmp_path / "ld.so.cache", {
        "libGL.so.1": "/usr/lib/x86_64-linux-gnu/libGL.so.1",
        "libxcb-cursor.so.0": "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0"})
    found = cached_sonames(cache)
    assert {"libGL.so.1", "libxcb-cursor.so.0"} <= found
    assert "libEGL.so.1" not in found
    assert missing_qt_libraries({"DISPLAY": ":0"}, sonames=found) == [
        package for soname, package in {**BASE_LIBRARIES, **XCB_LIBRARIES}.items()
        if soname not in ("libGL.so.1", "libxcb-cursor.so.0")]


@pytest.mark.parametrize("content", [None, b"", b"#!/bin/sh\nlibGL.so.1\0", b"ld.so-1.7"])
def test_no_loader_cache_file_means_none(tmp_path, content):
    path = tmp_path / "ld.so.cache"
    if content is not None:
        path.write_bytes(content)
    assert cached_sonames(str(path)) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the Linux loader cache")
def test_the_cache_file_names_what_ldconfig_lists():
    """The file read directly gives every library `ldconfig -p` lists on this machine."""
    from app.commands.launch_check import _ldconfig_sonames

    listed, read = _ldconfig_sonames(), cached_sonames()
    if listed is None or read is None:
        pytest.skip("no ldconfig or no glibc loader cache here")
    assert listed - {"Cache"} <= read  # "Cache generated by: ldconfig" is ldconfig's last line


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the Linux loader cache")
def test_the_start_check_starts_no_process_and_imports_no_ctypes(repo_root):
    """`lambdascope` checks the libraries before every start: reading the loader's cache file
    instead of running `ldconfig -p` saves a process and the `subprocess` and `ctypes` imports
    (0018, pass 4). Before: both imported, and ldconfig run, at every start."""
    code = ("import sys\n"
            "assert 'subprocess' not in sys.modules and 'ctypes' not in sys.modules\n"
            "from app.commands.launch_check import launch_problem\n"
            "assert launch_problem({'QT_QPA_PLATFORM': 'offscreen'}) is None\n"
            "print(sorted(m for m in ('subprocess', 'ctypes') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
