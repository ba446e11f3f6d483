"""A Poisson load of synchronous invokes for tests that need a long trace (~5 steps a request),
the shape bench/bench_engine.py measures. Importable from every test folder (tests/ is on
sys.path as the folder of the root conftest.py)."""

from __future__ import annotations

from app.scenario.models import Scenario


def load_of(requests: int) -> Scenario:
    """`requests` Poisson arrivals at 200/s of a ~120 ms function; idle environments reclaimed
    after 2 s."""
    return Scenario.model_validate({
        "title": "load", "teaches": "on-demand", "summary": "a load",
        "settings": {"environment_idle_timeout": "2s"},
        "resources": {
            "client": {"type": "actor", "kind": "custom_app",
                       "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
            "work-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
            "work": {"type": "function", "handler": "builtin.work", "role": "work-role",
                     "duration": {"distribution": "exponential", "mean": "120ms"},
                     "init_duration": {"distribution": "normal", "mean": "300ms", "stddev": "50ms"}},
        },
        "script": [{"at": 0, "actor": "client", "action": "load", "pattern": "poisson",
                    "rate": 200.0, "duration": f"{requests / 100}s", "count": requests,
                    "request": {"action": "invoke", "function": "work"}}],
    })
