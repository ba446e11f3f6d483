"""A key written `queue:jobs` (no space after the colon) is one plain word to YAML, so the next
line breaks the mapping. The message says so at the slip's line and how to fix it."""

from __future__ import annotations

import pytest

from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text

JOBS = """\
title: Jobs
teaches: pull
summary: A web app sends jobs to a queue.
resources:
  web-app: {type: actor, kind: custom_app}
  jobs: {type: sqs_queue}
script:
  - at: 0s
    actor: web-app
    action: send_message
    SLIP
    message_body: hello
"""


@pytest.mark.parametrize("slip", ["queue:jobs", "queue:jobs  # the queue"])
def test_a_missing_space_after_the_colon_is_named_with_the_fix(slip):
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(JOBS.replace("SLIP", slip), "jobs.yaml")
    message = str(caught.value)
    assert message.startswith("jobs.yaml:11:5:"), message
    assert "add a space after ':'" in message
    assert "queue: jobs" in message


def test_a_line_without_any_colon_gets_no_such_hint():
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(JOBS.replace("SLIP", "queue jobs"), "jobs.yaml")
    assert "add a space after ':'" not in str(caught.value)
