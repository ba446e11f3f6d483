"""What-if switches generated from the open scenario: never a list kept per file.

Every switch is a set of `PATH=VALUE` edits (app.lab.edits) plus the one line the documentation
predicts, citing lambda-behaviour.md. Rules look at what the scenario wires together: resource
policy statements, the read rights a mapping or an SDK call needs, who may call Invoke, how
each function is invoked (that decides what a failure does), the mapping's knobs, script lines.
"""

from __future__ import annotations

from app.engine import dynamodb, kinesis
from app.engine.recursion import LIMIT as LOOP_LIMIT
from app.english import possessive
from app.handlers.calls import code_may_call
from app.lab.alias_switches import alias_switches
from app.lab.iam_edits import granted_actions
from app.lab.knobs import knob_switches
from app.lab.messaging_switches import messaging_policy_prediction, messaging_switches
from app.lab.predictions import failure_prediction, invokers
from app.lab.switch import GROUPS, Switch, edits_for_values, format_value
from app.scenario.policies import LOGS_ACTIONS

READ_ACTIONS = {"kinesis_stream": kinesis.READ_ACTIONS, "dynamodb_table": dynamodb.READ_ACTIONS}


def switches_for(scenario) -> list[Switch]:
    """Every switch that makes sense for this scenario, grouped as in GROUPS."""
    found = (_permission_switches(scenario) + _failure_switches(scenario)
             + knob_switches(scenario) + _hazard_switches(scenario) + alias_switches(scenario)
             + messaging_switches(scenario))
    return sorted(found, key=lambda s: GROUPS.index(s.group))


# ------------------------------------------------------------------------------ permissions
def _permission_switches(scenario) -> list[Switch]:
    out = []
    for name, fn in scenario.of_type("function").items():
        for st in fn.permissions:
            out.append(Switch(
                f"permission:{name}:{st.sid}", "permissions",
                f"Remove {st.sid} ({st.principal}) from {possessive(name)} resource-based policy", "toggle", False,
                _policy_prediction(scenario, name, st.principal),
                on_edits=(f"resources.{name}.permissions.{st.sid}=absent",)))
    out += _read_action_switches(scenario)
    out += _invoke_right_switches(scenario)
    out += _login_switches(scenario)
    return out


def _policy_prediction(scenario, fn: str, principal: str) -> str:
    messaging = messaging_policy_prediction(scenario, fn, principal)
    if messaging:
        return messaging
    if principal == "s3.amazonaws.com":
        return (f"S3 refuses to save the bucket's notification configuration (400 InvalidArgument "
                f"\"Unable to validate the following destination configurations\"), because it "
                f"checks this policy when the trigger is set up; no event is sent and {fn} never "
                f"runs (§6 S3P, §13 A4).")
    if principal == "apigateway.amazonaws.com":
        return (f"API Gateway's Invoke of {fn} is refused, so the caller gets 500 Internal server "
                f"error and {fn} never runs (§9 AGL, §6 AGL).")
    return f"{possessive(principal)} Invoke of {fn} is refused with 403 AccessDeniedException (§6 RBP)."


def _read_action_switches(scenario) -> list[Switch]:
    """Stream reads a mapping needs, and the data actions a function's own SDK calls use."""
    out, seen = [], set()
    for esm_name, esm in scenario.of_type("event_source_mapping").items():
        source = scenario.resources.get(esm.source)
        role_name = scenario.resources[esm.function].role
        granted = granted_actions(scenario.resources[role_name])
        for action in READ_ACTIONS.get(source.type, ()):
            if action in granted and (role_name, action) not in seen:
                seen.add((role_name, action))
                out.append(Switch(
                    f"role-action:{role_name}:{action}", "permissions",
                    f"Take {action} away from {role_name}", "toggle", False,
                    f"Lambda's poll of {esm.source} for {esm_name} is denied (AccessDenied), so "
                    f"{esm.function} is never invoked; pull sources need read rights in the "
                    f"execution role (§6 KIN, MPK/MPD).",
                    on_edits=(f"resources.{role_name}.actions.{action}=absent",)))
    for fn_name, fn in scenario.of_type("function").items():
        role_name = fn.role
        role = scenario.resources[role_name]
        inline = [a for st in role.policies if st.effect == "Allow" for a in st.action]
        for action in dict.fromkeys(inline):  # managed policies hold only logs and stream reads
            if action in LOGS_ACTIONS or (role_name, action) in seen or _is_stream_read(action):
                continue
            seen.add((role_name, action))
            delivery = _delivery_prediction(scenario, fn_name, fn, action)
            out.append(Switch(
                f"role-action:{role_name}:{action}", "permissions",
                f"Take {action} away from {role_name}", "toggle", False,
                delivery or _code_call_prediction(scenario, role_name, action),
                on_edits=(f"resources.{role_name}.actions.{action}=absent",)))
    return out


