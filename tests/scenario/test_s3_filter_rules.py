"""S3 refuses overlapping notification filters; filters compare with the URL-encoded key.

Sources: docs/reference/lambda-behaviour.md §7 and §13 A4
(https://repost.aws/knowledge-center/lambda-s3-event-configuration-error,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
Field cases f13 and f14 (engineers' bug reports) are replayed from tests/cases/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from app.cli import main
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text
from app.scenario.resources import S3Notification
from app.scenario.s3_filters import event_matches, filter_matches, overlap

CASES = Path(__file__).resolve().parents[1] / "cases"
F14 = CASES / "f14-s3-overlapping-filters.yaml"


def test_f14_overlapping_rules_are_an_error_at_the_line(capsys):
    """`check` names the second notification's line and quotes S3's refusal."""
    assert main(["check", str(F14)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{F14}:17:9: resources.landing.notifications[1]: ")
    assert "Configuration is ambiguously defined" in err[0]
    assert "notifications[0]" in err[0] and "uploads/a.json" not in err[0]


BUCKET = """\
title: t
teaches: push
summary: s
resources:
  u: {{type: actor, kind: user, policies: [{{action: "s3:PutObject"}}]}}
  b:
    type: s3_bucket
    notifications:
      - {{events: {first_events}, {first_filter} function: f}}
      - {{events: {second_events}, {second_filter} function: f}}
  r: {{type: iam_role, trusts: lambda.amazonaws.com}}
  f:
    type: function
    handler: builtin.echo
    role: r
    permissions: [{{sid: S3, principal: s3.amazonaws.com, source_arn: "arn:aws:s3:::b"}}]
script:
  - {{at: 0s, actor: u, action: put_object, bucket: b, key: k}}
"""


@pytest.mark.parametrize("first_events, first_filter, second_events, second_filter, ambiguous", [
    ('["s3:ObjectCreated:*"]', 'prefix: "images/",', '["s3:ObjectCreated:*"]', 'suffix: ".jpg",', True),
    ('["s3:ObjectCreated:*"]', 'prefix: "images/",', '["s3:ObjectCreated:Put"]', 'prefix: "images/raw/",', True),
    ('["s3:ObjectCreated:*"]', '', '["s3:ObjectCreated:*"]', '', True),
    ('["s3:ObjectCreated:*"]', 'prefix: "images/",', '["s3:ObjectCreated:*"]', 'prefix: "logs/",', False),
    ('["s3:ObjectCreated:*"]', 'suffix: ".jpg",', '["s3:ObjectCreated:*"]', 'suffix: ".png",', False),
    ('["s3:ObjectCreated:*"]', 'prefix: "images/",', '["s3:ObjectRemoved:*"]', 'prefix: "images/",', False),
    ('["s3:ObjectCreated:Put"]', '', '["s3:ObjectCreated:Copy"]', '', False),
])
def test_overlap_is_judged_on_event_type_prefix_and_suffix(first_events, first_filter,
                                                           second_events, second_filter, ambiguous):
    """Refused only when event types overlap AND prefixes overlap AND suffixes overlap (§13 A4)."""
    text = BUCKET.format(first_events=first_events, first_filter=first_filter,
                         second_events=second_events, second_filter=second_filter)
    if not ambiguous:
        load_scenario_text(text, "s.yaml")
        return
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(text, "s.yaml")
    assert "ambiguously defined" in str(err.value)
    assert "resources.b.notifications[1]" in str(err.value)


# ---------------------------------------------------------------------- invariant

_TEXT = st.text(alphabet="ab/.", max_size=3)
_EVENTS = st.sampled_from(["s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Copy",
                           "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete"])
_NOTE = st.builds(lambda e, p, s: S3Notification(events=(e,), prefix=p or None, suffix=s or None,
                                                 function="f"), _EVENTS, _TEXT, _TEXT)


@settings(max_examples=300, deadline=None)
@given(a=_NOTE, b=_NOTE, key=st.text(alphabet="ab/.", max_size=6),
       event=st.sampled_from(["s3:ObjectCreated:Put", "s3:ObjectCreated:Copy",
                              "s3:ObjectRemoved:Delete"]))
def test_rules_s3_accepts_never_both_match_one_write(a, b, key, event):
    """If one write could trigger both rules, S3 calls them overlapping (and the relation is
    symmetric): so an accepted configuration sends at most one event per write."""
    assert overlap(a, b) == overlap(b, a)
    both = all(event_matches(n.events[0], event) and filter_matches(n, key) for n in (a, b))
    if both:
        assert overlap(a, b)
