"""app.commands.launch_check: explain a missing display or missing Qt libraries before Qt aborts."""

import subprocess
import sys

import pytest

from app.commands.launch_check import (
    BASE_LIBRARIES,
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
