"""builtin.thumbnail: a real Pillow thumbnail of the uploaded photo lands in the target bucket."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))
from source_scenarios import of_kind, play, thumbnail_resources, upload  # noqa: E402

from app.handlers.thumbnail import make_thumbnail  # noqa: E402


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, format="JPEG")
    return out.getvalue()


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.integers(8, 128), st.integers(8, 128))
def test_thumbnail_fits_the_box_and_keeps_the_aspect_ratio(w, h, max_w, max_h):
    """Any photo shrinks to fit max_size, is never enlarged, and keeps its shape (±1 px)."""
    data, (tw, th) = make_thumbnail(_jpeg(w, h), (max_w, max_h))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (tw, th)
    assert tw <= max(max_w, 1) and th <= max(max_h, 1) and tw <= w and th <= h
    # Same shape up to rounding one side by a pixel: tw/th = w/h ± 1 px on either side.
    assert abs(tw * h - th * w) <= max(w, h)


def test_scenario_writes_a_real_jpeg_thumbnail():
    """After the upload the target bucket holds a decodable JPEG ≤ 64×64 with the cat's shape."""
    trace = play(thumbnail_resources(), [upload("holiday/red flower.jpg")])
    objects = trace.state_at(len(trace) - 1)["thumbnails"]["objects"]
    thumb = objects["holiday/red flower.jpg"]  # decoded from red+flower.jpg in the event
    assert thumb["content_type"] == "image/jpeg" and thumb["written_by"] == "make-thumbnail"
    with Image.open(io.BytesIO(trace.blobs[thumb["body_ref"]])) as image:
        assert image.format == "JPEG" and max(image.size) <= 64
        assert image.size == (64, 43)  # cat.jpg is 451×300: 64 / 451 * 300 = 42.6 → 43


def test_key_prefix_and_return_value():
    """The thumbnail key is key_prefix + key; the function returns what it wrote."""
    trace = play(thumbnail_resources(key_prefix="small/"), [upload("a b.jpg")])
    result = of_kind(trace, "log")[0]
    assert any("thumbnail to s3://thumbnails/small/a b.jpg" in line
               for line in result.payload["lines"])
    puts = [s for s in of_kind(trace, "sdk-call") if s.payload["operation"] == "PutObject"]
    assert puts[0].payload["params"]["Key"] == "small/a b.jpg"
    assert puts[0].payload["params"]["Body"].endswith("bytes>")  # bytes shown as a size


def test_reads_with_get_object_then_writes_with_put_object():
    """Two SDK calls, in order, both signed with the execution role."""
    trace = play(thumbnail_resources(), [upload()])
    calls = of_kind(trace, "sdk-call")
    assert [(c.payload["operation"], c.target) for c in calls] == [("GetObject", "photos"),
                                                                   ("PutObject", "thumbnails")]
    assert all("assumed-role/thumb-role" in c.permission.principal for c in calls)
