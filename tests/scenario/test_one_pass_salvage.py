"""Every problem in one pass, continued: the kinds of mistake that still hid others, and the
follow-on noise one mistake used to cause.

- a required key left out (a function without `handler:`) dropped the whole resource from the
  reference checks, so its misspelt `role:` only showed up on the next run;
- a mistake inside one list item (an unknown key in `notifications[0]`) dropped the whole list,
  so a misspelt function in `notifications[1]` only showed up on the next run;
- a second `---` document replaced the first, so every key of the first was "missing";
- `resources:` that is not a mapping made every name in the script "unknown";
- a resource name written twice made each reference to it a second, misleading error.
"""

from __future__ import annotations

from pathlib import Path

from scenario_texts import MINIMAL, minimal_with

from conftest import problems_of


def _paths(text: str) -> list[str]:
    """The key paths of the problems, in the order `check` prints them."""
    return [line.split(": ")[1] for line in problems_of(text)]


def test_a_missing_required_key_does_not_hide_the_resources_other_references():
    text = minimal_with({13: "    runtime: python3.12", 14: "    role: wrker-role"})
    assert problems_of(text) == [
        "s.yaml:11:3: resources.worker.handler: missing required key 'handler'",
        "s.yaml:14:5: resources.worker.role: there is no resource named 'wrker-role' "
        "(did you mean 'worker-role'?)",
    ]


def test_a_mapping_without_its_source_still_gets_its_function_checked():
    text = minimal_with(append=["  - {at: 1s, actor: app, action: invoke, function: worker}"],
                        replace={14: "    role: worker-role\n  m: {type: event_source_mapping, function: wrker}"})
    assert _paths(text) == ["resources.m.source", "resources.m.function"]
    assert "there is no resource named 'wrker' (did you mean 'worker'?)" in problems_of(text)[1]


def test_one_broken_list_item_does_not_hide_a_mistake_in_the_next_item():
    text = minimal_with({11: "\n".join([
        "  photos:",
        "    type: s3_bucket",
        "    notifications:",
        '      - {events: ["s3:ObjectCreated:*"], sufix: .jpg, function: worker}',
        '      - {events: ["s3:ObjectCreated:*"], function: wroker}',
        "  worker:"])})
    assert problems_of(text) == [
        "s.yaml:14:42: resources.photos.notifications[0].sufix: unknown key 'sufix' (did you mean 'suffix'?)",
        "s.yaml:15:42: resources.photos.notifications[1].function: there is no resource named 'wroker' "
        "(did you mean 'worker'?)",
    ]


def test_a_broken_key_is_not_also_reported_as_a_boolean():
    """`memory_size: true` is one mistake: pydantic's "at least 128", not a second line for true."""
    text = minimal_with({14: "    role: worker-role\n    memory_size: true\n    timeout: x"})
    assert _paths(text) == ["resources.worker.memory_size", "resources.worker.timeout"]


def test_a_second_document_is_one_problem_and_the_first_is_still_checked():
    text = minimal_with({14: "    role: nobody"}) + "---\ntitle: second\n"
    assert problems_of(text) == [
        "s.yaml:14:5: resources.worker.role: there is no resource named 'nobody'; declare it under "
        "`resources:`, or name one that exists: worker-role",
        "s.yaml:17:1: a scenario file holds one document; remove the second '---'",
    ]


def test_a_second_document_alone_leaves_the_first_valid_but_reported():
    assert problems_of(MINIMAL + "---\ntitle: x\n") == [
        "s.yaml:17:1: a scenario file holds one document; remove the second '---'"]


def test_resources_that_are_not_a_mapping_do_not_make_every_name_unknown():
    text = minimal_with({4: "resources: 3", **{n: "" for n in range(5, 15)},
                         16: "  - {at: 0s, actor: ap, action: invoke, function: worker}"})
    assert _paths(text) == ["resources"]


