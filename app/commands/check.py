"""`lambdascope check FILE...`: validate scenario files without opening the window.

Exit 0 when every file is valid (one OK line each on stdout); exit 1 otherwise, with every
problem on stderr as FILE:LINE:COL: key.path: what is wrong.
"""

from __future__ import annotations

import argparse
import sys

from app.bundled import UnknownScenario, resolve_scenario
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario file(s) to check, or built-in names such as photo-thumbnails")
    parser.epilog = ("Each problem is printed as FILE:LINE:COL: key.path: message, so editors can "
                     "jump to it. Exit status: 0 when all files are valid, 1 otherwise.")


def run(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            scenario = load_scenario(resolve_scenario(name))
        except UnknownScenario as exc:
            failed += 1
            print(f"{name}: {exc}", file=sys.stderr)
            continue
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            count = len(exc.problems)
            print(f"{name}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            continue
        print(f"OK {name}: {scenario.title} ({len(scenario.resources)} resources, "
              f"{len(scenario.script)} script entries)")
    return 1 if failed else 0
