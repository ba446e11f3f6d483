"""What-if switches for SNS topics and EventBridge rules, generated from the file.

Each has the one line the documentation predicts (docs/reference/lambda-behaviour.md §20, §21,
§7): the topic policy S3 needs, a subscription removed, a rule turned off, the schedule changed.
The function-policy statements for sns.amazonaws.com / events.amazonaws.com are switched in
app/lab/switches.py with the other resource-based policy statements (`messaging_policy_prediction`).
"""

from __future__ import annotations

from app.english import possessive
from app.lab.switch import Switch

SCHEDULE_CHOICES = ("rate(1 hour)", "rate(1 day)", "cron(0 2 * * ? *)", "cron(30 8 ? * MON-FRI *)")


def messaging_policy_prediction(scenario, fn: str, principal: str) -> str | None:
    """The prediction for removing `fn`'s statement for SNS or EventBridge, else None."""
    if principal == "sns.amazonaws.com":
        return (f"SNS's Invoke of {fn} is refused with 403; that is a client-side error, so SNS "
                f"does not retry and drops {possessive(fn)} copy of each message, while the topic's other "
                f"subscribers still get theirs (§20 SNS22, SNSR).")
    if principal == "events.amazonaws.com":
        return (f"EventBridge's Invoke of {fn} is refused with 403 at every run of the rule, so "
                f"{fn} never runs on its schedule; the rule's permission lives in {possessive(fn)} "
                f"resource-based policy, not in a role (§21 EBRBP).")
    return None


def messaging_switches(scenario) -> list[Switch]:
    """Switches for every topic policy statement, subscription and rule in the scenario."""
    out = []
    for name, topic in scenario.of_type("sns_topic").items():
        buckets = [b for b, bucket in scenario.of_type("s3_bucket").items()
                   if any(n.topic == name for n in bucket.notifications)]
        for st in topic.permissions:
            if st.principal == "s3.amazonaws.com" and buckets:
                prediction = (
                    f"S3 refuses to save {possessive(', '.join(buckets))} notification configuration (400 "
                    f"InvalidArgument: the destination topic's permissions do not allow S3 to "
                    f"publish), so no upload reaches {name} and no subscriber runs (§7 S3P, §20).")
            else:
                prediction = (f"{st.principal} may no longer publish to {name} (AuthorizationError); "
                              f"nothing it sends reaches the subscribers (§20 SNS22).")
            out.append(Switch(
                f"topic-permission:{name}:{st.sid}", "permissions",
                f"Remove {st.sid} ({st.principal}) from {possessive(name)} topic policy", "toggle", False,
                prediction, on_edits=(f"resources.{name}.permissions.{st.sid}=absent",)))
        for i, sub in enumerate(topic.subscriptions):
            others = [s.endpoint for s in topic.subscriptions if s is not sub]
            out.append(Switch(
                f"unsubscribe:{name}:{sub.endpoint}", "hazards",
                f"Unsubscribe {sub.endpoint} from {name}", "toggle", False,
                f"{sub.endpoint} no longer gets {possessive(name)} messages"
                + (f"; {' and '.join(others)} still {'gets its copy' if len(others) == 1 else 'get theirs'}"
                   if others else "")
                + ": consumers come and go without the publisher changing (§20 SNS22).",
                on_edits=(f"resources.{name}.subscriptions.{i}=absent",)))
    for name, rule in scenario.of_type("eventbridge_rule").items():
        targets = " and ".join(rule.targets)
        runs = "runs" if len(rule.targets) == 1 else "run"
        out.append(Switch(
            f"rule-state:{name}", "knobs", f"{name}: rule state", "choice", rule.state,
            f"A DISABLED rule sends no events, so {targets} never {runs} from it; the rule and "
            f"its permissions stay in place for when it is enabled again (§21 EVB22).",
            path=f"resources.{name}.state", options=("ENABLED", "DISABLED")))
        if rule.schedule_expression:
            options = tuple(dict.fromkeys((rule.schedule_expression, *SCHEDULE_CHOICES)))
            out.append(Switch(
                f"schedule:{name}", "knobs", f"{name}: schedule expression", "choice",
                rule.schedule_expression,
                f"{targets} {runs} at the times the new expression names (UTC; a rate's first run is "
                f"one period after the start), each run an asynchronous invoke with a Scheduled "
                f"Event, until settings.stop_after ends the run (§21 EVB22).",
                path=f"resources.{name}.schedule_expression", options=options))
    return out
