"""`lambdascope export FILE --gif OUT.gif --from N --to M` and `--pdf OUT.pdf`, headless.

Kept beside export.py (which only gained the options and one call) so the one-step PNG/SVG
export stays as it was. Steps count from 1, as in the window.
"""

from __future__ import annotations

import sys


def export_slides(args, scenario, trace) -> int:
    """Write the GIF and/or PDF asked for; 0 on success, 1 for a bad range or unwritable file."""
    from app.commands.export import headless_qt

    total = len(trace)
    first = 1 if args.first is None else args.first
    last = total if args.last is None else args.last
    if not (1 <= first <= last <= total):
        print(f"lambdascope export: steps {first} to {last} are not a range of this run: "
              f"{args.file.name} has {total:,} steps, numbered 1 to {total:,}", file=sys.stderr)
        return 1
    app, palette = headless_qt(args.theme)  # app must outlive the views
    if app is None:
        return 2
    from app.ui.slides import export_run

    for kind, out in (("gif", args.gif), ("pdf", args.pdf)):
        if out is None:
            continue
        try:
            count = export_run(kind, scenario, trace, out, first - 1, last - 1,
                               palette=palette, legend=not args.no_legend, size=args.size,
                               banner=getattr(args, "banner", None))
        except (OSError, ValueError) as error:
            print(f"lambdascope export: {error}", file=sys.stderr)
            return 1
        what = "frames" if kind == "gif" else "pages"
        print(f"wrote {out} ({count} {what}: steps {first:,} to {last:,} of {total:,}; "
              f"{_size_note(kind, args.size)})")
    return 0


def _size_note(kind: str, size) -> str:
    """How big the frames or pages came out, in the words of `--size`'s help."""
    if kind == "gif":
        from app.ui.slides import GIF_SIZE

        width, height = size or GIF_SIZE
        return f"{width}x{height} pixels"
    if size is None:
        return "landscape A4 pages; --size WxH makes pages of W x H pixels at 96 per inch"
    from app.ui.slides import PDF_DPI

    width, height = size
    return (f"pages of {width}x{height} pixels at {PDF_DPI} per inch = "
            f"{width / PDF_DPI * 25.4:.0f} x {height / PDF_DPI * 25.4:.0f} mm")
