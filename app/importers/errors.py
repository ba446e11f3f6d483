"""What goes wrong while importing a template, said with the file and line.

`TemplateError` is the one exception `app.importers` raises for bad input; `MissingExtra` says
that the optional `lambdascope[sam]` packages are not installed.
"""

from __future__ import annotations


class TemplateError(Exception):
    """A template that cannot be imported: `file`, `line` (1-based, or None) and `message`
    (what is wrong and how to fix it), and `more`: other problems of the same file. `str()`
    gives `FILE:LINE: message`, one line per problem."""

    def __init__(self, file: str, message: str, line: int | None = None,
                 more: "list[TemplateError] | None" = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.more = list(more or [])  # further problems found in the same pass, one line each
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return "\n".join([f"{where}: {self.message}"] + [str(m) for m in self.more])

    @classmethod
    def all_of(cls, problems: "list[TemplateError]") -> "TemplateError":
        """One error for several problems: the first in file order, the others in `more`
        (`str()` gives one `FILE:LINE: message` line for each)."""
        ordered = sorted(problems, key=lambda p: p.line or 0)
        first = ordered[0]
        return cls(first.file, first.message, first.line, ordered[1:])


class MissingExtra(Exception):
    """The packages of the `sam` extra (aws-sam-translator, cfn-lint) are not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(
            f"importing a template needs the optional package {package!r}, which is not "
            f"installed. Install LambdaScope's 'sam' extra: run ./scripts/setup.sh (it installs "
            f"it), or pip install 'lambdascope[sam]' (in a clone: pip install -e '.[sam]').")
        self.package = package
