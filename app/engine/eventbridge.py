"""Amazon EventBridge rules on the default event bus: schedules and event patterns.

docs/reference/lambda-behaviour.md §21 (EVB22, EBRBP;
https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchevents.html): a rule invokes its
target functions **asynchronously**, and Lambda lets it only if the function's resource-based
policy allows `events.amazonaws.com` with the rule's ARN as SourceArn. A schedule rule sends the
"Scheduled Event" document at each time its `rate(…)`/`cron(…)` expression gives
(app.scenario.schedules); a pattern rule sends each event put on the bus (`put_events`) that its
pattern matches. After Lambda accepts the event (202) its async queue handles errors (§4).
A refusal (403: the policy does not admit the rule) is never retried by EventBridge: with no
target dead-letter queue the event is dropped and counted in FailedInvocations (§21 EBDLQ,
EBMON). A target's retry policy (24 h, 185 attempts) and dead-letter queue are not modelled, and
a run says so once (`RUN_NOTE`, §21 EBRETRY).

A schedule never ends by itself, so `settings.stop_after` bounds the run; a file without it gets
`UNBOUNDED_RUNS` runs of each schedule and a not-simulated step that says so.

A scheduled rule runs within the minute its expression names, not on that minute's 0th second
(§21 EBSR, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html):
each run here comes 1 to 59.999 s into its minute, a second drawn from the scenario's seed, the
rule's name and the run's number (`second_within_minute_ms`), so the rest of the run's random
draws do not move. Scheduled rules are a legacy feature; AWS recommends EventBridge Scheduler
(the first run's narration says so).
"""

from __future__ import annotations

import json
import random
from typing import Any

from app.engine.event_filter import matches
from app.engine.events import eventbridge as eb_events
from app.engine.iam import access_denied_suffix
from app.engine.signing import stopped_before_sending
from app.scenario.schedules import parse as parse_schedule

UNBOUNDED_RUNS = 10  # schedule runs played when the scenario sets no settings.stop_after
LEGACY_NOTE = ("Scheduled rules are a legacy feature of EventBridge: AWS now recommends "
               "EventBridge Scheduler for invoking a function on a schedule (lambda-behaviour.md "
               "§21, EBSR). Either way the target has a retry policy and may have a dead-letter "
               "queue of its own (for a rule: 24 hours and 185 attempts unless set, §21 EBRETRY); "
               "they act only when the invoke itself fails, and LambdaScope does not model them.")
RUN_NOTE = ("a rule's target has a retry policy (24 hours and up to 185 attempts unless set) and "
            "may have a dead-letter queue of its own, for when the Invoke call itself fails with "
            "a throttle or a server error; here each target is tried once. A refusal such as 403 "
            "is never retried: it goes to that dead-letter queue, or (as here, where rules have "
            "none) is dropped and counted in FailedInvocations. Once Lambda answers 202, Lambda's "
            "event queue owns the event (lambda-behaviour.md "
            "§21, EBRETRY, EBDLQ, EBMON; §4).")
"""Said once for a run in which a rule delivers to a target (`Recorder.note_not_simulated`)."""


def second_within_minute_ms(seed, rule: str, run: int) -> int:
    """How far into its minute run `run` (1, 2, …) of scheduled rule `rule` fires, in ms:
    1,000 to 59,999, never the 0th second (§21 EBSR: "within that minute"). The same for the
    same seed, rule and run; drawn from a generator of its own, not the run's shared one."""
    return random.Random(f"{seed}/{rule}/{run}").randrange(1_000, 60_000)


def pattern_matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """Does `event` match the rule's event `pattern`? EventBridge's grammar, shared with
    Lambda's filter criteria (app.engine.event_filter; §21 EBOPS, §16): every key must match,
    a list holds alternatives (values, prefix, suffix, equals-ignore-case, wildcard, cidr,
    numeric, exists, anything-but), `$or` takes any of its patterns, a dict descends."""
    return matches(pattern, event)


