"""Read a CloudFormation or SAM template (YAML or JSON) as data, safely.

The text is read like a scenario file (regular file only, at most 1 MiB, UTF-8, with a timeout:
app.scenario.safety) and parsed by cfn-lint's decoder, which knows CloudFormation's short-form
tags (`!Ref`, `!GetAtt`, `!Sub`, `!Select`, `!Split`, `!If`, …) and keeps each value's line.
CloudFormation itself does not accept YAML aliases (AWS "Template formats": aliases and hash
merges are not supported), so they are refused before parsing: no alias bomb can expand.
Nothing in a template is ever run, and no other file is opened.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.importers.errors import MissingExtra, TemplateError
from app.importers.references import Reference, collect
from app.scenario.errors import ScenarioError
from app.scenario.safety import read_scenario_text

MAX_DEPTH = 64  # nesting of mappings and lists, as for scenario files
MAX_RESOURCES = 500  # CloudFormation's own limit per template


def read_template(path: str | Path) -> tuple[dict[str, Any], dict[str, int], list[Reference]]:
    """The template at `path` as plain dicts/lists/strings, the line (1-based) of each
    resource's logical id (and of each parameter, keyed `Parameters.NAME`), and every
    reference (!Ref, !GetAtt, ${…}) with its path and line (app.importers.references). Raises TemplateError (file, line, what is wrong) for anything that is
    not a readable CloudFormation template, MissingExtra without cfn-lint."""
    name = str(path)
    try:
        text = read_scenario_text(Path(path))
    except ScenarioError as exc:
        raise TemplateError(name, "; ".join(p.message for p in exc.problems)) from None
    return parse_template(text, name)


_RESOURCES_KEY = re.compile(r'^\s*(\{\s*)?["\']?Resources["\']?\s*:', re.M)


def parse_template(text: str, name: str = "<template>"
                   ) -> tuple[dict[str, Any], dict[str, int], list[Reference]]:
    """As read_template, for text already in memory."""
    if not _RESOURCES_KEY.search(text):  # a lesson or any other file: said before loading cfn-lint
        raise TemplateError(name, "not a CloudFormation template: it has no Resources section "
                                  "(a mapping of logical ids to resources)", 1)
    try:
        import yaml
        from cfnlint.decode import decode_str
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise MissingExtra("cfn-lint") from exc
    _refuse_aliases(text, name, yaml)
    try:
        data, matches = decode_str(text)
    except RecursionError:
        raise TemplateError(name, f"nested more than {MAX_DEPTH} levels deep") from None
    except Exception as exc:  # noqa: BLE001 - the decoder's own slips become one clean error
        raise TemplateError(name, f"not a readable template: {type(exc).__name__}: {exc}") from None
    if matches:
        first = matches[0]
        raise TemplateError(name, f"not valid YAML or JSON: {first.message}",
                            getattr(first, "linenumber", None))
    if not isinstance(data, dict):
        raise TemplateError(name, "not a CloudFormation template: the top level must be a mapping "
                                  "with a Resources section", 1)
    resources = data.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateError(name, "not a CloudFormation template: it has no Resources section "
                                  "(a mapping of logical ids to resources)", 1)
    if len(resources) > MAX_RESOURCES:
        raise TemplateError(name, f"{len(resources)} resources: CloudFormation allows at most "
                                  f"{MAX_RESOURCES} in one template")
    lines = {}
    for key, value in resources.items():
        lines[str(key)] = _line_of(key) or _line_of(value) or 1
    parameters = data.get("Parameters")
    for key, value in (parameters.items() if isinstance(parameters, dict) else ()):
        lines[f"Parameters.{key}"] = _line_of(key) or _line_of(value) or 1
    plain = _plain(data, name, 0)
    return plain, lines, collect(data)


def _refuse_aliases(text: str, name: str, yaml) -> None:
    """Scan the YAML tokens for `*alias` (libyaml's scanner when present: linear, and it stops
    deep nesting itself; the pure-Python one is quadratic on thousands of nested brackets)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.AliasToken):
                raise TemplateError(name, "YAML aliases (*name) are not allowed: CloudFormation "
                                          "does not accept them; write the value out",
                                    token.start_mark.line + 1)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TemplateError(name, f"not valid YAML or JSON: {getattr(exc, 'problem', None) or exc}",
                            mark.line + 1 if mark else None) from None


def _line_of(node: Any) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _plain(value: Any, name: str, depth: int) -> Any:
    """cfn-lint's node classes as plain Python values (the translator wants plain dicts)."""
    if depth > MAX_DEPTH:
        raise TemplateError(name, f"nested more than {MAX_DEPTH} levels deep", _line_of(value))
    if isinstance(value, dict):
        return {str(k): _plain(v, name, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, name, depth + 1) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float) and value != value:  # NaN
        raise TemplateError(name, "not-a-number is not a template value", _line_of(value))
    return value
