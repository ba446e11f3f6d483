"""Durations in narration read the way a teacher says them."""

from app.engine.wording import spoken_duration


def test_spoken_duration():
    """Whole units get words and plurals; the rest seconds or ms."""
    assert spoken_duration(600_000) == "10 minutes"
    assert spoken_duration(60_000) == "1 minute"
    assert spoken_duration(1_000) == "1 second"
    assert spoken_duration(1_500) == "1.5 seconds"
    assert spoken_duration(250) == "250 ms"
    assert spoken_duration(3_600_000) == "1 hour"
