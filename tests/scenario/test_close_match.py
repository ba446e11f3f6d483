"""did-you-mean on big files (app.scenario.close_match): the same suggestion difflib gives, with
a handful of SequenceMatcher ratios per typo however many names there are. Before, every typo
was compared with every name (N broken references × N names: 205 s for 2,000 broken functions;
bench/bench_check.py measures it)."""

from __future__ import annotations

import difflib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scenario.close_match import INDEX_FROM, closest
from app.scenario.messages import did_you_mean


def difflib_pick(word: str, choices: list[str]) -> str | None:
    """did_you_mean's pick as it was: squashed equality, else difflib over every name."""
    squash = {c.replace("_", "").replace("-", "").lower(): c for c in choices}
    key = word.replace("_", "").replace("-", "").replace(" ", "").lower()
    return squash.get(key) or next(iter(difflib.get_close_matches(word, list(choices), n=1,
                                                                  cutoff=0.6)), None)


NAMES = ([f"role-{i}" for i in range(100)] + [f"fn-{i}" for i in range(100)]
         + ["photos", "thumbnails", "thumbnail-role", "make-thumbnail", "orders", "orders-dlq",
            "process-orders", "accept-order", "shop-api", "worker-role", "clicks", "Clicks",
            "click_stream", "a", "ab", "abc", "x" * 63, "photo-thumbnails"])


def typos(name: str, rng: random.Random) -> list[str]:
    """The slips a teacher makes: two letters swapped, one left out, one doubled, one wrong,
    another case, '_' for '-', and the name run into its neighbour's."""
    out = [name.upper(), name.replace("-", "_"), name + "s", name + "-x"]
    if len(name) > 1:
        i = rng.randrange(len(name) - 1)
        out += [name[:i] + name[i + 1] + name[i] + name[i + 2:], name[:i] + name[i + 1:],
                name[:i] + name[i] * 2 + name[i + 1:], name[:i] + "q" + name[i + 1:]]
    return out


def test_the_suggestions_are_difflibs_on_a_set_of_typos():
    rng = random.Random(12)
    words = [t for name in rng.sample(NAMES, 30) + NAMES[-18:] for t in typos(name, rng)]
    words += ["", "zzzz", "rloe-1234", "fn", "role", "thumbnail", "order", "-", "x" * 64,
              "Role-12", "photo", "thumbnails-role"]
    for choices in (NAMES, list(reversed(NAMES)), NAMES[:INDEX_FROM - 1], NAMES[:INDEX_FROM]):
        for word in words:
            expected = difflib_pick(word, choices)
            assert closest(word, choices) == expected, (word, len(choices))
            assert did_you_mean(word, choices) == (f" (did you mean '{expected}'?)" if expected
                                                   else "")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text("abcde-_1", min_size=1, max_size=9), min_size=INDEX_FROM, max_size=150),
       st.text("abcdeX-_12", max_size=10))
def test_any_word_among_any_names_gets_difflibs_pick(names, word):
    """Ties included: among names as alike as these, difflib's pick on a tie is the greater
    name, and so is ours."""
    assert closest(word, names) == difflib_pick(word, names)


def test_a_typo_among_thousands_of_names_costs_a_few_ratios(monkeypatch):
    """Work, not time: how many SequenceMatcher ratios one suggestion needs among 4,000 alike
    names (role-0 … role-3999). Before: two per name whose quick bounds pass, 5,493 for "rloe-1234"."""
    names = [f"role-{i}" for i in range(4_000)]
    counted = []
    real = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio",
                        lambda self: counted.append(1) or real(self))
    for typo, meant in (("rloe-1234", "role-1234"), ("role-399", "role-399"),
                        ("roel-77", "role-77"), ("rle-2500", "role-2500")):
        counted.clear()
        assert did_you_mean(typo, names) == f" (did you mean '{meant}'?)"
        assert len(counted) <= 20, (typo, len(counted))


def test_a_list_changed_in_place_is_indexed_again():
    """The index of the last list is kept while the same list is asked about; a list changed in
    place (same object, other names) was answered from the old names."""
    from app.scenario.close_match import INDEX_FROM, closest

    names = [f"function-{i:03d}" for i in range(max(INDEX_FROM, 64))]
    assert closest("functoin-007", names) == "function-007"
    names[7] = "queue-007"
    assert closest("functoin-007", names) != "function-007"
    assert closest("queu-007", names) == "queue-007"
