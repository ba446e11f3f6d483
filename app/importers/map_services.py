"""The event sources and destinations of a template as scenario resources: S3 buckets (with
their notification configuration), SQS queues (redrive, queue policy), SNS topics
(subscriptions, topic policy), DynamoDB tables (streams), Kinesis streams, EventBridge rules,
API Gateway REST APIs (OpenAPI body or Resource/Method resources) and Cognito identity pools.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.importers.arns import arn
from app.importers.context import (Context, as_bool, as_int, as_list, as_object, copy_ints,
                                   unqualify_permissions)


def map_tables_and_streams(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::DynamoDB::Table"):
        table: dict[str, Any] = {"type": "dynamodb_table"}
        for key in as_list(props.get("KeySchema")):
            if isinstance(key, dict) and key.get("KeyType") == "HASH":
                table["partition_key"] = str(key.get("AttributeName"))
            elif isinstance(key, dict) and key.get("KeyType") == "RANGE":
                table["sort_key"] = str(key.get("AttributeName"))
        view = (props.get("StreamSpecification") or {}).get("StreamViewType")
        if view:
            table["stream"] = {"view_type": str(view)}
        ctx.out[ctx.names.name(logical)] = table
        ctx.rest(logical, props, {"TableName", "KeySchema", "StreamSpecification",
                                  "AttributeDefinitions"})
    for logical, props in ctx.of_type("AWS::Kinesis::Stream"):
        stream: dict[str, Any] = {"type": "kinesis_stream"}
        shards = as_int(props.get("ShardCount"))
        if shards:
            stream["shard_count"] = max(1, min(shards, 64))
            if shards > 64:
                ctx.guessed.append(f"{logical}: ShardCount {shards} simulated as 64 shards")
        hours = as_int(props.get("RetentionPeriodHours"))
        if hours:
            stream["retention_period_hours"] = hours
        ctx.out[ctx.names.name(logical)] = stream
        ctx.rest(logical, props, {"Name", "ShardCount", "RetentionPeriodHours"})


def map_queues(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::SQS::Queue"):
        queue: dict[str, Any] = {"type": "sqs_queue"}
        if as_bool(props.get("FifoQueue")):
            queue["fifo"] = True
            if as_bool(props.get("ContentBasedDeduplication")):
                queue["content_based_deduplication"] = True
        copy_ints(queue, props, (("visibility_timeout", "VisibilityTimeout"),
                                 ("message_retention_period", "MessageRetentionPeriod")))
        redrive = as_object(props.get("RedrivePolicy"))
        if redrive is not None:
            dlq = ctx.lookup(redrive.get("deadLetterTargetArn"))
            count = as_int(redrive.get("maxReceiveCount"))
            if dlq and dlq.kind == "sqs_queue" and count:
                queue["redrive_policy"] = {"dead_letter_queue": dlq.name, "max_receive_count": count}
            else:
                ctx.leave_out(logical, "RedrivePolicy", "its dead-letter queue is not in the template")
        ctx.out[ctx.names.name(logical)] = queue
        ctx.rest(logical, props, {"QueueName", "FifoQueue", "VisibilityTimeout",
                                  "MessageRetentionPeriod", "RedrivePolicy",
                                  *(("ContentBasedDeduplication",) if queue.get("fifo") else ())})
    for logical, props in ctx.of_type("AWS::SQS::QueuePolicy"):
        _resource_policy(ctx, logical, props, "Queues", "sqs_queue", "sqs:SendMessage")


def map_topics(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::SNS::Topic"):
        topic: dict[str, Any] = {"type": "sns_topic"}
        ctx.out[ctx.names.name(logical)] = topic
        for sub in as_list(props.get("Subscription")):
            if isinstance(sub, dict):
                _subscribe(ctx, logical, ctx.names.name(logical), sub.get("Protocol"), sub.get("Endpoint"))
        ctx.rest(logical, props, {"TopicName", "Subscription"})
    for logical, props in ctx.of_type("AWS::SNS::Subscription"):
        topic = ctx.lookup(props.get("TopicArn"))
        if topic is None or topic.kind != "sns_topic":
            ctx.leave_out(logical, "AWS::SNS::Subscription", "its topic is not in the template")
            continue
        _subscribe(ctx, logical, topic.name, props.get("Protocol"), props.get("Endpoint"))
        ctx.rest(logical, props, {"TopicArn", "Protocol", "Endpoint"})
    for logical, props in ctx.of_type("AWS::SNS::TopicPolicy"):
        _resource_policy(ctx, logical, props, "Topics", "sns_topic", "sns:Publish")


def _subscribe(ctx: Context, logical: str, topic: str, protocol: Any, endpoint: Any) -> None:
    found = ctx.lookup(endpoint)
    if protocol == "lambda" and found and found.kind == "function":
        if found.qualifier:
            ctx.guessed.append(f"{logical}: SNS invokes {found.ref}; the lesson subscribes {found.name} itself")
            unqualify_permissions(ctx, found.name, "sns.amazonaws.com")
        ctx.out[topic].setdefault("subscriptions", []).append({"function": found.name})
    elif protocol == "sqs" and found and found.kind == "sqs_queue":
        ctx.out[topic].setdefault("subscriptions", []).append({"queue": found.name})
    else:
        ctx.leave_out(logical, f"subscription {protocol} {endpoint}", "only lambda and sqs "
                      "subscriptions to resources of the template are simulated")


_CONDITION_OPS = {"arnequals", "arnlike", "stringequals", "stringlike"}
_CONDITION_KEYS = {"aws:sourcearn": "source_arn", "aws:sourceaccount": "source_account"}


def _resource_policy(ctx: Context, logical: str, props: dict, key: str, kind: str, action: str) -> None:
    """A queue or topic policy → `permissions` of each queue or topic it names.

    Each Allow statement becomes one permission per principal (a service, `*`, AWS `*`, an
    account id or an IAM ARN) and per aws:SourceArn / aws:SourceAccount value it allows (IAM
    ORs a condition's values): SAM's `SqsSubscription: true` writes Principal `*` with an
    aws:SourceArn condition naming the topic, and SNS then delivers (AWS "Basic examples of
    Amazon SQS policies", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html).
    A statement the scenario cannot express (Deny, NotPrincipal/NotAction, another condition)
    is listed as left out with the reason."""
    holders = [t for t in (ctx.lookup(v) for v in as_list(props.get(key))) if t and t.kind == kind]
    document = props.get("PolicyDocument") or {}
    for i, st in enumerate(as_list(document.get("Statement") if isinstance(document, dict) else None)):
        if not isinstance(st, dict):
            continue
        permissions, why = _statement_permissions(st, f"{logical}{i + 1}", action)
        if why:
            ctx.leave_out(logical, f"statement {i + 1} ({_describe(st)})",
                          f"{why}; the lesson's {kind.split('_')[1]} policy lacks it, so the "
                          f"lesson may decide differently from AWS")
            ctx.policy_gaps.append(ctx.left_out[-1])
            continue
        for holder in holders:
            ctx.out[holder.name].setdefault("permissions", []).extend(dict(p) for p in permissions)
    if not holders:
        ctx.leave_out(logical, key, "names no resource of the template")
    ctx.rest(logical, props, {key, "PolicyDocument"})


def _statement_permissions(st: dict, default_sid: str, action: str) -> tuple[list[dict], str | None]:
    """The permissions one policy statement grants, or ([], why it cannot be simulated)."""
    if st.get("Effect", "Allow") != "Allow":
        return [], f"a {st.get('Effect')} statement cannot be simulated (permissions only allow)"
    for unsupported in ("NotPrincipal", "NotAction", "NotResource"):
        if unsupported in st:
            return [], f"{unsupported} cannot be simulated"
    principal = st.get("Principal")
    if principal == "*":
        principals = ["*"]
    elif isinstance(principal, dict):
        principals = [str(p) for k in ("Service", "AWS") for p in as_list(principal.get(k))]
        if set(principal) - {"Service", "AWS"}:
            return [], f"principal {sorted(set(principal) - {'Service', 'AWS'})[0]} cannot be simulated"
    else:
        principals = []
    if not principals:
        return [], "it names no principal"
    actions = [str(a) for a in as_list(st.get("Action"))]
    chosen = action if action in actions or not actions else actions[0]
    values: dict[str, list[str]] = {}
    condition = st.get("Condition") or {}
    if not isinstance(condition, dict):
        return [], "its Condition is not a mapping"
    for op, test in condition.items():
        for cond_key, value in (test.items() if isinstance(test, dict) else ()):
            field = _CONDITION_KEYS.get(str(cond_key).lower())
            if field is None or str(op).lower() not in _CONDITION_OPS or field in values:
                return [], f"the condition {op} {cond_key} cannot be simulated (only ArnEquals, " \
                           f"ArnLike, StringEquals and StringLike on aws:SourceArn and aws:SourceAccount)"
            values[field] = [str(v) for v in as_list(value)]
            if not values[field]:
                return [], f"the condition {op} {cond_key} has no value"
    combos: list[dict[str, Any]] = [{}]
    for field, options in values.items():
        combos = [{**c, field: v} for c in combos for v in options]
    out = []
    sid = str(st.get("Sid") or default_sid)
    for principal_name in principals:
        for combo in combos:
            permission: dict[str, Any] = {"sid": sid, "principal": principal_name}
            if chosen != action:
                permission["action"] = chosen
            permission.update(combo)
            out.append(permission)
    if len(out) > 1:
        for n, permission in enumerate(out, 1):
            permission["sid"] = f"{sid}-{n}"
    return out, None


def _describe(st: dict) -> str:
    """A short label of a statement for the left-out list: its Sid, effect and principal."""
    principal = st.get("Principal", st.get("NotPrincipal"))
    text = f"{st.get('Effect', 'Allow')} {json.dumps(principal) if principal is not None else 'no principal'}"
    return f"{st['Sid']}: {text}" if st.get("Sid") else text


def map_buckets(ctx: Context) -> None:
    kinds = (("LambdaConfigurations", "Function", "function"), ("TopicConfigurations", "Topic", "sns_topic"),
             ("QueueConfigurations", "Queue", "sqs_queue"))
    for logical, props in ctx.of_type("AWS::S3::Bucket"):
        bucket: dict[str, Any] = {"type": "s3_bucket"}
        if (props.get("VersioningConfiguration") or {}).get("Status") == "Enabled":
            bucket["versioning"] = True
        config = props.get("NotificationConfiguration") or {}
        for section, key, kind in kinds:
            for entry in as_list(config.get(section)):
                if not isinstance(entry, dict):
                    continue
                found = ctx.lookup(entry.get(key))
                if found is None or found.kind != kind:
                    ctx.leave_out(logical, f"{section} to {entry.get(key)}", "not a resource of the template")
                    continue
                notification: dict[str, Any] = {"events": [str(entry.get("Event"))]}
                for rule in as_list(((entry.get("Filter") or {}).get("S3Key") or {}).get("Rules")):
                    if isinstance(rule, dict) and str(rule.get("Name", "")).lower() in ("prefix", "suffix"):
                        notification[str(rule["Name"]).lower()] = str(rule.get("Value"))
                notification[{"function": "function", "sns_topic": "topic", "sqs_queue": "queue"}[kind]] = found.ref
                bucket.setdefault("notifications", []).append(notification)
        for section in config:
            if section not in {s for s, _, _ in kinds}:
                ctx.leave_out(logical, f"NotificationConfiguration.{section}")
        ctx.out[ctx.names.name(logical)] = bucket
        ctx.rest(logical, props, {"BucketName", "VersioningConfiguration", "NotificationConfiguration"})


def map_rules(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::Events::Rule"):
        rule: dict[str, Any] = {"type": "eventbridge_rule"}
        if props.get("ScheduleExpression"):
            rule["schedule_expression"] = str(props["ScheduleExpression"])
        pattern = as_object(props.get("EventPattern"))
        if pattern is not None:
            rule["event_pattern"] = pattern
        if props.get("State") == "DISABLED":
            rule["state"] = "DISABLED"
        targets = []
        for target in as_list(props.get("Targets")):
            found = ctx.lookup((target or {}).get("Arn")) if isinstance(target, dict) else None
            if found and found.kind == "function":
                if found.qualifier:
                    ctx.guessed.append(f"{logical}: the rule invokes {found.ref}; the lesson targets {found.name} itself")
                    unqualify_permissions(ctx, found.name, "events.amazonaws.com")
                targets.append(found.name)
                extra = set(target) - {"Arn", "Id"}
                for key in sorted(extra):
                    ctx.leave_out(logical, f"target {target.get('Id')} {key}")
            else:
                ctx.leave_out(logical, f"target {target}", "only functions of the template are simulated as targets")
        if not targets or ("schedule_expression" in rule) == ("event_pattern" in rule):
            ctx.leave_out(logical, "AWS::Events::Rule", "no function target, or not one schedule or pattern")
            continue
        rule["targets"] = targets[:5]
        if props.get("EventBusName") not in (None, "default"):
            ctx.guessed.append(f"{logical}: on the event bus {props['EventBusName']}, simulated on the default bus")
        ctx.out[ctx.names.name(logical)] = rule
        ctx.rest(logical, props, {"Name", "ScheduleExpression", "EventPattern", "State", "Targets",
                                  "EventBusName", "Description"})


_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$")


def map_scheduler(ctx: Context) -> None:
    """AWS::Scheduler::Schedule (SAM `ScheduleV2`) → an eventbridge_rule with a schedule.

    EventBridge Scheduler invokes with its own role (Target.RoleArn), not through the
    function's resource-based policy as an EventBridge rule does; the lesson simulates it as a
    rule and adds the permission a rule needs, and lists that as guessed."""
    for logical, props in ctx.of_type("AWS::Scheduler::Schedule"):
        target = props.get("Target") if isinstance(props.get("Target"), dict) else {}
        found = ctx.lookup(target.get("Arn"))
        expression = str(props.get("ScheduleExpression", ""))
        rate = _RATE.match(expression)
        if rate:  # Scheduler accepts `rate(5 minute)`; EventBridge rules want the plural
            value, unit = int(rate.group(1)), rate.group(2)
            expression = f"rate({value} {unit}{'' if value == 1 else 's'})"
        if found is None or found.kind != "function" or not expression.startswith(("rate(", "cron(")):
            ctx.leave_out(logical, "AWS::Scheduler::Schedule", "only rate and cron schedules that "
                          "invoke a function of the template are simulated")
            continue
        name = ctx.names.name(logical)
        rule: dict[str, Any] = {"type": "eventbridge_rule", "schedule_expression": expression,
                                "targets": [found.name]}
        if props.get("State") == "DISABLED":
            rule["state"] = "DISABLED"
        ctx.out[name] = rule
        ctx.out[found.name].setdefault("permissions", []).append({
            "sid": f"{logical}Invoke", "principal": "events.amazonaws.com",
            "source_arn": arn("eventbridge_rule", name, ctx.region, ctx.account)})
        ctx.guessed.append(f"{logical}: an EventBridge Scheduler schedule, simulated as an "
                           f"EventBridge rule; Scheduler would invoke {found.name} with its role "
                           f"{target.get('RoleArn', '')}, the lesson gives {found.name} a "
                           f"resource-based permission for events.amazonaws.com instead")
        ctx.rest(logical, props, {"Name", "ScheduleExpression", "Target", "State",
                                  "FlexibleTimeWindow", "Description"})
