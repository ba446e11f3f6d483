"""Settings on the diagram come from the configuration (teacher's report item 1): traffic-spike's
function was labelled "price-order (reserved concurrency 5)" and kept saying 5 under a what-if
of 2. A node's subtitle now carries the setting, worked out from the resource."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.graph import build_graph
from app.graph.settings_shown import schedule_words
from app.lab.edits import apply_edits
from app.scenario.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize("name, node, setting", [
    ("traffic-spike", "price-order", "reserved concurrency 5"),
    ("clickstream-kinesis", "clicks", "2 shards"),
    ("analytics-dynamodb", "sales", "stream on"),
    ("nightly-schedule", "nightly-report", "every day at 02:00 UTC"),
])
def test_built_in_settings_are_drawn_from_the_configuration(name, node, setting):
    graph = build_graph(load_scenario(SCENARIOS / f"{name}.yaml"))
    assert graph.nodes[node]["setting"] == setting


def test_a_what_if_changes_the_setting_shown():
    spike = load_scenario(SCENARIOS / "traffic-spike.yaml")
    edited = apply_edits(spike, ["functions.price-order.reserved_concurrency=2"])
    assert build_graph(edited).nodes["price-order"]["setting"] == "reserved concurrency 2"
    off = apply_edits(spike, ["functions.price-order.reserved_concurrency=absent"])
    assert "setting" not in build_graph(off).nodes["price-order"]


def test_no_built_in_writes_a_number_into_a_name():
    """A label is a name: a number in it would be a setting the lab cannot change."""
    for path in SCENARIOS.glob("*.yaml"):
        for resource_name, resource in load_scenario(path).resources.items():
            label = getattr(resource, "label", None) or ""
            assert not re.search(r"\d", label), f"{path.name}: {resource_name}: {label!r}"


def test_schedule_words():
    assert schedule_words("rate(5 minutes)") == "every 5 minutes"
    assert schedule_words("cron(30 8 * * ? *)") == "every day at 08:30 UTC"
    assert schedule_words("cron(30 8 ? * MON-FRI *)") == "cron(30 8 ? * MON-FRI *)"
