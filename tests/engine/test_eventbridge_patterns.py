"""EventBridge event patterns beyond prefix/anything-but/exists (lambda-behaviour.md §21 row
"Event patterns", EBOPS): numeric, suffix, equals-ignore-case, wildcard, cidr, $or, and
anything-but with a list, prefix, suffix, equals-ignore-case or wildcard. One matcher serves
EventBridge rules and Lambda's filter criteria (app/engine/event_filter.py, §16)."""

from __future__ import annotations

import re

import pytest

from app.engine.event_filter import PatternError, validate_pattern
from app.engine.eventbridge import pattern_matches

EVENT = {"source": "com.shop", "detail-type": "OrderPlaced",
         "detail": {"total": 150, "file": "Report.PNG", "path": "/usr/lib/x.so",
                    "ip": "10.0.0.7", "state": "Initializing", "tags": ["a", "b"]}}


@pytest.mark.parametrize("detail, expected", [
    ({"total": [{"numeric": [">", 100]}]}, True),
    ({"total": [{"numeric": [">", 100, "<=", 120]}]}, False),
    ({"file": [{"suffix": ".PNG"}]}, True),
    ({"file": [{"suffix": {"equals-ignore-case": ".png"}}]}, True),
    ({"file": [{"prefix": {"equals-ignore-case": "report"}}]}, True),
    ({"state": [{"equals-ignore-case": "initializing"}]}, True),
    ({"path": [{"wildcard": "*/lib/*"}]}, True),
    ({"path": [{"wildcard": "*/bin/*"}]}, False),
    ({"ip": [{"cidr": "10.0.0.0/24"}]}, True),
    ({"ip": [{"cidr": "10.0.1.0/24"}]}, False),
    ({"state": [{"anything-but": ["Done", "Failed"]}]}, True),
    ({"state": [{"anything-but": {"prefix": "Init"}}]}, False),
    ({"file": [{"anything-but": {"suffix": ".txt"}}]}, True),
    ({"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}, False),
    ({"path": [{"anything-but": {"wildcard": "*/lib/*"}}]}, False),
    ({"tags": ["b"]}, True),
])
def test_each_operator_matches_as_documented(detail, expected):
    pattern = {"source": ["com.shop"], "detail": detail}
    validate_pattern(pattern, "eventbridge")
    assert pattern_matches(pattern, EVENT) is expected


def test_or_matches_when_any_branch_does():
    pattern = {"source": ["com.shop"],
               "$or": [{"detail": {"total": [{"numeric": ["<", 10]}]}},
                       {"detail-type": ["OrderPlaced"]}]}
    validate_pattern(pattern, "eventbridge")
    assert pattern_matches(pattern, EVENT)
    assert not pattern_matches({"$or": [{"source": ["x"]}, {"detail-type": ["y"]}]}, EVENT)


@pytest.mark.parametrize("pattern, words", [
    ({"source": "com.shop"}, "values in a pattern are lists"),
    ({"source": [{"contains": "shop"}]}, "unknown operator 'contains'"),
    ({"$or": [{"source": ["a"]}]}, "$or takes a list of at least two patterns"),
])
def test_what_eventbridge_refuses_is_refused_not_silently_unmatched(pattern, words):
    with pytest.raises(PatternError, match=re.escape(words)):
        validate_pattern(pattern, "eventbridge")


def test_lambda_filters_refuse_what_only_eventbridge_rules_take():
    with pytest.raises(PatternError, match="wildcard"):
        validate_pattern({"body": {"path": [{"wildcard": "*x"}]}}, "lambda")
