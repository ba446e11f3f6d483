"""`PATH=VALUE` what-if edits: the path grammar, re-validation, and clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from app.lab.edits import ABSENT, EditError, apply_edits, apply_edits_verbose, parse_edit
from lab_scenarios import load


@pytest.fixture(scope="module")
def photos():
    return load("photos")


@pytest.fixture(scope="module")
def clicks():
    return load("clicks")


def test_function_alias_sets_the_fault(photos):
    """`functions.<fn>.fail` is short for `resources.<fn>.faults.fail`."""
    edited = apply_edits(photos, ["functions.make-thumbnail.fail=always"])
    assert edited.resources["make-thumbnail"].faults.fail == "always"
    assert photos.resources["make-thumbnail"].faults.fail == "never"  # the original is untouched


def test_resource_paths_reach_nested_fields(photos, clicks):
    """Full paths edit faults, mapping settings and script lines, keeping the types of the models."""
    edited = apply_edits(photos, ["resources.make-thumbnail.faults.fail_on_record=3"])
    assert edited.resources["make-thumbnail"].faults.fail_on_record == 3
    edited = apply_edits(clicks, ["resources.clicks-mapping.batch_size=1", "mappings.clicks-mapping.bisect=true"])
    assert edited.resources["clicks-mapping"].batch_size == 1
    assert edited.resources["clicks-mapping"].bisect_batch_on_function_error is True
    app = apply_edits(load("app"), ["script.0.invocation_type=Event"])
    assert app.script[0].invocation_type == "Event"


def test_absent_removes_statements_by_sid(photos):
    """`=absent` on a Sid removes that statement and only that one."""
    edited = apply_edits(photos, ["resources.make-thumbnail.permissions.AllowS3Invoke=absent",
                                  "resources.thumbnail-role.policies.ReadPhotos=absent"])
    assert edited.resources["make-thumbnail"].permissions == ()
    assert [s.sid for s in edited.resources["thumbnail-role"].policies] == ["WriteThumbnails"]


def test_removing_an_action_granted_by_a_managed_policy_copies_the_rest(clicks):
    """A managed policy cannot be edited: it is replaced by an inline copy without the action."""
    edited = apply_edits(clicks, ["resources.count-role.actions.kinesis:GetRecords=absent"])
    role = edited.resources["count-role"]
    assert role.managed_policies == ()
    (copy,) = role.policies
    assert copy.sid == "CopyOfAWSLambdaKinesisExecutionRole"
    assert "kinesis:GetRecords" not in copy.action and "kinesis:GetShardIterator" in copy.action


def test_action_removals_combine(clicks):
    """Two action removals in a row both hold (the second edits the inline copy)."""
    edited = apply_edits(clicks, ["resources.count-role.actions.kinesis:GetRecords=absent",
                                  "resources.count-role.actions.kinesis:ListShards=absent"])
    actions = edited.resources["count-role"].policies[0].action
    assert "kinesis:GetRecords" not in actions and "kinesis:ListShards" not in actions


def test_removing_the_only_action_drops_the_statement(photos):
    """An inline statement left with no action is removed, not kept empty."""
    edited = apply_edits(photos, ["resources.thumbnail-role.actions.s3:GetObject=absent"])
    assert "ReadPhotos" not in [s.sid for s in edited.resources["thumbnail-role"].policies]


def test_durations_keep_their_unit(photos):
    """A duration edit reads units; untouched durations stay in milliseconds (no round trip)."""
    edited = apply_edits(photos, ["resources.make-thumbnail.duration=2s"])
    fn = edited.resources["make-thumbnail"]
    assert fn.duration == 2000.0
    assert fn.init_duration == photos.resources["make-thumbnail"].init_duration == 400.0


def test_adding_resources_and_statements(photos):
    """A mapping value adds a resource; `+` appends an item; a new Sid adds a statement."""
    edited = apply_edits(photos, [
        "resources.dlq={type: sqs_queue}",
        "resources.make-thumbnail.dead_letter_queue=dlq",
        "resources.thumbnail-role.policies.+={action: sqs:SendMessage, resource: '*'}",
        "resources.thumbnail-role.policies.WriteBack={action: s3:PutObject}",
    ])
    assert edited.resources["dlq"].type == "sqs_queue"
    assert edited.resources["make-thumbnail"].dead_letter_queue == "dlq"
    policies = edited.resources["thumbnail-role"].policies
    assert policies[-2].action == ("sqs:SendMessage",) and policies[-1].sid == "WriteBack"


def test_verbose_reports_before_and_after(photos):
    """Each change says the canonical path, the old and the new value."""
    _, changes = apply_edits_verbose(photos, ["functions.make-thumbnail.fail=always"])
    assert str(changes[0]) == "resources.make-thumbnail.faults.fail: never → always"


def test_absent_resets_an_optional_field(photos):
    """`=absent` on a field with a default puts the default back."""
    edited = apply_edits(photos, ["functions.make-thumbnail.reserved_concurrency=0"])
    edited = apply_edits(edited, ["functions.make-thumbnail.reserved_concurrency=absent"])
    assert edited.resources["make-thumbnail"].reserved_concurrent_executions is None


def test_parse_edit_expands_aliases(photos):
    """parse_edit gives the canonical path and the YAML value."""
    edit = parse_edit("mappings.clicks-mapping.window=5", load("clicks"))
    assert edit.path == ("resources", "clicks-mapping", "maximum_batching_window_in_seconds")
    assert edit.value == 5
    assert parse_edit("resources.make-thumbnail.permissions.AllowS3Invoke=absent", photos).value is ABSENT


@pytest.mark.parametrize("edit, words", [
    ("functions.make-thumbnail.fail=sometimes", ["resources.make-thumbnail.faults.fail", "never, always"]),
    ("resources.make-thumbnail.memory_size=64", ["memory_size", "128 … 10240"]),
    ("resources.make-thumbnail.fial=1", ["resources.make-thumbnail.fial", "did you mean 'faults'"]),
    ("resources.make-thumbnail.permissions.Nope=absent", ["permissions", "AllowS3Invoke"]),
    ("resources.make-thumbnail.role=nobody", ["resources.make-thumbnail.role", "no resource named 'nobody'"]),
    ("resources.make-thumbnail.role=absent", ["role", "required"]),
    ("resources.make-thumbnail.type=actor", ["type cannot be edited"]),
    ("functions.photos.fail=always", ["'photos' is an s3_bucket, not a function"]),
    ("functions.make-thumbnail.retries=5", ["maximum_retry_attempts", "0 … 2"]),
    ("resourses.make-thumbnail.timeout=3", ["did you mean 'resources'"]),
    ("script.9.at=1s", ["script", "0, 1"]),
    ("resources.thumbnail-role.actions.s3:DeleteObject=absent", ["does not grant s3:DeleteObject"]),
    ("no equals sign", ["PATH=VALUE"]),
    ("resources.make-thumbnail.timeout=[1", ["YAML"]),
])
def test_bad_edits_say_which_path_and_what_is_allowed(photos, edit, words):
    """A bad edit raises EditError naming the path and what the field accepts."""
    with pytest.raises(EditError) as info:
        apply_edits(photos, [edit])
    for word in words:
        assert word in str(info.value)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=-50, max_value=12_000))
def test_batch_size_is_validated_by_the_model(size):
    """Batch sizes inside 1 … 10,000 (§5 KP) are applied; others are refused naming the path."""
    clicks = load("clicks")
    edit = f"mappings.clicks-mapping.batch_size={size}"
    if 1 <= size <= 10_000:
        assert apply_edits(clicks, [edit]).resources["clicks-mapping"].batch_size == size
    else:
        with pytest.raises(EditError, match=r"resources\.clicks-mapping\.batch_size"):
            apply_edits(clicks, [edit])


def test_list_rules_still_hold_after_an_item_edit(photos):
    """Removing a statement's last action by value is refused: a statement needs at least one."""
    with pytest.raises(EditError, match="needs at least 1 entry"):
        apply_edits(photos, ["resources.thumbnail-role.policies.ReadPhotos.action.s3:GetObject=absent"])


def test_editing_one_script_line_keeps_the_others_times(photos):
    """Re-checking the script after an edit does not re-read stored milliseconds as seconds."""
    edited = apply_edits(photos, ["script.0.key=dog.jpg"])
    assert edited.script[0].key == "dog.jpg"
    assert [s.at for s in edited.script] == [s.at for s in photos.script] == [0.0, 5000.0]
