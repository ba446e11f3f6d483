"""`lambdascope`: the window by default, or a headless subcommand.

Each subcommand lives in `app/commands/<name>.py` with `add_arguments(parser)` and
`run(args) -> int`; they are imported only when chosen, so `check` and `play` never load Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from app import __version__

SUBCOMMANDS = {
    "check": "validate scenario files; exit 0 when all are valid, 1 otherwise",
    "schema": "print the JSON Schema of the scenario format",
    "scenarios": "list the built-in scenarios, which every command accepts by name",
    "play": "run a scenario on the engine and print its steps",
    "export": "render a step to PNG or SVG, or a range of steps to an animated GIF or a PDF storyboard, headless",
    "import": "turn an AWS SAM or CloudFormation template into a lesson (docs/importing.md)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lambdascope",
        description="Step through how AWS Lambda is invoked, on a simulated engine. "
                    "Without a subcommand, opens the window.",
        epilog="subcommands: " + "; ".join(f"{n}: {h}" for n, h in SUBCOMMANDS.items())
               + ". Run `lambdascope SUBCOMMAND --help` for details.",
    )
    parser.add_argument("--version", action="version", version=f"lambdascope {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        name = argv[0]
        module = importlib.import_module(f"app.commands.{name}")
        sub = argparse.ArgumentParser(prog=f"lambdascope {name}", description=SUBCOMMANDS[name])
        module.add_arguments(sub)
        return module.run(sub.parse_args(argv[1:]))
    from app.commands import gui  # imports no Qt until gui.run

    parser = _parser()
    gui.add_arguments(parser)
    return gui.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
