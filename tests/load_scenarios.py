"""Generated scenarios for tests and benchmarks: a Poisson load of synchronous invokes for a
long trace (~5 steps a request; bench/bench_engine.py measures it) and a big push-model graph
(bench/bench_ui.py steps through its 500-node size). Importable from every test folder (tests/
is on sys.path as the folder of the root conftest.py); the benchmarks put tests/ on their path."""

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


def generated_graph(groups: int, puts: int = 8, title: str = "big") -> Scenario:
    """5 nodes a group (source bucket, function, role, target bucket, DLQ) + a user + lambda:
    `groups` × 5 + 2 nodes; `puts` uploads 100 ms apart, round the groups' buckets."""
    resources = {"user": {"type": "actor", "kind": "user",
                          "policies": [{"action": "s3:PutObject", "resource": "*"}]}}
    for i in range(groups):
        resources[f"in-{i}"] = {"type": "s3_bucket", "notifications": [
            {"events": ["s3:ObjectCreated:*"], "function": f"fn-{i}"}]}
        resources[f"out-{i}"] = {"type": "s3_bucket"}
        resources[f"dlq-{i}"] = {"type": "sqs_queue"}
        resources[f"role-{i}"] = {"type": "iam_role", "trusts": "lambda.amazonaws.com"}
        resources[f"fn-{i}"] = {
            "type": "function", "handler": "builtin.work", "role": f"role-{i}",
            "dead_letter_queue": f"dlq-{i}",
            "permissions": [{"sid": "AllowS3", "principal": "s3.amazonaws.com",
                             "source_arn": f"arn:aws:s3:::in-{i}"}]}
    script = [{"at": f"{i * 100}ms", "actor": "user", "action": "put_object",
               "bucket": f"in-{i % groups}", "key": f"file-{i}.txt", "body": "hello"}
              for i in range(puts)]
    return Scenario.model_validate({"title": title, "teaches": "push", "summary": title,
                                    "resources": resources, "script": script})
