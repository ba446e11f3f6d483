"""`lambdascope export FILE --step N --png OUT.png [--svg OUT.svg]`: a slide of one step, headless.
`--metrics OUT.png`: the run's CloudWatch-style charts (docs/metrics.md), playhead on `--step N`.
`--gif OUT.gif` / `--pdf OUT.pdf` (with `--from N --to M`): the run or a range as an animated GIF
or a PDF storyboard, one page per step (app.ui.slides).

Runs the engine (after the same `--set PATH=VALUE` what-if edits as `play`), draws the canvas
exactly as the window would at that step, adds the step's narration as a caption, and writes
PNG and/or SVG. A target that cannot be written is a sentence naming it and exit 1. Qt runs offscreen when there is no display,
so this works on a server, in CI and over SSH.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1600x900, got {text!r}")
    w, h = int(match.group(1)), int(match.group(2))
    if not (200 <= w <= 10_000 and 150 <= h <= 10_000):
        raise argparse.ArgumentTypeError("width must be 200–10000 and height 150–10000 pixels")
    return w, h


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from app.bundled import scenario_argument

    parser.add_argument("file", type=scenario_argument,
                        help="scenario file (YAML), or a built-in's name such as photo-thumbnails")
    parser.add_argument("--step", type=int, metavar="N",
                        help="step number as the window shows it: 1 is the first step "
                             "(needed for --png/--svg)")
    parser.add_argument("--png", type=Path, metavar="OUT.png", help="write a PNG here")
    parser.add_argument("--svg", type=Path, metavar="OUT.svg", help="write an SVG here")
    parser.add_argument("--gif", type=Path, metavar="OUT.gif",
                        help="write the steps --from..--to as an animated GIF")
    parser.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                        help="write the steps --from..--to as a PDF storyboard, one page per step")
    parser.add_argument("--metrics", type=Path, metavar="OUT.png",
                        help="write the run's CloudWatch-style charts as a PNG, the playhead on "
                             "--step N (default: the last step); see docs/metrics.md")
    parser.add_argument("--metrics-x", choices=("step", "time"), default="step",
                        help="x axis of --metrics: the step number (default) or the simulated "
                             "time")
    parser.add_argument("--from", dest="first", type=int, metavar="N",
                        help="first step of --gif/--pdf (default 1)")
    parser.add_argument("--to", dest="last", type=int, metavar="M",
                        help="last step of --gif/--pdf (default: the last step)")
    parser.add_argument("--size", type=_size, default=None, metavar="WxH",
                        help="picture size in pixels: PNG/SVG default 1600x900, GIF default 960x540; "
                             "for --pdf the page is W x H pixels at 96 per inch (1600x900 is "
                             "423 x 238 mm, a 16:9 slide; default: landscape A4)")
    parser.add_argument("--window", action="store_true",
                        help="with --png and --step: the whole window as a user sees it at that step "
                             "(default size 1280x720)")
    parser.add_argument("--present", action="store_true", help="with --window: presentation mode")
    parser.add_argument("--quiz", action=argparse.BooleanOptionalAction, default=None,
                        help="with --window: the quiz on (--no-quiz: off); default: as the file's "
                             "`quiz:` says, as the window opens it")
    parser.add_argument("--seed", type=int, default=None, help="seed of the run (default: the file's)")
    parser.add_argument("--no-legend", action="store_true",
                        help="leave out the key to lines, badges and tokens")
    parser.add_argument("--theme", default="light",
                        help="light, dark, high-contrast or colour-blind (default light)")
    from app.lab.play_options import add_set_argument  # the same --set PATH=VALUE as `play`

    add_set_argument(parser)


def _ensure_headless_qt() -> None:
    """Without a display Qt would abort; offscreen renders the same pixels."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                  or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def headless_qt(theme: str):
    """`(QApplication, palette)` for an offscreen render, or `(None, None)` after saying that
    the theme is unknown. The caller keeps the application alive as long as its views."""
    _ensure_headless_qt()
    from PySide6.QtWidgets import QApplication

    from app.ui.canvas import PALETTES

    if theme not in PALETTES:
        print(f"lambdascope export: unknown theme {theme!r}; choose one of "
              f"{', '.join(PALETTES)}", file=sys.stderr)
        return None, None
    _quiet_offscreen_notices()
    return QApplication.instance() or QApplication([]), PALETTES[theme]


OFFSCREEN_NOTICES = ("This plugin does not support propagateSizeHints()",)
"""What the offscreen platform prints for every window it shows: noise in a headless export."""


def _quiet_offscreen_notices() -> None:
    """Drop OFFSCREEN_NOTICES from Qt's messages (offscreen platform only); every other message
    goes on to the handler that was there (or, without one, to stderr as Qt would print it)."""
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] != "offscreen":
        return
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(kind, context, message: str) -> None:
        if message in OFFSCREEN_NOTICES:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _scenario(path: Path):
    from app.scenario.loader import load_scenario

    return load_scenario(path)


