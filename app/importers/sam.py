"""Expand `AWS::Serverless::*` resources into plain CloudFormation with AWS's own translator.

aws-sam-translator (the code behind CloudFormation's AWS::Serverless-2016-10-31 transform)
runs offline here: it is given the Region and account as parameter values, a session object
that only names the Region (so boto3 never looks for credentials or a network), and a map of
the managed policies LambdaScope knows instead of IAM's ListPolicies. Local code paths
(`CodeUri: src/`) are swapped for a placeholder S3 location first, as `sam package` would
upload them: the code itself is never read.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from app.importers.errors import MissingExtra, TemplateError

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
PLACEHOLDER_CODE = "s3://lambdascope-not-imported/code.zip"

# Name → ARN for `Policies: [AWSLambdaBasicExecutionRole]`-style entries (SAM looks names up
# in this map; the real one comes from IAM). The ones LambdaScope simulates, and common others.
_MANAGED = ("AWSLambdaBasicExecutionRole", "AWSLambdaKinesisExecutionRole",
            "AWSLambdaDynamoDBExecutionRole", "AWSLambdaSQSQueueExecutionRole",
            "AWSLambdaRole", "AWSLambdaExecute", "AWSLambdaVPCAccessExecutionRole", "AWSXRayDaemonWriteAccess",
            "AWSXrayWriteOnlyAccess", "AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess",
            "AmazonS3FullAccess", "AmazonS3ReadOnlyAccess", "AmazonSQSFullAccess",
            "AmazonSNSFullAccess", "AmazonKinesisFullAccess", "CloudWatchLogsFullAccess")
_SERVICE_ROLE = {"AWSLambdaBasicExecutionRole", "AWSLambdaKinesisExecutionRole",
                 "AWSLambdaDynamoDBExecutionRole", "AWSLambdaSQSQueueExecutionRole",
                 "AWSLambdaRole", "AWSLambdaVPCAccessExecutionRole"}


def managed_policy_map(partition: str = "aws") -> dict[str, str]:
    """Managed policy name → ARN, as IAM's ListPolicies would give it."""
    return {name: f"arn:{partition}:iam::aws:policy/{'service-role/' if name in _SERVICE_ROLE else ''}{name}"
            for name in _MANAGED}


def is_sam(template: dict[str, Any]) -> bool:
    """True when the template declares the SAM transform or holds AWS::Serverless::* types."""
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    if SAM_TRANSFORM in names:
        return True
    resources = template.get("Resources") or {}
    return any(isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::")
               for r in resources.values())


class _Session:
    """What the translator reads from a boto3 Session: only the Region."""

    def __init__(self, region: str) -> None:
        self.region_name = region


def expand(template: dict[str, Any], parameters: dict[str, Any], region: str, account_id: str,
           name: str, lines: dict[str, int]) -> tuple[dict[str, Any], list[str]]:
    """The template with its SAM resources translated to CloudFormation, and notes on what was
    swapped (local code). `parameters` are the template parameter values. Raises TemplateError
    with the translator's own messages (and the resource's line) when SAM refuses the template."""
    if not is_sam(template):
        return template, []
    try:
        from samtranslator.model.exceptions import (InvalidDocumentException,
                                                    InvalidResourceException)
        from samtranslator.parser.parser import Parser
        from samtranslator.translator.arn_generator import ArnGenerator
        from samtranslator.translator.translator import Translator
    except ImportError as exc:
        raise MissingExtra("aws-sam-translator") from exc
    logging.getLogger("samtranslator").setLevel(logging.CRITICAL)
    template = copy.deepcopy(template)
    notes = _swap_local_code(template)
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    values = dict(parameters)
    values.update({"AWS::Region": region, "AWS::AccountId": account_id, "AWS::Partition": partition})
    ArnGenerator.BOTO_SESSION_REGION_NAME = region
    translator = Translator(managed_policy_map(partition), Parser(),
                            boto_session=_Session(region))  # type: ignore[arg-type]
    try:
        result = translator.translate(template, parameter_values=values,
                                      get_managed_policy_map=lambda: managed_policy_map(partition))
    except InvalidDocumentException as exc:
        causes = list(getattr(exc, "causes", []) or [exc])
        first = causes[0]
        logical = getattr(first, "_logical_id", None) or getattr(first, "logical_id", None)
        messages = "; ".join(getattr(c, "message", str(c)) for c in causes)
        raise TemplateError(name, f"AWS SAM refuses the template: {messages}",
                            lines.get(str(logical)) if logical else None) from None
    except InvalidResourceException as exc:
        raise TemplateError(name, f"AWS SAM refuses the template: {exc.message}") from None
    except RecursionError:
        raise TemplateError(name, "the template is nested too deeply for AWS SAM") from None
    except Exception as exc:  # noqa: BLE001 - the translator's crash on odd input is still bad input
        raise TemplateError(name, f"AWS SAM could not translate the template "
                                  f"({type(exc).__name__}: {exc}); check it with `sam validate`") from None
    return result, notes


def _swap_local_code(template: dict[str, Any]) -> list[str]:
    """Replace local CodeUri/ContentUri/DefinitionUri paths and InlineCode with placeholders
    (the translator would refuse a local path; `sam package` uploads it first)."""
    notes = []
    sections = [("Globals", template.get("Globals"))]
    sections += [(key, r) for key, r in (template.get("Resources") or {}).items()]
    for key, holder in sections:
        if not isinstance(holder, dict):
            continue
        blocks = holder.values() if key == "Globals" else [holder.get("Properties")]
        for props in blocks:
            if not isinstance(props, dict):
                continue
            for prop in ("CodeUri", "ContentUri"):
                if isinstance(props.get(prop), str) and not props[prop].startswith("s3://"):
                    notes.append(f"{key}: {prop} {props[prop]!r} (the code is not imported)")
                    props[prop] = PLACEHOLDER_CODE
            if "InlineCode" in props:
                notes.append(f"{key}: InlineCode (the code is not imported)")
                del props["InlineCode"]
                props["CodeUri"] = PLACEHOLDER_CODE
            if isinstance(props.get("DefinitionUri"), str):
                notes.append(f"{key}: DefinitionUri {props['DefinitionUri']!r} (an OpenAPI file "
                             f"outside the template is not read; routes come from the functions' Api events)")
                del props["DefinitionUri"]
            if key != "Globals" and holder.get("Type") == "AWS::Serverless::Function" \
                    and "CodeUri" not in props and "ImageUri" not in props \
                    and "PackageType" not in props:
                props["CodeUri"] = PLACEHOLDER_CODE
    return notes
