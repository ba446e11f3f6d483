"""Run every benchmark in turn, each in its own process so one cannot warm another's caches.

Usage: python bench/run_all.py [--quick]   (--quick: 10,000 engine requests, fewer UI repeats)
Each benchmark prints its own figures as ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Qt's offscreen platform says this on every window resize; it says nothing about speed.
NOISE = "This plugin does not support propagateSizeHints()"


def commands(quick: bool) -> list[list[str]]:
    engine = [sys.executable, str(HERE / "bench_engine.py")] + (["10000"] if quick else [])
    lab = [sys.executable, str(HERE / "bench_lab.py")]
    ui = [sys.executable, str(HERE / "bench_ui.py")] + (["--quick"] if quick else [])
    return [engine, lab, ui]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    failed = 0
    for command in commands("--quick" in argv):
        print(f"\n=== {Path(command[1]).name} ===", flush=True)
        with subprocess.Popen(command, cwd=HERE.parent, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
            for line in child.stdout:
                if line.strip() != NOISE:
                    print(line, end="", flush=True)
        failed += child.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
