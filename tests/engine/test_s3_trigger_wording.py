"""S3's detect step calls the bucket's notification configuration a trigger, not an event source
mapping: in today's AWS terms an event source mapping is the Lambda resource that polls streams
and queues, while S3 pushes events from its own notification configuration
(docs/reference/lambda-behaviour.md §7 and §14;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html)."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_s3_detect_step_keeps_the_point_without_calling_it_an_event_source_mapping():
    lesson = load_scenario(ROOT / "scenarios" / "photo-thumbnails.yaml")
    # The engine's own words, without the lesson's narration notes (which quote the chapter).
    scenario = lesson.model_copy(update={"narration": []})
    detects = [s for s in run(scenario) if s.kind == "detect" and "no-match" not in s.tags]
    assert detects
    for step in detects:
        assert "event source mapping for S3" not in step.narration
        assert "lives in the bucket, not in Lambda" in step.narration
        assert "trigger" in step.narration


def test_scenario_format_doc_does_not_call_s3_notifications_an_event_source_mapping():
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert "for S3, this is where the event source mapping lives" not in text


def test_photo_thumbnails_keeps_the_chapters_wording_once_as_a_note():
    scenario = load_scenario(ROOT / "scenarios" / "photo-thumbnails.yaml")
    detects = [s for s in run(scenario) if s.kind == "detect"]
    quoting = [s for s in detects if 'The chapter "AWS Lambda: How It Works" calls this notification configuration' in s.narration]
    assert len(quoting) == 1
