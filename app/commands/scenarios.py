"""`lambdascope scenarios`: the built-in scenarios, by the names the other commands accept.

One block per built-in: its name and title, the models it teaches, and its summary wrapped for
a terminal. Reads only the files' metadata (app.bundled), so it is instant and needs no Qt.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from app.bundled import MODEL_WORDS, SCENARIOS_DIR, builtin_scenarios, unknown_message


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("Give a name wherever a scenario file is asked for: `lambdascope NAME` opens "
                     "the window on it, `lambdascope play NAME` runs it headless.")


def run(args: argparse.Namespace) -> int:
    infos = builtin_scenarios()
    if not infos:
        print(f"lambdascope scenarios: {unknown_message('scenarios')}", file=sys.stderr)
        return 1
    width = max(len(info.name) for info in infos)
    lines = []
    for info in infos:
        models = "  ".join(f"[{MODEL_WORDS.get(m, m)}]" for m in info.teaches)
        lines.append(f"{info.name:<{width}}  {info.title}  {models}".rstrip())
        lines.append(textwrap.fill(info.summary, 92, initial_indent="    ",
                                   subsequent_indent="    "))
        lines.append("")
    lines += [f"Open one in the window:  lambdascope {infos[0].name}",
              f"Run one headless:        lambdascope play {infos[0].name}",
              f"The files (copy one to start a lesson of your own): {SCENARIOS_DIR}"]
    try:
        sys.stdout.write("\n".join(lines) + "\n")
    except BrokenPipeError:  # `scenarios | head` closed the pipe: not an error
        sys.stderr.close()
    return 0
