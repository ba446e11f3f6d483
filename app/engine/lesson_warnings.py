"""Warnings from a run: a lesson that is valid but cannot work the way its author evidently meant.

`check` runs a valid file (app.engine.script_outcomes) and then asks, of the trace:
- did a script entry get refused for a permission nobody denied on purpose (an implicit deny:
  no statement allows it), i.e. one the author probably forgot? An entry's `expect: denied` says
  the refusal is the lesson (then an allowed call is warned instead); `expect: allowed` warns of
  any refusal, explicit Deny included.
- was a guest's Invoke refused by Cognito's session policy for guests under the enhanced flow
  (it allows no Lambda action; the classic flow with `allow_classic_flow: true` is the way,
  docs/reference/lambda-behaviour.md §10, https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html)?
- is there a function nothing ever invokes, a stream mapping whose source never gets a record,
  or an S3 notification no write ever matches?

Each warning is a `ConfigWarning` (data path + message, "warning: …" first, with the fix).
A run cut short by the step cap or `stop_after` gives no "never" warnings: the rest may come later.
Qt-free.
"""

from __future__ import annotations

import re

from app.engine.api_id_advice import api_id_advice
from app.engine.config_warnings import ConfigWarning
from app.engine.events.s3 import encode_key
from app.engine.never_invoked import functions_never_invoked
from app.engine.push_permission_warnings import PUSH_PRINCIPALS
from app.engine.s3_notifications import matching_configurations
from app.engine.script_outcomes import AttributedRun, blocking_steps
from app.scenario.advice import (add_item, add_managed_policy, add_permission,
                                 flow, permission_items, scalar)
from app.scenario.policy_warnings import explains_refusal

GUEST_SESSION_POLICY = "AmazonCognitoUnAuthedIdentitiesSessionPolicy"


def run_warnings(scenario, attributed: AttributedRun) -> list[ConfigWarning]:
    """All run-based warnings, script entries first, then resources in file order."""
    out = _denied_entries(scenario, attributed)
    steps = attributed.trace.steps
    if any(s.kind == "not-simulated" and s.caveat and "stops" in s.caveat for s in steps[-1:]):
        return out  # cut short: "never" is not known
    blocking = blocking_steps(attributed.trace)
    sources = (_mappings_without_records(scenario, steps, blocking)
               + _notifications_never_matched(scenario, steps, blocking))
    covered = {function for _, function in sources}  # their own warning names the function
    out += functions_never_invoked(scenario, steps, covered)
    return out + [warning for warning, _ in sources if warning is not None]


def _denied_entries(scenario, attributed: AttributedRun) -> list[ConfigWarning]:
    out = []
    forgotten: dict[tuple, list] = {}  # (policy, owner) → the (entry, decision)s it refused
    for index, stimulus in enumerate(scenario.script):
        denied = next((s for s in attributed.steps_of(index)
                       if s.permission is not None and s.permission.decision == "deny"), None)
        expect = getattr(stimulus, "expect", None)
        if expect == "denied":
            if denied is None:
                out.append(ConfigWarning(("script", index), (
                    f"warning: this entry says `expect: denied`, but {stimulus.actor}'s call is "
                    f"allowed, so the run does not show the refusal the lesson is about. Remove the "
                    f"statement that allows it, or drop `expect: denied`.")))
            continue
        if denied is None:
            continue
        p = denied.permission
        if expect == "allowed":
            out.append(ConfigWarning(("script", index), (
                f"warning: this entry says `expect: allowed`, but {p.principal} is refused "
                f"{p.action} on {p.resource}: {p.reason or p.policy}. Change the policy, or drop "
                f"`expect: allowed`.")))
        elif GUEST_SESSION_POLICY in (p.reason or "") + p.policy:
            out.append(ConfigWarning(("script", index), (
                f"warning: {stimulus.actor} has guest credentials from the enhanced flow, and "
                f"Cognito cuts those down with a session policy that allows no Lambda action, "
                f"whatever the guest role allows: this {p.action} is always refused. To let a guest "
                f"call Lambda, {_classic_flow(scenario, stimulus.actor, index)} (or put API "
                f"Gateway in front, or have the user sign in); if the refusal is the lesson, write "
                f"`expect: denied` on script[{index}]. See lambda-behaviour.md §10.")))
        elif (p.matched is None and p.policy not in ("temporary credentials", "none")
              and p.principal not in PUSH_PRINCIPALS  # their own warning names the fix
              and not explains_refusal(scenario, p)):  # a typo in a statement: warned at its line
            forgotten.setdefault((p.policy, _owner(p.policy)), []).append((index, p))
    for (_, owner), refused in forgotten.items():
        out.append(_forgotten_statement(scenario, owner, refused))
    return out


