"""Lambda and IAM resources of a template as scenario resources: roles, functions (with their
permissions, event invoke configuration, versions and aliases) and event source mappings.

Keys follow docs/scenario-format.md (the snake_case of the API parameter). What a property
says that the scenario cannot hold is added to `ctx.left_out`.
"""

from __future__ import annotations

import json
from typing import Any

from app.importers.arns import arn
from app.importers.context import Context, as_bool, as_int, as_list, as_object, copy_ints
from app.scenario.policies import MANAGED_POLICIES

# Managed policies LambdaScope does not model action by action: what they allow, as wildcards
# (AWS managed policy reference). A guess worth saying, so each use is listed as guessed.
BROAD_POLICIES = {
    "AmazonS3FullAccess": (["s3:*"], "*"), "AmazonS3ReadOnlyAccess": (["s3:Get*", "s3:List*"], "*"),
    "AmazonDynamoDBFullAccess": (["dynamodb:*"], "*"),
    "AmazonDynamoDBReadOnlyAccess": (["dynamodb:BatchGetItem", "dynamodb:Describe*",
                                      "dynamodb:GetItem", "dynamodb:List*", "dynamodb:Query",
                                      "dynamodb:Scan"], "*"),
    "AmazonSQSFullAccess": (["sqs:*"], "*"), "AmazonSNSFullAccess": (["sns:*"], "*"),
    "AmazonKinesisFullAccess": (["kinesis:*"], "*"), "AWSLambdaRole": (["lambda:InvokeFunction"], "*"),
    "AWSLambdaExecute": (["logs:*", "s3:GetObject", "s3:PutObject"], "*"),
}


def map_roles(ctx: Context) -> None:
    """AWS::IAM::Role (and the AWS::IAM::Policy / ManagedPolicy attached to it) → iam_role."""
    for logical, props in ctx.of_type("AWS::IAM::Role"):
        name = ctx.names.name(logical)
        trusts = _trusts(ctx, logical, props.get("AssumeRolePolicyDocument"))
        role: dict[str, Any] = {"type": "iam_role", "trusts": trusts or ["lambda.amazonaws.com"]}
        if not trusts:
            ctx.guessed.append(f"{logical}: no trust statement LambdaScope knows; the role trusts "
                               f"lambda.amazonaws.com")
        managed, statements = [], []
        for arn in as_list(props.get("ManagedPolicyArns")):
            policy = str(arn).rsplit("/", 1)[-1]
            if policy in MANAGED_POLICIES:
                managed.append(policy)
            elif policy in BROAD_POLICIES:
                actions, resource = BROAD_POLICIES[policy]
                statements.append({"sid": policy, "action": actions, "resource": resource})
                ctx.guessed.append(f"{logical}: managed policy {policy} written out as {', '.join(actions)}")
            else:
                ctx.leave_out(logical, f"managed policy {policy}", "its actions are not known to LambdaScope")
        for policy in as_list(props.get("Policies")):
            if isinstance(policy, dict):
                statements += _statements(ctx, logical, policy.get("PolicyDocument"))
        if managed:
            role["managed_policies"] = list(dict.fromkeys(managed))
        if statements:
            role["policies"] = statements
        ctx.out[name] = role
        ctx.rest(logical, props, {"AssumeRolePolicyDocument", "ManagedPolicyArns", "Policies",
                                  "RoleName"})
    for cfn_type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        for logical, props in ctx.of_type(cfn_type):
            statements = _statements(ctx, logical, props.get("PolicyDocument"))
            attached = False
            for role_name in as_list(props.get("Roles")):
                role = ctx.out.get(str(role_name))
                if role and role.get("type") == "iam_role":
                    role.setdefault("policies", []).extend(statements)
                    attached = True
            if not attached:
                ctx.leave_out(logical, cfn_type, "attached to no role in the template")


