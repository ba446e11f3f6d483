"""Event filtering (lambda-behaviour.md §16): the pattern rules, OR between filters, and what
happens to a dropped record (SQS: deleted; streams: skipped)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st
from sqs_scenarios import WINDOW, invokes, items_of, orders, sqs_scenario
from stream_scenarios import clicks, kinesis_scenario

from app.engine.event_filter import PatternError, matches, matches_any, parse_pattern
from app.engine.run import run


@pytest.mark.parametrize("pattern, doc, expected", [
    ({"status": ["paid"]}, {"status": "paid"}, True),
    ({"status": ["paid"]}, {"status": "PAID"}, False),
    ({"status": [{"equals-ignore-case": "paid"}]}, {"status": "PAID"}, True),
    ({"status": ["paid", "sent"]}, {"status": "sent"}, True),
    ({"id": [{"prefix": "ord-"}]}, {"id": "ord-7"}, True),
    ({"id": [{"prefix": "ord-"}]}, {"id": "inv-7"}, False),
    ({"key": [{"suffix": ".jpg"}]}, {"key": "a.jpg"}, True),
    ({"status": [{"anything-but": ["test"]}]}, {"status": "paid"}, True),
    ({"status": [{"anything-but": ["test"]}]}, {"status": "test"}, False),
    ({"status": [{"anything-but": {"prefix": "tmp"}}]}, {"status": "tmp-1"}, False),
    ({"total": [{"numeric": [">", 0, "<=", 100]}]}, {"total": 50}, True),
    ({"total": [{"numeric": [">", 0, "<=", 100]}]}, {"total": 150}, False),
    ({"total": [{"numeric": [">", 0]}]}, {"total": "50"}, False),
    ({"total": [300]}, {"total": 300.0}, False),  # numbers compare as their JSON text
    ({"total": [300]}, {"total": 300}, True),
    ({"coupon": [{"exists": True}]}, {"coupon": "X"}, True),
    ({"coupon": [{"exists": True}]}, {}, False),
    ({"coupon": [{"exists": False}]}, {}, True),
    ({"note": [None]}, {"note": None}, True),
    ({"body": {"status": ["paid"]}}, {"body": {"status": "paid", "x": 1}}, True),
    ({"body": {"status": ["paid"]}}, {"body": "plain text"}, False),
    ({"a": ["1"], "b": ["2"]}, {"a": "1", "b": "3"}, False),  # AND inside a pattern
    ({"tags": ["red"]}, {"tags": ["blue", "red"]}, True),  # an array matches if any element does
])
def test_pattern_rules(pattern, doc, expected):
    assert matches(pattern, doc) is expected


def test_or_between_filters():
    patterns = [{"a": ["1"]}, {"b": ["2"]}]
    assert matches_any(patterns, {"b": "2"}) and not matches_any(patterns, {"a": "2"})


@pytest.mark.parametrize("text, words", [
    ("{not json", "not valid JSON"),
    ("[]", "JSON object"),
    ('{"a": "x"}', "values in a pattern are lists"),
    ('{"a": [{"wildcard": "x"}]}', "unknown operator"),
    ('{"a": [{"numeric": [">"]}]}', "operator/number pairs"),
])
def test_bad_patterns_say_what_is_wrong(text, words):
    with pytest.raises(PatternError, match=words):
        parse_pattern(text)


@given(st.text(max_size=12), st.text(max_size=12))
def test_prefix_and_anything_but_prefix_are_opposites(prefix, value):
    doc = {"v": value}
    assert matches({"v": [{"prefix": prefix}]}, doc) != matches({"v": [{"anything-but": {"prefix": prefix}}]}, doc)


PAID_ONLY = {"filter_criteria": {"filters": [{"pattern": '{"body": {"item": [{"anything-but": ["spam"]}]}}'}]}}


def test_filtered_out_sqs_messages_are_deleted_without_an_invoke():
    trace = run(sqs_scenario(esm={**WINDOW, **PAID_ONLY}, script=orders(["book", "spam", "pen"])))
    assert [items_of(s) for s in invokes(trace)] == [["book", "pen"]]
    dropped = [s for s in trace if "filtered" in s.tags]
    assert len(dropped) == 1 and dropped[0].kind == "dequeue"
    assert [json.loads(m["Body"])["item"] for m in dropped[0].payload["Deleted"]] == ["spam"]
    assert trace.state_at(len(trace.steps) - 1)["orders"]["message_count"] == 0


def test_filtered_out_stream_records_are_skipped_and_the_checkpoint_moves_past_them():
    only_even = {"filter_criteria": {"filters": [{"pattern": '{"data": {"n": ["2", "4"]}}'}]},
                 "maximum_batching_window_in_seconds": 1}
    trace = run(kinesis_scenario(esm=only_even, script=clicks(4)))
    sent = [r for s in trace if s.kind == "execute" for r in s.payload["Records"]]
    assert len(sent) == 2
    assert any(s.kind == "batch" and "filtered" in s.tags for s in trace)
    all_out = {"filter_criteria": {"filters": [{"pattern": '{"data": {"n": [99]}}'}]}}
    quiet = run(kinesis_scenario(esm=all_out, script=clicks(2)))
    assert not [s for s in quiet if s.kind == "execute"]
    assert any(s.kind == "checkpoint" and "filtered" in s.tags for s in quiet)
