"""EventBridge schedule expressions: `rate(…)` and `cron(…)`, parsed and stepped.

The grammar is EventBridge's (docs/reference/lambda-behaviour.md §21, EVB22; AWS: "Schedule
expressions for rules", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):

- `rate(VALUE UNIT)`: VALUE a positive whole number, UNIT minute(s), hour(s) or day(s), singular
  when VALUE is 1 and plural otherwise. The first run is one period after the rule is created.
- `cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR)`: six fields, in UTC; one of
  day-of-month and day-of-week must be `?`. Fields take `*`, numbers, lists `a,b`, ranges `a-b`
  and steps `*/n` or `a/n`; months JAN-DEC and days SUN-SAT (1 = Sunday) by name or number.
  `L`, `W` and `#` are valid in AWS but not simulated here: `parse` refuses them with a message.

Pure stdlib, so the loader, `check` and the engine all use the same parser.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_RATE = re.compile(r"^rate\(\s*(\d+)\s+([a-z]+)\s*\)$")
_CRON = re.compile(r"^cron\((.*)\)$")
_UNITS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"))}
_DAYS = {d: i + 1 for i, d in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
# (name, lowest, highest, names)
_FIELDS = (("minutes", 0, 59, {}), ("hours", 0, 23, {}), ("day-of-month", 1, 31, {}),
           ("month", 1, 12, _MONTHS), ("day-of-week", 1, 7, _DAYS), ("year", 1970, 2199, {}))
EXAMPLES = "rate(5 minutes), rate(1 day) or cron(0 2 * * ? *)"


@dataclass(frozen=True)
class Schedule:
    """A parsed expression. `period_ms` for a rate; `fields` (allowed values per cron field,
    None for `?`) for a cron."""

    expression: str
    period_ms: float | None = None
    fields: tuple[frozenset[int] | None, ...] = ()

    def next_after(self, now_ms: float, epoch_s: float, created_ms: float = 0.0) -> float | None:
        """The first run strictly after `now_ms` (simulated ms; `epoch_s` is the wall clock at
        0). A rate runs at created + k·period, k ≥ 1. A cron runs on whole UTC minutes that
        match every field; None when none is left before the year 2200."""
        if self.period_ms is not None:
            k = max(1, int((now_ms - created_ms) // self.period_ms) + 1)
            return created_ms + k * self.period_ms
        start = _dt.datetime.fromtimestamp(epoch_s + now_ms / 1000.0, tz=_dt.timezone.utc)
        t = start.replace(second=0, microsecond=0)
        if (t.timestamp() - epoch_s) * 1000.0 <= now_ms:  # else `now` rounded up onto t
            t += _dt.timedelta(minutes=1)
        minutes, hours, dom, months, dow, years = self.fields
        while t.year <= 2199:
            if t.year not in years or t.month not in months:
                t = _next_month(t)
                continue
            weekday = (t.isoweekday() % 7) + 1  # Sunday = 1
            if (dom is not None and t.day not in dom) or (dow is not None and weekday not in dow):
                t = (t + _dt.timedelta(days=1)).replace(hour=0, minute=0)
                continue
            if t.hour not in hours:
                t = (t + _dt.timedelta(hours=1)).replace(minute=0)
                continue
            if t.minute not in minutes:
                t += _dt.timedelta(minutes=1)
                continue
            return (t.timestamp() - epoch_s) * 1000.0
        return None

    def describe(self) -> str:
        """The schedule in words, for narration."""
        if self.period_ms is not None:
            return f"every {_plain(self.period_ms)}"
        return "a cron expression, read in UTC"


def _next_month(t: _dt.datetime) -> _dt.datetime:
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    return t.replace(year=year, month=month, day=1, hour=0, minute=0)


def _plain(ms: float) -> str:
    for unit, size in (("day", 86_400_000), ("hour", 3_600_000), ("minute", 60_000)):
        if ms % size == 0:
            n = int(ms // size)
            return f"{n} {unit}{'s' if n != 1 else ''}" if n != 1 else unit
    return f"{ms / 1000:g} s"


def parse(expression: str) -> Schedule:
    """The `Schedule` of `expression`; ValueError with what is wrong and an example otherwise."""
    text = expression.strip()
    rate = _RATE.match(text)
    if rate:
        value, unit = int(rate.group(1)), rate.group(2)
        base = unit.removesuffix("s")
        if base not in _UNITS:
            raise ValueError(f"'{unit}' is not a rate unit; use minute(s), hour(s) or day(s)")
        if value < 1:
            raise ValueError("a rate needs a value of 1 or more")
        if (value == 1) != (unit == base):
            wanted = base if value == 1 else base + "s"
            raise ValueError(f"EventBridge wants '{wanted}' after {value} (singular for 1, "
                             f"plural otherwise): rate({value} {wanted})")
        return Schedule(text, period_ms=float(value * _UNITS[base]))
    cron = _CRON.match(text)
    if not cron:
        raise ValueError(f"'{expression}' is neither rate(…) nor cron(…); e.g. {EXAMPLES}")
    parts = cron.group(1).split()
    if len(parts) != 6:
        raise ValueError(f"a cron expression has 6 fields (minutes hours day-of-month month "
                         f"day-of-week year), this one has {len(parts)}; e.g. cron(0 2 * * ? *)")
    if (parts[2] == "?") == (parts[4] == "?"):
        raise ValueError("exactly one of day-of-month (3rd field) and day-of-week (5th field) "
                         "must be '?'; e.g. cron(0 2 * * ? *) or cron(0 2 ? * MON-FRI *)")
    fields = tuple(None if part == "?" and i in (2, 4) else _field(part, *_FIELDS[i])
                   for i, part in enumerate(parts))
    return Schedule(text, fields=fields)


def _field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    if any(c in text for c in "LW#"):
        raise ValueError(f"the {name} field '{text}' uses L, W or #: valid in AWS, but not "
                         f"simulated by LambdaScope; use numbers, ranges, lists or steps")
    values: set[int] = set()
    for item in text.split(","):
        base, _, step_text = item.partition("/")
        step = _number(step_text, name, 1, high) if step_text else 1
        if base == "*":
            first, last = low, high
        elif "-" in base:
            a, b = base.split("-", 1)
            first, last = _value(a, name, low, high, names), _value(b, name, low, high, names)
        else:
            first = _value(base, name, low, high, names)
            last = high if step_text else first
        if first > last:
            raise ValueError(f"the {name} range '{base}' runs backwards")
        values.update(range(first, last + 1, step))
    return frozenset(values)


def _value(text: str, name: str, low: int, high: int, names: dict[str, int]) -> int:
    if text.upper() in names:
        return names[text.upper()]
    return _number(text, name, low, high)


def _number(text: str, name: str, low: int, high: int) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"'{text}' is not a valid {name} value ({low}-{high})")
    return int(text)
