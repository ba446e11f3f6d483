"""Render an imported lesson as YAML, with what was left out and what was guessed on top."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def render(lesson: dict[str, Any], template: str, left_out: list[str], guessed: list[str]) -> str:
    """The lesson file's text: a comment block (source, not simulated, guessed), then the YAML."""
    head = [f"# Imported from {Path(template).name} by `lambdascope import` (docs/importing.md).",
            "# Check it with `lambdascope check FILE`, play it with `lambdascope play FILE`."]
    for title, items in (("Not simulated (left out of this lesson)", left_out),
                         ("Guessed (the template does not say; change them to fit your code)", guessed)):
        head.append(f"# {title}:" if items else f"# {title}: nothing")
        for item in items:
            lines = textwrap.wrap(item, 96) or [""]
            head.append(f"#   - {lines[0]}")
            head += [f"#     {line}" for line in lines[1:]]
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096  # no folded lines (and no trailing spaces)
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(lesson, buffer)
    return "\n".join(head) + "\n\n" + buffer.getvalue()
