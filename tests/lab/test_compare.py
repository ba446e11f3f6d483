"""Runs compared: alignment, the first differing step, what changed, and where the player goes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from app.engine import run
from app.engine.trace import Step
from app.lab.compare import (compare, endings, first_difference, keep_position,
                             records_delivered, signature)
from app.lab.edits import apply_edits
from lab_scenarios import load


@pytest.fixture(scope="module")
def photos_runs():
    photos = load("photos")
    return run(photos), run(apply_edits(photos, ["resources.make-thumbnail.permissions.AllowS3Invoke=absent"]))


@pytest.fixture(scope="module")
def api_runs():
    """Without API Gateway's statement Lambda denies the invoke in the middle of the run."""
    api = load("api")
    return run(api), run(apply_edits(api, ["resources.list-orders.permissions.AllowApiGet=absent"]))


def _first_permission_check(trace):
    return next(s.index for s in trace if s.kind == "permission-check")


def test_identical_runs_have_no_difference():
    """The same scenario twice: every row equal, no first difference, the player stays put."""
    old, new = run(load("api")), run(load("api"))
    comparison = compare(old, new)
    assert comparison.identical and comparison.first_difference is None
    assert comparison.summary_lines() == ["The two runs are step for step the same, in every "
                                          "total and in how every event ended."]
    assert keep_position(old, new, 5) == (5, None)


def test_first_difference_is_the_denied_permission_check(api_runs):
    """Removing API Gateway's statement first changes the run at the permission check, now denied."""
    old, new = api_runs
    comparison = compare(old, new)
    expected = _first_permission_check(old)
    assert comparison.first_difference == comparison.first_difference_old == expected
    assert [signature(s) for s in old[:expected]] == [signature(s) for s in new[:expected]]
    assert new[expected].permission.decision == "deny"


def test_keep_position_keeps_the_index_where_runs_agree(api_runs):
    """Before the first difference the player keeps its index; at or after it, it jumps there."""
    old, new = api_runs
    first = _first_permission_check(old)
    assert keep_position(old, new, first - 2) == (first - 2, first)
    assert keep_position(old, new, first) == (first, first)
    assert keep_position(old, new, len(old) - 1) == (first, first)


def test_summary_counts_invocations_denials_and_endings(photos_runs):
    """The summary's totals and endings match what each trace holds."""
    old, new = photos_runs
    comparison = compare(old, new)
    deltas = {d.name: d for d in comparison.deltas}
    assert deltas["invocations"].before == len([s for s in old if s.kind == "execute"]) == 2
    assert deltas["invocations"].after == 0
    # S3 refuses to save the trigger (§13 A4), so both uploads match no notification.
    ends = {d.name: (d.before, d.after) for d in comparison.endings}
    assert ends["succeeded"] == (2, 0) and ends["no matching notification"] == (0, 2)
    text = "\n".join(comparison.summary_lines())
    assert f"First difference: step {comparison.first_difference + 1}" in text
    assert "permission denials: 0 → 1" in text


def test_records_delivered_counts_every_attempt():
    """Stream records delivered include retries: a failing record is delivered again each retry."""
    clicks = load("clicks")
    before = records_delivered(run(clicks))
    after = records_delivered(run(apply_edits(clicks, ["functions.count-clicks.fail_on_record=3"])))
    assert before == 5 and after > before
    assert endings(run(clicks))["processed"] == 2


def test_rows_align_inserted_steps():
    """An inserted retry shows as `insert` rows while the steps around it stay `equal`."""
    old = run(load("app"))
    new = run(apply_edits(load("app"), ["functions.echo.fail_first_attempts=1"]))
    rows = compare(old, new).rows
    assert [r.new for r in rows if r.new is not None] == list(range(len(new)))
    assert [r.old for r in rows if r.old is not None] == list(range(len(old)))
    assert any(r.tag != "equal" for r in rows) and rows[0].tag == "equal"


def _steps(signatures):
    return [Step(i, float(i), kind, src, "lambda", "internal", "", "", status=status)
            for i, (kind, src, status) in enumerate(signatures)]


SIGNATURE = st.tuples(st.sampled_from(["invoke", "result", "retry"]), st.sampled_from(["a", "b"]),
                      st.sampled_from([None, 200, 429]))


@settings(max_examples=150, deadline=None)
@given(st.lists(SIGNATURE, max_size=14), st.lists(SIGNATURE, max_size=14), st.integers(0, 20))
def test_alignment_properties(a, b, index):
    """Rows cover both runs once in order; the first difference ends the common prefix; keep_position agrees."""
    old, new = _steps(a), _steps(b)
    comparison = compare(old, new)
    assert [r.old for r in comparison.rows if r.old is not None] == list(range(len(old)))
    assert [r.new for r in comparison.rows if r.new is not None] == list(range(len(new)))
    assert all(signature(old[r.old]) == signature(new[r.new]) for r in comparison.rows if r.tag == "equal")
    prefix = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    expected = prefix if (a != b and prefix < len(b)) else None
    assert comparison.first_difference == expected
    assert first_difference(old, new) == expected  # the prefix-only shortcut keep_position uses
    if new:
        position, changed = keep_position(old, new, index)
        assert 0 <= position < len(new) and changed == expected
        if expected is None or index < expected:
            assert position == min(index, len(new) - 1)
        else:
            assert position == expected
