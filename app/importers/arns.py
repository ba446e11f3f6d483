"""The ARN of a resource the importer writes, built in one place (the formats are AWS's own, as
the engine builds them in app.engine.simulation, so policies the importer writes match)."""

from __future__ import annotations

_FORMATS = {
    "function": "arn:aws:lambda:{region}:{account}:function:{name}",
    "s3_bucket": "arn:aws:s3:::{name}",
    "sqs_queue": "arn:aws:sqs:{region}:{account}:{name}",
    "sns_topic": "arn:aws:sns:{region}:{account}:{name}",
    "dynamodb_table": "arn:aws:dynamodb:{region}:{account}:table/{name}",
    "kinesis_stream": "arn:aws:kinesis:{region}:{account}:stream/{name}",
    "iam_role": "arn:aws:iam::{account}:role/{name}",
    "eventbridge_rule": "arn:aws:events:{region}:{account}:rule/{name}",
}
# CloudFormation types whose `!GetAtt X.Arn` is one of the ARNs above.
ARN_KIND = {"AWS::Lambda::Function": "function", "AWS::S3::Bucket": "s3_bucket",
            "AWS::SQS::Queue": "sqs_queue", "AWS::SNS::Topic": "sns_topic",
            "AWS::DynamoDB::Table": "dynamodb_table", "AWS::Kinesis::Stream": "kinesis_stream",
            "AWS::IAM::Role": "iam_role", "AWS::Events::Rule": "eventbridge_rule"}


def arn(kind: str, name: str, region: str, account: str) -> str:
    """The ARN of the scenario resource `name` of type `kind` (a key of the table above, e.g.
    `sqs_queue`) in `region` and `account`; KeyError for a kind without one. A bucket's objects
    are `arn(...) + "/*"`, a function version or alias `arn(...) + ":QUALIFIER"`."""
    return _FORMATS[kind].format(region=region, account=account, name=name)
