"""builtin.thumbnail: the chapter's Example 1 function, with a real thumbnail made by Pillow.

For each S3 record it decodes the key (S3 sends it form-URL-encoded), reads the photo with the
execution role's credentials, shrinks it to fit `max_size` keeping its aspect ratio, and writes
a JPEG to `target_bucket` under `key_prefix + key`. Those two SDK calls become steps, and the
write can itself trigger notifications (the recursion lesson).
"""

from __future__ import annotations

import io
from functools import lru_cache
from urllib.parse import unquote_plus

from PIL import Image, ImageOps

from app.scenario.handler_options import ThumbnailOptions

JPEG_QUALITY = 85


@lru_cache(maxsize=64)
def make_thumbnail(data: bytes, max_size: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
    """JPEG bytes of `data` shrunk to fit `max_size` (never enlarged), and the new size.

    Pure, so cached: a load lesson that uploads one photo 1,000 times resizes it once.
    """
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
        image.thumbnail(max_size)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=JPEG_QUALITY)
        return out.getvalue(), image.size


def _read_body(response) -> bytes:
    body = response["Body"]
    return body.read() if hasattr(body, "read") else bytes(body)


def thumbnail_record(record: dict, options: ThumbnailOptions, context) -> dict:
    """Make the thumbnail of one S3 record's object; returns what was written."""
    bucket = record["s3"]["bucket"]["name"]
    key = unquote_plus(record["s3"]["object"]["key"])
    print(f"Reading s3://{bucket}/{key}")
    photo = _read_body(context.sdk.s3.get_object(Bucket=bucket, Key=key))
    thumb, size = make_thumbnail(photo, tuple(options.max_size))
    target_key = options.key_prefix + key
    context.sdk.s3.put_object(Bucket=options.target_bucket, Key=target_key, Body=thumb,
                              ContentType="image/jpeg")
    print(f"Wrote {size[0]}x{size[1]} thumbnail to s3://{options.target_bucket}/{target_key} "
          f"({len(thumb)} bytes)")
    return {"source": f"s3://{bucket}/{key}",
            "thumbnail": f"s3://{options.target_bucket}/{target_key}",
            "width": size[0], "height": size[1], "bytes": len(thumb)}


def handler(event, context):
    """Lambda entry point: one thumbnail per record in the S3 event."""
    options = context.options
    if not isinstance(options, ThumbnailOptions):
        options = ThumbnailOptions.model_validate(options or {})
    written = [thumbnail_record(record, options, context) for record in event.get("Records", [])]
    return {"thumbnails": written}
