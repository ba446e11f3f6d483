"""Warnings `check` gives about a configuration AWS would refuse when it is saved.

A dead-letter queue or destination the execution role may not send to (no `sqs:SendMessage`,
`sns:Publish` or `lambda:InvokeFunction`) is refused in practice by CreateFunction /
UpdateFunctionConfiguration / PutFunctionEventInvokeConfig with InvalidParameterValueException
(docs/reference/lambda-behaviour.md §13 A3c). If a scenario has one anyway, the run shows what
happens when the permission goes missing later: Lambda deletes the event and counts
DeadLetterErrors / DestinationDeliveryFailures (§13 A3a/b,
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). The file
stays valid (it teaches that failure); `check` says so, at the line. So does a FIFO queue in
any of those places: AWS keeps such a configuration but never delivers to it (§13 A3d).

Kept in the engine because the answer is the engine's own IAM evaluation; Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.delivery_targets import unsupported_target
from app.engine.iam import IamService
from app.engine.simulation import Simulation
from app.scenario.advice import add_policy_statement


@dataclass(frozen=True, slots=True)
class ConfigWarning:
    """`path`: the data path of the key the warning is about, e.g. ("resources", "fn",
    "dead_letter_queue"); `message`: what AWS would do and how to fix it."""

    path: tuple
    message: str


def delivery_warnings(scenario) -> list[ConfigWarning]:
    """One warning per DLQ / destination (of a function or a stream mapping) its execution role
    may not deliver to. Raises nothing for a scenario the loader accepted."""
    sim = Simulation(scenario)
    iam = IamService(sim)
    functions = scenario.of_type("function")
    out: list[ConfigWarning] = []

    def check(path: tuple, function: str, target: str, what: str) -> None:
        role = functions[function].role
        kind = scenario.resources[target].type
        metric = "DeadLetterErrors" if what == "dead-letter queue" else "DestinationDeliveryFailures"
        if unsupported_target(scenario, target):  # §13 A3d: kept, but never delivered to
            out.append(ConfigWarning(path, (
                f"warning: {target}, {function}'s {what}, is a FIFO queue. Lambda sends these "
                f"records only to a standard SQS queue or SNS topic: every delivery to {target} "
                f"fails and counts {metric}, and nothing arrives there. Name a standard queue "
                f"(without fifo: true) instead (lambda-behaviour.md §13 A3d).")))
        if kind == "function":
            action, arn = "lambda:InvokeFunction", sim.function_arn(target)
        else:
            action = "sqs:SendMessage" if kind == "sqs_queue" else "sns:Publish"
            arn = sim.queue_arn(target, kind)
        session = iam.role_session(role, function, node=function)
        decision = iam.check_identity(session, action, arn)
        if decision.decision == "allow":
            return
        if decision.matched is not None:  # an explicit Deny: no Allow can override it
            fix = (f"Remove or narrow statement {decision.matched} in {role}'s policies, which "
                   f"denies it (an Allow cannot override an explicit Deny)")
        else:
            fix = "To fix it, " + add_policy_statement(scenario, role, action, arn)
        out.append(ConfigWarning(path, (
            f"warning: the execution role {role} may not call {action} on {target}, "
            f"{function}'s {what}. AWS refuses to save such a configuration (InvalidParameterValueException); "
            f"if the permission is removed later, Lambda deletes the events it cannot deliver "
            f"and counts {metric}. {fix} (lambda-behaviour.md §13 A3).")))

    for name, fn in functions.items():
        base = ("resources", name)
        if fn.dead_letter_queue:
            check((*base, "dead_letter_queue"), name, fn.dead_letter_queue, "dead-letter queue")
        for key in ("on_failure", "on_success"):
            target = getattr(fn.event_invoke_config, key)
            if target:
                check((*base, "event_invoke_config", key), name, target,
                      key.replace("_", "-") + " destination")
    for name, esm in scenario.of_type("event_source_mapping").items():
        if esm.on_failure and esm.function in functions:
            check(("resources", name, "on_failure"), esm.function, esm.on_failure,
                  f"on-failure destination (mapping {name})")
    return out
