"""`play --switches` says the state of each toggle so it cannot be misread.

A student read "Remove AllowApiGateway … [toggle, now false]" as "the permission is missing now":
the toggle is off, so the statement is there. Toggles now say "off"/"on" and, for the ones that
take a permission away, what that means for the permission.
"""

from __future__ import annotations

from pathlib import Path

from app.cli import main

CASES = Path(__file__).resolve().parents[1] / "cases"


def _switch_lines(capsys, *args) -> dict[str, str]:
    assert main(["play", str(CASES / "student-shop-fndlq2.yaml"), "--switches", *args]) == 0
    out = capsys.readouterr().out
    return {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}


def test_a_permission_toggle_says_the_permission_is_there(capsys):
    lines = _switch_lines(capsys)
    line = lines["permission:accept-order:AllowApiGateway"]
    assert "[permissions, toggle, off: permission present]" in line
    assert "[permissions, toggle, off: permission present]" in lines["role-action:accept-role:sqs:SendMessage"]
    assert not any("now false" in text or "now true" in text for text in lines.values())


def test_other_toggles_say_off_or_on(capsys):
    lines = _switch_lines(capsys)
    assert "[failures, toggle, now off]" in lines["time-out:process-order"]
