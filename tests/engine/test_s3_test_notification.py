"""S3's test notification to SNS and SQS destinations is named among what a run leaves out.

Source: docs/reference/lambda-behaviour.md §7 (PBNC, PutBucketNotificationConfiguration): S3
checks an SNS or SQS destination by sending it a test notification (s3:TestEvent, no Records),
which subscribers receive like any message; a Lambda destination gets a permission check instead.
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_topic_destination_names_the_test_notification():
    trace = run(load_scenario(ROOT / "scenarios" / "fan-out-sns.yaml"))
    text = trace.not_simulated["S3 test notification"]
    assert "s3:TestEvent with no Records" in text and "SNS topic and SQS queue" in text


def test_function_destination_has_no_test_notification():
    trace = run(load_scenario(ROOT / "scenarios" / "photo-thumbnails.yaml"))
    assert "S3 delivery" in trace.not_simulated
    assert "S3 test notification" not in trace.not_simulated
