"""`check` rules for script entries: the names an entry gives, and each action's own rules.

A load's request is checked as the entry it stands for; a numbered asset (`photos/{n}.jpg`) is
checked for every `n` the engine will use; a DynamoDB write names the table's key; only a
mobile_app gets credentials from an identity pool (lambda-behaviour.md §10). Called from
`app.scenario.crossrefs.CrossRefs`.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, TypeAdapter, ValidationError

from app.scenario.messages import problems_from_errors
from app.scenario.queue_checks import check_send_message
from app.scenario.resources import Actor, DynamoDBTable
from app.scenario.safety import resolve_asset
from app.scenario.script import Load, Request
from app.scenario.versions_check import check_invoke_qualifier

STIMULUS_REFS = {"bucket": ("s3_bucket",), "table": ("dynamodb_table",), "stream": ("kinesis_stream",),
                 "api": ("api_gateway",), "function": ("function",), "queue": ("sqs_queue",),
                 "identity_pool": ("cognito_identity_pool",), "topic": ("sns_topic",)}
MAX_NUMBERED_ASSETS = 1000  # `photos/{n}.jpg` is checked for n = 1 … this many at most
_REQUEST = TypeAdapter(Request)


def check_stimulus(refs, at: tuple, stimulus: BaseModel, from_load: bool = False, count: int = 1) -> None:
    """Problems of the script entry `stimulus` written at `at`, through `refs.problem`: the
    names it gives, then its action's own rules. `from_load`: it is a load's request (no actor of
    its own), sent `count` times."""
    if not from_load:
        refs.ref((*at, "actor"), stimulus.actor, ("actor",), "an actor")
    for key, kinds in STIMULUS_REFS.items():
        if key in type(stimulus).model_fields:
            refs.ref((*at, key), getattr(stimulus, key), kinds, f"{stimulus.action}'s {key}")
    action = stimulus.action
    if action == "invoke":
        check_invoke_qualifier(refs, at, stimulus)  # §18
    if action == "load":
        _check_load(refs, at, stimulus)
    elif action == "get_credentials":
        _check_mobile_actor(refs, at, stimulus.actor)
    elif action == "put_object" and stimulus.asset is not None:
        _check_asset(refs, (*at, "asset"), stimulus.asset, count if from_load else stimulus.repeat)
    if action == "send_message":
        check_send_message(refs, at, stimulus)
    if action in ("put_item", "update_item", "delete_item"):
        _check_item_key(refs, at, stimulus)


def _check_asset(refs, at: tuple, asset: str, count: int) -> None:
    """The file must exist and stay inside the allowed folders, for every `{n}` the engine will use."""
    numbers = range(1, min(count, MAX_NUMBERED_ASSETS) + 1) if "{n}" in asset else [None]
    for n in numbers:
        name = asset if n is None else asset.replace("{n}", str(n))
        try:
            resolve_asset(name, refs.folder)
        except ValueError as exc:
            refs.problem(at, str(exc) if n is None else f"for n={n}: {exc}")
            return


def _check_mobile_actor(refs, at: tuple, actor: str) -> None:
    res = refs.parts.resources.get(actor)
    if isinstance(res, Actor) and res.kind != "mobile_app":
        refs.problem((*at, "actor"), f"only a mobile_app actor gets credentials from an identity pool; "
                                     f"'{actor}' is a {res.kind}")


def _check_item_key(refs, at: tuple, stimulus: BaseModel) -> None:
    table = refs.parts.resources.get(stimulus.table)
    if not isinstance(table, DynamoDBTable):
        return
    field_name = "item" if stimulus.action == "put_item" else "key"
    given = getattr(stimulus, field_name)
    for key in (table.partition_key, table.sort_key):
        if key is not None and key not in given:
            refs.problem((*at, field_name), f"the {field_name} has no '{key}', the key of table "
                                            f"'{stimulus.table}'; DynamoDB needs it")


def _check_load(refs, at: tuple, load: Load) -> None:
    request = dict(load.request)
    for own in ("at", "actor", "repeat", "every"):
        if own in request:
            refs.problem((*at, "request", own), f"a load's request takes no '{own}'; the load "
                                                f"decides who sends it and when")
            request.pop(own)
    try:
        stimulus = _REQUEST.validate_python({**request, "at": load.at, "actor": load.actor})
    except ValidationError as exc:
        refs.problems += problems_from_errors(exc.errors(), Request, refs.source, request,
                                              base=(*at, "request"))
        return
    arrivals = load.count or math.ceil(load.rate * load.duration / 1000)
    check_stimulus(refs, (*at, "request"), stimulus, from_load=True, count=arrivals)
