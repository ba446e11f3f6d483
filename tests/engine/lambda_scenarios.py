"""Small scenarios built in code for the engine-core tests (Lambda, IAM, run loop)."""

from __future__ import annotations

from app.engine.run import build_services
from app.engine.simulation import Simulation
from app.scenario.models import Scenario

ACCOUNT = "123456789012"
ECHO_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:echo"


def function(**overrides) -> dict:
    base = {"type": "function", "handler": "builtin.echo", "role": "echo-role",
            "duration": "100ms", "init_duration": "200ms"}
    return {**base, **overrides}


def scenario(functions: dict | None = None, extra: dict | None = None, script=None,
             settings: dict | None = None, app_policies=None) -> Scenario:
    """An app allowed to invoke `echo`, a role trusting Lambda, and the given functions."""
    resources = {
        "app": {"type": "actor", "kind": "custom_app", "policies": app_policies if app_policies
                is not None else [{"sid": "InvokeAll", "action": "lambda:InvokeFunction",
                                   "resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:*"}]},
        "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
    }
    resources.update(functions if functions is not None else {"echo": function()})
    resources.update(extra or {})
    data = {"title": "test", "teaches": "on-demand", "summary": "test scenario",
            "resources": resources, "settings": settings or {},
            "script": script or [{"at": 0, "actor": "app", "action": "invoke", "function": "echo"}]}
    return Scenario.model_validate(data)


def simulation(sc: Scenario, seed: int | None = None) -> Simulation:
    sim = Simulation(sc, seed)
    build_services(sim)
    return sim


def invoke(sim: Simulation, function: str = "echo", payload=None, at: float = 0.0, **kw):
    """Schedule one Invoke by `app` at `at` ms; returns a dict filled with `response` when it ends."""
    box: dict = {}
    kw.setdefault("caller", sim.services["iam"].actor("app"))

    def proc():
        if at:
            yield sim.env.timeout(at)
        box["response"] = yield from sim.services["lambda"].invoke(
            function, {"n": 1} if payload is None else payload, **kw)

    sim.env.process(proc())
    return box


def kinds(sim: Simulation) -> list[str]:
    return [s.kind for s in sim.recorder.steps]


def constant_load(rate: int = 50) -> Scenario:
    """An app invoking the function `work` (builtin.work, 10 ms) at `rate` requests/s for 1 s:
    the load the engine's fast invoke path takes."""
    return Scenario.model_validate({
        "title": "t", "teaches": "on-demand", "summary": "s",
        "resources": {"app": {"type": "actor", "kind": "custom_app",
                              "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
                      "run-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
                      "work": {"type": "function", "handler": "builtin.work", "role": "run-role",
                               "duration": "10ms"}},
        "script": [{"at": 0, "actor": "app", "action": "load", "pattern": "constant",
                    "rate": rate, "duration": "1s",
                    "request": {"action": "invoke", "function": "work"}}]})
