"""The settings a node shows under its name, read from the configuration, never hand-written.

A teacher turned traffic-spike's reserved concurrency to 2 in the lab and the diagram still read
"price-order (reserved concurrency 5)": the number was written into the function's label. A
setting the diagram shows is worked out here from the resource, so a what-if re-run (which
redraws any text that changed, app.ui.lab.controller) shows the new value.
"""

from __future__ import annotations


def node_setting(resource) -> str | None:
    """The setting drawn after a node's kind (its subtitle), or None.

    In: a scenario resource model. Out: "reserved concurrency 5" for a function with reserved
    concurrency (§11), "2 shards" for a Kinesis stream (§5), "stream on" for a DynamoDB table
    whose stream is enabled (§5), an EventBridge rule's schedule in words ("every day at
    02:00 UTC") and "DISABLED" when it is turned off (§21)."""
    kind = resource.type
    if kind == "function" and resource.reserved_concurrent_executions is not None:
        return f"reserved concurrency {resource.reserved_concurrent_executions:,}"
    if kind == "kinesis_stream":
        count = resource.shard_count
        return f"{count} shard{'' if count == 1 else 's'}"
    if kind == "dynamodb_table" and resource.stream is not None and resource.stream.enabled:
        return "stream on"
    if kind == "eventbridge_rule":
        when = schedule_words(resource.schedule_expression) if resource.schedule_expression else None
        off = "DISABLED" if getattr(resource, "state", "ENABLED") == "DISABLED" else None
        return " · ".join(t for t in (when, off) if t) or None
    return None


def schedule_words(expression: str) -> str:
    """A schedule expression as a class reads it (§21): `rate(5 minutes)` → "every 5 minutes",
    `cron(0 2 * * ? *)` → "every day at 02:00 UTC"; any other cron is given as written."""
    text = expression.strip()
    if text.startswith("rate(") and text.endswith(")"):
        return "every " + text[5:-1].strip()
    if text.startswith("cron(") and text.endswith(")"):
        fields = text[5:-1].split()
        if (len(fields) == 6 and fields[0].isdigit() and fields[1].isdigit()
                and fields[2] in ("*", "?") and fields[3] == "*" and fields[4] in ("*", "?")
                and fields[5] == "*"):
            return f"every day at {int(fields[1]):02d}:{int(fields[0]):02d} UTC"
    return text
