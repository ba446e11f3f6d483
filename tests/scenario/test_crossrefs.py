"""Cross-reference checks: names point at resources of the right type, as AWS would insist."""

from __future__ import annotations

from scenario_texts import minimal_with

from app.scenario.loader import load_scenario_text

STREAM_LINES = (  # replaces line 14 of MINIMAL: the worker keeps its role, then a source and a mapping
    "    role: worker-role\n"                      # 14
    "  orders:\n"                                  # 15
    "    type: dynamodb_table\n"                   # 16
    "    stream: {enabled: true}\n"                # 17
    "  orders-to-worker:\n"                        # 18
    "    type: event_source_mapping\n"             # 19
    "    source: orders\n"                         # 20
    "    function: worker\n"                       # 21
    "    starting_position: {position}"            # 22
)


def test_reference_to_a_missing_resource_suggests_one(problems):
    """A typo in a script's function name is caught at its column with a suggestion."""
    text = minimal_with({16: "  - {at: 0s, actor: app, action: invoke, function: wroker}"})
    assert problems(text) == [
        "s.yaml:16:42: script[0].function: there is no resource named 'wroker' (did you mean 'worker'?)"]


def test_reference_to_the_wrong_type_of_resource(problems):
    """Invoking a role is refused: the name exists but is not a function."""
    text = minimal_with({16: "  - {at: 0s, actor: app, action: invoke, function: worker-role}"})
    assert problems(text) == [
        "s.yaml:16:42: script[0].function: 'worker-role' is an iam_role, but invoke's function must name a function"]


def test_actor_must_be_an_actor(problems):
    """Only actors act in the script."""
    text = minimal_with({16: "  - {at: 0s, actor: worker, action: invoke, function: worker}"})
    assert problems(text) == [
        "s.yaml:16:14: script[0].actor: 'worker' is a function, but an actor must name an actor"]


