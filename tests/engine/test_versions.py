"""Versions, aliases and the Invoke Qualifier (docs/reference/lambda-behaviour.md §18, B13)."""

from __future__ import annotations

import base64

from lambda_scenarios import ACCOUNT, function, invoke, scenario, simulation

FN_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:echo"


def versioned(**alias) -> dict:
    """`echo` with versions 1 and 2 (2 fails always) and alias `live` → 1."""
    return {"echo": function(
        versions={"1": {"options": {"greeting": "v1"}}, "2": {"faults": {"fail": "always"},
                                                       "memory_size": 256}},
        aliases={"live": {"function_version": "1", **alias}})}


def _run(sc, seed=None, **kw):
    sim = simulation(sc, seed)
    box = invoke(sim, **kw)
    sim.env.run()
    return sim, box["response"]


def test_alias_invoke_runs_the_version_it_points_to():
    """Invoke with Qualifier live: X-Amz-Executed-Version 1, START line `Version: 1`."""
    sim, resp = _run(scenario(versioned()), qualifier="live", log_type="Tail")
    assert resp.status == 200 and resp.function_error is None
    assert resp.headers["X-Amz-Executed-Version"] == "1"
    assert "Version: 1\n" in base64.b64decode(resp.headers["X-Amz-Log-Result"]).decode()


def test_version_qualifier_uses_the_versions_overrides():
    """Qualifier 2: the version's faults and memory size apply, not $LATEST's."""
    sim, resp = _run(scenario(versioned()), qualifier="2")
    assert resp.function_error == "Unhandled"
    assert resp.headers["X-Amz-Executed-Version"] == "2"
    init = next(s for s in sim.recorder.steps if s.kind == "init")
    assert init.payload["memorySize"] == 256


def test_unqualified_invoke_still_runs_latest():
    _, resp = _run(scenario(versioned()))
    assert resp.headers["X-Amz-Executed-Version"] == "$LATEST"


def test_version_overrides_handler_options():
    _, resp = _run(scenario(versioned()), qualifier="live")
    assert resp.payload["message"] == "v1"


def test_context_carries_version_and_qualified_arn(monkeypatch):
    """The context's function_version is the version that ran, invoked_function_arn the ARN
    the caller used (with the alias)."""
    from app.handlers import echo
    seen = []
    monkeypatch.setattr(echo, "handler", lambda event, ctx: seen.append(ctx) or {})
    _run(scenario(versioned()), qualifier="live")
    _run(scenario(versioned()))
    assert (seen[0].function_version, seen[0].invoked_function_arn) == ("1", f"{FN_ARN}:live")
    assert (seen[1].function_version, seen[1].invoked_function_arn) == ("$LATEST", FN_ARN)


def test_unknown_qualifier_is_404():
    sim, resp = _run(scenario(versioned()), qualifier="beta")
    assert resp.status == 404
    assert resp.headers["X-Amzn-ErrorType"] == "ResourceNotFoundException"
    assert not [s for s in sim.recorder.steps if s.kind == "execute"]


def test_versions_have_their_own_environments():
    """An environment of version 1 never serves version 2: the second invoke starts cold."""
    sc = scenario(versioned(), script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo", "qualifier": "1"},
        {"at": "1s", "actor": "app", "action": "invoke", "function": "echo", "qualifier": "2"},
        {"at": "2s", "actor": "app", "action": "invoke", "function": "echo", "qualifier": "live"}])
    from app.engine.run import run
    trace = run(sc)
    execs = [s for s in trace.steps if s.kind == "execute"]
    assert ["cold-start" in s.tags for s in execs] == [True, True, False]


# ---------------------------------------------------------------- permission scope (§18, RBP/APR)

def _decision(sc, qualifier):
    sim = simulation(sc)
    from app.engine.iam import Principal
    caller = Principal("s3.amazonaws.com", "service", "app", "s3.amazonaws.com",
                       source_account=ACCOUNT)
    return sim.services["iam"].check_invoke("echo", caller, qualifier=qualifier).decision


def _service_scenario(qualifier=None):
    fns = versioned()
    perm = {"sid": "S3InvokesLive", "principal": "s3.amazonaws.com"}
    if qualifier:
        perm["qualifier"] = qualifier
    fns["echo"]["permissions"] = [perm]
    return scenario(fns)


