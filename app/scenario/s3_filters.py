"""S3 notification filters: when a key matches one, and when two rules are ambiguous.

Facts (docs/reference/lambda-behaviour.md §7 and §13 A4):
- A configuration has at most one prefix and one suffix rule; S3 compares them with the
  **URL-encoded** key, and special characters in a filter value are written encoded (a space as
  `+`, `=` as `%3D`), so the prefix `run%3D42/` matches the key `run=42/x.csv` and `run=42/` does
  not (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
- Two configurations whose event types overlap and whose prefixes and suffixes both overlap are
  refused when the configuration is saved: "Configuration is ambiguously defined. Cannot have
  overlapping suffixes in two rules if the prefixes are overlapping for the same event type."
  (https://repost.aws/knowledge-center/lambda-s3-event-configuration-error,
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_FilterRule.html).

Pure functions on the scenario's `S3Notification` models; the loader's cross-reference check and
the engine's S3 both use them.
"""

from __future__ import annotations

AMBIGUOUS_MESSAGE = ("Configuration is ambiguously defined. Cannot have overlapping suffixes in "
                     "two rules if the prefixes are overlapping for the same event type.")


def event_matches(pattern: str, event_type: str) -> bool:
    """`s3:ObjectCreated:*` matches every ObjectCreated type; other patterns match exactly."""
    if pattern.endswith(":*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def filter_matches(notification, encoded_key: str) -> bool:
    """Whether the key (already URL-encoded, as in the event) passes the prefix and suffix rules."""
    return (encoded_key.startswith(notification.prefix or "")
            and encoded_key.endswith(notification.suffix or ""))


def _events_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(event_matches(x, y) or event_matches(y, x) for x in a for y in b)


def _prefixes_overlap(a: str | None, b: str | None) -> bool:
    """Some key could start with both (a missing rule matches every key)."""
    a, b = a or "", b or ""
    return a.startswith(b) or b.startswith(a)


def _suffixes_overlap(a: str | None, b: str | None) -> bool:
    a, b = a or "", b or ""
    return a.endswith(b) or b.endswith(a)


def overlap(a, b) -> bool:
    """True when S3 would refuse `a` and `b` together as ambiguously defined."""
    return (_events_overlap(a.events, b.events) and _prefixes_overlap(a.prefix, b.prefix)
            and _suffixes_overlap(a.suffix, b.suffix))


def ambiguous_pairs(notifications) -> list[tuple[int, int]]:
    """(earlier index, later index) of every pair S3 would refuse, in file order."""
    return [(i, j) for j in range(len(notifications)) for i in range(j)
            if overlap(notifications[i], notifications[j])]


def describe(notification) -> str:
    """`events s3:ObjectCreated:* and prefix 'uploads/'`: the rule as a sentence names it."""
    parts = [f"events {', '.join(notification.events)}"]
    if notification.prefix:
        parts.append(f"prefix {notification.prefix!r}")
    if notification.suffix:
        parts.append(f"suffix {notification.suffix!r}")
    return " and ".join(parts)
