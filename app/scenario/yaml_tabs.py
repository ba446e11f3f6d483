"""Tabs between tokens on a line: valid YAML 1.2 (spec 6.2, s-separate-in-line) that ruamel's
scanner refuses ("found character '\\t' that cannot start any token"). `parse_yaml` asks
`inline_tab` where such a tab is, reads it as a space (same column) and parses again; a tab that
indents a line stays an error, and `after_text` lets the message name a tab inside a value.
"""

from __future__ import annotations

from ruamel.yaml.error import MarkedYAMLError

MAX_TAB_RETRIES = 200  # tabs between tokens a file may have before we stop re-reading it


def inline_tab(text: str, exc: MarkedYAMLError) -> int | None:
    """The offset of the tab the scanner stopped at, if it separates tokens on its line rather
    than indenting it."""
    mark = exc.problem_mark
    if mark is None or "'\\t'" not in str(exc.problem or ""):
        return None
    offset = getattr(mark, "index", None)
    if not isinstance(offset, int) or offset >= len(text) or text[offset] != "\t":
        return None
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    before = text[line_start:offset].rstrip(" \t")
    after = text[offset:len(text) if line_end < 0 else line_end].lstrip(" \t")
    # after an indicator (`key:`, `- `, `,`, `[`, `{`) or before a comment / the line's end;
    # a tab inside a plain value ("a<TAB>b") is left to the scanner's own error
    list_item = before.strip(" -") == "" and before.endswith("-")  # `- ` (or `- - `) opening an item
    separates = before.endswith((":", ",", "[", "{")) or list_item or after[:1] in ("", "#", "\r")
    return offset if before and separates else None


def after_text(text: str, exc: MarkedYAMLError) -> bool:
    """Whether the scanner's mark follows text on its line (not in the indentation)."""
    index = getattr(exc.problem_mark, "index", None)
    if not isinstance(index, int):
        return False
    return bool(text[text.rfind("\n", 0, index) + 1:index].strip(" \t"))
