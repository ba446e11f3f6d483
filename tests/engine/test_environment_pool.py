"""The environment pool's bookkeeping (idle list, cached rows) picks and shows what the plain rule would."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.engine.execution_environments import EnvironmentPool

# Operations at non-decreasing times: take a warm one (or create), release a busy one, remove one.
OPS = st.lists(st.tuples(st.sampled_from(["take", "release", "reclaim", "reset"]),
                         st.sampled_from([0, 0, 0, 7]), st.integers(0, 3)), max_size=80)


def _plain_choice(pool):
    """The rule as documented: the most recently used idle environment, greatest id on ties."""
    idle = [e for e in pool.environments if e.state == "idle"]
    return max(idle, key=lambda e: (e.last_used_ms, e.id)) if idle else None


@settings(max_examples=150, deadline=None)
@given(OPS)
@example([("take", 0, 0), ("take", 0, 0), ("release", 0, 1), ("release", 0, 0), ("take", 0, 0)])
def test_warm_pick_and_rows_match_the_plain_rule(ops):
    """Every warm start picks what max(last used, id) picks, and the rows always mirror the environments."""
    pool, now = EnvironmentPool("work"), 0.0
    for op, gap, pick in ops:
        now += gap  # several releases at the same instant make ties on last_used_ms
        busy = [e for e in pool.environments if e.state == "busy"]
        idle = [e for e in pool.environments if e.state == "idle"]
        if op == "take":
            expected = _plain_choice(pool)
            env = pool.take_warm()
            assert env is expected
            if env is None:
                env = pool.create(now, f"work-env{pool.created + 1}", "stream")
            pool.begin(env)
        elif op == "release" and busy:
            pool.release(busy[pick % len(busy)], now)
        elif op == "reclaim" and idle:
            pool.remove(idle[pick % len(idle)], now)
        elif op == "reset" and busy:
            pool.remove(busy[pick % len(busy)], now)
        assert pool.as_state() == tuple(
            {"id": e.id, "state": e.state, "invocations": e.invocations, "log_stream": e.log_stream}
            for e in pool.environments)
