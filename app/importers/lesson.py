"""Render an imported lesson as YAML, with what was left out and what was guessed on top."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from app.importers.failure_hints import failure_hints


def render(lesson: dict[str, Any], template: str, left_out: list[str], guessed: list[str]) -> str:
    """The lesson file's text: a comment block (source, not simulated, guessed, how to see
    its failure paths), then the YAML."""
    head = [f"# Imported from {Path(template).name} by `lambdascope import` (docs/importing.md).",
            "# Check it with `lambdascope check FILE`, play it with `lambdascope play FILE`."]
    for title, items in (("Not simulated (left out of this lesson)", left_out),
                         ("Guessed (the template does not say; change them to fit your code)", guessed)):
        head.append(f"# {title}:" if items else f"# {title}: nothing")
        for item in items:
            lines = textwrap.wrap(item, 96) or [""]
            head.append(f"#   - {lines[0]}")
            head += [f"#     {line}" for line in lines[1:]]
    hints = failure_hints(lesson.get("resources") or {})
    if hints:
        head.append("# How to see a failure path (the starter script never fails):")
        for hint in hints:  # a `snippet` is kept on one line, to be copied
            hint = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\xa0"), hint)
            lines = [line.replace("\xa0", " ") for line in textwrap.wrap(hint, 96)] or [""]
            head.append(f"#   - {lines[0]}")
            head += [f"#     {line}" for line in lines[1:]]
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096  # no folded lines (and no trailing spaces)
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(lesson, buffer)
    return "\n".join(head) + "\n\n" + buffer.getvalue()
