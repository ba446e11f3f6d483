"""The starter script of an imported lesson: one stimulus per entry point, and the actors that
make them, each allowed exactly the calls it makes (see app.importers.starter for the rules)."""

from __future__ import annotations

import re
from typing import Any

from app.importers.names import fit
from app.importers.role_policy import role_allows
from app.importers.starter import IMAGE_SUFFIXES, Starter, arn_of
from app.scenario.fields import format_duration_ms

_ACTORS = {"user": ("user", "User"), "browser": ("browser", "Browser"), "app": ("custom_app", "Client app"),
           "mobile": ("mobile_app", "Signed-in user's app")}


class ScriptWriter:
    """Writes `entries` (the script), `actors` and `settings` for a Starter's lesson: call
    `write()`, then `finish()` for the settings."""

    def __init__(self, starter: Starter) -> None:
        self.s = starter
        self.ctx = starter.ctx
        self.out = starter.out
        self.entries: list[dict[str, Any]] = []
        self.actors: dict[str, dict[str, Any]] = {}
        self.actor_names: dict[str, str] = {}
        self.settings: dict[str, Any] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _actor(self, role: str, action: str | None = None, resource: str | None = None) -> str:
        if role not in self.actor_names:
            name, n = role, 2
            while name in self.out or name in ("lambda", "sts"):
                name, n = f"{role}-{n}", n + 1
            self.actor_names[role] = name
            kind, label = _ACTORS[role]
            self.actors[name] = {"type": "actor", "kind": kind, "label": label}
        name = self.actor_names[role]
        if action:
            policies = self.actors[name].setdefault("policies", [])
            statement = {"action": action, "resource": resource}
            if statement not in policies:
                policies.append(statement)
        return name

    def _add(self, entry: dict[str, Any], note: str) -> None:
        entry = {"at": f"{len(self.entries)}s", **entry, "note": note}
        self.entries.append(entry)

    def _item(self) -> dict[str, Any]:
        """A payload every table of the lesson accepts (all key attributes), as JSON."""
        item: dict[str, Any] = {"id": "item-1"}
        for _, table in self.s._of("dynamodb_table"):
            item.setdefault(table.get("partition_key", "id"), "item-1")
            if table.get("sort_key"):
                item.setdefault(table["sort_key"], "1")
        item["message"] = "hello from the imported lesson"
        return item

    def _fed(self, resource: str) -> bool:
        """True when a function of the lesson writes to `resource` (builtin.forward/thumbnail)."""
        for _, f in self.s._of("function"):
            options = f.get("options", {})
            if resource in (options.get("to"), options.get("target_bucket")):
                return True
        for _, b in self.s._of("s3_bucket"):
            if any(resource in (n.get("topic"), n.get("queue")) for n in b.get("notifications", [])):
                return True
        for _, t in self.s._of("sns_topic"):
            if any(resource == sub.get("queue") for sub in t.get("subscriptions", [])):
                return True
        return False

    # -- the script ------------------------------------------------------------------------
    def write(self) -> None:
        for name, bucket in self.s._of("s3_bucket"):
            if bucket.get("notifications") and not self._fed(name):
                self._uploads(name, bucket)
        for name, api in self.s._of("api_gateway"):
            browser = self._actor("browser")
            writes_first = sorted(api["routes"], key=lambda r: r["method"] not in ("POST", "PUT", "PATCH"))
            for route in writes_first:
                path = re.sub(r"\{[^}]*\+\}", "example/path", route["path"])
                path = re.sub(r"\{[^}]*\}", "1", path)
                method = "GET" if route["method"] == "ANY" else route["method"]
                entry = {"actor": browser, "action": "http_request", "api": name, "method": method, "path": path}
                if method in ("POST", "PUT", "PATCH"):
                    entry["body"] = self._item()
                self._add(entry, f"A browser calls {route['method']} {route['path']} on the API; "
                                 f"API Gateway invokes {route['function']} synchronously.")
        for kind, action, key, verb in (("sqs_queue", "send_message", "queue", "sqs:SendMessage"),
                                        ("kinesis_stream", "put_record", "stream", "kinesis:PutRecord"),
                                        ("sns_topic", "publish", "topic", "sns:Publish"),
                                        ("dynamodb_table", "put_item", "table", "dynamodb:PutItem")):
            for name, res in self.s._of(kind):
                if not self.s._downstream(name) or self._fed(name):
                    continue
                if kind == "dynamodb_table" and not res.get("stream"):
                    continue
                app = self._actor("app", verb, arn_of(self.ctx, kind, name))
                entry: dict[str, Any] = {"actor": app, "action": action, key: name}
                if kind == "sqs_queue":
                    entry["message_body"] = self._item()
                    if res.get("fifo"):
                        entry["message_group_id"] = "group-1"
                        if not res.get("content_based_deduplication"):
                            entry["message_deduplication_id"] = "item-1"
                elif kind == "kinesis_stream":
                    entry.update(partition_key="item-1", data=self._item())
                elif kind == "sns_topic":
                    import json
                    entry["message"] = json.dumps(self._item())
                else:
                    entry["item"] = self._item()
                self._add(entry, f"The client app writes to {name}, which triggers "
                                 f"{', '.join(sorted(self.s._downstream(name)))}.")
        for name, rule in self.s._of("eventbridge_rule"):
            if "event_pattern" in rule:
                self._put_event(name, rule)
            else:
                self._schedule(rule["schedule_expression"])
        triggered = set(self.s.triggers) | self._mobile_apps()
        for name, function in self.s._of("function"):
            if name not in triggered and not self._fed_function(name):
                app = self._actor("app", "lambda:InvokeFunction", arn_of(self.ctx, "function", name))
                self._add({"actor": app, "action": "invoke", "function": name, "payload": self._item()},
                          f"Nothing in the template triggers {name}, so the client app invokes it directly.")

    def _mobile_apps(self) -> set[str]:
        """For each identity pool whose signed-in role may invoke functions: a mobile app gets
        credentials, then invokes each of them. Returns the functions so invoked."""
        invoked: set[str] = set()
        for pool, spec in self.s._of("cognito_identity_pool"):
            role = self.out.get(spec.get("authenticated_role") or "", {})
            functions = [name for name, _ in self.s._of("function")
                         if role_allows(role, "lambda:InvokeFunction", arn_of(self.ctx, "function", name))]
            if not functions:
                continue
            app = self._actor("mobile")
            self._add({"actor": app, "action": "get_credentials", "identity_pool": pool, "login": True},
                      f"A signed-in user's app asks {pool} for AWS credentials.")
            for name in functions:
                self._add({"actor": app, "action": "invoke", "function": name, "payload": self._item()},
                          f"With the credentials of the pool's signed-in role, the app invokes {name}.")
                invoked.add(name)
        return invoked

    def _fed_function(self, name: str) -> bool:
        return any(f.get("options", {}).get("to") == name for _, f in self.s._of("function"))

    def _uploads(self, bucket: str, spec: dict[str, Any]) -> None:
        user = self._actor("user", "s3:PutObject", arn_of(self.ctx, "s3_bucket", bucket) + "/*")
        done = set()
        for n in spec["notifications"]:
            prefix, suffix = n.get("prefix", ""), n.get("suffix", "")
            key = f"{prefix}example{suffix if suffix else '.jpg'}".replace("+", " ")
            if key in done:
                continue
            done.add(key)
            events = n["events"]
            entry: dict[str, Any] = {"actor": user, "action": "put_object", "bucket": bucket, "key": key}
            if key.lower().endswith(IMAGE_SUFFIXES):
                entry.update(asset="photos/cat.jpg", content_type="image/jpeg")
            else:
                entry["body"] = "an example upload"
            target = n.get("function") or n.get("topic") or n.get("queue")
            self._add(entry, f"A user uploads {key} to {bucket}; the bucket's notification sends the event to {target}.")
            if all(e.startswith("s3:ObjectRemoved") for e in events):
                self._actor("user", "s3:DeleteObject", arn_of(self.ctx, "s3_bucket", bucket) + "/*")
                self._add({"actor": user, "action": "delete_object", "bucket": bucket, "key": key},
                          f"The user deletes {key}; the notification is for removals.")

    def _put_event(self, name: str, rule: dict[str, Any]) -> None:
        pattern = rule["event_pattern"]

        def first(key: str, default: str) -> str:
            values = pattern.get(key)
            if isinstance(values, list) and values and isinstance(values[0], str):
                return values[0]
            return default
        detail = {}
        for key, values in (pattern.get("detail") or {}).items() if isinstance(pattern.get("detail"), dict) else ():
            if isinstance(values, list) and values and isinstance(values[0], (str, int, float)):
                detail[key] = values[0]
        app = self._actor("app", "events:PutEvents", "*")
        self._add({"actor": app, "action": "put_events", "source": first("source", "my.app"),
                   "detail_type": first("detail-type", "Example"), "detail": detail},
                  f"The client app puts an event on the default bus that matches the rule {name}.")

    def _schedule(self, expression: str) -> None:
        from app.engine.simulation import EPOCH_S
        from app.scenario.schedules import parse
        try:
            schedule = parse(expression)
        except ValueError:
            return
        first = schedule.next_after(0.0, EPOCH_S)
        second = schedule.next_after(first, EPOCH_S) if first is not None else None
        if second is not None:
            stop = max(second + 60_000, self.settings.get("_stop_ms", 0))
            self.settings["_stop_ms"] = stop
            self.settings["stop_after"] = format_duration_ms(stop)

    def finish(self) -> dict[str, Any]:
        settings = {k: v for k, v in self.settings.items() if not k.startswith("_")}
        return settings


__all__ = ["ScriptWriter", "fit"]
