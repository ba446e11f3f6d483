"""Every !Ref, !GetAtt and ${…} of a template as its author wrote it, with its path and line,
checked against the template before and after SAM's translation.

AWS SAM rewrites a function's events into resources of its own (`FnQ` for the event `Q` of `Fn`),
so an error found after the translation would name a resource the author never wrote. Checking
the references on the original template names the author's own path (`Fn:
Properties.Events.Q.Properties.Queue`) and line. Names SAM generates (`FnRole`,
`ServerlessRestApi`, `Fn.Alias`, …) can only be judged after the translation, so they wait.
CloudFormation's rule: a Ref names a parameter, a pseudo parameter (`AWS::Region`, …) or a
resource; Fn::GetAtt names a resource; `${Name}` in Fn::Sub is a Ref, `${Name.Attr}` a GetAtt,
`${!Text}` a literal (AWS "Intrinsic function reference",
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from app.importers.errors import TemplateError

_SUB = re.compile(r"\$\{([^}!][^}]*)\}")


@dataclass(frozen=True)
class Reference:
    """One reference: `shown` as the author wrote it (`!GetAtt WorkQueu.Arn`), the `target`
    logical id or parameter, whether it must be a resource (`getatt`), the `path` of keys from
    the top of the template to it, and its 1-based `line` (None if unknown)."""

    shown: str
    target: str
    getatt: bool
    path: tuple[str, ...]
    line: int | None

    def where(self) -> str:
        """`Fn: Properties.Events.Q` under Resources, else the dotted path (`Outputs.Api.Value`)."""
        if len(self.path) >= 2 and self.path[0] == "Resources":
            return f"{self.path[1]}: {'.'.join(self.path[2:])}" if len(self.path) > 2 else self.path[1]
        return ".".join(self.path)


def collect(node: Any, path: tuple[str, ...] = (), line: int | None = None) -> list[Reference]:
    """The references in a template as cfn-lint decoded it (its nodes carry `start_mark`)."""
    mark = getattr(node, "start_mark", None)
    line = mark.line + 1 if mark is not None else line
    out: list[Reference] = []
    if isinstance(node, dict):
        if len(node) == 1:
            out += _of_function(*next(iter(node.items())), path, line)
        for key, value in node.items():
            out += collect(value, path + (str(key),), line)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += collect(value, path + (str(i),), line)
    return out


def _of_function(key: Any, arg: Any, path: tuple[str, ...], line: int | None) -> list[Reference]:
    if key == "Ref" and isinstance(arg, str):
        return [Reference(f"!Ref {arg}", str(arg), False, path, line)]
    if key == "Fn::GetAtt":
        parts = arg.split(".", 1) if isinstance(arg, str) else arg
        if isinstance(parts, list) and parts and isinstance(parts[0], str):
            shown = ".".join(str(p) for p in parts)
            return [Reference(f"!GetAtt {shown}", str(parts[0]), True, path, line)]
    if key == "Fn::Sub":
        text, names = arg, {}
        if isinstance(arg, list) and arg:
            text, names = arg[0], (arg[1] if len(arg) > 1 else {})
        own = set(names) if isinstance(names, dict) else set()
        if isinstance(text, str):
            out = []
            for name in _SUB.findall(text):
                base, dot, _ = name.strip().partition(".")
                if base not in own and not base.startswith("AWS::"):
                    out.append(Reference(f"!Sub ${{{name}}}", base, bool(dot), path, line))
            return out
    return []


def is_known(ref: Reference, resources: set[str], parameters: set[str]) -> bool:
    """Does `ref` name something of a template with these resource and parameter names?"""
    if ref.target.startswith("AWS::"):
        return True
    return ref.target in resources or (not ref.getatt and ref.target in parameters)


def sam_may_generate(ref: Reference, serverless: set[str]) -> bool:
    """Could AWS SAM's translation create the name `ref` uses (`FnRole`, `Fn.Alias`,
    `ServerlessRestApi`)? Such a reference is judged on the translated template instead."""
    target = ref.target
    return "." in target or target.startswith("Serverless") or any(target.startswith(s) for s in serverless)


def problem(ref: Reference, file: str, candidates: set[str]) -> TemplateError:
    """The error for a reference to nothing: where, what, and the closest name."""
    what = "resource" if ref.getatt else "parameter or resource"
    close = difflib.get_close_matches(ref.target, sorted(candidates), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else \
        " (check the spelling, or declare it under Resources or Parameters)"
    return TemplateError(file, f"{ref.where()}: {ref.shown}: there is no {what} named "
                               f"{ref.target!r} in the template{hint}", ref.line)