def test_permission_on_an_alias_covers_only_the_alias():
    """AddPermission --qualifier live: the live ARN may be invoked; the bare function and
    version 1 (the version behind live) may not."""
    sc = _service_scenario("live")
    assert _decision(sc, "live") == "allow"
    assert _decision(sc, None) == "deny"
    assert _decision(sc, "1") == "deny"


def test_permission_on_the_bare_function_does_not_cover_its_alias():
    sc = _service_scenario()
    assert _decision(sc, None) == "allow"
    assert _decision(sc, "live") == "deny"


def test_identity_policy_resource_matching_of_qualified_arns():
    """APR: `echo` allows only unqualified calls, `echo:*` only qualified ones, `echo*` both."""
    def allowed(resource, qualifier):
        sc = scenario(versioned(), app_policies=[{"action": "lambda:InvokeFunction",
                                                  "resource": resource}])
        sim = simulation(sc)
        caller = sim.services["iam"].actor("app")
        return sim.services["iam"].check_invoke("echo", caller, qualifier=qualifier).decision
    assert (allowed(FN_ARN, None), allowed(FN_ARN, "live")) == ("allow", "deny")
    assert (allowed(FN_ARN + ":*", None), allowed(FN_ARN + ":*", "live")) == ("deny", "allow")
    assert (allowed(FN_ARN + "*", None), allowed(FN_ARN + "*", "live")) == ("allow", "allow")


def test_denied_alias_invoke_names_the_qualified_arn():
    sc = scenario(versioned(), app_policies=[{"action": "lambda:InvokeFunction",
                                              "resource": FN_ARN}])
    sim, resp = _run(sc, qualifier="live")
    assert resp.status == 403
    assert resp.payload["message"].split("resource: ")[1].startswith(f"{FN_ARN}:live")


# ---------------------------------------------------------------- triggers on an alias (§18)

WRITER = [{"action": ["s3:PutObject", "kinesis:PutRecord"], "resource": "*"}]


def test_async_invoke_of_an_alias_runs_its_version():
    """Event with a qualifier: the queued event runs the alias's version."""
    sim = simulation(scenario(versioned()))
    invoke(sim, qualifier="live", invocation_type="Event")
    sim.env.run()
    log = next(s for s in sim.recorder.steps if s.kind == "log")
    assert any(line.endswith("Version: 1") for line in log.payload["lines"])


def test_s3_notification_on_an_alias_needs_the_alias_permission():
    """`function: echo:live` in a notification: S3 invokes the alias, and only a permission
    added for live lets it (the bare function's permission does not)."""
    from app.engine.run import run

    def trace(qualifier):
        fns = versioned()
        perm = {"sid": "S3", "principal": "s3.amazonaws.com",
                "source_arn": "arn:aws:s3:::photos"}
        if qualifier:
            perm["qualifier"] = qualifier
        fns["echo"]["permissions"] = [perm]
        sc = scenario(fns, extra={"photos": {"type": "s3_bucket", "notifications": [
            {"events": ["s3:ObjectCreated:*"], "function": "echo:live"}]}},
            script=[{"at": 0, "actor": "app", "action": "put_object", "bucket": "photos",
                     "key": "a.txt", "body": "hi"}], app_policies=WRITER)
        return run(sc)
    ok = trace("live")
    logs = [s for s in ok.steps if s.kind == "log"]
    assert logs and any(line.endswith("Version: 1") for line in logs[0].payload["lines"])
    refused = trace(None)
    assert not [s for s in refused.steps if s.kind == "execute"]


def test_stream_mapping_on_an_alias_invokes_the_alias():
    from app.engine.run import run
    fns = versioned()
    sc = scenario(fns, extra={
        "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                      "managed_policies": ["AWSLambdaKinesisExecutionRole"]},
        "clicks": {"type": "kinesis_stream"},
        "clicks-to-echo": {"type": "event_source_mapping", "source": "clicks",
                           "function": "echo:live", "starting_position": "TRIM_HORIZON"}},
        script=[{"at": 0, "actor": "app", "action": "put_record", "stream": "clicks",
                 "partition_key": "k", "data": "x"}], app_policies=WRITER)
    trace = run(sc)
    results = [s for s in trace.steps if s.kind == "result"]
    assert results and results[0].headers["X-Amz-Executed-Version"] == "1"
