"""The start-up cache's value format (app.ui.plain_data): exact round trips, nothing else."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine.trace import PermissionDecision, Step
from app.ui.plain_data import Unencodable, decode, encode

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() \
    | st.binary(max_size=20)
keys = st.none() | st.booleans() | st.integers() | st.text() | st.tuples(st.integers(), st.text())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.tuples(inner, inner) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=20)


def same(a, b) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True, (1,) != [1])."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(x, y) for x, y in zip(a.values(), b.values())) \
            and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@given(values)
def test_values_come_back_exactly_through_json(value):
    assert same(decode(json.loads(json.dumps(encode(value), allow_nan=False))), value)


def test_steps_and_permission_decisions_come_back_exactly():
    step = Step(3, 1.5, "permission-check", "s3", "fn", "push", "checks", "S3 asks…",
                payload={"Records": [{"s3": (1, 2)}]},
                permission=PermissionDecision("deny", "s3", "lambda:InvokeFunction", "fn",
                                              "resource-based policy", reason="no statement"),
                tags=("denied",))
    back = decode(json.loads(json.dumps(encode(step))))
    assert back == step and type(back.tags) is tuple and type(back.payload["Records"][0]["s3"]) is tuple


@pytest.mark.parametrize("value", [object(), {1, 2}, frozenset(), 1j, Step])
def test_other_types_are_not_written(value):
    with pytest.raises(Unencodable):
        encode(value)


@pytest.mark.parametrize("data", [{"X": 1}, {"T": 1}, {"D": [[[], 1]]}, {"S": []}, {"R": "b"},
                                  {"F": "1e5"}, {"T": [], "D": []}, {"B": "!!"}])
def test_malformed_data_raises_instead_of_guessing(data):
    with pytest.raises((ValueError, TypeError)):
        decode(data)