def test_a_name_written_twice_is_reported_once_not_at_every_reference():
    text = minimal_with({8: "  worker:\n    type: iam_role\n    trusts: lambda.amazonaws.com\n  worker-role:"},
                        append=["  - {at: 2s, actor: app, action: invoke, function: worker}"])
    assert problems_of(text) == [
        "s.yaml:14:3: resources.worker: duplicate key 'worker' (first written at line 8)"]


def test_a_check_a_repair_would_cause_is_dropped_but_an_independent_one_kept():
    """`starting_position: LATESt` is left out to check the rest, which must not turn into "needs
    starting_position"; the role that does not trust Lambda has nothing to do with `timeout: x`."""
    text = minimal_with({10: "    trusts: s3.amazonaws.com",
                         14: "    role: worker-role\n    timeout: x\n"
                             "  k: {type: kinesis_stream}\n"
                             "  m: {type: event_source_mapping, source: k, function: worker, starting_position: LATESt}"})
    assert _paths(text) == ["resources.worker.role", "resources.worker.timeout",
                            "resources.m.starting_position"]
    assert "does not trust lambda.amazonaws.com" in problems_of(text)[0]


def test_a_list_item_without_a_path_still_lets_the_next_route_be_checked():
    text = minimal_with({14: "    role: worker-role\n  api:\n    type: api_gateway\n    routes:\n"
                             "      - {method: GET, function: worker}\n"
                             "      - {method: GET, path: /x, function: wrker}"})
    assert _paths(text) == ["resources.api.routes[0].path", "resources.api.routes[1].function"]


def test_a_resource_with_a_misspelt_type_is_still_suggested_for_a_misspelt_reference():
    text = minimal_with({9: "    type: iam_rol",
                         10: "    trusts: lambda.amazonaws.com\n  other-role: {type: iam_role, trusts: lambda.amazonaws.com}",
                         14: "    role: workr-role"})
    assert problems_of(text)[1] == ("s.yaml:15:5: resources.worker.role: there is no resource named "
                                    "'workr-role' (did you mean 'worker-role'?)")


def test_a_file_without_resources_does_not_make_every_name_unknown():
    text = minimal_with({n: "" for n in range(4, 15)})
    assert _paths(text) == ["resources"]


def test_true_where_a_number_belongs_is_reported_everywhere_beside_another_problem():
    """`true` for a number was refused only in resources once any problem made the file
    invalid; in settings, the script, narration and positions it waited for the next run."""
    text = minimal_with({1: "title: Minimal\nsettings: {account_concurrency_limit: true}",
                         14: "    role: worker-role\n    timeout: x",
                         16: "  - {at: 0s, actor: app, action: load, pattern: constant, count: true, rate: 1, "
                             "duration: 2s, request: {action: invoke, function: worker}}"},
                        append=["narration:", "  - {kind: invoke, nth: true, note: x}",
                                "positions: {app: [false, 3]}"])
    assert _paths(text) == ["settings.account_concurrency_limit", "resources.worker.timeout",
                            "script[0].count", "narration[0].nth", "positions.app[0]"]


def test_a_wrong_method_does_not_hide_a_misspelt_function_in_the_same_route():
    """A student's file (tests/cases/student-shop-v3.yaml): `method: post` and `function:
    accept-orders` in one route. pydantic also reports the routes list as too short (the bad
    item does not count), and leaving out the whole list gave up on the resource, so only the
    method was reported."""
    text = (Path(__file__).parents[1] / "cases" / "student-shop-v3.yaml").read_text()
    found = problems_of(text, "shop.yaml")
    assert "shop.yaml:13:9: resources.shop-api.routes[0].method: expected one of GET, POST, PUT, " \
        "DELETE, PATCH, ANY, got 'post' (did you mean 'POST'?)" in found
    assert "shop.yaml:15:9: resources.shop-api.routes[0].function: there is no resource named " \
        "'accept-orders' (did you mean 'accept-order'?)" in found