def _trusts(ctx: Context, logical: str, document: Any) -> list:
    trusts: list = []
    for st in as_list((document or {}).get("Statement") if isinstance(document, dict) else None):
        if not isinstance(st, dict) or st.get("Effect", "Allow") != "Allow":
            continue
        principal = st.get("Principal") or {}
        actions = [str(a) for a in as_list(st.get("Action"))]
        if isinstance(principal, dict):
            for service in as_list(principal.get("Service")):
                trusts.append(str(service))
            for federated in as_list(principal.get("Federated")):
                trusts.append(_cognito_trust(ctx, str(federated), actions, st.get("Condition")))
            if principal.get("AWS"):
                ctx.leave_out(logical, "trust in an AWS account or user", "only service and Cognito principals are simulated")
    return [t for t in trusts if t]


def _cognito_trust(ctx: Context, federated: str, actions: list[str], condition: Any) -> Any:
    if federated != "cognito-identity.amazonaws.com":
        return None
    trust: dict[str, Any] = {"principal": federated, "action": "sts:AssumeRoleWithWebIdentity"}
    for test in (condition or {}).values() if isinstance(condition, dict) else ():
        if not isinstance(test, dict):
            continue
        for key, value in test.items():
            value = as_list(value)[0] if as_list(value) else None
            if key.endswith(":aud"):
                found = ctx.lookup(value)
                if found:
                    trust["identity_pool"] = found.name
            elif key.endswith(":amr") and value in ("authenticated", "unauthenticated"):
                trust["amr"] = value
    return trust


def _statements(ctx: Context, logical: str, document: Any) -> list[dict[str, Any]]:
    out = []
    document = as_object(document)
    raw = document.get("Statement") if document is not None else None
    for st in as_list(raw):
        if not isinstance(st, dict):
            continue
        if "Action" not in st:
            ctx.leave_out(logical, "a statement with NotAction", "not simulated")
            continue
        statement: dict[str, Any] = {}
        if isinstance(st.get("Sid"), str) and st["Sid"]:
            statement["sid"] = st["Sid"]
        if st.get("Effect") == "Deny":
            statement["effect"] = "Deny"
        statement["action"] = [str(a) for a in as_list(st["Action"])]
        resources = [str(r) for r in as_list(st.get("Resource", "*"))]
        statement["resource"] = resources if len(resources) != 1 else resources[0]
        if "NotResource" in st:
            ctx.leave_out(logical, "NotResource", "the statement is kept for every resource")
        if "Condition" in st:
            ctx.leave_out(logical, f"the Condition of a statement on {', '.join(statement['action'][:2])}",
                          "conditions in identity policies are not simulated; the statement applies without it")
        out.append(statement)
    return out


def map_functions(ctx: Context) -> None:
    """AWS::Lambda::Function → function (handler chosen later by the starter)."""
    for logical, props in ctx.of_type("AWS::Lambda::Function"):
        name = ctx.names.name(logical)
        function: dict[str, Any] = {"type": "function", "handler": "builtin.echo"}
        if isinstance(props.get("Runtime"), str):
            function["runtime"] = props["Runtime"]
        copy_ints(function, props, (("memory_size", "MemorySize"), ("timeout", "Timeout"),
                                    ("reserved_concurrent_executions", "ReservedConcurrentExecutions")))
        role = ctx.lookup(props.get("Role"))
        if role and role.kind == "iam_role":
            function["role"] = role.name
        else:
            function["role"] = _outside_role(ctx, logical, props.get("Role"))
        dlq = ctx.lookup((props.get("DeadLetterConfig") or {}).get("TargetArn"))
        if dlq and dlq.kind in ("sqs_queue", "sns_topic"):
            function["dead_letter_queue"] = dlq.name
        elif props.get("DeadLetterConfig"):
            ctx.leave_out(logical, "DeadLetterConfig", "its target is not a queue or topic in the template")
        ctx.out[name] = function
        ctx.rest(logical, props, {"FunctionName", "Runtime", "MemorySize", "Timeout", "Role",
                                  "ReservedConcurrentExecutions", "DeadLetterConfig", "Code",
                                  "Handler", "PackageType"})
    _map_versions(ctx)
    _map_permissions(ctx)
    _map_invoke_configs(ctx)


def _outside_role(ctx: Context, logical: str, arn: Any) -> str:
    """A role given by ARN, outside the template: a role of that name that trusts Lambda."""
    name = str(arn).rsplit("/", 1)[-1] if isinstance(arn, str) else f"{ctx.names.name(logical)}-role"
    from app.importers.names import fit
    name = fit(name)
    if name not in ctx.out:
        ctx.out[name] = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                         "managed_policies": ["AWSLambdaBasicExecutionRole"]}
        ctx.guessed.append(f"{logical}: its role {arn} is outside the template; imported as "
                           f"{name}, allowed only to write logs")
    return name