def _code_call_prediction(scenario, role_name: str, action: str) -> str:
    """What taking `action` from role `role_name` does to the code of the functions using the
    role: their call is denied, or, when no function's code calls it (app/handlers/calls.py), nothing."""
    users = [(name, fn) for name, fn in scenario.of_type("function").items()
             if fn.role == role_name]
    callers = [name for name, fn in users if code_may_call(scenario, fn, action)]
    if callers:
        return (f"{possessive(callers[0])} own {action} call is denied (AccessDenied), so the code fails "
                f"and Lambda handles it like any function error; the role, not the trigger, "
                f"grants what the code may do (§6 ROLE).")
    names = " or ".join(f"{possessive(name)} ({fn.handler})" for name, fn in users) or "no function's"
    return (f"Nothing changes in this run: {names} code never calls {action}. The role grants "
            f"more than the code uses; a function whose code did call it would get "
            f"AccessDenied and fail like any function error (§6 ROLE).")


def _delivery_prediction(scenario, fn_name: str, fn, action: str) -> str | None:
    """When `action` is what Lambda needs to hand `fn_name`'s failed events to its DLQ or
    on-failure destination: the delivery fails, the event is deleted (§13 A3)."""
    send = {"sqs_queue": "sqs:SendMessage", "sns_topic": "sns:Publish",
            "function": "lambda:InvokeFunction"}
    targets = [(t, "DeadLetterErrors") for t in (fn.dead_letter_queue,) if t]
    targets += [(t, "DestinationDeliveryFailures") for t in (fn.event_invoke_config.on_failure,) if t]
    hit = [(t, m) for t, m in targets if send.get(scenario.resources[t].type) == action]
    if not hit:
        return None
    names = " and ".join(t for t, _ in hit)
    metrics = " / ".join(m for _, m in hit)
    return (f"Lambda may no longer hand {possessive(fn_name)} failed events to {names}: it deletes them and "
            f"counts {metrics} (§13 A3 RET, MET). AWS refuses such a configuration when it is "
            f"saved, so in practice this means the permission was removed later.")


def _is_stream_read(action: str) -> bool:
    return any(action in actions for actions in READ_ACTIONS.values())


def _invoke_right_switches(scenario) -> list[Switch]:
    """`lambda:InvokeFunction` granted to an app's credentials or to a Cognito pool's roles."""
    holders = [n for n, a in scenario.of_type("actor").items()]
    for pool in scenario.of_type("cognito_identity_pool").values():
        holders += [r for r in (pool.authenticated_role, pool.unauthenticated_role) if r]
    out = []
    for name in dict.fromkeys(holders):
        if "lambda:InvokeFunction" not in granted_actions(scenario.resources[name]):
            continue
        who = (f"apps using {name}" if scenario.resources[name].type == "iam_role" else name)
        out.append(Switch(
            f"role-action:{name}:lambda:InvokeFunction", "permissions",
            f"Take lambda:InvokeFunction away from {name}", "toggle", False,
            f"The Invoke calls of {who} are refused with 403 AccessDeniedException and the "
            f"function does not run; on-demand callers need the right in their own policy "
            f"(§6 AND, §1 ERR).",
            on_edits=(f"resources.{name}.actions.lambda:InvokeFunction=absent",)))
    return out


def _login_switches(scenario) -> list[Switch]:
    out = []
    for i, line in enumerate(scenario.script):
        if line.action != "get_credentials":
            continue
        out.append(Switch(
            f"login:script.{i}", "permissions",
            f"{line.actor} signs in (script.{i}; off = guest)", "toggle", line.login,
            f"Signed in, {line.actor} gets the pool's authenticated role; as a guest it gets the "
            f"unauthenticated role (if the pool allows guests), cut down by a Cognito session "
            f"policy with no lambda:* action, so its Invoke is denied (§10 COG, UNA).",
            path=f"script.{i}.login"))
    return out


