"""`lambdascope check FILE...`: validate scenario files without opening the window.

Exit 0 when every file is valid (one OK line each on stdout); exit 1 otherwise, with every
problem on stderr as FILE:LINE:COL: key.path: what is wrong. A valid file can still get
warnings (same format, "warning:" first, on stderr; exit 0): a configuration AWS would refuse
to save but that the scenario keeps to show what happens (app.engine.config_warnings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        warnings = _warnings(name, scenario)
        for warning in warnings:
            print(warning, file=sys.stderr)
        print(f"OK {name}: {scenario.title} ({len(scenario.resources)} resources, "
              f"{len(scenario.script)} script entries"
              + (f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings
                 else ")"))
    return 1 if failed else 0


def _warnings(name: str, scenario) -> list[str]:
    """The configuration warnings of a valid file, each as FILE:LINE:COL: key.path: warning: …"""
    from app.engine.config_warnings import delivery_warnings
    from app.scenario.errors import Problem, format_path
    from app.scenario.safety import read_scenario_text
    from app.scenario.yaml_source import parse_yaml

    found = delivery_warnings(scenario)
    if not found:
        return []
    locations = parse_yaml(read_scenario_text(Path(name)), name).locations
    return [str(Problem(name, *locations.of(w.path), format_path(w.path), w.message))
            for w in found]
