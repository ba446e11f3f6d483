"""Code cannot be imported: pick a built-in handler for each function and write a starter script.

Handlers (docs/importing.md explains the choice to the class):
- triggered by S3, allowed to read that bucket and write another → `builtin.thumbnail` into it;
- allowed to write (PutItem, SendMessage, Publish, PutRecord, PutObject) to a table, queue,
  topic, stream or bucket that triggers another function → `builtin.forward` to it (a chain),
  never back into its own trigger and never closing a loop;
- else allowed to write to a table, queue, topic or stream of the template → `builtin.forward`;
- behind an API route → `builtin.http_api`; fed by a stream → `builtin.stream_metrics`;
- else `builtin.echo`.
Every choice is listed as guessed. The script has one stimulus per entry point: an upload per
bucket notification (a key that matches its filter), a request per API route, a message per
queue, a record per stream or table stream, a publish per topic, an event per event-pattern
rule, and an Invoke for a function nothing else triggers; schedules fire on their own. Each
stimulus is made by an actor allowed exactly what it does.
"""

from __future__ import annotations

from typing import Any

from app.handlers.calls import WRITE_ACTIONS
from app.importers.arns import arn
from app.importers.context import Context
from app.importers.role_policy import role_allows
from app.scenario.fields import format_duration_ms

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")


def arn_of(ctx: Context, kind: str, name: str) -> str:
    """The ARN of the lesson's resource `name` of type `kind` (app.importers.arns)."""
    return arn(kind, name, ctx.region, ctx.account)