def _classic_flow(scenario, actor: str, index: int) -> str:
    """The two edits that let a guest use the classic flow: on its get_credentials entry (the
    last one before `index`) and on that entry's identity pool."""
    found = [(i, e) for i, e in enumerate(scenario.script[:index])
             if getattr(e, "action", "") == "get_credentials" and e.actor == actor]
    if not found:
        return ("use `flow: classic` on its get_credentials entry and `allow_classic_flow: true` "
                "on the identity pool")
    i, entry = found[-1]
    pool = scenario.resources.get(entry.identity_pool)
    allow = ("" if getattr(pool, "allow_classic_flow", False)
             else f" and add to {entry.identity_pool}: `allow_classic_flow: true`")
    return f"write `flow: classic` on script[{i}]{allow}"


_OWNERS = re.compile(r"^(?:identity policy of role |identity policy of |resource-based policy of "
                     r"|queue policy of |topic policy of |trust policy of )(\S+)$")


def _owner(policy: str) -> str | None:
    """The resource whose policy refused: a role, an actor, a function, a queue or a topic."""
    match = _OWNERS.match(policy)
    return match.group(1) if match else None


def _forgotten_statement(scenario, owner: str | None, refused: list) -> ConfigWarning:
    """Implicit denies nobody meant, all from one policy: the warning stands where the missing
    statements belong (the role's `policies:`, the function's `permissions:`, …) and names them,
    ready to paste; every entry they refused is listed."""
    entries = list(dict.fromkeys(i for i, _ in refused))
    decisions = list(dict.fromkeys(p for _, p in refused))
    p = decisions[0]
    which = ", ".join(f"script[{i}]" for i in entries)
    one = "this entry" if len(entries) == 1 else "those entries"
    pairs = list(dict.fromkeys((d.action, d.resource) for d in decisions))  # one line per call
    calls = "; ".join(f"{a} on {r}" for a, r in pairs[:3]) + ("; …" if len(pairs) > 3 else "")
    head = (f"warning: {p.principal} is refused {calls} ({which}): no statement in the "
            f"{p.policy} allows it.")
    tail = ("if the refusal is the lesson, write `expect: denied` on "
            + " and on ".join(f"script[{i}]" for i in entries))
    resource = scenario.resources.get(owner) if owner else None
    if resource is None:
        return ConfigWarning(("script", entries[0]), (
            f"{head} If the lesson means {one} to work, allow it there; {tail}."))
    note = ""
    if p.policy.startswith(("resource-based", "queue policy", "topic policy")):
        key = "permissions"
        items = list(dict.fromkeys(
            (d.principal, _source_arn(d.source_arn),
             None if d.action == _DEFAULT_ACTION.get(resource.type) else d.action) for d in decisions))
        advice = add_item(scenario, owner, "permissions", permission_items(scenario, owner, items))
        if resource.type == "function":
            note = (" (a statement in the execution role does not help: that role is what the "
                    "function may call, not who may call it)")
            pinned = api_id_advice(scenario, owner, decisions)  # ids derived from the seed
            if pinned is not None:
                head += f" {pinned.note}" if pinned.note else ""
                pins = " and ".join(pinned.pins)
                if pinned.replaces:
                    advice, note = (f"{pins} (or update the statement's source_arn to the new id, which "
                                    f"lasts only until the seed changes again)"), ""
                else:
                    advice += f", and {pins} so the ARN stays right when the seed changes"
    elif p.policy.startswith("trust policy"):
        key = "trusts"
        advice = add_item(scenario, owner, "trusts", _trust_item(scenario, owner, p))
    else:
        key = "policies"
        advice = add_item(scenario, owner, "policies", _identity_statements(decisions))
    path = ("resources", owner, key) if getattr(resource, key, None) else ("resources", owner)
    return ConfigWarning(path, (
        f"{head} If the lesson means {one} to work, {advice}{note}; {tail}."))


