"""`lambdascope check` on a big broken file: does it scale about linearly?

A generated scenario with N functions, each with its own execution role, where every function's
`role:` is misspelt (two letters swapped): N problems, each with a did-you-mean among N roles.
Timed in this process through app.commands.check.run (stderr to /dev/null), median of --reps,
for N = 500, 1,000, 2,000, 4,000 (or the sizes given). Prints seconds, problems and the time
per broken function relative to the smallest N (1.0 for linear; 2.0 means twice the cost per
function). `--baseline DIR` times another checkout (its own .venv) too, each size in child
processes alternating with this one's, and prints its time beside ours (the ratio is the
baseline's time over ours). Usage:
python bench/bench_check.py [N ...] [--reps R] [--baseline DIR] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if "--child" not in sys.argv:
    sys.path.insert(0, str(REPO))


def swapped(name: str) -> str:
    """A typo: the second and third letters swapped ("role-12" → "rloe-12")."""
    return name[0] + name[2] + name[1] + name[3:]


def broken_file(n: int, folder: Path) -> Path:
    """A scenario of `n` functions whose `role:` names a misspelt role (n problems)."""
    lines = ["title: big broken", "teaches: push", "summary: generated", "resources:",
             "  caller:", "    type: actor", "    kind: user"]
    for i in range(n):
        lines += [f"  role-{i}:", "    type: iam_role", "    trusts: lambda.amazonaws.com",
                  f"  fn-{i}:", "    type: function", "    handler: builtin.echo",
                  f"    role: {swapped(f'role-{i}')}"]
    lines += ["script:", "  - {at: 0, actor: caller, action: invoke, function: fn-0}"]
    path = folder / f"broken-{n}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def time_check(path: Path) -> tuple[float, str]:
    """(seconds, stderr) of `lambdascope check PATH` in this process."""
    from app.commands.check import run

    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        run(argparse.Namespace(files=[str(path)], strict=False))
    return time.perf_counter() - start, err.getvalue()


def child_time(repo: Path, n: int) -> float:
    """Seconds of `check` on the n-function file, in a child process of `repo`'s own code."""
    import subprocess

    python = repo / ".venv" / "bin" / "python"
    out = subprocess.run([str(python), str(Path(__file__).resolve()), "--child", str(n),
                          "--repo", str(repo)], capture_output=True, text=True, check=True,
                         cwd=str(repo))
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000, 4000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout to time alternately")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one timing, in the code of --repo
        sys.path.insert(0, str(args.repo))
        with tempfile.TemporaryDirectory() as folder:
            time_check(broken_file(20, Path(folder)))
            print(time_check(broken_file(args.child, Path(folder)))[0])
        return 0
    if args.baseline:
        rows = []
        for n in args.sizes:
            ours, theirs = [], []
            for _ in range(args.reps):
                ours.append(child_time(REPO, n))
                theirs.append(child_time(args.baseline.resolve(), n))
            rows.append({"functions": n, "seconds": statistics.median(ours),
                         "baseline_seconds": statistics.median(theirs)})
            r = rows[-1]
            print(f"check, {n:>5,} broken functions: {r['seconds']:7.2f} s here, "
                  f"{r['baseline_seconds']:7.2f} s baseline ({args.baseline}), "
                  f"{r['baseline_seconds'] / r['seconds']:.1f}x (median of {args.reps})", flush=True)
        if args.json:
            print(json.dumps({"check_scaling_vs_baseline": rows}))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as folder:
        time_check(broken_file(20, Path(folder)))  # imports and caches out of the way
        for n in args.sizes:
            path = broken_file(n, Path(folder))
            runs = [time_check(path) for _ in range(args.reps)]
            seconds = statistics.median(t for t, _ in runs)
            problems = runs[0][1].count("there is no resource named")
            hinted = runs[0][1].count("did you mean")
            results.append({"functions": n, "seconds": seconds, "problems": problems,
                            "did_you_mean": hinted})
    base = results[0]["seconds"] / results[0]["functions"]
    for r in results:
        r["per_function_vs_smallest"] = (r["seconds"] / r["functions"]) / base
        print(f"check, {r['functions']:>5,} broken functions: {r['seconds']:7.2f} s "
              f"(median of {args.reps}), {r['problems']:,} problems, {r['did_you_mean']:,} "
              f"did-you-mean, cost per function {r['per_function_vs_smallest']:.2f}x the smallest's")
    if args.json:
        print(json.dumps({"check_scaling": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
