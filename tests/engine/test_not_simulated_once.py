"""'Not simulated' where it matters, once (issue 8). What a whole run leaves out (S3's and
the async queue's at-least-once delivery, S3's ordering) is said once per run, as trace
metadata shown once by `play` and the window; the red per-step flag stays only on steps whose
outcome a missing behaviour would change (here: a configuration AWS would refuse)."""

from __future__ import annotations

from app.cli import main
from app.engine import run
from app.scenario.loader import load_scenario, load_scenario_text

PHOTOS = """
title: My photos
teaches: push
summary: An upload to photos triggers make-thumbnail.
resources:
  user: {type: actor, kind: user, policies: [{action: "s3:PutObject", resource: "arn:aws:s3:::photos/*"}]}
  photos:
    type: s3_bucket
    notifications: [{id: thumbs, events: ["s3:ObjectCreated:*"], function: make-thumbnail}]
  thumbnail-role: {type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}
  make-thumbnail:
    type: function
    handler: builtin.echo
    role: thumbnail-role
    permissions: [PERMISSION]
script:
  - {at: 0s, actor: user, action: put_object, bucket: photos, key: cat.jpg, body: meow}
  - {at: 5s, actor: user, action: put_object, bucket: photos, key: dog.jpg, body: woof}
"""
ALLOW = ('{sid: AllowS3Invoke, principal: s3.amazonaws.com, source_arn: "arn:aws:s3:::photos", '
         'source_account: "123456789012"}')


def test_ordinary_s3_steps_carry_no_flag_and_the_run_says_it_once():
    """§7 (S3N, S3M) and §4 (ASY): duplicates and ordering are documented, not simulated."""
    trace = run(load_scenario_text(PHOTOS.replace("PERMISSION", ALLOW)))
    assert [s for s in trace if s.kind in ("detect", "enqueue", "invoke")]
    assert not [(s.index, s.kind) for s in trace if s.caveat]
    words = " ".join(trace.not_simulated.values())
    assert "at least once" in words and "order" in words
    assert "right away" not in trace.not_simulated.get("S3 delivery", "")


def test_a_step_whose_outcome_would_differ_keeps_its_flag(scenarios_dir):
    """§5/§6 (ESM): CreateEventSourceMapping refuses a role without the stream's read rights, so
    the poll of such a mapping still says, on the step, that AWS would not have created it."""
    from app.lab.edits import apply_edits
    from app.scenario.loader import load_scenario

    scenario = apply_edits(load_scenario(scenarios_dir / "analytics-dynamodb.yaml"),
                           ["resources.aggregate-sales-role.actions.dynamodb:DescribeStream=absent"])
    flagged = [s for s in run(scenario) if s.caveat]
    assert flagged and all(s.kind == "poll" for s in flagged)
    assert all("CreateEventSourceMapping already refuses" in s.caveat for s in flagged)


def test_s3_refuses_the_configuration_itself_so_no_step_needs_a_flag():
    """§13 A4c (S3P): without the permission S3 refuses the notification configuration; that is
    a real step (400 InvalidArgument), not a caveat that the configuration could not exist."""
    trace = run(load_scenario_text(PHOTOS.replace("permissions: [PERMISSION]", "permissions: []")))
    assert not [s for s in trace if s.caveat]
    assert [s for s in trace if s.kind == "error" and "InvalidArgument" in s.summary]


def test_play_says_it_once_at_the_top(capsys, scenarios_dir):
    main(["play", str(scenarios_dir / "photo-thumbnails.yaml")])
    out = capsys.readouterr().out
    assert out.startswith("Not simulated in this run")
    assert out.count("at least once") == 1 and "!! NOT SIMULATED" not in out


def test_the_documented_delay_matches_the_engine(repo_root):
    """docs/scenario-format.md and the run's own words agree on when S3's event arrives."""
    from app.engine.s3_notifications import DELIVERY_DELAY_MS

    low, high = (f"{ms / 1000:g}" for ms in DELIVERY_DELAY_MS)
    trace = run(load_scenario(repo_root / "scenarios" / "photo-thumbnails.yaml"))
    said = trace.not_simulated["S3 delivery"]
    doc = (repo_root / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert f"{low}–{high} s" in said and f"{low}–{high} s" in doc
    assert "short random delay" not in said
