"""`check` rules for an SNS subscription's options (lambda-behaviour.md §20 SNSFP, SNSDLQ).

- `filter_policy`: SNS's filter-policy grammar (the EventBridge-pattern rules app.engine.
  event_filter checks, here read from YAML rather than JSON text), at most 5 attribute names
  and values that combine in at most 150 ways
  (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html).
- `dead_letter_queue`: an sqs_queue of the topic's kind: a standard topic's subscriptions use
  standard queues (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).
"""

from __future__ import annotations

import json

from app.scenario.resources import SqsQueue

MAX_POLICY_NAMES = 5  # §20 (SNSFPC): a filter policy names at most 5 attributes
MAX_COMBINATIONS = 150  # §20 (SNSFPC): the product of the lengths of its value lists


def combinations(policy: dict) -> int:
    """The product of the number of values under each name (SNS's "total combination")."""
    total = 1
    for value in policy.values():
        total *= combinations(value) if isinstance(value, dict) else max(1, len(value))
    return total


def policy_names(policy: dict) -> int:
    """How many attribute / property names a policy holds (nested names count as leaves)."""
    return sum(policy_names(v) if isinstance(v, dict) else 1 for v in policy.values())


def check_subscription_options(refs, at: tuple, sub) -> None:
    from app.engine.event_filter import PatternError, parse_pattern  # stdlib-only module

    if sub.filter_policy is not None:
        try:
            parse_pattern(json.dumps(sub.filter_policy))
        except PatternError as exc:
            refs.problem((*at, "filter_policy"), str(exc))
        else:
            if policy_names(sub.filter_policy) > MAX_POLICY_NAMES:
                refs.problem((*at, "filter_policy"),
                             f"a filter policy names at most {MAX_POLICY_NAMES} attributes "
                             f"(this one names {policy_names(sub.filter_policy)}); SNS refuses it")
            elif combinations(sub.filter_policy) > MAX_COMBINATIONS:
                refs.problem((*at, "filter_policy"),
                             f"the values of a filter policy may combine in at most "
                             f"{MAX_COMBINATIONS} ways (multiply the lengths of its lists: this "
                             f"one gives {combinations(sub.filter_policy)}); SNS refuses it")
    if sub.dead_letter_queue is not None and refs.ref(
            (*at, "dead_letter_queue"), sub.dead_letter_queue, ("sqs_queue",),
            "a subscription's dead_letter_queue"):
        dlq = refs.parts.resources.get(sub.dead_letter_queue)
        if isinstance(dlq, SqsQueue) and dlq.fifo:
            refs.problem((*at, "dead_letter_queue"),
                         f"'{sub.dead_letter_queue}' is a FIFO queue, but a standard topic's "
                         f"subscriptions take a standard dead-letter queue; name a queue "
                         f"without fifo: true")