def test_role_that_does_not_trust_lambda(problems):
    """lambda-behaviour.md §6 (ROLE): Lambda can only use a role that trusts lambda.amazonaws.com."""
    text = minimal_with({10: "    trusts: s3.amazonaws.com"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:14:5: resources.worker.role: role 'worker-role' does not trust "
                              "lambda.amazonaws.com (sts:AssumeRole)")


def test_role_must_be_an_iam_role(problems):
    """A function's role names an iam_role."""
    text = minimal_with({14: "    role: app"})
    assert problems(text) == [
        "s.yaml:14:5: resources.worker.role: 'app' is an actor, but a function's role must name an iam_role"]


def test_unknown_handler_suggests_a_builtin(problems):
    """Scenario files pick built-in code only; a near miss is suggested."""
    text = minimal_with({13: "    handler: builtin.ecko"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:13:5: resources.worker.handler: unknown handler 'builtin.ecko' "
                              "(did you mean 'builtin.echo'?); built-in handlers: builtin.thumbnail,")


def test_bad_handler_option_is_located_inside_options(problems):
    """Options are checked against the chosen handler's own option model, at the option's line."""
    text = minimal_with({13: "    handler: builtin.echo\n    options:\n      greting: Hi"})
    assert problems(text) == [
        "s.yaml:15:7: resources.worker.options.greting: unknown key 'greting' (did you mean 'greeting'?)"]


def test_thumbnail_target_bucket_must_exist(problems):
    """The thumbnail handler writes to a bucket the scenario declares."""
    text = minimal_with({13: "    handler: builtin.thumbnail\n    options: {target_bucket: thumbs}"})
    assert problems(text) == [
        "s.yaml:14:15: resources.worker.options.target_bucket: there is no resource named 'thumbs'; "
        "declare it under `resources:` (as an s3_bucket)"]


def test_at_timestamp_is_refused_for_dynamodb(problems):
    """lambda-behaviour.md §5 (DP): DynamoDB Streams start at TRIM_HORIZON or LATEST only."""
    text = minimal_with({14: STREAM_LINES.replace("{position}", "AT_TIMESTAMP")})
    assert problems(text) == [
        "s.yaml:22:5: resources.orders-to-worker.starting_position: AT_TIMESTAMP works only for Kinesis "
        "streams; a DynamoDB stream starts at TRIM_HORIZON or LATEST"]


def test_at_timestamp_on_kinesis_needs_a_timestamp(problems):
    """lambda-behaviour.md §5 (KP): AT_TIMESTAMP is a Kinesis position, and it needs the time."""
    lines = STREAM_LINES.replace("{position}", "AT_TIMESTAMP").replace(
        "    type: dynamodb_table\n    stream: {enabled: true}", "    type: kinesis_stream\n    shard_count: 1")
    assert problems(minimal_with({14: lines})) == [
        "s.yaml:22:5: resources.orders-to-worker.starting_position: AT_TIMESTAMP needs "
        "starting_position_timestamp (the time to start reading from)"]


def test_mapping_needs_the_table_stream_on(problems):
    """A mapping reads a table's stream, so the stream must be enabled."""
    text = minimal_with({14: STREAM_LINES.replace("{position}", "LATEST").replace("    stream: {enabled: true}\n", "")})
    (message,) = problems(text)
    assert message.startswith("s.yaml:19:5: resources.orders-to-worker.source: table 'orders' has no stream turned on")


def test_mapping_from_a_dynamodb_stream_loads():
    """The same mapping with LATEST is valid."""
    scenario = load_scenario_text(minimal_with({14: STREAM_LINES.replace("{position}", "LATEST")}), "s.yaml")
    assert scenario.resources["orders-to-worker"].starting_position == "LATEST"


def test_dead_letter_queue_must_be_a_queue_or_topic(problems):
    """lambda-behaviour.md §4 (ASY): a DLQ is an SQS queue or an SNS topic, never a function."""
    text = minimal_with({14: "    role: worker-role\n    dead_letter_queue: worker"})
    assert problems(text) == [
        "s.yaml:15:5: resources.worker.dead_letter_queue: 'worker' is a function, but a dead_letter_queue "
        "must name an sqs_queue or an sns_topic"]


def test_destination_may_be_a_function(problems):
    """lambda-behaviour.md §4 (ASY): on-failure destinations may be SQS, SNS or a function."""
    text = minimal_with({14: "    role: worker-role\n    event_invoke_config: {on_failure: app}"})
    assert problems(text) == [
        "s.yaml:15:27: resources.worker.event_invoke_config.on_failure: 'app' is an actor, but an "
        "event_invoke_config on_failure destination must name an sqs_queue or an sns_topic or a function"]


def test_get_credentials_needs_a_mobile_app():
    """Only a mobile_app actor signs in to an identity pool."""
    text = minimal_with({14: "    role: worker-role\n  pool:\n    type: cognito_identity_pool\n"
                             "    authenticated_role: worker-role",
                         16: "  - {at: 0s, actor: app, action: get_credentials, identity_pool: pool}"})
    from conftest import problems_of

    assert problems_of(text) == [
        "s.yaml:19:14: script[0].actor: only a mobile_app actor gets credentials from an identity pool; "
        "'app' is a custom_app"]


def test_put_item_needs_the_partition_key(problems):
    """DynamoDB refuses an item without the table's key; the scenario is refused the same way."""
    text = minimal_with({14: STREAM_LINES.replace("{position}", "LATEST"),
                         16: "  - {at: 0s, actor: app, action: put_item, table: orders, item: {name: tea}}"})
    assert problems(text) == [
        "s.yaml:24:59: script[0].item: the item has no 'id', the key of table 'orders'; DynamoDB needs it"]


def test_load_request_is_validated_as_its_action(problems):
    """A load's request is checked as the invoke it describes, errors at the request's lines."""
    text = minimal_with({16: "  - at: 0s\n    actor: app\n    action: load\n    pattern: constant\n"
                             "    request: {action: invoke, function: worker, invocation_type: Evnt}"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:20:49: script[0].request.invocation_type: expected one of "
                              "RequestResponse, Event, DryRun, got 'Evnt' (did you mean 'Event'?)")


def test_load_request_references_are_checked(problems):
    """A load that invokes a function that does not exist is caught in the request."""
    text = minimal_with({16: "  - at: 0s\n    actor: app\n    action: load\n    pattern: burst\n"
                             "    request: {action: invoke, function: nobody}"})
    assert problems(text) == ["s.yaml:20:31: script[0].request.function: there is no resource named 'nobody'; "
                              "declare it under `resources:`, or name one that exists: worker"]


def test_load_request_takes_no_time_of_its_own(problems):
    """The load decides when requests happen; an `at` inside the request is refused."""
    text = minimal_with({16: "  - at: 0s\n    actor: app\n    action: load\n    pattern: burst\n"
                             "    request: {at: 1s, action: invoke, function: worker}"})
    assert problems(text) == [
        "s.yaml:20:15: script[0].request.at: a load's request takes no 'at'; the load decides who sends it "
        "and when"]


def test_narration_and_positions_name_nodes(problems):
    """Overrides and positions name resources or the two service nodes, lambda and sts."""
    text = minimal_with(append=["narration:", "  - {kind: invoke, source: lamda, text: Now Lambda runs it.}",
                                "positions:", "  lambda: [0, 0]", "  wroker: [1, 1]"])
    assert problems(text) == [
        "s.yaml:18:20: narration[0].source: there is no node named 'lamda' (did you mean 'lambda'?); "
        "use a resource name, 'lambda' or 'sts'",
        "s.yaml:21:3: positions.wroker: there is no node named 'wroker' (did you mean 'worker'?); "
        "use a resource name, 'lambda' or 'sts'"]


def test_narration_kind_must_be_a_step_kind(problems):
    """A kind that no step has would silently never match, so it is refused."""
    text = minimal_with(append=["narration:", "  - {kind: invokes, text: Now Lambda runs it.}"])
    (message,) = problems(text)
    assert message.startswith("s.yaml:18:6: narration[0].kind: unknown step kind 'invokes' (did you mean 'invoke'?)")


def test_service_node_names_are_reserved(problems):
    """`lambda` and `sts` are graph nodes of their own, so no resource may take those names."""
    text = minimal_with({11: "  lambda:", 14: "    role: worker-role",
                         16: "  - {at: 0s, actor: app, action: invoke, function: lambda}"})
    assert problems(text) == [
        "s.yaml:11:3: resources.lambda: the name 'lambda' is reserved for the AWS service node of that name; "
        "pick another name"]


def test_references_are_checked_even_when_other_parts_are_broken(problems):
    """A broken resource does not hide a bad reference elsewhere, and is not reported as missing."""
    text = minimal_with({7: "    kind: robot", 16: "  - {at: 0s, actor: app, action: invoke, function: wroker}"})
    found = problems(text)
    assert len(found) == 2
    assert found[0].startswith("s.yaml:7:5: resources.app.kind: expected one of user, browser")
    assert found[1].startswith("s.yaml:16:42: script[0].function: there is no resource named 'wroker'")


def test_s3_event_type_typo_is_caught(problems):
    """lambda-behaviour.md §7 (S3T): a misspelt event type would never match, and S3 refuses it."""
    text = minimal_with({14: "    role: worker-role\n  photos:\n    type: s3_bucket\n    notifications:\n"
                             "      - {events: [\"s3:ObjectCreate:*\"], function: worker}"})
    assert problems(text) == [
        "s.yaml:18:19: resources.photos.notifications[0].events[0]: 's3:ObjectCreate:*' is not an S3 event type "
        "(did you mean 's3:ObjectCreated:*'?)"]


def test_handler_options_are_checked_even_if_the_function_has_other_errors(problems):
    """A bad timeout does not hide a bad option: both are reported in one run."""
    text = minimal_with({13: "    handler: builtin.echo\n    options: {greting: Hi}\n    timeout: ten"})
    assert problems(text) == [
        "s.yaml:14:15: resources.worker.options.greting: unknown key 'greting' (did you mean 'greeting'?)",
        "s.yaml:15:5: resources.worker.timeout: expected a whole number, got 'ten'"]
