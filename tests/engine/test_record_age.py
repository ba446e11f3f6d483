"""A batch whose oldest record reaches MaximumRecordAgeInSeconds is discarded at that age.

Source: docs/reference/lambda-behaviour.md §5 (KP, DP: MaximumRecordAgeInSeconds, "Discard records
older than the specified age"; https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html).
Lambda does not wait for another poll to give up on a record that is already too old.
"""

from __future__ import annotations

import pytest

from stream_scenarios import clicks, kinesis_scenario
from app.engine.run import run


@pytest.mark.parametrize("age_s", [60, 61])
def test_discarded_at_the_age_not_a_poll_later(age_s):
    trace = run(kinesis_scenario(
        esm={"batch_size": 1, "maximum_record_age_in_seconds": age_s},
        function={"faults": {"fail": "always"}}, script=clicks(1, start_ms=100, key="k")))
    (discard,) = [s for s in trace if "discarded" in s.tags]
    assert "RecordAgeExceeded" in discard.summary
    assert discard.time_ms == 100 + age_s * 1000
    late = [s for s in trace if s.kind == "invoke" and s.source == "lambda"
            and s.time_ms > 100 + age_s * 1000]
    assert not late  # no invoke of the too-old record after its age is reached