def _identity_statements(decisions) -> list[str]:
    """One Allow statement per action for the refused calls; several objects of one bucket
    become `arn:aws:s3:::BUCKET/*`."""
    by_action: dict[str, list[str]] = {}
    for d in decisions:
        by_action.setdefault(d.action, []).append(d.resource)
    out = []
    for action, resources in by_action.items():
        resources = list(dict.fromkeys(resources))
        if len(resources) > 1:
            buckets = {r.split("/", 1)[0] for r in resources if r.startswith("arn:aws:s3:::") and "/" in r}
            if len(buckets) == 1 and all(r.startswith(next(iter(buckets)) + "/") for r in resources):
                resources = [next(iter(buckets)) + "/*"]
        resource = resources[0] if len(resources) == 1 else "[" + ", ".join(scalar(r) for r in resources) + "]"
        out.append("{action: " + scalar(action) + ", resource: "
                   + (resource if resource.startswith("[") else scalar(resource)) + "}")
    return out


_DEFAULT_ACTION = {"function": "lambda:InvokeFunction", "sqs_queue": "sqs:SendMessage",
                   "sns_topic": "sns:Publish"}


def _source_arn(arn: str | None) -> str | None:
    """The source_arn to suggest for a refused call that carried the aws:SourceArn `arn` (a
    decision's `source_arn`): API Gateway's with any stage (`API-ID/*/METHOD/PATH`), as the
    console writes it."""
    if arn is None:
        return None
    if arn.startswith("arn:aws:execute-api:"):
        head, _, rest = arn.rpartition(":")
        parts = rest.split("/")
        if len(parts) >= 2:
            parts[1] = "*"
        arn = f"{head}:{'/'.join(parts)}"
    return arn


def _trust_item(scenario, role: str, p) -> str:
    """The trust statement that lets `p.principal` assume `role` (Cognito: with the pool and amr)."""
    if p.action == "sts:AssumeRole":
        return scalar(p.principal)
    for pool, res in scenario.of_type("cognito_identity_pool").items():
        for amr, key in (("authenticated", "authenticated_role"), ("unauthenticated", "unauthenticated_role")):
            if getattr(res, key, None) == role:
                return flow({"principal": p.principal, "action": p.action, "identity_pool": pool,
                             "amr": amr})
    return flow({"principal": p.principal, "action": p.action})


# The script actions that write to each kind of mapping source.
_WRITES = {"sqs_queue": "send_message", "kinesis_stream": "put_record",
           "dynamodb_table": "put_item, update_item or delete_item"}

# What the execution role needs to read each kind of source, and the managed policy that has it
# (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions and the
# Kinesis and DynamoDB pages beside it).
_READS = {"sqs_queue": ("AWSLambdaSQSQueueExecutionRole",
                        "sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes"),
          "kinesis_stream": ("AWSLambdaKinesisExecutionRole",
                             "kinesis:GetRecords, kinesis:GetShardIterator, kinesis:DescribeStream "
                             "and kinesis:ListShards"),
          "dynamodb_table": ("AWSLambdaDynamoDBExecutionRole",
                             "dynamodb:GetRecords, dynamodb:GetShardIterator, "
                             "dynamodb:DescribeStream and dynamodb:ListStreams")}


