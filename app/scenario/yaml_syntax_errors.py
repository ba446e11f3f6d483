"""Why a YAML file could not be read, in words a teacher can act on (moved out of
app/scenario/yaml_source.py, whose `parse_yaml` reports them): ruamel's syntax message with a
hint, the `key:value` glued without a space, and where a character offset is.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

Pos = tuple[int, int]  # 1-based line, column


HINTS = (  # (words in ruamel's message, use the context mark?, what to tell the teacher)
    ("'\\t'", False, "a tab character; YAML indents with spaces only"),
    ("mapping values are not allowed", False, "a ': ' where none can be; if it is part of a text, put the "
                                              "whole value in quotes (and a key needs a space after its ':')"),
    ("could not find expected ':'", True, "this line is neither 'key: value' nor a list item '- …'"),
    ("flow sequence", True, "the '[' opened here is not closed with ']' (or a ',' is missing)"),
    ("flow mapping", True, "the '{' opened here is not closed with '}' (or a ',' is missing)"),
    ("quoted scalar", True, "the quote opened here is never closed"),
    ("expected <block end>", False, "the indentation of this line does not match the lines above it"),
    ("cannot start any token", False, "this character cannot start a value; put the value in quotes"),
)


def yaml_reason(exc: MarkedYAMLError) -> tuple[Pos, str]:
    """Where the slip most likely is, and ruamel's message with a hint a teacher can act on.

    In: the parser's error. Out: ((line, column), 1-based; "hint (ruamel's words)"), or
    ruamel's words alone when no hint fits. Raises nothing."""
    text = "; ".join(p for p in (exc.context, exc.problem) if p) or "syntax error"
    use_context, hint = False, ""
    for words, context_first, advice in HINTS:
        if words in text:
            use_context, hint = context_first, advice
            break
    mark = (exc.context_mark if use_context else None) or exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return pos, f"{hint} ({text})" if hint else text


GLUED_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*):([^\s#:][^#]*?)\s*(?:#.*)?$")


def colon_without_space(text: str, line: int) -> str:
    """For `queue:jobs` (a key glued to its value) on 1-based `line` of `text`, a sentence
    saying the fix first; else '' (also for a URL such as `https://…`)."""
    lines = text.splitlines()
    found = GLUED_KEY.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if found is None or found.group(2).startswith("//"):  # not a URL
        return ""
    key, value = found.groups()
    return (f"'{key}:{value}' has no space after ':', so YAML reads it as one word; add a space "
            f"after ':' ({key}: {value})")


def offset_pos(text: str, offset: int) -> Pos:
    """The 1-based (line, column) of character `offset` of `text`."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
