"""Warnings `check` gives when SNS or EventBridge may not invoke a function it is wired to.

SNS invokes a subscribed function, and an EventBridge rule its targets, asynchronously as
`sns.amazonaws.com` / `events.amazonaws.com`. Lambda lets them only when the function's
resource-based policy allows `lambda:InvokeFunction` to that principal with the topic's or
rule's ARN as SourceArn (docs/reference/lambda-behaviour.md §20 SNS22, §21 EBRBP;
https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html). Unlike
S3, which refuses such a configuration when it is saved (§13 A4c), Subscribe and PutTargets do
not look at the function's policy, so the mistake shows only later, as refused deliveries. The
file stays valid (a missing permission can be the lesson); `check` names the fix at the line.

Likewise a subscription's dead-letter queue whose queue policy does not let SNS send from the
topic (§20 SNSDLQ, SNSDLQC): the undeliverable message would be lost after all.

The answer is the engine's own IAM evaluation (app.engine.iam); Qt-free.
"""

from __future__ import annotations

from app.engine.config_warnings import ConfigWarning
from app.engine.events import eventbridge as eb_events
from app.engine.iam import IamService, decide_resource_policy, function_policy_statements
from app.engine.simulation import Simulation
from app.scenario.advice import add_permission
from app.scenario.policy_warnings import explains_refusal

# The service principals whose refusals these warnings explain (lesson_warnings skips its
# generic advice for them, which would name an identity-policy statement).
PUSH_PRINCIPALS = ("sns.amazonaws.com", "events.amazonaws.com")


def expected_refusals(scenario, attributed) -> frozenset[tuple[str, str]]:
    """(topic or rule, function) pairs whose refused delivery a script entry marked
    `expect: denied` leads to: the lesson is about that refusal, so it is not warned."""
    out = set()
    for index, stimulus in enumerate(scenario.script):
        if getattr(stimulus, "expect", None) != "denied":
            continue
        for step in attributed.steps_of(index):
            p = step.permission
            if p is not None and p.decision == "deny" and p.principal in PUSH_PRINCIPALS:
                out.add((step.source, step.target))
    return frozenset(out)


def push_permission_warnings(scenario, expected: frozenset = frozenset()) -> list[ConfigWarning]:
    """One warning per SNS subscription or EventBridge target whose function's resource-based
    policy does not let the service invoke it from that topic or rule, in file order, except
    the (source, function) pairs in `expected` (see `expected_refusals`); and one per
    subscription dead-letter queue SNS may not send to. Raises nothing for a scenario the
    loader accepted."""
    sim = Simulation(scenario)
    iam = IamService(sim)
    functions = scenario.of_type("function")
    out: list[ConfigWarning] = []
    for topic, resource in scenario.of_type("sns_topic").items():
        arn = sim.queue_arn(topic, "sns_topic")
        for i, sub in enumerate(resource.subscriptions):
            if sub.function in functions and (topic, sub.function) not in expected:
                warning = _check(iam, sim, ("resources", topic, "subscriptions", i), sub.function,
                                 "sns.amazonaws.com", topic, arn, "SNS", "topic")
                out += [warning] if warning else []
            if sub.dead_letter_queue:
                out += _dead_letter_queue(sim, ("resources", topic, "subscriptions", i,
                                                "dead_letter_queue"), topic, arn, sub)
    for rule, resource in scenario.of_type("eventbridge_rule").items():
        arn = eb_events.rule_arn(sim.region, sim.account, rule)
        for i, target in enumerate(resource.targets):
            if target in functions and (rule, target) not in expected:
                warning = _check(iam, sim, ("resources", rule, "targets", i), target,
                                 "events.amazonaws.com", rule, arn, "EventBridge", "rule")
                out += [warning] if warning else []
    return out


def _check(iam, sim, path, function, principal, source, source_arn, service, what):
    caller = iam.service_principal(principal, source, source_arn=source_arn,
                                   source_account=sim.account)
    decision = iam.check_invoke(function, caller)
    if decision.decision == "allow" or explains_refusal(sim.scenario, decision):
        return None  # allowed, or a misspelt statement that `check` warns of at its own line
    retry = ("SNS does not retry a refused delivery (a client-side error) and discards the "
             "message" if service == "SNS" else
             "EventBridge cannot deliver the event")
    return ConfigWarning(path, (
        f"warning: {service} may not invoke {function} from the {what} {source}: "
        f"{decision.reason or 'no statement allows it'}. Every delivery is refused with "
        f"403 AccessDeniedException and {function} never runs from {source}; {retry}. To fix it, "
        f"{add_permission(sim.scenario, function, principal, source_arn)}. A lambda:InvokeFunction right in the execution role "
        f"does not help: that role is what the function may call, not who may call it "
        f"(lambda-behaviour.md {'§20' if service == 'SNS' else '§21'})."))


def _dead_letter_queue(sim, path, topic, topic_arn, sub) -> list[ConfigWarning]:
    """A subscription's DLQ must let SNS send from the topic (§20 SNSDLQ, SNSDLQC)."""
    queue = sub.dead_letter_queue
    caller = IamService(sim).service_principal("sns.amazonaws.com", topic, source_arn=topic_arn,
                                               source_account=sim.account)
    arn = sim.queue_arn(queue)
    statements = function_policy_statements(arn, sim.scenario.resources[queue].permissions)
    decision = decide_resource_policy(queue, statements, caller, "sqs:SendMessage", arn)
    reason = (decision.reason or "").replace(f"resource-based policy of {queue}",
                                             f"queue policy of {queue}")
    if decision.decision == "allow":
        return []
    return [ConfigWarning(path, (
        f"warning: the queue policy of {queue} does not let SNS send to it from {topic}: "
        f"{reason or 'no statement allows it'}. A message SNS cannot deliver to "
        f"{sub.endpoint} would then be lost instead of kept. To fix it, "
        f"{add_permission(sim.scenario, queue, 'sns.amazonaws.com', topic_arn)} "
        f"(lambda-behaviour.md §20)."))]
