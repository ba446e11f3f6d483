"""Chapter corrections stay in the chapter's scenarios (issue 8): the engine's narration of an
S3 invoke says nothing about "the chapter"; the built-in lesson adds its correction itself,
through a `narration:` entry with `note:` (docs/scenario-format.md)."""

from __future__ import annotations

import pytest

from app.engine import run
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario, load_scenario_text

# A teacher's own push lesson: two uploads, one function, nothing about the chapter.
PHOTOS = """
title: My photos
teaches: push
summary: An upload to photos triggers make-thumbnail.
resources:
  user: {type: actor, kind: user, policies: [{action: "s3:PutObject", resource: "arn:aws:s3:::photos/*"}]}
  photos:
    type: s3_bucket
    notifications: [{id: thumbs, events: ["s3:ObjectCreated:*"], suffix: .jpg, function: make-thumbnail}]
  thumbnail-role: {type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}
  make-thumbnail:
    type: function
    handler: builtin.echo
    role: thumbnail-role
    permissions:
      - {sid: AllowS3Invoke, principal: s3.amazonaws.com, source_arn: "arn:aws:s3:::photos", source_account: "123456789012"}
script:
  - {at: 0s, actor: user, action: put_object, bucket: photos, key: cat.jpg, body: meow}
  - {at: 5s, actor: user, action: put_object, bucket: photos, key: dog.jpg, body: woof}
"""

# the note names the chapter it corrects: a class sees no other mention of which chapter
CORRECTION = 'chapter "AWS Lambda: How It Works", which this lesson follows, credits the execution role here'


def test_a_teachers_own_s3_scenario_gets_no_chapter_talk():
    """lambda-behaviour.md §6 (RBP) is the fact; the chapter is not this teacher's text."""
    trace = run(load_scenario_text(PHOTOS))
    assert any(s.kind == "invoke" and s.source == "photos" for s in trace)
    assert not [s.index for s in trace if "chapter" in s.narration.lower()]


def test_the_built_in_lesson_still_corrects_the_chapter(scenarios_dir):
    trace = run(load_scenario(scenarios_dir / "photo-thumbnails.yaml"))
    invokes = [s for s in trace if s.kind == "invoke" and s.source == "photos"]
    # said once, at the first upload's invoke: a class heard it twice (a teacher's find)
    assert len(invokes) > 1 and [CORRECTION in s.narration for s in invokes] == [
        True] + [False] * (len(invokes) - 1)
    # the note follows the engine's own narration rather than replacing it
    assert all(s.narration.startswith("The bucket photos sends an Invoke request") for s in invokes)
    assert not [s for s in trace if CORRECTION in s.narration and s.kind != "invoke"]


def test_a_note_is_added_to_every_matching_step_or_the_nth():
    text = PHOTOS + """
narration:
  - {kind: invoke, source: photos, note: "Every S3 invoke."}
  - {kind: invoke, source: photos, nth: 2, note: "Only the second."}
  - {kind: invoke, source: photos, nth: 1, text: "Replaced."}
"""
    invokes = [s for s in run(load_scenario_text(text)) if s.kind == "invoke"]
    assert invokes[0].narration == "Replaced. Every S3 invoke."
    assert invokes[1].narration.endswith("Every S3 invoke. Only the second.")


@pytest.mark.parametrize("entry, words", [
    ("{kind: invoke}", "text or note"),
    ("{kind: invoke, text: a, note: b}", "text or note"),
])
def test_an_override_needs_text_or_note_not_both(entry, words):
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(PHOTOS + f"\nnarration:\n  - {entry}\n")
    assert words in str(error.value) and "narration" in str(error.value)
