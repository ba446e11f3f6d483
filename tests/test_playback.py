"""Playback: the Qt-free index over a precomputed trace."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.playback import BASE_INTERVAL_MS, SPEEDS, Playback

operations = st.one_of(
    st.just(("forward",)), st.just(("back",)), st.just(("first",)), st.just(("last",)),
    st.tuples(st.just("seek"), st.integers(-1000, 1000)),
)


def apply(playback: Playback, op: tuple) -> None:
    if op[0] == "forward":
        playback.step_forward()
    elif op[0] == "back":
        playback.step_back()
    elif op[0] == "first":
        playback.first()
    elif op[0] == "last":
        playback.last()
    else:
        playback.seek(op[1])


@given(length=st.integers(1, 60), ops=st.lists(operations, max_size=80))
def test_index_stays_inside_the_trace(length, ops):
    """Any sequence of forward/back/first/last/seek keeps 0 <= index < len(trace)."""
    playback = Playback(list(range(length)))
    for op in ops:
        apply(playback, op)
        assert 0 <= playback.index < length
        assert playback.step == playback.index


@given(length=st.integers(1, 60), start=st.integers(0, 59))
def test_forward_then_back_returns_to_the_same_step(length, start):
    """Stepping forward then back is the identity, except at the last step."""
    playback = Playback(list(range(length)), index=start)
    before = playback.index
    moved = playback.step_forward()
    playback.step_back() if moved else None
    assert playback.index == before


def test_seek_clamps_and_notifies_only_on_change():
    """seek() clamps out-of-range indices and tells listeners only when the step changed."""
    playback = Playback(list("abcde"))
    seen = []
    playback.index_listeners.append(lambda: seen.append(playback.index))
    playback.seek(99)
    playback.seek(4)
    playback.seek(-5)
    assert seen == [4, 0]


def test_step_forward_at_the_end_stops_playing():
    """Playing runs off the end: step_forward() refuses to move and pauses."""
    playback = Playback([1, 2])
    playback.play()
    assert playback.step_forward() is True
    assert playback.playing
    assert playback.step_forward() is False
    assert not playback.playing and playback.index == 1


def test_play_from_the_last_step_restarts():
    """Pressing play at the end starts over from the first step."""
    playback = Playback([1, 2, 3], index=2)
    playback.play()
    assert playback.playing and playback.index == 0


def test_speed_steps_through_the_allowed_values():
    """faster()/slower() walk 0.5×, 1×, 2×, 4× and stop at either end; the interval follows."""
    playback = Playback([1])
    for _ in range(5):
        playback.faster()
    assert playback.speed == SPEEDS[-1] == 4.0
    assert playback.interval_ms == BASE_INTERVAL_MS // 4
    for _ in range(5):
        playback.slower()
    assert playback.speed == 0.5
    with pytest.raises(ValueError):
        playback.set_speed(3.0)


def test_set_trace_keeps_the_position_where_it_can():
    """A reload keeps the index when the new trace is long enough and clamps otherwise."""
    playback = Playback(list(range(10)), index=7)
    playback.set_trace(list(range(20)), index=playback.index)
    assert playback.index == 7
    playback.set_trace(list(range(3)), index=playback.index)
    assert playback.index == 2


def test_empty_trace_has_no_step_and_cannot_play():
    """An empty trace has index -1, no current step, and play() does nothing."""
    playback = Playback([])
    playback.play()
    playback.step_forward()
    assert playback.index == -1 and playback.step is None and not playback.playing
