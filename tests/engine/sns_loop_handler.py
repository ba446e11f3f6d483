"""A test-only handler: publishes the message it got back to the topic it came from (an SNS loop)."""

MEMORY_MB = 40


def handler(event, context):
    sns = event["Records"][0]["Sns"]
    context.sdk.sns.publish(TopicArn=sns["TopicArn"], Message=sns["Message"])
    return {"forwarded": True}
