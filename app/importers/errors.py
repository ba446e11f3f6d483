"""What goes wrong while importing a template, said with the file and line.

`TemplateError` is the one exception `app.importers` raises for bad input; `MissingExtra` says
that the optional `lambdascope[sam]` packages are not installed.
"""

from __future__ import annotations


class TemplateError(Exception):
    """A template that cannot be imported: `file`, `line` (1-based, or None) and `message`
    (what is wrong and how to fix it). `str()` gives `FILE:LINE: message`."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class MissingExtra(Exception):
    """The packages of the `sam` extra (aws-sam-translator, cfn-lint) are not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(
            f"importing a template needs the optional package {package!r}, which is not "
            f"installed. Install LambdaScope's 'sam' extra: run ./scripts/setup.sh (it installs "
            f"it), or pip install 'lambdascope[sam]' (in a clone: pip install -e '.[sam]').")
        self.package = package
