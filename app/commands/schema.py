"""`lambdascope schema`: print the JSON Schema of the scenario format (for editors and tools)."""

from __future__ import annotations

import argparse
import sys

from app.scenario.schema import SCHEMA_PATH, schema_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (f"The same schema ships as {SCHEMA_PATH.name}; a scenario file that starts with "
                     "`# yaml-language-server: $schema=../app/scenario/scenario.schema.json` gets "
                     "autocompletion and checking in editors using the YAML language server.")


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
