"""`lambdascope check FILE...`: validate scenario files without opening the window.

Exit 0 when every file is valid (one OK line each on stdout); exit 1 otherwise, with every
problem on stderr as FILE:LINE:COL: key.path: what is wrong. A valid file whose run crashes the
engine fails too (exit 1), named an internal error to report (app.commands.internal_error). A valid file is then run (bounded,
app.engine.script_outcomes.CHECK_MAX_STEPS) and `check` prints, on stdout, one line per script
entry with what it came to. A valid file can still get warnings (same format, "warning:" first,
on stderr; exit 0, or 1 with --strict): a configuration AWS would refuse to save
(app.engine.config_warnings), a filter written unencoded (app.engine.filter_warnings), a
function whose code outlasts its timeout (app.scenario.timeout_warnings) or whose Init outlasts
the 10 s limit (app.scenario.init_warnings), a policy naming an
action or ARN that is not there (app.scenario.policy_warnings), a function DLQ that an SQS
mapping never uses (app.scenario.dlq_warnings), a queue Lambda reads with maxReceiveCount under 5
(app.scenario.receive_count_warnings), a
lesson that cannot work as meant, seen in the run (app.engine.lesson_warnings), or one in which
no function runs at all (app.commands.nothing_runs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.bundled import UnknownScenario, resolve_scenario
from app.commands.internal_error import RunCrashed, internal_error_message
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario file(s) to check, or built-in names such as photo-thumbnails")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a file has warnings, not only when it has problems")
    parser.epilog = ("Each problem is printed as FILE:LINE:COL: key.path: message, so editors can "
                     "jump to it. A valid file is run and each script entry's outcome printed. "
                     "Exit status: 0 when all files are valid, 1 otherwise (with --strict, also "
                     "when any file has warnings).")


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
        lines, warnings = _explain(name, scenario)
        for warning in warnings:
            print(warning, file=sys.stderr)
        counted = _count(len(warnings), "warning")
        facts = (f"{_count(len(scenario.resources), 'resource')}, "
                 f"{_count(len(scenario.script), 'script entry', 'script entries')}")
        if isinstance(lines, RunCrashed):  # the engine crashed: never "OK"
            failed += 1
            print(internal_error_message(name, lines.exc), file=sys.stderr)
            print(f"FAILED {name}: {scenario.title} ({facts}): internal error while running it")
            continue
        if warnings and getattr(args, "strict", False):
            failed += 1
            print(f"FAILED {name}: {scenario.title} ({facts}): fails under --strict because of "
                  f"{counted}")
        else:
            print(f"OK {name}: {scenario.title} ({facts}" + (f", {counted})" if warnings else ")"))
        for line in lines:
            print(f"  {line}")
    return 1 if failed else 0


def _count(n: int, one: str, many: str | None = None) -> str:
    """`1 warning`, `3 warnings`, `1 script entry`, `2 script entries`."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _explain(name: str, scenario, text: str | None = None) -> tuple[list[str], list[str]]:
    """A valid file's script outcomes (`script[i] … → …`) and its warnings, each warning as
    FILE:LINE:COL: key.path: warning: …, in file order. `text`: the file's text when the caller
    has it (the lines of warnings are found in it); else the file is read again for them."""
    from app.commands.nothing_runs import nothing_runs_warnings
    from app.engine.api_id_advice import derived_id_warnings
    from app.engine.config_warnings import delivery_warnings
    from app.engine.fail_when_warnings import fail_when_warnings
    from app.engine.filter_warnings import filter_warnings
    from app.engine.lesson_warnings import run_warnings
    from app.engine.push_permission_warnings import expected_refusals, push_permission_warnings
    from app.engine.script_outcomes import run_attributed, script_lines
    from app.engine.subscription_dlq_warnings import subscription_dlq_warnings
    from app.scenario.concurrency_check import concurrency_warnings
    from app.scenario.dlq_warnings import function_dlq_warnings, unused_function_dlq_warnings
    from app.scenario.errors import Problem, format_path
    from app.scenario.policy_warnings import policy_warnings
    from app.scenario.receive_count_warnings import receive_count_warnings
    from app.scenario.safety import read_scenario_text
    from app.scenario.init_warnings import init_warnings
    from app.scenario.timeout_warnings import timeout_warnings
    from app.scenario.yaml_source import parse_yaml

    found = delivery_warnings(scenario) + filter_warnings(scenario) + timeout_warnings(scenario)
    found += init_warnings(scenario)
    found += policy_warnings(scenario) + concurrency_warnings(scenario)
    found += function_dlq_warnings(scenario) + derived_id_warnings(scenario)
    found += receive_count_warnings(scenario)
    try:
        attributed = run_attributed(scenario)
    except Exception as exc:  # a valid file the engine cannot run: a LambdaScope bug (run() says so)
        lines = RunCrashed([f"(the run failed, so no outcomes: {type(exc).__name__}: {exc})"], exc)
        found += push_permission_warnings(scenario)
    else:
        lines = [line for _, line in script_lines(scenario, attributed)]
        found += push_permission_warnings(scenario, expected_refusals(scenario, attributed))
        found += run_warnings(scenario, attributed)
        found += nothing_runs_warnings(scenario, attributed.trace, explained=bool(found))
        found += unused_function_dlq_warnings(scenario, attributed.trace.steps)
        found += fail_when_warnings(scenario, attributed.trace.steps)
        found += subscription_dlq_warnings(scenario, attributed.trace.steps)
    if not found:
        return lines, []
    if text is None:
        text = read_scenario_text(Path(getattr(scenario, "source_path", None) or Path(name)))
    locations = parse_yaml(text, name).locations
    problems = [Problem(name, *locations.of(w.path), format_path(w.path), w.message) for w in found]
    problems.sort(key=lambda p: (p.line, p.col))
    return lines, [str(p) for p in dict.fromkeys(problems)]
