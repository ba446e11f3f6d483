"""Property: whatever a template holds, importing it gives a lesson or one TemplateError.

Hypothesis mutates the fixture templates (replaces, deletes and retypes values anywhere, puts
intrinsics where they do not belong) and imports each mutant: any other exception is a bug.
A lesson that does come out must load (import_template checks it itself).
"""

import copy
import json
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from app.importers import TemplateError, import_template  # noqa: E402
from app.importers.reader import read_template  # noqa: E402

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.*"))
TEMPLATES = [read_template(p)[0] for p in FIXTURES]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 100_000), st.text(max_size=12),
                    st.sampled_from(["", "*", "arn:aws:sqs:us-east-1:123456789012:q", "rate(1 minute)",
                                     "cron(0 2 * * ? *)", "AWS::NoValue", "s3:ObjectCreated:*"]))
intrinsics = st.one_of(
    st.builds(lambda x: {"Ref": x}, st.sampled_from(["AWS::NoValue", "AWS::Region", "Missing", "ClickStream"])),
    st.builds(lambda x: {"Fn::GetAtt": x}, st.one_of(st.text(max_size=8), st.lists(st.text(max_size=6), max_size=3))),
    st.builds(lambda x: {"Fn::Sub": x}, st.sampled_from(["${AWS::Region}", "${Nope}", "${!Lit}", "${A.B}"])),
    st.builds(lambda x: {"Fn::Select": x}, st.lists(scalars, max_size=3)),
    st.builds(lambda x: {"Fn::If": x}, st.lists(scalars, max_size=3)),
    st.builds(lambda x: {"Fn::Join": x}, st.lists(scalars, max_size=3)),
)
values = st.recursive(st.one_of(scalars, intrinsics),
                      lambda inner: st.one_of(st.lists(inner, max_size=3),
                                              st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                      max_leaves=6)
mutation = st.tuples(st.lists(st.integers(0, 50), min_size=1, max_size=6),
                     st.one_of(st.just("delete"), values))


def _mutate(data, path, new):
    """Walk `path` (indexes into keys/items) and replace or delete what is there."""
    node = data
    for depth, step in enumerate(path):
        if isinstance(node, dict) and node:
            key = list(node)[step % len(node)]
            if depth == len(path) - 1 or not isinstance(node[key], (dict, list)):
                if new == "delete":
                    del node[key]
                else:
                    node[key] = new
                return
            node = node[key]
        elif isinstance(node, list) and node:
            i = step % len(node)
            if depth == len(path) - 1 or not isinstance(node[i], (dict, list)):
                if new == "delete":
                    node.pop(i)
                else:
                    node[i] = new
                return
            node = node[i]
        else:
            return


@settings(max_examples=int(__import__("os").environ.get("IMPORT_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(TEMPLATES) - 1), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_import_never_crashes(which, mutations):
    data = copy.deepcopy(TEMPLATES[which])
    for path, new in mutations:
        _mutate(data, path, new)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            result = import_template(path)
        except TemplateError as exc:
            assert str(exc).startswith(str(path))
        else:
            assert result.lesson["resources"] and result.lesson["script"]