def _mappings_without_records(scenario, steps, blocking) -> list[tuple[ConfigWarning, str]]:
    out = []
    for name, esm in scenario.of_type("event_source_mapping").items():
        if not esm.enabled:
            continue  # switched off on purpose
        prefix = f"{name}/"
        # A batch runs under its mapping's flow, unless its messages carry another flow (a
        # message SNS or function code sent, §13 A2c): a receive from the source counts too.
        if not any(s.flow and s.flow.startswith(prefix) or _received_from(s, esm.source) for s in steps):
            source = esm.source
            kind = getattr(scenario.resources.get(source), "type", "")
            poll = blocking.get(source)
            if poll is not None and poll.kind == "poll":
                role = scenario.resources[esm.function].role if esm.function in scenario.resources else ""
                policy, actions = _READS.get(kind, ("", poll.permission.action if poll.permission else ""))
                arn = poll.permission.resource if poll.permission is not None else source
                fix = (f"{add_managed_policy(scenario, role, policy)} (it allows {actions})"
                       if policy else f"allow {actions} on {arn} in {role}")
                out.append((ConfigWarning(("resources", name), (
                    f"warning: the mapping {name} never gets a record: {poll.summary}. Lambda "
                    f"polls {source} with {esm.function}'s execution role, {role}, which does not "
                    f"allow it, so {esm.function} never runs from it. To fix it, {fix}.")),
                    esm.function))
                continue
            if any(_refused_write(scenario, s, source) for s in steps):
                out.append((None, esm.function))  # a refused write (warned itself) is the cause
                continue
            writes = _WRITES.get(kind, "put_record, put_item, …")
            out.append((ConfigWarning(("resources", name), (
                f"warning: the mapping {name} never gets a record: nothing in the run writes to "
                f"{source}, so {esm.function} never runs from it. Add a script entry that writes "
                f"to {source} ({writes}).")), esm.function))
    return out


def _refused_write(scenario, step, source: str) -> bool:
    """A step in which a write to `source` (a queue, stream or table) was refused, or in which
    a function whose code writes to it (`options.to`) may not be invoked."""
    p = step.permission
    if p is None or p.decision != "deny":
        return False
    if p.action.split(":")[-1] in _WRITE_ACTIONS:
        return step.target == source or p.resource.endswith((f":{source}", f"/{source}"))
    writers = [name for name, fn in scenario.of_type("function").items()
               if getattr(fn.options, "get", None) and fn.options.get("to") == source]
    return p.action == "lambda:InvokeFunction" and any(
        p.resource.endswith(f":function:{w}") or f":function:{w}:" in p.resource for w in writers)


_WRITE_ACTIONS = ("SendMessage", "SendMessageBatch", "PutRecord", "PutRecords", "PutItem",
                  "UpdateItem", "DeleteItem", "BatchWriteItem")


def _received_from(step, source: str) -> bool:
    """A poll step in which Lambda received messages from the queue `source`."""
    return (step.kind == "poll" and step.target == source and isinstance(step.payload, dict)
            and bool(step.payload.get("Messages")))


def _notifications_never_matched(scenario, steps, blocking) -> list[tuple[ConfigWarning, str]]:
    out = []
    for bucket, resource in scenario.of_type("s3_bucket").items():
        refused = blocking.get(bucket)
        if refused is not None and refused.kind == "error":
            out += _refused_configuration(scenario, bucket, resource, refused)
            continue
        # Keys whose write was refused (warned itself): a notification they would match is
        # starved by that refusal, not by its filter.
        refused_keys = [(s.permission.action.split(":")[-1], s.permission.resource[len(f"arn:aws:s3:::{bucket}/"):])
                        for s in steps if s.permission is not None and s.permission.decision == "deny"
                        and s.permission.action.lower() in ("s3:putobject", "s3:deleteobject")
                        and s.permission.resource.startswith(f"arn:aws:s3:::{bucket}/")]
        detected = [s.payload.get("notification") for s in steps
                    if s.kind == "detect" and s.source == bucket and "no-match" not in s.tags
                    and isinstance(s.payload, dict)]
        unmatched = list(dict.fromkeys(
            s.payload.get("key") for s in steps if s.kind == "detect" and s.source == bucket
            and "no-match" in s.tags and isinstance(s.payload, dict)))
        keys = (f" (keys written and matched by nothing: {', '.join(_as_s3_sees(k) for k in unmatched[:5])}"
                + (", …)" if len(unmatched) > 5 else ")")) if unmatched else ""
        for i, n in enumerate(resource.notifications):
            if n.model_dump(exclude_none=True) in detected:
                continue
            if any(n in matching_configurations(resource.notifications, _EVENT_OF[op], key)
                   for op, key in refused_keys):
                out.append((None, n.destination))  # the refused write's own warning is the cause
                continue
            out.append((ConfigWarning(("resources", bucket, "notifications", i), (
                f"warning: no write in the run matches this notification ({_filter_text(n)}), so "
                f"S3 never sends anything to {n.destination} through it. Check the prefix and suffix against "
                f"the keys the script writes{keys}: they are case-sensitive, and S3 compares them "
                f"with the URL-encoded key.")), n.destination))
    return out


