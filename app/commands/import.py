"""`lambdascope import TEMPLATE -o LESSON.yaml`: turn a SAM or CloudFormation template into a lesson.

The lesson is written to LESSON.yaml (default: beside the template, TEMPLATE-STEM.lesson.yaml);
what was left out and what was guessed is listed at the top of the lesson and on stderr. Exit 0
when the lesson was written (it checks clean); 3 when it was written but a queue or topic
policy statement could not be simulated and the lesson then refuses a call or warns (the
check's findings are printed); 1 for a template that cannot be imported (the error says file,
line and what is wrong); 2 when the optional `sam` packages are missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", metavar="TEMPLATE", help="a SAM or CloudFormation template (YAML or JSON)")
    parser.add_argument("-o", "--output", metavar="LESSON.yaml",
                        help="where to write the lesson (default: TEMPLATE-STEM.lesson.yaml beside the template)")
    parser.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE",
                        help="a template parameter's value (repeatable); others take their Default")
    parser.add_argument("--region", default="us-east-1", help="the Region in ARNs (default us-east-1)")
    parser.add_argument("--force", action="store_true", help="overwrite LESSON.yaml if it exists")
    parser.epilog = "Needs the optional packages of lambdascope[sam] (./scripts/setup.sh installs them)."


def default_output(template: str | Path) -> Path:
    template = Path(template)
    return template.with_name(template.stem + ".lesson.yaml")


def run(args: argparse.Namespace) -> int:
    from app.importers import MissingExtra, TemplateError, import_template

    parameters = {}
    for item in args.parameter:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"--parameter {item!r}: write KEY=VALUE", file=sys.stderr)
            return 1
        parameters[key] = value
    output = Path(args.output) if args.output else default_output(args.template)
    if output.exists() and not args.force:
        print(f"{output}: exists already; choose another -o or add --force", file=sys.stderr)
        return 1
    try:
        result = import_template(args.template, parameters, args.region, output)
    except MissingExtra as exc:
        print(f"lambdascope import: {exc}", file=sys.stderr)
        return 2
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        output.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        print(f"{output}: cannot write the lesson: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for title, items in (("not simulated", result.left_out), ("guessed", result.guessed)):
        for item in items:
            print(f"{args.template}: {title}: {item}", file=sys.stderr)
    status = _policy_gap_status(output, result)
    from app.commands.check import _count
    print(f"wrote {output}: {_count(len(result.lesson['resources']), 'resource')}, "
          f"{_count(len(result.lesson['script']), 'script entry', 'script entries')}; "
          f"{len(result.left_out)} left out, "
          f"{len(result.guessed)} guessed (listed at the top of the lesson). "
          f"Next: lambdascope play {output}")
    return status


def _policy_gap_status(output: Path, result) -> int:
    """3 when a queue/topic policy statement was left out (`result.policy_gaps`) and the written
    lesson then has a refused call or a warning (`lambdascope check`'s own findings on the
    Scenario the import validated, printed on stderr), else 0: the lesson would decide
    differently from AWS and the teacher must fix it by hand."""
    gaps = result.policy_gaps
    if not gaps:
        return 0
    from app.commands.check import _explain

    lines, warnings = _explain(str(output), result.scenario, text=result.text)
    found = [line for line in lines if "DENIED" in line or "refused" in line] + warnings
    if not found:
        return 0
    for line in found:
        print(f"{output}: warning: {line}" if "warning:" not in line else line, file=sys.stderr)
    from app.commands.check import _count
    print(f"{output}: warning: {_count(len(gaps), 'policy statement')} could "
          f"not be simulated (listed above as not simulated) and the lesson has the outcomes "
          f"above; AWS may decide these calls differently. Edit the lesson's `permissions` "
          f"(docs/scenario-format.md) to match the template.", file=sys.stderr)
    return 3
