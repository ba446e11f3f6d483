"""Opening never hangs: a FIFO or device named .yaml is refused, a read that does not answer
times out or is cancelled (issue 9 item 8)."""

from __future__ import annotations

import os
import threading

import pytest

from app.scenario import safety
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario

HANG_GUARD_S = 30  # only so that the old code fails the test instead of hanging the suite


def _load_in_thread(path, **kwargs):
    """(finished, result or exception) of load_scenario run on a daemon thread."""
    box = {}

    def work():
        try:
            box["value"] = load_scenario(path, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            box["value"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_S)
    return not thread.is_alive(), box.get("value")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_named_yaml_is_refused_at_once(tmp_path):
    """No writer ever opens the pipe: the loader says what it is instead of blocking on open()."""
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    finished, value = _load_in_thread(fifo)
    assert finished, "loading a FIFO blocked"
    assert isinstance(value, ScenarioError)
    assert "named pipe" in str(value) and str(fifo) in str(value)


def test_a_device_named_yaml_is_refused(tmp_path):
    """/dev/zero would be read until the size cap; it is not a scenario file."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    finished, value = _load_in_thread(link)
    assert finished and isinstance(value, ScenarioError) and "is a device" in str(value)


def _hanging_reader(monkeypatch):
    """Make the low-level read hang (as on a network drive that stopped answering)."""
    release = threading.Event()

    def hang(path, name):
        release.wait(HANG_GUARD_S)
        raise OSError("released")

    monkeypatch.setattr(safety, "_read_regular_file", hang)
    return release


def test_a_read_that_never_answers_times_out(tmp_path, monkeypatch):
    """The read is given up after the timeout with a message that says what to do."""
    target = tmp_path / "remote.yaml"
    target.write_text("title: x\n")
    release = _hanging_reader(monkeypatch)
    try:
        with pytest.raises(ScenarioError) as info:
            safety.read_scenario_text(target, timeout_s=0.2)
        assert "no answer after 0.2 s" in str(info.value) and "local folder" in str(info.value)
    finally:
        release.set()


def test_a_waiting_read_can_be_cancelled(tmp_path, monkeypatch):
    """cancel() returning True ends the wait with 'cancelled', long before the timeout."""
    target = tmp_path / "remote.yaml"
    target.write_text("title: x\n")
    release = _hanging_reader(monkeypatch)
    try:
        finished, value = _load_in_thread(target, cancel=lambda: True)
        assert finished and isinstance(value, ScenarioError) and "cancelled" in str(value)
    finally:
        release.set()