_EVENT_OF = {"PutObject": "s3:ObjectCreated:Put", "DeleteObject": "s3:ObjectRemoved:Delete"}


def _refused_configuration(scenario, bucket, resource, refused) -> list[tuple[ConfigWarning, str]]:
    """One warning per notification whose function S3 may not invoke: the refusal is the cause."""
    out = []
    for i, n in enumerate(resource.notifications):
        if n.function is None and refused.target in (n.topic, n.queue):
            out += _refused_destination_policy(scenario, bucket, i, refused.target,
                                               "topic" if n.topic else "queue")
            continue
        if refused.target != n.function:
            continue
        out.append((ConfigWarning(("resources", bucket, "notifications", i), (
            f"warning: S3 refuses {bucket}'s notification configuration (400 InvalidArgument), "
            f"so no notification of {bucket} is in effect and S3 never invokes {n.function}: "
            f"{n.function}'s resource-based policy does not let S3 invoke it from {bucket}. "
            f"To fix it, {add_permission(scenario, n.function, 's3.amazonaws.com', f'arn:aws:s3:::{bucket}')} "
            f"(the bucket's ARN, not arn:aws:s3:::{bucket}/*). A "
            f"lambda:InvokeFunction right in the execution role does not help: that role is "
            f"what the function may call, not who may call it.")), n.function))
    return out


def _refused_destination_policy(scenario, bucket, i, target, kind) -> list[tuple]:
    """A topic or queue notification S3 refused because the topic's or queue's policy does not
    let s3.amazonaws.com publish from the bucket (§7 S3P, §20, §14): one warning with the
    statement to add; the functions behind the topic or queue are starved by it, not unused."""
    behind = ([sub.function for sub in scenario.resources[target].subscriptions if sub.function]
              if kind == "topic" else
              [m.function for m in scenario.of_type("event_source_mapping").values() if m.source == target])
    warning = ConfigWarning(("resources", bucket, "notifications", i), (
        f"warning: S3 refuses {bucket}'s notification configuration (400 InvalidArgument), so no "
        f"notification of {bucket} is in effect and nothing reaches {target}: the {kind} policy of "
        f"{target} does not let S3 publish to it from {bucket}. To fix it, "
        f"{add_permission(scenario, target, 's3.amazonaws.com', f'arn:aws:s3:::{bucket}')} (a "
        f"statement in a role does not help: the {kind} policy decides who may send to it)."))
    return [(warning, behind[0] if behind else target)] + [(None, f) for f in behind[1:]]


def _as_s3_sees(key) -> str:
    encoded = encode_key(key) if isinstance(key, str) else key
    return repr(key) if encoded == key else f"{key!r}, URL-encoded {encoded!r}"


def _filter_text(n) -> str:
    parts = [f"events {', '.join(n.events)}"]
    parts += [f"{k} {getattr(n, k)!r}" for k in ("prefix", "suffix") if getattr(n, k)]
    return " and ".join(parts)
