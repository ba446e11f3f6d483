"""The shared context of one run: SimPy clock, the one seeded RNG, the recorder, ARNs and ids.

Every service gets the same `Simulation`; none of them keeps its own clock or randomness, which
is what makes a run deterministic (same scenario + seed → byte-identical trace).
Simulated time is in **milliseconds**.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import uuid
from functools import partial
from operator import attrgetter
from typing import Any

import simpy

from app.engine.sentence_names import SentenceNames
from app.engine.trace import Recorder
from app.scenario.models import Scenario

EPOCH_S = 1_767_225_600  # 2026-01-01T00:00:00Z: simulated time 0, so timestamps look real
# RFC 4122 variant and version 4 bits, as uuid.UUID(version=4) sets them.
_UUID4_CLEAR = ~((0xc000 << 48) | (0xf000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def _iso_of_datetime(seconds: float) -> str:
    """ISO-8601 (milliseconds, Z) of Unix time `seconds`, through datetime."""
    t = _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc)
    return (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:"
            f"{t.second:02d}.{t.microsecond // 1000:03d}Z")


class Ids:
    """Deterministic ids drawn from the run's RNG."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._counters: dict[str, int] = {}

    def uuid(self) -> str:
        """What `str(uuid.UUID(int=bits, version=4))` gives, without building the object (one
        per request id)."""
        h = ((self._rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET).to_bytes(16, "big").hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hex(self, length: int) -> str:
        return f"{self._rng.getrandbits(4 * length):0{length}x}"

    def alnum(self, length: int) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def next(self, counter: str) -> int:
        """1, 2, 3, … per counter name (sequence numbers, version ids)."""
        value = self._counters.get(counter, 0) + 1
        self._counters[counter] = value
        return value



def derived_api_id(seed: int, name: str) -> str:
    """The id of API Gateway API `name` when the file gives no `api_id`: ten hex digits derived
    from the run's `seed` (AWS gives each REST API a random 10-character id, lambda-behaviour.md
    §6), so the same seed gives the same ARNs and another seed other ones."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}/{name}").hex[:10]

class Simulation:
    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self.settings = scenario.settings
        self.seed = scenario.settings.seed if seed is None else seed
        self.region = scenario.settings.region
        self.account = scenario.settings.account_id
        self.env = simpy.Environment()
        self.rng = random.Random(self.seed)
        self.ids = Ids(self.rng)
        # The clock: SimPy's `now` is a property (a Python call per step); `_now` is what it reads.
        self.recorder = Recorder(partial(attrgetter("_now"), self.env), scenario.narration,
                                 chapter_steps=scenario.chapter_steps,
                                 names=SentenceNames.of(scenario))
        self.services: dict[str, Any] = {}
        self._iso_day, self._iso_date = None, ""  # see iso_time
        self._log_day, self._log_date = None, ""  # see log_date
        self._log_inside = (math.inf, -math.inf)  # the clock's range well inside _log_day

    @property
    def now(self) -> float:
        return self.env.now

    def epoch_seconds(self, ms: float | None = None) -> float:
        """Wall-clock seconds for a simulated time (defaults to now)."""
        return EPOCH_S + (self.env.now if ms is None else ms) / 1000.0

    def iso_time(self, ms: float | None = None) -> str:
        """ISO-8601 with milliseconds and Z, the way S3 and Lambda write times.

        The text `datetime.fromtimestamp(epoch_seconds(ms), timezone.utc)` gives, cut to
        milliseconds, worked out with integers: the date is built once per day (one call per
        invocation showed in profiles of 100,000-request runs). The microseconds are rounded
        half to even from the fraction, as CPython's fromtimestamp does."""
        seconds = self.epoch_seconds(ms)
        if seconds < 0:  # before 1970: datetime's own way (never in a normal run)
            return _iso_of_datetime(seconds)
        fraction, whole = math.modf(seconds)
        micro, whole = round(fraction * 1e6), int(whole)
        if micro >= 1_000_000:
            micro, whole = micro - 1_000_000, whole + 1
        day, second = divmod(whole, 86_400)
        if day != self._iso_day:
            self._iso_day = day
            self._iso_date = _iso_of_datetime(day * 86_400.0)[:10]
        hour, second = divmod(second, 3600)
        minute, second = divmod(second, 60)
        return f"{self._iso_date}T{hour:02d}:{minute:02d}:{second:02d}.{micro // 1000:03d}Z"

    def log_date(self) -> str:
        """Today's date as a log stream name starts with it, `YYYY/MM/DD`: exactly
        `iso_time()[:10].replace("-", "/")` (the same day, microsecond rounding included),
        built once per day instead of formatting the whole time at every cold start."""
        now = self.env._now
        if self._log_inside[0] <= now <= self._log_inside[1]:  # well inside the day last seen
            return self._log_date
        seconds = EPOCH_S + now / 1000.0
        if seconds < 0:
            return self.iso_time()[:10].replace("-", "/")
        fraction, whole = math.modf(seconds)
        day = (int(whole) + (round(fraction * 1e6) >= 1_000_000)) // 86_400
        if day != self._log_day:
            self._log_day, self._log_date = day, self.iso_time()[:10].replace("-", "/")
        # The clock's values at least 1 ms from either end of that day: neither the rounding to
        # microseconds (< 1 µs) nor the float sum above (< 1 µs at these magnitudes) can move
        # them into another day, so they skip the arithmetic (one call per cold start).
        self._log_inside = ((day * 86_400 - EPOCH_S) * 1000.0 + 1.0,
                            ((day + 1) * 86_400 - EPOCH_S) * 1000.0 - 1.0)
        return self._log_date

    # ARNs, in one place so every service and event document agrees.
    def function_arn(self, name: str, qualifier: str | None = None) -> str:
        arn = f"arn:aws:lambda:{self.region}:{self.account}:function:{name}"
        return f"{arn}:{qualifier}" if qualifier else arn

    def role_arn(self, name: str) -> str:
        return f"arn:aws:iam::{self.account}:role/{name}"

    def bucket_arn(self, name: str) -> str:
        return f"arn:aws:s3:::{name}"

    def kinesis_arn(self, name: str) -> str:
        return f"arn:aws:kinesis:{self.region}:{self.account}:stream/{name}"

    def table_arn(self, name: str) -> str:
        return f"arn:aws:dynamodb:{self.region}:{self.account}:table/{name}"

    def table_stream_arn(self, name: str, label: str) -> str:
        return f"{self.table_arn(name)}/stream/{label}"

    def queue_arn(self, name: str, kind: str = "sqs_queue") -> str:
        service = "sqs" if kind == "sqs_queue" else "sns"
        return f"arn:aws:{service}:{self.region}:{self.account}:{name}"

    def identity_pool_id(self, name: str) -> str:
        return f"{self.region}:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.seed}/{name}')}"

    def api_id(self, name: str) -> str:
        explicit = getattr(self.scenario.resources.get(name), "api_id", None)
        return explicit or derived_api_id(self.seed, name)

    def execute_api_arn(self, api: str, stage: str, method: str, path: str) -> str:
        return f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id(api)}/{stage}/{method}{path}"
