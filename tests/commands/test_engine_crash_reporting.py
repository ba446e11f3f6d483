"""A run that crashes inside the engine is a LambdaScope bug, and the commands say so.

The expert's probes (tests/cases/probes/cE.yaml, cH.yaml: provisioned concurrency on one
qualifier, an invoke of the other) crashed the engine with KeyError; `check` still printed "OK"
and exited 0, and `play` printed a bare traceback. Now: `check` fails (exit 1) and names it an
internal error to report; `play` says what happened before the details. The probes themselves
run cleanly (lambda-behaviour.md §19, tests/engine/test_provisioned_other_qualifier.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.engine.concurrency import Concurrency

PROBES = Path(__file__).resolve().parents[1] / "cases" / "probes"


@pytest.mark.parametrize("probe", ["cE.yaml", "cH.yaml"])
def test_the_probes_now_check_clean(capsys, probe):
    code = main(["check", str(PROBES / probe)])
    out = capsys.readouterr().out
    assert code == 0 and "run failed" not in out and "b → b ran" in out


@pytest.fixture
def engine_bug(monkeypatch):
    """Make the engine fail the way the probes did (a KeyError deep in a SimPy process)."""
    def broken(self, function, provisioned=False):
        raise KeyError(function)
    monkeypatch.setattr(Concurrency, "release", broken)


def test_check_fails_loudly_when_the_engine_crashes(capsys, engine_bug):
    code = main(["check", str(PROBES / "cE.yaml")])
    captured = capsys.readouterr()
    assert code == 1
    assert not captured.out.startswith("OK")
    assert "internal error" in captured.err.lower() and "KeyError: 'b'" in captured.err
    assert "report" in captured.err and "not a problem in your scenario" in captured.err


def test_play_says_what_happened_before_the_traceback(capsys, engine_bug):
    code = main(["play", str(PROBES / "cE.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    first = err.splitlines()[0]
    assert "internal error" in first.lower() and "cE.yaml" in first
    assert "KeyError: 'b'" in err and "Traceback" in err  # the details, for the report, after