# ------------------------------------------------------------------------------ failures
def _failure_switches(scenario) -> list[Switch]:
    out = []
    for name, fn in scenario.of_type("function").items():
        how = invokers(scenario, name)
        f = fn.faults
        base = f"resources.{name}.faults"
        out.append(Switch(f"fail:{name}", "failures", f"{name} fails", "choice", f.fail,
                          failure_prediction(scenario, name, "fails every time"),
                          path=f"{base}.fail", options=("never", "always")))
        records = _records_written(scenario, name) if "stream" in how else 0
        if records:  # numbered records come from streams and tables; SQS batches have none
            out.append(Switch(
                f"fail-on-record:{name}", "failures", f"{name} fails on record N", "number",
                f.fail_on_record,
                failure_prediction(scenario, name, "fails on every batch holding record N"),
                path=f"{base}.fail_on_record", options=(None, *range(1, min(records, 5) + 1)),
                minimum=1, maximum=max(records, 1)))
        out.append(Switch(
            f"fail-first:{name}", "failures", f"{name} fails its first K attempts", "number",
            f.fail_first_attempts,
            failure_prediction(scenario, name, "fails its first K invocations, then works",
                               recovers=True),
            path=f"{base}.fail_first_attempts", options=(0, 1, 2, 3), minimum=0, maximum=100))
        out.append(Switch(
            f"time-out:{name}", "failures", f"{name} runs past its {fn.timeout} s timeout", "toggle",
            f.time_out,
            f"Lambda stops {name} after {fn.timeout} s with a timeout error (Task timed out, "
            f"§3 CF) and resets its environment, so the next invoke there runs Init again "
            f"first, a suppressed init (§11 LIFE); then: "
            + failure_prediction(scenario, name, "times out", short=True),
            path=f"{base}.time_out"))
        if "api" in how:
            out.append(Switch(
                f"malformed:{name}", "failures", f"{name} returns a malformed API response",
                "toggle", bool(f.malformed_response),
                f"{name} succeeds, but its reply has no statusCode, so API Gateway cannot map "
                f"it and answers 502 Internal server error; the reason is in API Gateway's "
                f"execution log, not {possessive(name)} (§9 APX, AGL).",
                path=f"{base}.malformed_response"))
    return out


def _records_written(scenario, fn: str) -> int:
    """Records written (by the script) to the sources mapped to `fn`: the range of N."""
    sources = {m.source for m in scenario.of_type("event_source_mapping").values() if m.function == fn}
    count = 0
    for line in scenario.script:
        target = getattr(line, "stream", None) or getattr(line, "table", None)
        if target in sources:
            count += line.repeat
        elif line.action == "load" and (line.request.get("stream") or line.request.get("table")) in sources:
            count += line.count or int(line.rate * line.duration / 1000)
    return count


# ------------------------------------------------------------------------------ hazards
def _hazard_switches(scenario) -> list[Switch]:
    out = _recursive_loop_switches(scenario)
    for name, fn in scenario.of_type("function").items():
        if fn.handler != "builtin.thumbnail":
            continue
        target = fn.options.get("target_bucket")
        for src, bucket in scenario.of_type("s3_bucket").items():
            notes = [n for n in bucket.notifications if n.function == name]
            if not notes or src == target:
                continue
            grant = {"sid": f"WriteBackTo{src}", "action": "s3:PutObject",
                     "resource": f"arn:aws:s3:::{src}/*"}
            out.append(Switch(
                f"write-back:{name}:{src}", "hazards",
                f"{name} writes its thumbnails back into {src}", "toggle", False,
                _write_back_prediction(name, src, fn.options.get("key_prefix", ""), notes),
                on_edits=(f"resources.{name}.options.target_bucket={src}",
                          f"resources.{fn.role}.policies.+={format_value(grant)}")))
    return out


def _write_back_prediction(fn: str, src: str, key_prefix: str, notes) -> str:
    """A loop only if a thumbnail's key (key_prefix + the photo's key) matches a notification again."""
    loops = any(n.prefix is None or not key_prefix or key_prefix.startswith(n.prefix) for n in notes)
    if not loops:
        return (f"The thumbnails land in {src} under {key_prefix}, which the notification's prefix "
                f"filter does not match, so nothing loops: a prefix filter is the documented "
                f"guard (§7 S3T).")
    return (f"Each thumbnail is a new object in {src} that matches the notification again, so S3 "
            f"invokes {fn} over and over: a recursive loop (§7 WS3, S3T). Lambda detects loops "
            f"through S3 and stops the next invocation after about {LOOP_LIMIT} in one chain; the "
            f"stopped event goes to the DLQ or on-failure destination, or is dropped, and "
            f"RecursiveInvocationsDropped counts it (§13 A2 REC).")


def _recursive_loop_switches(scenario) -> list[Switch]:
    """RecursiveLoop per function that a source Lambda watches for loops invokes (§13 A2)."""
    out = []
    for name, fn in scenario.of_type("function").items():
        if not invokers(scenario, name) & {"s3", "async"}:
            continue
        out.append(Switch(
            f"recursive-loop:{name}", "hazards", f"{name}: RecursiveLoop (loop detection)",
            "choice", fn.recursive_loop, RECURSIVE_LOOP_PREDICTION.format(fn=name, n=LOOP_LIMIT),
            path=f"resources.{name}.recursive_loop", options=("Terminate", "Allow")))
    return out


RECURSIVE_LOOP_PREDICTION = (
    "With Allow, Lambda no longer stops a loop of {fn} through S3, SQS or SNS: every new event "
    "runs it again and nothing counts RecursiveInvocationsDropped (only LambdaScope's own, "
    "labelled safety stop ends the run); Terminate, the default, stops the next invocation after "
    "about {n} in one chain (§13 A2 REC).")


__all__ = ["GROUPS", "READ_ACTIONS", "Switch", "edits_for_values", "switches_for"]
