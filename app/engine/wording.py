"""Phrases narration shares, written the way a teacher says them ("2 minutes", not "2min")."""

from __future__ import annotations


def spoken_duration(ms: float) -> str:
    """`120000` → "2 minutes", `1000` → "1 second", `250` → "250 ms"."""
    for unit_ms, name in ((3_600_000, "hour"), (60_000, "minute"), (1000, "second")):
        if ms >= unit_ms and ms % unit_ms == 0:
            n = int(ms // unit_ms)
            return f"{n} {name}{'s' if n != 1 else ''}"
    if ms >= 1000:
        return f"{ms / 1000:g} seconds"
    return f"{ms:g} ms"


def rough_duration(ms: float) -> str:
    """`about 24 hours`, `about 58 seconds`: long waits as a teacher would say them."""
    for unit, size in (("hour", 3_600_000), ("minute", 60_000), ("second", 1000)):
        if ms >= 2 * size or unit == "second":
            n = max(1, round(ms / size))
            return f"about {n} {unit}{'' if n == 1 else 's'}"
    raise AssertionError


def step_number(index: int) -> int:
    """The number a person reads for the step at 0-based trace `index`: steps count from 1.

    The one rule for every place that shows a step number (`play` text, `--compare`,
    `--switches`, export, the window, the lab's status line, the quiz, errors naming a step);
    JSON output keeps the 0-based `index` and carries this as `number` beside it.
    """
    return index + 1


def step_label(index: int) -> str:
    """`"step 5"` for trace index 4: a step named in a sentence."""
    return f"step {step_number(index):,}"


def chapter_tag(chapter_step: int | None) -> str | None:
    """`"chapter step 4"`: the chapter's own numbered step, shown as a labelled tag, never as a
    bare leading number next to our step numbers. None for a step that shows no chapter step."""
    return None if chapter_step is None else f"chapter step {chapter_step}"


def count(n: int, one: str, many: str | None = None) -> str:
    """`1 copy`, `2 copies`, `0 messages`: a number and its noun in the right number (`many`
    defaults to `one` + "s"); thousands get separators (`1,250 batches`)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def short_id(text: str, keep: int = 8) -> str:
    """`"78e51061-7311-…"` → `"78e51061…"`: a long id (MessageId, request id) shortened for a
    sentence, the cut marked with an ellipsis. Text of `keep` characters or fewer comes back as
    it is. End a sentence holding one with `sentence()`, which adds no full stop after "…"."""
    return text if len(text) <= keep else f"{text[:keep]}…"


def sentence(text: str) -> str:
    """`text` ended once: a full stop added unless it already ends in ".", "…", "?" or "!".

    For sentences whose last word is a value (a shortened id ends in "…"; a quoted name may end
    in a full stop), so no sentence reads "78e51061…." on a projector."""
    return text if text.endswith((".", "…", "?", "!")) else f"{text}."