class EventBridgeService:
    """`sim.services["eventbridge"]`: rule state, the schedule clock, PutEvents."""

    def __init__(self, sim):
        self.sim = sim
        self.rules = sim.scenario.of_type("eventbridge_rule")
        self.schedules = {n: parse_schedule(r.schedule_expression)
                          for n, r in self.rules.items() if r.schedule_expression}
        for name, rule in self.rules.items():
            rec = sim.recorder
            rec.set_state(name, "state", rule.state)
            rec.set_state(name, "arn", self.arn(name))
            rec.set_state(name, "targets", tuple(rule.targets))
            if name in self.schedules:
                rec.set_state(name, "schedule_expression", rule.schedule_expression)
                rec.set_state(name, "next_run", self._next_text(name, 0.0))
            else:
                rec.set_state(name, "event_pattern", rule.event_pattern)
            rec.set_state(name, "runs", 0)

    def arn(self, rule: str) -> str:
        return eb_events.rule_arn(self.sim.region, self.sim.account, rule)

    def start(self) -> None:
        for name, rule in self.rules.items():
            if name in self.schedules and rule.state == "ENABLED":
                self.sim.env.process(self._clock(name))

    def _next_text(self, name: str, now: float) -> str | None:
        at = self.schedules[name].next_after(now, self.sim.epoch_seconds(0))
        return None if at is None else self.sim.iso_time(at)[:19] + "Z"

    # ------------------------------------------------------------------ schedules
    def _clock(self, name: str):
        """SimPy process: fire the rule at each scheduled time until the run stops."""
        schedule, runs = self.schedules[name], 0
        bounded = self.sim.settings.stop_after is not None
        while True:
            at = schedule.next_after(self.sim.env.now, self.sim.epoch_seconds(0))
            if at is None:
                return
            if not bounded and runs >= UNBOUNDED_RUNS:
                why = (f"{name} would go on running {schedule.describe()} for as long as the rule "
                       f"exists; without settings.stop_after LambdaScope plays its first "
                       f"{UNBOUNDED_RUNS} runs only.")
                self.sim.recorder.record("not-simulated", name, name, "push",
                                         f"{name}: later runs are not played", why, caveat=why)
                return
            runs += 1
            yield self.sim.env.timeout(at + second_within_minute_ms(self.sim.seed, name, runs)
                                       - self.sim.env.now)
            self._fire_schedule(name, runs)

    def _fire_schedule(self, name: str, runs: int) -> None:
        rule, rec = self.rules[name], self.sim.recorder
        flow = f"events-{self.sim.ids.hex(8)}"
        time = self.sim.iso_time()[:19] + "Z"  # the Scheduled Event's time is to the second
        rec.set_state(name, "runs", runs)
        rec.set_state(name, "last_run", time)
        rec.set_state(name, "next_run", self._next_text(name, self.sim.env.now))
        event = eb_events.scheduled_event(event_id=self.sim.ids.uuid(), account=self.sim.account,
                                          region=self.sim.region, time=time, rule=self.arn(name))
        rec.record("detect", name, name, "push",
                   f"EventBridge: {name} is due ({rule.schedule_expression}), run {runs}",
                   f"The clock reaches {time}, within the minute named by the rule's schedule "
                   f"expression {rule.schedule_expression} ({self.schedules[name].describe()}). "
                   f"EventBridge builds a Scheduled Event (source aws.events, the rule's ARN in "
                   f"resources, an empty detail) and sends it to each target: "
                   f"{', '.join(rule.targets)}. Nobody uploaded or called anything: time itself "
                   f"is the event source (lambda-behaviour.md §21)."
                   + ("" if runs > 1 else
                      " AWS runs a scheduled rule some time within that minute, not on its 0th "
                      "second; here the second comes from the scenario's seed. " + LEGACY_NOTE),
                   payload=event, flow=flow)
        for target in rule.targets:
            self.sim.env.process(self._deliver(name, target, event, flow))

    def _deliver(self, rule: str, function: str, event: dict, flow: str):
        """SimPy process: EventBridge calls Invoke (Event) as events.amazonaws.com.

        A refusal such as 403 (the function's policy does not admit the rule) is an error no
        retry can fix: EventBridge does not retry it and drops the event (it would go to the
        target's dead-letter queue, which LambdaScope's rules do not have), counting it in the
        rule's FailedInvocations metric (§21 EBDLQ, EBMON). Only throttles and server errors are
        retried, under the target's retry policy, which is not modelled (`RUN_NOTE`)."""
        principal = self.sim.services["iam"].service_principal(
            "events.amazonaws.com", rule, source_arn=self.arn(rule), source_account=self.sim.account)
        self.sim.recorder.note_not_simulated("EventBridge target retries", RUN_NOTE)
        response = yield from self.sim.services["lambda"].invoke(
            function, event, invocation_type="Event", caller=principal, source=rule,
            model="push", flow=flow)
        status = getattr(response, "status", 0) or 0
        if 400 <= status < 500 and status != 429:
            self._record_failed_invocation(rule, function, status, flow)

    def _record_failed_invocation(self, rule: str, function: str, status: int, flow: str) -> None:
        """The step where EventBridge gives up on a target after a refusal (§21 EBDLQ, EBMON)."""
        why = ("the function's resource-based policy does not let events.amazonaws.com invoke it "
               "from this rule" if status == 403 else f"Lambda refused the request ({status})")
        self.sim.recorder.record(
            "error", rule, rule, "push",
            f"EventBridge drops the event for {function}: {status} is not retried "
            f"(FailedInvocations)",
            f"Lambda answered {status}: {why}. EventBridge retries a target only after a "
            f"throttle or a server error (for 24 hours and up to 185 times unless the target's "
            f"retry policy says otherwise); a missing permission or a deleted target needs "
            f"someone to fix it, so it is not retried at all. A target's dead-letter queue would "
            f"keep the event; LambdaScope's rules have none (not modelled), so it is dropped, and "
            f"EventBridge counts it in the rule's FailedInvocations metric (lambda-behaviour.md "
            f"§21, EBDLQ, EBMON).",
            payload={"RuleName": rule, "target": function, "statusCode": status,
                     "metric": "FailedInvocations"},
            flow=flow, tags=("denied", "dropped"))

    # ------------------------------------------------------------------ PutEvents
    def bus_arn(self) -> str:
        """`arn:aws:events:REGION:ACCOUNT:event-bus/default`: the resource of events:PutEvents."""
        return f"arn:aws:events:{self.sim.region}:{self.sim.account}:event-bus/default"

    def put_events(self, stimulus, caller):
        """SimPy process: the script's `put_events` (one entry on the default bus).

        §21 (EBPE, EBIAM): IAM must allow events:PutEvents on the bus (else 400
        AccessDeniedException and nothing is put); a `Source` starting `aws.` is AWS's own, so
        the entry fails (200, FailedEntryCount 1, ErrorCode NotAuthorizedForSourceException);
        otherwise the answer carries the event's id and every matching ENABLED rule sends it to
        its targets."""
        yield self.sim.env.timeout(0)
        rec, actor = self.sim.recorder, stimulus.actor
        if stopped_before_sending(self.sim, caller, actor, actor, "PutEvents", "push"):
            return
        flow = f"events-{self.sim.ids.hex(8)}"
        time = self.sim.iso_time()[:19] + "Z"
        decision = self.sim.services["iam"].check_identity(caller, "events:PutEvents", self.bus_arn())
        allowed = decision.decision == "allow"
        reserved = stimulus.source.startswith("aws.")
        event = eb_events.custom_event(event_id=self.sim.ids.uuid(), account=self.sim.account,
                                       region=self.sim.region, time=time, source=stimulus.source,
                                       detail_type=stimulus.detail_type, detail=stimulus.detail)
        matched = [] if not allowed or reserved else [
            n for n, r in self.rules.items()
            if r.event_pattern is not None and r.state == "ENABLED" and pattern_matches(r.event_pattern, event)]
        # No bus node is drawn: the event goes to a rule (the graph has actor → pattern-rule
        # edges), the first matching one, else the first with a pattern (not matching is shown
        # there), and only with no such rule back to the actor.
        bus = (matched or [n for n, r in self.rules.items() if r.event_pattern is not None]
               or [actor])[0]
        request = {"operation": "PutEvents", "Entries": [
            {"Source": stimulus.source, "DetailType": stimulus.detail_type,
             "Detail": json.dumps(stimulus.detail, separators=(",", ":"))}]}
        signed = (f"EventBridge first checks the credentials {actor} signs with: the {decision.policy} "
                  f"allows events:PutEvents on the default event bus ({decision.matched}). "
                  if allowed else f"EventBridge first checks the credentials {actor} signs with: "
                                  f"{decision.reason}. ")
        if not allowed:
            then = ""
        elif reserved:
            then = (f"The source {stimulus.source} starts with aws., which only AWS services may "
                    f"use, so EventBridge refuses this entry and no rule sees it.")
        else:
            then = ("EventBridge compares the event with every rule's event pattern: "
                    + (f"it matches {', '.join(matched)}." if matched else
                       "it matches none, so no target is invoked."))
        rec.record("request", actor, bus, "push",
                   f"{actor} puts an {stimulus.detail_type} event on the default event bus"
                   if stimulus.detail_type[:1].lower() in "aeiou" else
                   f"{actor} puts a {stimulus.detail_type} event on the default event bus",
                   f"{actor} calls PutEvents with source {stimulus.source}. {signed}{then}",
                   payload=request, permission=decision, flow=flow,
                   tags=("denied",) if not allowed else () if matched else ("no-match",))
        if not allowed:
            message = (f"User: {caller.display} is not authorized to perform: events:PutEvents on "
                       f"resource: {self.bus_arn()}" + access_denied_suffix(decision))
            rec.record("error", bus, actor, "push", "400 AccessDeniedException",
                       "EventBridge refuses the whole call: no event is put on the bus, so no rule "
                       "sees it.", payload={"__type": "AccessDeniedException", "message": message},
                       status=400, flow=flow, tags=("denied",))
            return
        entry = ({"ErrorCode": "NotAuthorizedForSourceException",
                  "ErrorMessage": "Not authorized for the source."} if reserved
                 else {"EventId": event["id"]})
        rec.record("response", bus, actor, "push",
                   f"200 FailedEntryCount {1 if reserved else 0}",
                   ("EventBridge answers 200, but the response says one entry failed: its "
                    "ErrorCode is NotAuthorizedForSourceException. PutEvents reports failures "
                    "entry by entry, so a caller must read FailedEntryCount, not just the status."
                    if reserved else
                    "EventBridge has accepted the event and answers at once with its EventId; "
                    "each matching rule sends it to its targets after this." if matched else
                    "EventBridge has accepted the event and answers at once with its EventId, "
                    "even though no rule matched it: no target will receive this event, and "
                    "the caller is not told. A 200 only means the bus took the event."),
                   payload={"FailedEntryCount": 1 if reserved else 0, "Entries": [entry]},
                   status=200, flow=flow, tags=("failed-entry",) if reserved else ())
        for name in matched:
            runs = self.sim.recorder.state.get(name, {}).get("runs", 0) + 1
            rec.set_state(name, "runs", runs)
            for target in self.rules[name].targets:
                self.sim.env.process(self._deliver(name, target, event, flow))
