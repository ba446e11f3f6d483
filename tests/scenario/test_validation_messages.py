"""Structural errors: every pydantic complaint becomes FILE:LINE:COL: key.path: plain words."""

from __future__ import annotations

from scenario_texts import MINIMAL, minimal_with

from app.scenario.loader import load_scenario_text


def test_minimal_scenario_loads():
    """The base text the other tests change is itself valid."""
    scenario = load_scenario_text(MINIMAL, "s.yaml")
    assert list(scenario.resources) == ["app", "worker-role", "worker"]
    assert scenario.teaches == ("on-demand",)


def test_unknown_key_suggests_the_close_field(problems):
    """A misspelt field is reported at its own line with a did-you-mean."""
    text = minimal_with({14: "    role: worker-role\n    timout: 3"})
    assert problems(text) == ["s.yaml:15:5: resources.worker.timout: unknown key 'timout' (did you mean 'timeout'?)"]


def test_unknown_key_with_other_spelling_is_matched_by_letters(problems):
    """batchsize and BatchSize (the API's own spelling) both point to batch_size."""
    text = minimal_with({14: "    role: worker-role\n  clicks:\n    type: kinesis_stream\n"
                             "  clicks-to-worker:\n    type: event_source_mapping\n    source: clicks\n"
                             "    function: worker\n    starting_position: LATEST\n    batchsize: 10\n"
                             "    BatchSize: 10"})
    assert problems(text) == [
        "s.yaml:22:5: resources.clicks-to-worker.batchsize: unknown key 'batchsize' (did you mean 'batch_size'?)",
        "s.yaml:23:5: resources.clicks-to-worker.BatchSize: unknown key 'BatchSize' (did you mean 'batch_size'?)",
    ]


def test_wrong_type_is_said_in_plain_words(problems):
    """A word where a whole number belongs names both the expectation and the value."""
    text = minimal_with({14: "    role: worker-role\n    timeout: ten"})
    assert problems(text) == ["s.yaml:15:5: resources.worker.timeout: expected a whole number, got 'ten'"]


def test_number_where_text_belongs_suggests_quotes(problems):
    """YAML reads 123 as a number; the message says how to make it text."""
    text = minimal_with({3: "summary: 123"})
    assert problems(text) == ['s.yaml:3:1: summary: expected text, got 123 (put it in quotes: "123")']


def test_missing_required_key_points_at_its_mapping(problems):
    """A function without a role is reported at the function's own key."""
    text = minimal_with({14: "    memory_size: 256"})
    assert problems(text) == ["s.yaml:11:3: resources.worker.role: missing required key 'role'"]


def test_unknown_resource_type_lists_valid_types(problems):
    """A wrong `type:` gets a did-you-mean and the list of types, at the type line."""
    text = minimal_with({12: "    type: lambda_function"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:12:5: resources.worker.type: unknown type 'lambda_function' "
                              "(did you mean 'function'?); valid types: actor, s3_bucket,")
    assert "event_source_mapping" in message


def test_unknown_action_lists_valid_actions(problems):
    """A wrong `action:` gets a did-you-mean at the action's column."""
    text = minimal_with({16: "  - {at: 0s, actor: app, action: invok, function: worker}"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:16:26: script[0].action: unknown action 'invok' (did you mean 'invoke'?); "
                              "valid actions: put_object,")


def test_missing_type_names_the_key(problems):
    """A resource without `type:` says the key is missing and what it may be."""
    text = minimal_with({6: "    kind: custom_app", 7: "    label: An app"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:5:3: resources.app: missing required key 'type' (one of: actor, s3_bucket")


def test_misspelt_type_key_is_named(problems):
    """`tpye:` instead of `type:` says which key was probably meant, not only that 'type' is missing."""
    text = minimal_with({12: "    tpye: function"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:11:3: resources.worker: missing required key 'type' (one of: actor,")
    assert message.endswith("; is 'tpye' a typo of 'type'?")


def test_literal_value_suggests_the_allowed_one(problems):
    """A near miss of an allowed word suggests it, and lists the allowed ones."""
    text = minimal_with({16: "  - {at: 0s, actor: app, action: invoke, function: worker, invocation_type: event}"})
    assert problems(text) == [
        "s.yaml:16:60: script[0].invocation_type: expected one of RequestResponse, Event, DryRun, "
        "got 'event' (did you mean 'Event'?)"]


def test_bad_duration_keeps_the_duration_message_only(problems):
    """A duration that fits neither shape gets one message, not one per accepted shape."""
    text = minimal_with({14: "    role: worker-role\n    duration: soon"})
    assert problems(text) == [
        "s.yaml:15:5: resources.worker.duration: expected a duration such as 500ms, 2s, 1.5min or 1h, got 'soon'"]


def test_bad_duration_distribution_points_inside_it(problems):
    """When the mapping shape was meant, the error is about its field."""
    text = minimal_with({14: "    role: worker-role\n    duration: {distribution: fixed, mean: often}"})
    assert problems(text) == [
        "s.yaml:15:37: resources.worker.duration.mean: expected a duration such as 500ms, 2s, 1.5min or 1h, "
        "got 'often'"]


def test_out_of_range_number_states_the_bound(problems):
    """Memory below Lambda's 128 MB minimum (lambda-behaviour.md §3, CF) names the bound."""
    text = minimal_with({14: "    role: worker-role\n    memory_size: 64"})
    assert problems(text) == ["s.yaml:15:5: resources.worker.memory_size: must be at least 128, got 64"]


def test_invalid_resource_name(problems):
    """Names become node ids and ARN parts, so spaces are refused at the name itself."""
    text = minimal_with({5: "  my app:"})
    found = problems(text)
    assert found[0].startswith("s.yaml:5:3: resources.my app: 'my app' is not a valid name")


def test_every_problem_is_reported_not_only_the_first(problems):
    """Three independent mistakes give three lines, in file order."""
    text = minimal_with({2: "teaches: pushy", 7: "    kind: robot",
                         16: "  - {at: 0s, actor: app, action: invoke, function: wroker}"})
    found = problems(text)
    assert [line.split(": ")[0] for line in found] == ["s.yaml:2:1", "s.yaml:7:5", "s.yaml:16:42"]
    assert "did you mean 'push'?" in found[0]
    assert "there is no resource named 'wroker' (did you mean 'worker'?)" in found[2]


def test_messages_never_show_pydantic_internals(problems):
    """No "Input should be", no class names, no links to pydantic's docs."""
    text = minimal_with({9: "    type: iam_role\n    policies: nope", 12: "    type: function\n    faults: 3",
                         16: "  - 5"})
    found = "\n".join(problems(text))
    for jargon in ("Input should", "instance of", "errors.pydantic.dev", "discriminator", "Faults",
                   "function-before", "tagged-union"):
        assert jargon not in found
    assert "expected a list, got 'nope'" in found
    assert "expected a mapping (key: value entries), got 3" in found


def test_misspelt_required_key_is_one_problem(problems):
    """`rol:` for the required `role:` is reported once, as the unknown key with its suggestion."""
    text = minimal_with({14: "    rol: worker-role"})
    assert problems(text) == ["s.yaml:14:5: resources.worker.rol: unknown key 'rol' (did you mean 'role'?)"]
