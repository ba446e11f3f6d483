"""What the loader reports: every problem it found, each with the file, line and column.

One exception type (`ScenarioError`) for every way a scenario file can be wrong, so callers
(the `check` command, the window's open dialog, the tests) need exactly one `except`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file. `line`/`col` are 1-based; 0 means "the whole file"."""

    file: str
    line: int
    col: int
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return f"{where}: {self.key_path}: {self.message}" if self.key_path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """A scenario file could not be loaded; `problems` lists everything found, in file order."""

    def __init__(self, problems: list[Problem]):
        ordered = sorted(problems, key=lambda p: (p.file, p.line, p.col))
        self.problems: list[Problem] = list(dict.fromkeys(ordered))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, col: int = 0, key_path: str = "") -> ScenarioError:
        return cls([Problem(file, line, col, key_path, message)])


def format_path(path: tuple) -> str:
    """("script", 0, "bucket") → "script[0].bucket": how a teacher would point at the key."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
