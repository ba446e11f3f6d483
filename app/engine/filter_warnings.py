"""Warnings from the file alone: S3 notification filters written with raw special characters.

S3 compares a notification's prefix and suffix with the **URL-encoded** key, so a filter value
with a space, `=`, `+`, `&`, … must be written encoded too: `run=42/` never matches the key
`run=42/x.csv`, `run%3D42/` does (docs/reference/lambda-behaviour.md §7, §13 A4b;
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
The file is valid (S3 accepts such a filter); `check` warns at the line and shows the encoded form.
It needs the file alone, but sits in the engine beside the one encoding rule it reuses
(app.engine.events.s3.encode_key). Qt-free.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from app.engine.config_warnings import ConfigWarning
from app.engine.events.s3 import encode_key


def encoded_filter(value: str) -> str:
    """The filter value as S3 compares it: the key's URL encoding (space → `+`, `/` kept).
    `%3D` stays `%3D` (an encoded value is decoded first, then encoded once)."""
    return encode_key(unquote_plus(value))


def filter_warnings(scenario) -> list[ConfigWarning]:
    """One warning per prefix/suffix whose value is not in URL-encoded form."""
    out = []
    for bucket, resource in scenario.of_type("s3_bucket").items():
        for i, n in enumerate(resource.notifications):
            for rule in ("prefix", "suffix"):
                value = getattr(n, rule)
                if not value or encoded_filter(value) == value:
                    continue
                out.append(ConfigWarning(("resources", bucket, "notifications", i, rule), (
                    f"warning: the {rule} {value!r} has characters S3 URL-encodes in keys; S3 "
                    f"compares filters with the encoded key, so this {rule} never matches a key "
                    f"written with them. Write it encoded: `{rule}: {encoded_filter(value)!r}` in its place "
                    f"(lambda-behaviour.md §13 A4b).")))
    return out
