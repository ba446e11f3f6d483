"""IAM policy pieces as a scenario file writes them.

Field names are the snake_case of the IAM policy grammar (Effect → effect, Action → action);
`action` and `resource` take one string or a list, as IAM does.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from app.scenario.fields import STRICT, Name
from app.scenario.versions import Qualifier


def _as_list(value):
    return [value] if isinstance(value, str) else value


StrList = Annotated[tuple[str, ...], BeforeValidator(_as_list)]

# AWS managed policies the teaching scenarios need, with the actions AWS documents for them
# (lambda-behaviour.md §6, sources MPK and MPD).
LOGS_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
MANAGED_POLICIES: dict[str, tuple[str, ...]] = {
    "AWSLambdaBasicExecutionRole": LOGS_ACTIONS,
    "AWSLambdaKinesisExecutionRole": (
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
        "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
        "kinesis:SubscribeToShard", *LOGS_ACTIONS),
    "AWSLambdaDynamoDBExecutionRole": (
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
        "dynamodb:ListStreams", *LOGS_ACTIONS),
    # lambda-behaviour.md §14 (SQSCFG, SQS22): what a mapping needs to read a queue.
    "AWSLambdaSQSQueueExecutionRole": (
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", *LOGS_ACTIONS),
}


class PolicyStatement(BaseModel):
    """One statement of an identity policy (attached to a role or an app's user)."""

    model_config = STRICT
    sid: str | None = None
    effect: Literal["Allow", "Deny"] = "Allow"
    action: StrList = Field(min_length=1, description="e.g. s3:GetObject, or a list; * wildcards allowed")
    resource: StrList = Field(default=("*",), description="ARN or list of ARNs; * wildcards allowed")


class TrustStatement(BaseModel):
    """Who may assume a role (the role's trust policy)."""

    model_config = STRICT
    principal: str = Field(description="service principal such as lambda.amazonaws.com, "
                                       "or cognito-identity.amazonaws.com")
    action: str = Field(default="sts:AssumeRole",
                        description="sts:AssumeRole, or sts:AssumeRoleWithWebIdentity for Cognito")
    identity_pool: Name | None = Field(
        default=None, description="Cognito only: the pool allowed (condition cognito-identity.amazonaws.com:aud)")
    amr: Literal["authenticated", "unauthenticated"] | None = Field(
        default=None, description="Cognito only: condition cognito-identity.amazonaws.com:amr")


def _trust_shorthand(value):
    """`trusts: lambda.amazonaws.com` is shorthand for one sts:AssumeRole statement; one
    long-form statement may be written without the list too, as the JSON Schema allows."""
    if isinstance(value, str):
        return [{"principal": value}]
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [{"principal": v} if isinstance(v, str) else v for v in value]
    return value


TrustList = Annotated[tuple[TrustStatement, ...], BeforeValidator(_trust_shorthand)]


class FunctionPermission(BaseModel):
    """One statement of a function's resource-based policy, as AddPermission creates it."""

    model_config = STRICT
    sid: str = Field(description="StatementId")
    principal: str = Field(description="e.g. s3.amazonaws.com, apigateway.amazonaws.com, or an account id")
    action: str = Field(default="lambda:InvokeFunction")
    source_arn: str | None = Field(default=None, description="SourceArn condition; * wildcards allowed")
    source_account: str | None = Field(default=None, description="SourceAccount condition")
    qualifier: Qualifier | None = Field(default=None, description="Qualifier: a version or alias; the "
                                                            "statement then covers only that ARN (§18)")
