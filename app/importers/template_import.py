"""`import_template(path)`: a SAM or CloudFormation template → a LambdaScope lesson.

Steps: read the template safely (reader), resolve its parameters (defaults, or the values
given), expand SAM with AWS's translator (sam), evaluate conditions and intrinsics (intrinsics,
names), map each resource (map_lambda, map_services, map_api), choose handlers and write the
starter script (starter, script), then render the YAML with what was left out and what was
guessed as a comment at the top (lesson) and check it with the scenario loader. Raises
TemplateError (file, line, what is wrong) or MissingExtra; nothing else for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.importers import map_api, map_lambda, map_services
from app.importers.arns import arn
from app.importers.context import SCENARIO_TYPE, Context, build_index
from app.importers.errors import TemplateError
from app.importers.intrinsics import Resolver
from app.importers.lesson import render
from app.importers.names import Names
from app.importers.reader import read_template
from app.importers.references import Reference, is_known, sam_may_generate
from app.importers.references import problem as reference_problem
from app.importers.sam import expand
from app.importers.script import ScriptWriter
from app.importers.starter import Starter

ACCOUNT = "123456789012"
# Handled by a mapper although they make no scenario resource of their own.
FOLDED = {"AWS::Lambda::Permission", "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Version",
          "AWS::Lambda::Alias", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
          "AWS::SNS::Subscription", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
          "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Resource",
          "AWS::ApiGateway::Method", "AWS::Cognito::IdentityPoolRoleAttachment",
          "AWS::ApiGatewayV2::Stage"}


@dataclass
class ImportResult:
    """The lesson as YAML text (`text`), as data (`lesson`) and as the validated Scenario
    (`scenario`, loaded from `text` as if at `lesson_path`), what was left out and what guessed."""

    text: str
    lesson: dict[str, Any]
    left_out: list[str]
    guessed: list[str]
    policy_gaps: list[str] = field(default_factory=list)  # queue/topic policy statements left out
    scenario: Any = None


def import_template(path: str | Path, parameters: dict[str, str] | None = None,
                    region: str = "us-east-1", lesson_path: str | Path | None = None) -> ImportResult:
    """Import the template at `path`; `parameters` override the template's defaults.
    `lesson_path` is where the lesson will be written (its assets are checked from there)."""
    name = str(path)
    template, lines, references = read_template(path)
    params, problems = _parameters(template, parameters or {}, name, lines)
    expanded, notes = _expand_checked(template, params, problems, references, region, name, lines)
    resources = expanded.get("Resources") or {}
    if not any(isinstance(r, dict) and r.get("Type") == "AWS::Lambda::Function" for r in resources.values()):
        raise TemplateError(name, "the template has no function (AWS::Serverless::Function or "
                                  "AWS::Lambda::Function): there is nothing for a lesson to invoke", 1)
    pseudo = {"AWS::Region": region, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
              "AWS::StackName": Path(name).stem, "AWS::URLSuffix": "amazonaws.com",
              "AWS::StackId": f"arn:aws:cloudformation:{region}:{ACCOUNT}:stack/{Path(name).stem}/1",
              "AWS::NotificationARNs": []}
    values = {**pseudo, **params}
    names = Names({}, region, ACCOUNT)
    resolver = Resolver(values, names.ref, names.getatt, expanded.get("Conditions") or {},
                        expanded.get("Mappings") or {}, name, lambda logical: lines.get(logical))
    left_out = list(notes)
    existing: dict[str, dict] = {}
    for logical, resource in resources.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            raise TemplateError(name, f"the resource {logical!r} has no Type", lines.get(logical))
        condition = resource.get("Condition")
        if isinstance(condition, str):
            resolver.where = logical
            if not resolver.condition(condition):
                left_out.append(f"{logical}: not created (its condition {condition} is false)")
                continue
        existing[logical] = resource
    names.resources = existing

    def resolve(logical: str, value: Any) -> Any:
        before, resolver.where = resolver.where, logical
        try:
            return resolver.resolve(value)
        finally:
            resolver.where = before
    names.resolve_property = resolve
    props = {}
    for logical, resource in existing.items():
        raw = resource.get("Properties", {})
        if not isinstance(raw, dict):
            raise TemplateError(name, f"{logical}: Properties must be a mapping", lines.get(logical))
        props[logical] = resolve(logical, raw)
    types = {logical: r["Type"] for logical, r in existing.items()}
    ctx = Context(names, types, props, region, ACCOUNT)
    build_index(ctx)
    for mapper in (map_lambda.map_roles, map_lambda.map_functions, map_services.map_tables_and_streams,
                   map_services.map_queues, map_services.map_topics, map_services.map_buckets,
                   map_services.map_rules, map_services.map_scheduler, map_api.map_apis, map_lambda.map_event_source_mappings,
                   map_api.map_identity_pools):
        mapper(ctx)
    for logical, cfn_type in types.items():
        if cfn_type not in SCENARIO_TYPE and cfn_type not in FOLDED:
            ctx.leave_out(logical, cfn_type, "this kind of resource is not simulated")
    ctx.left_out = left_out + ctx.left_out + resolver.placeholders
    starter = Starter(ctx)
    starter.choose_handlers()
    writer = ScriptWriter(starter)
    writer.write()
    if not writer.entries:
        app = writer._actor("app")
        first = next(n for n, r in ctx.out.items() if r["type"] == "function")
        writer.actors[app]["policies"] = [{"action": "lambda:InvokeFunction",
                                           "resource": arn("function", first, region, ACCOUNT)}]
        writer._add({"actor": app, "action": "invoke", "function": first, "payload": writer._item()},
                    f"Before its schedule first fires, the client app tests {first} by hand with "
                    f"a synchronous Invoke.")
    lesson = _lesson(expanded, name, ctx, writer, region)
    text = render(lesson, name, ctx.left_out, ctx.guessed)
    scenario = _check(text, name, lesson_path)
    return ImportResult(text, lesson, ctx.left_out, ctx.guessed, ctx.policy_gaps, scenario)


def _expand_checked(template: dict, params: dict[str, Any], problems: list[TemplateError],
                    references: list[Reference], region: str, name: str,
                    lines: dict[str, int]) -> tuple[dict[str, Any], list[str]]:
    """SAM's translation of the template, after its references are checked on the original
    (app.importers.references): a reference to nothing is reported at the author's own path and
    line, with every missing parameter, all in one TemplateError."""
    resources = set(template.get("Resources") or {})
    declared = set(template.get("Parameters") or {})
    serverless = {k for k, r in (template.get("Resources") or {}).items()
                  if isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::")}
    unknown = [r for r in references if not is_known(r, resources, declared)]
    later = [r for r in unknown if sam_may_generate(r, serverless)]
    problems = problems + [reference_problem(r, name, resources | declared)
                           for r in unknown if r not in later]

    def late_problems(expanded: dict[str, Any]) -> list[TemplateError]:
        made = resources | set(expanded.get("Resources") or {})
        return [reference_problem(r, name, made | declared) for r in later
                if r.target.split(".")[0] not in made]
    if problems:
        if later and not any(p.message.startswith("the parameter ") for p in problems):
            try:  # SAM-generated names can be judged too, to report everything at once
                problems += late_problems(expand(template, params, region, ACCOUNT, name, lines)[0])
            except TemplateError:
                pass
        raise TemplateError.all_of(problems)
    expanded, notes = expand(template, params, region, ACCOUNT, name, lines)
    late = late_problems(expanded)
    if late:
        raise TemplateError.all_of(late)
    return expanded, notes


def _parameters(template: dict, given: dict[str, str], name: str, lines: dict[str, int]
                ) -> tuple[dict[str, Any], list[TemplateError]]:
    """The parameter values (given, else Default), and one problem per parameter without either."""
    declared = template.get("Parameters") or {}
    if not isinstance(declared, dict):
        raise TemplateError(name, "Parameters must be a mapping")
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise TemplateError(name, f"--parameter {unknown[0]}: the template has no such parameter "
                                  f"(it has: {', '.join(sorted(declared)) or 'none'})")
    values: dict[str, Any] = {}
    missing = []
    for key, spec in declared.items():
        spec = spec if isinstance(spec, dict) else {}
        value = given.get(key, spec.get("Default"))
        if value is None:
            missing.append(TemplateError(name, f"the parameter {key} has no Default: give a value "
                                               f"with --parameter {key}=VALUE",
                                         lines.get(f"Parameters.{key}")))
            continue
        kind = str(spec.get("Type", "String"))
        if kind == "CommaDelimitedList" or kind.startswith("List<"):
            value = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif not isinstance(value, list):
            value = str(value)
        values[key] = value
    return values, missing


def _lesson(template: dict, name: str, ctx: Context, writer: ScriptWriter, region: str) -> dict[str, Any]:
    description = template.get("Description") if isinstance(template.get("Description"), str) else ""
    stem = Path(name).name
    title = (description.strip().splitlines() or [f"Imported from {stem}"])[0][:120].strip() or f"Imported from {stem}"
    kinds = {k for ts in writer.s.triggers.values() for k, _ in ts}
    teaches = [t for t, ks in (("push", {"s3", "sns", "schedule", "events"}),
                               ("pull", {"sqs_queue", "kinesis_stream", "dynamodb_table"}),
                               ("on-demand", {"api"})) if kinds & ks]
    if any(e["action"] == "invoke" for e in writer.entries) and "on-demand" not in teaches:
        teaches.append("on-demand")
    about = description.strip()
    if about and not about.endswith((".", "!", "?")):
        about += "."
    summary = (f"Imported from the template {stem} by lambdascope import. "
               + (about + " " if about else "")
               + "The functions run built-in handlers chosen from their triggers and roles; the "
                 "comment at the top of this file lists what was guessed and what is not simulated.")
    lesson: dict[str, Any] = {"title": title, "teaches": teaches if len(teaches) != 1 else teaches[0],
                              "summary": summary}
    settings = writer.finish()
    if region != "us-east-1":
        settings["region"] = region
    if settings:
        lesson["settings"] = settings
    lesson["resources"] = {**writer.actors, **ctx.out}
    lesson["script"] = writer.entries
    return lesson


def _check(text: str, name: str, lesson_path: str | Path | None):
    """The lesson `text` validated by the scenario loader (a Scenario); TemplateError if it fails."""
    from app.scenario.loader import ScenarioError, load_scenario_text
    try:
        return load_scenario_text(text, lesson_path or Path(name).with_suffix(".lesson.yaml"))
    except ScenarioError as exc:
        problems = "; ".join(p.message if hasattr(p, "message") else str(p) for p in exc.problems[:5])
        raise TemplateError(name, f"the imported lesson does not pass `lambdascope check` "
                                  f"({problems}); please report this template") from None
