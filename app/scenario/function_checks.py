"""`check` rules for functions: the handler and its options, the execution role's trust, and
the account's reserved concurrency.

AWS refuses to create a function whose role Lambda cannot assume (lambda-behaviour.md §6, ROLE),
and reserved or provisioned concurrency that leaves fewer than 100 executions unreserved (§11
CON, §19; app.scenario.concurrency_check). The handler is checked even on a function that
failed validation for another key. Called from `app.scenario.crossrefs.CrossRefs`.
"""

from __future__ import annotations

from pydantic import ValidationError

from app.scenario.advice import add_to_written_list
from app.scenario.concurrency_check import reservation_problems
from app.scenario.handler_options import HANDLER_OPTIONS, ForwardOptions, ThumbnailOptions
from app.scenario.messages import did_you_mean, problems_from_errors
from app.scenario.models import DEFAULT_ACCOUNT_CONCURRENCY_LIMIT
from app.scenario.resources import Function, IamRole

FORWARD_TARGETS = ("dynamodb_table", "sqs_queue", "sns_topic", "kinesis_stream", "s3_bucket")


def check_handler(refs, at: tuple, handler: str, raw_options: dict) -> None:
    """Problems of a function's `handler` (a built-in's name) and its `options` (`raw_options`,
    as written) at `at`, through `refs`: an unknown handler, options its model refuses, and the
    resources the options name."""
    model = HANDLER_OPTIONS.get(handler)
    if model is None:
        refs.problem((*at, "handler"), f"unknown handler '{handler}'"
                                       f"{did_you_mean(handler, list(HANDLER_OPTIONS))}; built-in "
                                       f"handlers: {', '.join(HANDLER_OPTIONS)}")
        return
    try:
        options = model.model_validate(raw_options)
    except ValidationError as exc:
        refs.problems += problems_from_errors(exc.errors(), model, refs.source, raw_options,
                                              base=(*at, "options"))
        return
    if isinstance(options, ForwardOptions):
        refs.ref((*at, "options", "to"), options.to, FORWARD_TARGETS, "builtin.forward's `to`")
    if isinstance(options, ThumbnailOptions):
        refs.ref((*at, "options", "target_bucket"), options.target_bucket, ("s3_bucket",),
                 "the thumbnail's target_bucket")


def check_execution_role(refs, at: tuple, fn: Function) -> None:
    """A problem at `fn`'s `role` when that role does not trust Lambda to assume it."""
    role = refs.parts.resources.get(fn.role)
    if not isinstance(role, IamRole):
        return
    # lambda-behaviour.md §6 (ROLE): the execution role trusts lambda.amazonaws.com for sts:AssumeRole.
    if not any(t.principal == "lambda.amazonaws.com" and t.action == "sts:AssumeRole" for t in role.trusts):
        refs.problem((*at, "role"), f"role '{fn.role}' does not trust lambda.amazonaws.com "
                                    f"(sts:AssumeRole), so Lambda could not assume it and AWS would "
                                    f"refuse to create the function; "
                                    f"{add_to_written_list(refs.source.data, fn.role, 'trusts', 'lambda.amazonaws.com')}")


def check_handlers_of_broken_functions(refs) -> None:
    """A function with, say, a bad timeout still gets its handler and options checked."""
    raw_resources = refs.source.data.get("resources")
    for name, kind in refs.parts.declared.items():
        raw = raw_resources.get(name) if isinstance(raw_resources, dict) else None
        if kind != "function" or name in refs.parts.resources or not isinstance(raw, dict):
            continue
        handler, options = raw.get("handler"), raw.get("options", {})
        if isinstance(handler, str) and isinstance(options, dict):
            check_handler(refs, ("resources", name), handler, options)


def check_reservations(refs) -> None:
    """Reserved and provisioned concurrency AWS refuses because fewer than 100 executions
    would stay unreserved (app.scenario.concurrency_check)."""
    settings = refs.source.data.get("settings") if isinstance(refs.source.data, dict) else None
    limit = (settings.get("account_concurrency_limit", DEFAULT_ACCOUNT_CONCURRENCY_LIMIT)
             if isinstance(settings, dict) else DEFAULT_ACCOUNT_CONCURRENCY_LIMIT)
    if type(limit) is not int:
        return  # a bad value is reported by the model already
    functions = {n: r for n, r in refs.parts.resources.items() if isinstance(r, Function)}
    for path, message in reservation_problems(functions, limit):
        refs.problem(path, message)