def run(args: argparse.Namespace) -> int:
    slides = getattr(args, "gif", None) is not None or getattr(args, "pdf", None) is not None
    if getattr(args, "window", False) and (args.png is None or args.step is None):
        print("lambdascope export: --window needs --png OUT.png and --step N", file=sys.stderr)
        return 2
    metrics = getattr(args, "metrics", None)
    if args.png is None and args.svg is None and not slides and metrics is None:
        print("lambdascope export: give --png OUT.png and/or --svg OUT.svg (with --step N), "
              "--gif OUT.gif / --pdf OUT.pdf, or --metrics OUT.png", file=sys.stderr)
        return 2
    if not slides and (getattr(args, "first", None) is not None or getattr(args, "last", None) is not None):
        print("lambdascope export: --from/--to choose the steps of --gif/--pdf", file=sys.stderr)
        return 2
    if (args.png is not None or args.svg is not None) and args.step is None:
        print("lambdascope export: --png/--svg need --step N (1 is the first step)", file=sys.stderr)
        return 2
    from app.scenario.errors import ScenarioError

    from app.lab import play_options

    try:
        scenario = _scenario(args.file)
    except ScenarioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    original = scenario
    scenario = play_options.prepare(scenario, args)  # --set edits, printed as `play` prints them
    if scenario is None:
        return 2
    from app.engine import run as run_engine
    from app.engine.lesson_notes import baseline_for

    baseline = baseline_for(original, scenario, lambda unchanged: run_engine(unchanged, seed=args.seed))
    trace = run_engine(scenario, seed=args.seed, baseline=baseline)  # (lesson_notes: its words)
    # a what-if run says so on every picture, page and frame, in the window's words
    from app.lab.whatif_words import edited_run_banner

    args.banner = edited_run_banner(original, getattr(args, "edits", None), len(trace), args.seed)
    if getattr(args, "window", False):
        from app.commands.export_window import export_window

        return export_window(args, scenario, trace)
    # HOOK(robust-runs): when the run stopped at the step cap, say so here (stderr) and in the
    # captions, with the Qt-free note text robust-runs provides; exports do not decide the cap.
    total = len(trace)
    if slides:
        from app.commands.export_slides import export_slides

        code = export_slides(args, scenario, trace)
        if code or (args.step is None and metrics is None):
            return code
    if metrics is not None:
        code = _render_metrics(args, scenario, trace)
        if code or (args.png is None and args.svg is None):
            return code
    if not step_in_range(args, args.step, total):
        return 1
    return _render(args, scenario, trace.steps[args.step - 1], total, trace)


def step_in_range(args, step: int, total: int) -> bool:
    """Whether `step` (1-based) is a step of a run of `total` steps; if not, says so on stderr
    (naming args.file) so the caller can exit with 1."""
    if 1 <= step <= total:
        return True
    print(f"lambdascope export: step {step} is out of range: this run of {args.file.name} "
          f"has {total:,} steps, numbered 1 to {total:,}", file=sys.stderr)
    return False


def _render(args, scenario, step, total: int, trace=None) -> int:
    app, palette = headless_qt(args.theme)  # app must outlive the view
    if app is None:
        return 2
    from app.ui.canvas import CanvasView
    from app.ui.render import render_png, render_svg, step_caption

    view = CanvasView()
    view.set_theme(palette)
    view.set_animation_ms(0)
    view.set_scenario(scenario)
    view.set_legend_visible(not args.no_legend)
    view.trace = trace
    view.show_step(step)
    from app.truncation import truncation_note

    caption = step_caption(step, total, truncation_note(trace) if trace is not None else None)
    try:
        for out, writer in ((args.png, render_png), (args.svg, render_svg)):
            if out is not None:
                writer(view, out, args.size or (1600, 900), caption, banner=getattr(args, "banner", None))
                print(f"wrote {out}")
    except OSError as error:
        print(f"lambdascope export: {error}", file=sys.stderr)
        return 1
    finally:
        view.deleteLater()
    return 0


def _render_metrics(args, scenario, trace) -> int:
    """`--metrics OUT.png`: the charts of app.metrics (docs/metrics.md), playhead on --step."""
    total = len(trace)
    if total == 0:
        print("lambdascope export: this run has no steps to chart", file=sys.stderr)
        return 1
    step = total if args.step is None else args.step
    if not step_in_range(args, step, total):
        return 1
    app, palette = headless_qt(args.theme)  # app must outlive the widgets
    if app is None:
        return 2
    from app.ui.metrics_panel import render_metrics_png

    heading = f"{scenario.title}: metrics at step {step:,} of {total:,}"
    if getattr(args, "banner", None):
        heading = f"{args.banner}<br>{heading}"  # pyqtgraph labels are HTML
    try:
        render_metrics_png(trace, step - 1, args.metrics, args.size or (1600, 900), palette, heading,
                           axis=getattr(args, "metrics_x", "step"))
    except OSError as error:
        print(f"lambdascope export: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.metrics}")
    return 0

