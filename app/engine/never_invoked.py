"""`check`'s warning for a function that nothing in the run invokes (app.engine.lesson_warnings).

Either nothing connects to it (add a script entry or a source, or remove it), or something does,
an SNS subscription, an EventBridge rule, an S3 notification, an API route or another function's
destination, and nothing reached that source in the run: then the cause is upstream, and the
warning says what is connected instead of claiming nothing is (a teacher's find). Qt-free.
"""

from __future__ import annotations

from app.engine.config_warnings import ConfigWarning


def functions_never_invoked(scenario, steps, covered: set[str]) -> list[ConfigWarning]:
    """One warning per function no step of the run invokes, executes or checks a permission for,
    except those in `covered` (another warning already names them). A function the file
    connects to a source (subscription, rule, notification, route, destination) is warned as
    connected but never reached, so the author looks upstream. In: a loaded scenario, the run's
    steps, names. Out: ConfigWarnings at `resources.NAME`. Raises nothing."""
    reached = covered | {s.target for s in steps if s.kind in ("invoke", "execute", "permission-check")}
    out = []
    for name in scenario.of_type("function"):
        if name in reached:
            continue
        wired = _wired_sources(scenario, name)
        if wired:  # connected, but its source never fired: the cause is upstream
            out.append(ConfigWarning(("resources", name), (
                f"warning: nothing in the run invokes {name}, though {' and '.join(wired)} "
                f"{'is' if len(wired) == 1 else 'are'} connected to it: nothing reached "
                f"{'that source' if len(wired) == 1 else 'those sources'} in this run. Look "
                f"upstream: another warning may say what stopped it.")))
            continue
        out.append(ConfigWarning(("resources", name), (
            f"warning: nothing in the run invokes {name}: no script entry, notification, route, "
            f"mapping or destination reaches it. Add a script entry (action: invoke, function: "
            f"{name}) or connect a source to it, or remove it.")))
    return out


def _wired_sources(scenario, name: str) -> list[str]:
    """What the file connects to function `name` besides mappings (their own warning speaks):
    an SNS subscription, an EventBridge rule target, an S3 notification, an API route, another
    function's destination; each as words for a sentence, in file order."""
    out = []
    for owner, resource in scenario.resources.items():
        kind = getattr(resource, "type", "")
        if kind == "sns_topic" and any(s.function == name for s in resource.subscriptions):
            out.append(f"the SNS topic {owner} (a subscription)")
        elif kind == "eventbridge_rule" and name in resource.targets:
            out.append(f"the EventBridge rule {owner}")
        elif kind == "s3_bucket" and any(n.function == name for n in resource.notifications):
            out.append(f"a notification of the bucket {owner}")
        elif kind == "api_gateway" and any(r.function == name for r in resource.routes):
            out.append(f"the API {owner}")
        elif kind == "function" and name in (resource.event_invoke_config.on_success,
                                             resource.event_invoke_config.on_failure):
            out.append(f"{owner}'s destination")
    return out
