"""The shared context of one run: SimPy clock, the one seeded RNG, the recorder, ARNs and ids.

Every service gets the same `Simulation`; none of them keeps its own clock or randomness, which
is what makes a run deterministic (same scenario + seed → byte-identical trace).
Simulated time is in **milliseconds**.
"""

from __future__ import annotations

import datetime as _dt
import random
import uuid
from functools import partial
from operator import attrgetter
from typing import Any

import simpy

from app.engine.trace import Recorder
from app.scenario.models import Scenario

EPOCH_S = 1_767_225_600  # 2026-01-01T00:00:00Z: simulated time 0, so timestamps look real
# RFC 4122 variant and version 4 bits, as uuid.UUID(version=4) sets them.
_UUID4_CLEAR = ~((0xc000 << 48) | (0xf000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


class Ids:
    """Deterministic ids drawn from the run's RNG."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._counters: dict[str, int] = {}

    def uuid(self) -> str:
        """What `str(uuid.UUID(int=bits, version=4))` gives, without building the object (one
        per request id)."""
        bits = self._rng.getrandbits(128)
        bits = (bits & _UUID4_CLEAR) | _UUID4_SET
        h = f"{bits:032x}"
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
        self.recorder = Recorder(partial(attrgetter("now"), self.env), scenario.narration,
                                 chapter_steps=scenario.chapter_steps)
        self.services: dict[str, Any] = {}
        self._iso_key, self._iso_month, self._iso_year, self._iso_prefix = (), 0, 0, ""

    @property
    def now(self) -> float:
        return self.env.now

    def epoch_seconds(self, ms: float | None = None) -> float:
        """Wall-clock seconds for a simulated time (defaults to now)."""
        return EPOCH_S + (self.env.now if ms is None else ms) / 1000.0

    def iso_time(self, ms: float | None = None) -> str:
        """ISO-8601 with milliseconds and Z, the way S3 and Lambda write times."""
        t = _dt.datetime.fromtimestamp(self.epoch_seconds(ms), tz=_dt.timezone.utc)
        key = (t.day, t.hour, t.minute, t.second)  # the same second as last time: same prefix
        if key != self._iso_key or t.month != self._iso_month or t.year != self._iso_year:
            self._iso_key, self._iso_month, self._iso_year = key, t.month, t.year
            self._iso_prefix = (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:"
                                f"{t.minute:02d}:{t.second:02d}.")
        return f"{self._iso_prefix}{t.microsecond // 1000:03d}Z"

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
        return explicit or uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}/{name}").hex[:10]

    def execute_api_arn(self, api: str, stage: str, method: str, path: str) -> str:
        return f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id(api)}/{stage}/{method}{path}"
