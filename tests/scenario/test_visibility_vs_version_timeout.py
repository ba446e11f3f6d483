"""CreateEventSourceMapping refuses a queue whose visibility timeout is shorter than the timeout of
the function it invokes, and a mapping that names an alias or version invokes *that* version, with
its own timeout (docs/reference/lambda-behaviour.md §14 "Visibility timeout", §18 "Triggers on an
alias"; https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).

The expert's vtimeout2.yaml (mapping on worker:live, version 1 timeout 120 s, queue 60 s) used to
load; the same numbers on $LATEST (vis-lt.yaml) were refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario_text

EXPERT = Path(__file__).parent.parent / "engine" / "cases" / "expert"
WORDS = "Queue visibility timeout: 60 seconds is less than Function timeout: 120 seconds"


def test_alias_whose_version_outlasts_the_visibility_timeout_is_refused(problems):
    found = problems((EXPERT / "vtimeout2.yaml").read_text(), "vtimeout2.yaml")
    assert len(found) == 1 and WORDS in found[0]
    assert "resources.esm.function" in found[0] and "version 1" in found[0]


def test_latest_with_the_same_numbers_is_still_refused(problems):
    text = (EXPERT / "vis-lt.yaml").read_text()
    (message,) = problems(text, "vis-lt.yaml")
    assert "Queue visibility timeout: 5 seconds is less than Function timeout: 10 seconds" in message


def _variant(function_ref: str, latest_timeout: int, version_timeout: int | None) -> str:
    text = (EXPERT / "vtimeout2.yaml").read_text()
    version = "{}" if version_timeout is None else f"{{timeout: {version_timeout}}}"
    return (text.replace("    timeout: 10\n", f"    timeout: {latest_timeout}\n")
            .replace("      1: {timeout: 120, duration: 90s}", f"      1: {version}")
            .replace("    function: worker:live", f"    function: {function_ref}"))


def test_a_version_number_qualifier_is_checked_against_that_version(problems):
    (message,) = problems(_variant("worker:1", 10, 120), "v.yaml")
    assert WORDS in message


def test_a_version_with_a_shorter_timeout_than_latest_is_accepted():
    scenario = load_scenario_text(_variant("worker:live", 120, 30), "v.yaml")
    assert scenario.resources["esm"].qualifier == "live"


@pytest.mark.parametrize("ref, refused", [("worker:live", True), ("worker", False)])
def test_the_engine_refuses_the_same_mapping_at_create(ref, refused):
    from app.scenario.models import Scenario
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(_variant(ref, 10, 120))
    trace = run(Scenario.model_validate(data))
    errors = [s for s in trace if s.kind == "error" and "CreateEventSourceMapping" in s.summary]
    assert bool(errors) is refused
    if refused:
        assert WORDS in errors[0].payload["message"]
