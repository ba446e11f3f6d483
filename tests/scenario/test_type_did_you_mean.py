"""A resource `type` written as the service's short name (`sqs`) or in CloudFormation's words
(`AWS::SQS::Queue`) gets a did-you-mean for our type: difflib alone finds nothing for them."""

from __future__ import annotations

import pytest

from app.scenario.loader import load_scenario_text

TEXT = """\
title: t
resources:
  orders:
    type: {kind}
"""


@pytest.mark.parametrize("kind, meant", [
    ("sqs", "sqs_queue"), ("dynamodb", "dynamodb_table"), ("s3", "s3_bucket"),
    ("sns", "sns_topic"), ("kinesis", "kinesis_stream"), ("AWS::SQS::Queue", "sqs_queue"),
    ("AWS::Lambda::Function", "function"), ("lambda", "function"), ("queue", "sqs_queue"),
])
def test_a_short_service_name_as_type_gets_a_did_you_mean(kind, meant):
    with pytest.raises(Exception) as caught:
        load_scenario_text(TEXT.format(kind=kind), "s.yaml")
    assert f"unknown type '{kind}' (did you mean '{meant}'?)" in str(caught.value)


def test_a_word_no_type_shares_gets_no_guess():
    with pytest.raises(Exception) as caught:
        load_scenario_text(TEXT.format(kind="banana"), "s.yaml")
    assert "did you mean" not in str(caught.value)
