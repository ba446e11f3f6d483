"""`check` refuses misused versions, aliases and provisioned concurrency (§18, §19)."""

from __future__ import annotations

from scenario_texts import minimal_with

from app.scenario.loader import load_scenario_text


def _function(*lines: str, invoke: str = "function: worker") -> str:
    return minimal_with({14: "    role: worker-role\n" + "\n".join(lines),
                         16: "  - {at: 0s, actor: app, action: invoke, " + invoke + "}"})


VERSIONS = ("    versions:", "      1: {}", "      2: {duration: 50ms}")


def test_a_valid_alias_setup_loads():
    sc = load_scenario_text(_function(
        *VERSIONS, "    reserved_concurrent_executions: 3", "    aliases:",
        "      live: {function_version: 1, provisioned_concurrent_executions: 2,",
        "             routing_config: {additional_version_weights: {2: 0.25}}}",
        invoke="function: worker, qualifier: live"), "s.yaml")
    alias = sc.resources["worker"].aliases["live"]
    assert alias.function_version == "1"
    assert alias.routing_config.additional_version_weights == {"2": 0.25}


def test_alias_to_an_unknown_version(problems):
    out = problems(_function(*VERSIONS, "    aliases:", "      live: {function_version: 3}"))
    assert len(out) == 1 and "aliases.live.function_version" in out[0]
    assert "points at version 3, which is not under versions:" in out[0]


def test_weight_outside_zero_to_one(problems):
    out = problems(_function(*VERSIONS, "    aliases:",
                             "      live: {function_version: 1, routing_config: "
                             "{additional_version_weights: {2: 1.5}}}"))
    assert len(out) == 1 and "additional_version_weights" in out[0] and "1" in out[0]


def test_additional_version_must_be_published(problems):
    out = problems(_function(*VERSIONS, "    aliases:",
                             "      live: {function_version: 1, routing_config: "
                             "{additional_version_weights: {7: 0.5}}}"))
    assert out and "additional version 7 is not under versions:" in out[0]


def test_provisioned_concurrency_above_reserved(problems):
    out = problems(_function(*VERSIONS, "    reserved_concurrent_executions: 1", "    aliases:",
                             "      live: {function_version: 1, provisioned_concurrent_executions: 2}"))
    assert len(out) == 1 and "reserved_concurrent_executions" in out[0]
    assert "2 provisioned concurrent executions, more than its reserved concurrency of 1" in out[0]


def test_provisioned_concurrency_on_latest(problems):
    out = problems(_function(*VERSIONS, "    aliases:",
                             "      dev: {function_version: $LATEST, "
                             "provisioned_concurrent_executions: 1}"))
    assert len(out) == 1 and "cannot be set on $LATEST" in out[0]


def test_invoke_of_an_unknown_qualifier(problems):
    out = problems(_function(*VERSIONS, "    aliases:", "      live: {function_version: 1}",
                             invoke="function: worker, qualifier: lvie"))
    assert len(out) == 1 and out[0].startswith("s.yaml:21:60: script[0].qualifier:")
    assert "'worker' has no version or alias 'lvie' (did you mean 'live'?)" in out[0]


def test_permission_for_an_unknown_alias(problems):
    out = problems(_function(*VERSIONS, "    permissions:",
                             "      - {sid: A, principal: s3.amazonaws.com, qualifier: prod}"))
    assert len(out) == 1 and "permissions[0].qualifier" in out[0]


def test_mapping_on_an_unknown_alias(problems):
    text = _function(*VERSIONS, "    aliases:", "      live: {function_version: 1}",
                     "  clicks: {type: kinesis_stream}",
                     "  clicks-to-worker: {type: event_source_mapping, source: clicks,",
                     "                     function: 'worker:lvie', starting_position: LATEST}")
    out = problems(text)
    assert len(out) == 1 and "resources.clicks-to-worker.function" in out[0]
    assert "'worker' has no version or alias 'lvie' (did you mean 'live'?)" in out[0]


def test_notification_on_an_alias_loads_split():
    text = _function(*VERSIONS, "    aliases:", "      live: {function_version: 1}",
                     "  photos: {type: s3_bucket, notifications: "
                     "[{events: ['s3:ObjectCreated:*'], function: 'worker:live'}]}")
    note = load_scenario_text(text, "s.yaml").resources["photos"].notifications[0]
    assert (note.function, note.qualifier) == ("worker", "live")


from hypothesis import given, settings, strategies as st  # noqa: E402

from app.scenario.errors import ScenarioError  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(published=st.sets(st.integers(1, 5), max_size=3), target=st.integers(1, 6),
       extra=st.none() | st.integers(1, 6), weight=st.floats(-0.5, 1.5, allow_nan=False),
       pc=st.none() | st.integers(1, 4), reserved=st.none() | st.integers(0, 4))
def test_alias_files_load_or_fail_with_located_messages(published, target, extra, weight, pc,
                                                        reserved):
    """Whatever the versions, alias target, weight and provisioned concurrency: the file loads
    exactly when AWS would accept it, else every problem names a line and a key path."""
    lines = ["    versions:", *(f"      {v}: {{}}" for v in sorted(published))] if published else []
    if reserved is not None:
        lines.append(f"    reserved_concurrent_executions: {reserved}")
    alias = f"      live: {{function_version: {target}"
    if extra is not None:
        alias += f", routing_config: {{additional_version_weights: {{{extra}: {weight}}}}}"
    if pc is not None:
        alias += f", provisioned_concurrent_executions: {pc}"
    lines += ["    aliases:", alias + "}"]
    acceptable = (target in published
                  and (extra is None or (extra in published and extra != target
                                         and 0 <= weight <= 1))
                  and (pc is None or reserved is None or pc <= reserved))
    try:
        load_scenario_text(_function(*lines), "s.yaml")
        assert acceptable
    except ScenarioError as err:
        assert not acceptable
        assert err.problems and all(p.line >= 1 and p.key_path for p in err.problems)