def _function(ctx: Context, value: Any):
    found = ctx.lookup(value) or ctx.lookup(arn("function", value, ctx.region, ctx.account))
    return found if found and found.kind == "function" else None


def _map_versions(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::Lambda::Version"):
        fn = _function(ctx, props.get("FunctionName"))
        if fn is None:
            ctx.leave_out(logical, "AWS::Lambda::Version", "its function is not in the template")
            continue
        version: dict[str, Any] = {}
        if isinstance(props.get("Description"), str) and props["Description"]:
            version["description"] = props["Description"]
        pc = as_int((props.get("ProvisionedConcurrencyConfig") or {}).get("ProvisionedConcurrentExecutions"))
        if pc:
            version["provisioned_concurrent_executions"] = pc
        ctx.out[fn.name].setdefault("versions", {})[ctx.names.version_number(logical)] = version
        ctx.rest(logical, props, {"FunctionName", "Description", "ProvisionedConcurrencyConfig",
                                  "CodeSha256"})
    for logical, props in ctx.of_type("AWS::Lambda::Alias"):
        fn = _function(ctx, props.get("FunctionName"))
        version = props.get("FunctionVersion")
        if fn is None or not isinstance(version, (str, int)):
            ctx.leave_out(logical, "AWS::Lambda::Alias", "its function or version is not in the template")
            continue
        alias: dict[str, Any] = {"function_version": str(version)}
        if isinstance(props.get("Description"), str) and props["Description"]:
            alias["description"] = props["Description"]
        weights = {str(w.get("FunctionVersion")): float(w.get("FunctionWeight", 0))
                   for w in as_list((props.get("RoutingConfig") or {}).get("AdditionalVersionWeights"))
                   if isinstance(w, dict)}
        if weights:
            alias["routing_config"] = {"additional_version_weights": weights}
        pc = as_int((props.get("ProvisionedConcurrencyConfig") or {}).get("ProvisionedConcurrentExecutions"))
        if pc:
            alias["provisioned_concurrent_executions"] = pc
        ctx.out[fn.name].setdefault("aliases", {})[str(props.get("Name"))] = alias
        ctx.rest(logical, props, {"FunctionName", "FunctionVersion", "Name", "Description",
                                  "RoutingConfig", "ProvisionedConcurrencyConfig"})


def _map_permissions(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::Lambda::Permission"):
        fn = _function(ctx, props.get("FunctionName"))
        if fn is None:
            ctx.leave_out(logical, "AWS::Lambda::Permission", "its function is not in the template")
            continue
        permission: dict[str, Any] = {"sid": logical, "principal": str(props.get("Principal", ""))}
        if props.get("Action") not in (None, "lambda:InvokeFunction"):
            permission["action"] = str(props["Action"])
        for key, prop in (("source_arn", "SourceArn"), ("source_account", "SourceAccount")):
            if isinstance(props.get(prop), (str, int)):
                permission[key] = str(props[prop])
        if fn.qualifier:
            permission["qualifier"] = fn.qualifier
        ctx.out[fn.name].setdefault("permissions", []).append(permission)
        ctx.rest(logical, props, {"FunctionName", "Principal", "Action", "SourceArn", "SourceAccount"})


def _map_invoke_configs(ctx: Context) -> None:
    for logical, props in ctx.of_type("AWS::Lambda::EventInvokeConfig"):
        fn = _function(ctx, props.get("FunctionName"))
        if fn is None:
            ctx.leave_out(logical, "AWS::Lambda::EventInvokeConfig", "its function is not in the template")
            continue
        config: dict[str, Any] = {}
        copy_ints(config, props, (("maximum_retry_attempts", "MaximumRetryAttempts"),
                                  ("maximum_event_age_in_seconds", "MaximumEventAgeInSeconds")))
        destinations = props.get("DestinationConfig") or {}
        for key, prop in (("on_success", "OnSuccess"), ("on_failure", "OnFailure")):
            arn = (destinations.get(prop) or {}).get("Destination")
            found = ctx.lookup(arn)
            if found and found.kind in ("sqs_queue", "sns_topic", "function"):
                config[key] = found.name
            elif arn:
                ctx.leave_out(logical, f"{prop} destination {arn}", "only queues, topics and functions of the template are simulated")
        if props.get("Qualifier") not in (None, "$LATEST"):
            ctx.guessed.append(f"{logical}: configured for {fn.name}:{props['Qualifier']}; the "
                               f"lesson applies it to every version of {fn.name}")
        ctx.out[fn.name]["event_invoke_config"] = config
        ctx.rest(logical, props, {"FunctionName", "Qualifier", "MaximumRetryAttempts",
                                  "MaximumEventAgeInSeconds", "DestinationConfig"})


_ESM_KEYS = {"BatchSize": "batch_size", "MaximumBatchingWindowInSeconds": "maximum_batching_window_in_seconds",
             "MaximumRetryAttempts": "maximum_retry_attempts",
             "MaximumRecordAgeInSeconds": "maximum_record_age_in_seconds",
             "ParallelizationFactor": "parallelization_factor"}


def map_event_source_mappings(ctx: Context) -> None:
    """AWS::Lambda::EventSourceMapping → event_source_mapping, with every property it has."""
    for logical, props in ctx.of_type("AWS::Lambda::EventSourceMapping"):
        source = ctx.lookup(props.get("EventSourceArn"))
        fn = _function(ctx, props.get("FunctionName"))
        if source is None or source.kind not in ("sqs_queue", "kinesis_stream", "dynamodb_table") or fn is None:
            ctx.leave_out(logical, f"event source mapping from {props.get('EventSourceArn')}",
                          "its source or function is not a queue, stream or function of the template")
            continue
        esm: dict[str, Any] = {"type": "event_source_mapping", "source": source.name, "function": fn.ref}
        enabled = as_bool(props.get("Enabled"))
        if enabled is False:
            esm["enabled"] = False
        copy_ints(esm, props, ((key, prop) for prop, key in _ESM_KEYS.items()))
        if source.kind != "sqs_queue":
            esm["starting_position"] = str(props.get("StartingPosition") or "LATEST")
            bisect = as_bool(props.get("BisectBatchOnFunctionError"))
            if bisect:
                esm["bisect_batch_on_function_error"] = True
            arn = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
            found = ctx.lookup(arn)
            if found and found.kind in ("sqs_queue", "sns_topic"):
                esm["on_failure"] = found.name
            elif arn:
                ctx.leave_out(logical, f"OnFailure destination {arn}", "only queues and topics of the template are simulated")
        if "ReportBatchItemFailures" in as_list(props.get("FunctionResponseTypes")):
            esm["function_response_types"] = ["ReportBatchItemFailures"]
        filters = [f.get("Pattern") for f in as_list((props.get("FilterCriteria") or {}).get("Filters"))
                   if isinstance(f, dict) and f.get("Pattern")]
        if filters:
            esm["filter_criteria"] = {"filters": [
                {"pattern": p if isinstance(p, str) else json.dumps(p)} for p in filters[:5]]}
        concurrency = as_int((props.get("ScalingConfig") or {}).get("MaximumConcurrency"))
        if concurrency is not None and source.kind == "sqs_queue":
            esm["scaling_config"] = {"maximum_concurrency": concurrency}
        if esm.get("starting_position") == "AT_TIMESTAMP":
            esm["starting_position"] = "TRIM_HORIZON"
            ctx.guessed.append(f"{logical}: StartingPosition AT_TIMESTAMP read from the start "
                               f"(TRIM_HORIZON): the lesson's clock starts at 0")
        name = ctx.names.claim(f"{source.name}-to-{fn.name}")
        ctx.names.names[logical] = name
        ctx.out[name] = esm
        ctx.rest(logical, props, {"EventSourceArn", "FunctionName", "Enabled", "StartingPosition",
                                  "BisectBatchOnFunctionError", "DestinationConfig",
                                  "FunctionResponseTypes", "FilterCriteria", "ScalingConfig",
                                  "StartingPositionTimestamp", *_ESM_KEYS})