class Starter:
    """The triggers of every function in `ctx.out` (`triggers`: function → [(kind, source)],
    `feeds`: resource → what it delivers to), and the handler chosen for each (`choose_handlers`)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.out = ctx.out
        # resource name → functions it triggers directly; function → (kind, source) triggers
        self.feeds: dict[str, set[str]] = {}
        self.triggers: dict[str, list[tuple[str, str]]] = {}
        self._collect()

    def _of(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, r) for n, r in self.out.items() if r.get("type") == kind]

    def _trigger(self, source: str, kind: str, function: str) -> None:
        function = function.split(":")[0]
        self.feeds.setdefault(source, set()).add(function)
        self.triggers.setdefault(function, []).append((kind, source))

    def _collect(self) -> None:
        for name, bucket in self._of("s3_bucket"):
            for n in bucket.get("notifications", []):
                if "function" in n:
                    self._trigger(name, "s3", n["function"])
                else:
                    self.feeds.setdefault(name, set()).add(n.get("topic") or n.get("queue"))
        for name, topic in self._of("sns_topic"):
            for s in topic.get("subscriptions", []):
                if "function" in s:
                    self._trigger(name, "sns", s["function"])
                else:
                    self.feeds.setdefault(name, set()).add(s["queue"])
        for name, rule in self._of("eventbridge_rule"):
            for target in rule["targets"]:
                self._trigger(name, "schedule" if "schedule_expression" in rule else "events", target)
        for name, api in self._of("api_gateway"):
            for route in api["routes"]:
                self._trigger(name, "api", route["function"])
        for name, esm in self._of("event_source_mapping"):
            if esm.get("enabled", True):
                kind = self.out[esm["source"]]["type"]
                self._trigger(esm["source"], kind, esm["function"])

    # -- what a role allows ----------------------------------------------------------------
    def allows(self, function: str, action: str, resource_arn: str) -> bool:
        """May the execution role of `function` do `action` on `resource_arn` (app.importers.role_policy)?"""
        return role_allows(self.out.get(self.out[function]["role"], {}), action, resource_arn)

    def reaches(self, start: str, goal: str, seen=None) -> bool:
        """True when writes starting at function `start` can lead back to function `goal`."""
        seen = seen or set()
        if start == goal:
            return True
        if start in seen:
            return False
        seen.add(start)
        to = self.out.get(start, {}).get("options", {}).get("to") if start in self.out else None
        nxt = set()
        for res in ([to] if to else []):
            nxt |= self._downstream(res)
        return any(self.reaches(f, goal, seen) for f in nxt)

    def _downstream(self, resource: str, depth: int = 0) -> set[str]:
        """Functions a write to `resource` ends up invoking (through topics and queues)."""
        found: set[str] = set()
        for item in self.feeds.get(resource, set()):
            if depth < 5 and item in self.out and self.out[item]["type"] != "function":
                found |= self._downstream(item, depth + 1)
            elif item in self.out:
                found.add(item)
        return found

    def _carries_s3(self, function: str) -> bool:
        """True when a trigger hands the function an S3 or scheduled event (no item keys)."""
        for kind, source in self.triggers.get(function, []):
            if kind in ("s3", "schedule"):
                return True
            if any(source in (n.get("topic"), n.get("queue"))
                   for _, b in self._of("s3_bucket") for n in b.get("notifications", [])):
                return True
        return False

    def _failure_targets(self, name: str) -> set[str]:
        """The function's dead-letter queue and destinations, and its mappings' on-failure
        targets: Lambda writes there, not the code."""
        function = self.out[name]
        config = function.get("event_invoke_config", {})
        found = {function.get("dead_letter_queue"), config.get("on_success"), config.get("on_failure")}
        found |= {esm.get("on_failure") for _, esm in self._of("event_source_mapping")
                  if esm["function"].split(":")[0] == name}
        return {f for f in found if f}

    # -- handlers --------------------------------------------------------------------------
    def choose_handlers(self) -> None:
        for name, function in self._of("function"):
            handler, options, why = self._handler(name)
            function["handler"] = handler
            if options:
                function["options"] = options
            self.ctx.guessed.append(f"{self.ctx.logical_of.get(name, name)}: runs {handler}"
                                    f"{' to ' + options.get('to', options.get('target_bucket', '')) if options else ''} ({why})")

    def _handler(self, name: str) -> tuple[str, dict[str, Any], str]:
        kinds = {k for k, _ in self.triggers.get(name, [])}
        own = {s for _, s in self.triggers.get(name, [])}
        for kind, source in self.triggers.get(name, []):
            if kind != "s3" or not self.allows(name, "s3:GetObject", arn_of(self.ctx, "s3_bucket", source) + "/x"):
                continue
            for bucket, b in self._of("s3_bucket"):
                if bucket not in own and self.allows(name, "s3:PutObject", arn_of(self.ctx, "s3_bucket", bucket) + "/x") \
                        and not self._downstream(bucket) & {name}:
                    return "builtin.thumbnail", {"target_bucket": bucket}, \
                        f"triggered by {source}, may read it and write {bucket}"
        no_items = self._carries_s3(name)
        candidates = []
        failures = self._failure_targets(name)
        for resource, res in self.out.items():
            kind = res.get("type")
            if kind not in WRITE_ACTIONS or resource in own | failures or (kind == "dynamodb_table" and no_items):
                continue
            if kind == "s3_bucket" and not self._downstream(resource):
                continue
            if not self.allows(name, WRITE_ACTIONS[kind], arn_of(self.ctx, kind, resource) + ("/x" if kind == "s3_bucket" else "")):
                continue
            downstream = self._downstream(resource)
            if any(self.reaches(f, name) for f in downstream) or name in downstream:
                continue
            candidates.append((0 if downstream else 1, resource))
        if candidates:
            rank, resource = sorted(candidates)[0]
            why = (f"its role may {WRITE_ACTIONS[self.out[resource]['type']]} on {resource}, which triggers "
                   f"{', '.join(sorted(self._downstream(resource)))}" if rank == 0 else
                   f"its role may {WRITE_ACTIONS[self.out[resource]['type']]} on {resource}")
            return "builtin.forward", {"to": resource}, why
        if "api" in kinds:
            return "builtin.http_api", {}, "behind an API route"
        if kinds & {"kinesis_stream", "dynamodb_table"}:
            return "builtin.stream_metrics", {}, "reads a stream"
        return "builtin.echo", {}, "no write to another resource of the template"
