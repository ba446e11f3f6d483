"""A test-only handler: invokes its own function again, asynchronously (a Lambda-only loop)."""

MEMORY_MB = 40


def handler(event, context):
    context.sdk.lambda_.invoke(FunctionName=context.function_name, InvocationType="Event",
                               Payload=event)
    return {"forwarded": True}
