"""The closest name to a typo, as `difflib.get_close_matches(word, choices, n=1, cutoff)` picks it,
without comparing the typo with every name one by one.

`lambdascope check` on a file with thousands of broken references asked difflib once per broken
reference against every resource name: N typos × N names SequenceMatcher ratios (205 s for
2,000 broken functions here, bench/bench_check.py). The same answer comes faster from a bound:
difflib's matching blocks are a common subsequence of the two texts, so `ratio` (2·M / (la+lb))
is at most 2·LCS / (la+lb), LCS the longest common subsequence. With every name's letters kept
in one numpy array (built once per list of names), the LCS of the typo with *all* names is a
dozen array operations (the bit-parallel method, one step per letter position), the names are
tried best bound first with difflib's own SequenceMatcher, and the search stops when no bound
left can reach the best ratio found (usually after one to three ratios).

The answer is the one difflib gives: the name with the highest `ratio` of at least `cutoff`,
the greater name on a tie (difflib's nlargest of (ratio, name) pairs), each ratio computed with
the typo as the matcher's second sequence, as get_close_matches does. Short lists (under
INDEX_FROM names), words over 63 letters and non-text lists go to difflib directly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache

INDEX_FROM = 64  # names: a shorter list is asked of difflib as it is
LONGEST_WORD = 63  # letters: the bit-parallel LCS keeps a word's places in one uint64
_SLACK = 1e-9  # bounds are compared loosely: a name is passed over only when it surely cannot win


def squashed(text: str) -> str:
    """`text` without '_', '-' and spaces, in lower case: 'batch_size' and 'BatchSize' agree."""
    return text.replace("_", "").replace("-", "").replace(" ", "").lower()


def closest(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The choice `word` was probably meant as: the one equal to it but for '_', '-' and case
    (the last such choice), else difflib's closest (get_close_matches, n=1, `cutoff`), else
    None. In: a word and a list of names (any length). Out: one of the names or None."""
    index = _index_of(choices) if len(choices) >= INDEX_FROM else None
    if index is None or not index.all_text:
        squash = {squashed(c): c for c in choices}
        return squash.get(squashed(word)) or _difflib_best(word, choices, cutoff)
    return index.squash.get(squashed(word)) or index.best(word, cutoff)


def _difflib_best(word: str, choices: Sequence[str], cutoff: float) -> str | None:
    return next(iter(difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)), None)


_last: tuple = (None, None)  # the list asked about last and its _Names (one list, many typos)


def _index_of(choices: Sequence[str]) -> _Names:
    """The index of `choices`. The last one is kept as one tuple, read and replaced whole: two
    files checked at once on worker threads never get each other's names."""
    global _last
    last = _last
    if last[0] is choices and last[1].names == tuple(choices):  # the same list, not changed
        return last[1]
    index = _index(tuple(choices))
    _last = (choices, index)
    return index


@lru_cache(maxsize=16)
def _index(choices: tuple[str, ...]) -> _Names:
    return _Names(choices)


class _Names:
    """One list of names: their letters as codes in a name × place array (padded with a code
    that matches nothing), their lengths, and their squashed forms (`closest`'s first test)."""

    def __init__(self, names: tuple[str, ...]):
        import numpy as np

        self.names = names
        self.all_text = all(isinstance(c, str) for c in names)
        if not self.all_text:
            return
        self.squash = {squashed(c): c for c in names}
        letters = sorted({ch for name in names for ch in name})
        self.code = {ch: i for i, ch in enumerate(letters)}
        longest = max(len(n) for n in names)
        places = np.full((longest, len(names)), len(letters), dtype=np.int32)  # the pad code
        for j, name in enumerate(names):
            places[:len(name), j] = [self.code[ch] for ch in name]
        self.places = places
        self.lengths = np.fromiter((len(n) for n in names), dtype=np.int64, count=len(names))

    def best(self, word: str, cutoff: float) -> str | None:
        """difflib.get_close_matches(word, names, n=1, cutoff)[0], or None (see the module)."""
        import numpy as np

        if not word or len(word) > LONGEST_WORD or cutoff <= 0.0:
            return _difflib_best(word, self.names, cutoff)
        table = np.zeros(len(self.code) + 1, dtype=np.uint64)  # letter code → its places in word
        for i, ch in enumerate(word):
            if ch in self.code:
                table[self.code[ch]] |= np.uint64(1 << i)
        full = np.uint64((1 << len(word)) - 1)
        v = np.full(len(self.names), full, dtype=np.uint64)
        for row in self.places:  # Allison-Dix / Hyyrö: V ← (V + U) | (V − U), U = V & mask
            u = v & table[row]
            v = ((v + u) | (v - u)) & full
        common = len(word) - _ones(v)  # the LCS of word with every name
        bound = 2.0 * common / (self.lengths + len(word))
        hopeful = np.flatnonzero(bound >= cutoff - _SLACK)
        hopeful = hopeful[np.argsort(-bound[hopeful], kind="stable")]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for j in hopeful.tolist():
            if best is not None and bound[j] < best[0] - _SLACK:
                break  # sorted: no name left can reach the best ratio
            name = self.names[j]
            matcher.set_seq1(name)
            ratio = matcher.ratio()
            if ratio >= cutoff and (best is None or (ratio, name) > best):
                best = (ratio, name)
        return best[1] if best is not None else None


def _ones(v):
    """How many bits are set in each uint64 of the numpy array `v` (a byte at a time)."""
    import numpy as np

    table = _byte_ones()
    count = np.zeros(v.shape, dtype=np.int64)
    for shift in range(0, 64, 8):
        count += table[((v >> np.uint64(shift)) & np.uint64(0xFF)).astype(np.intp)]
    return count


@lru_cache(maxsize=1)
def _byte_ones():
    import numpy as np

    return np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


def sharing_words(word: str, choices: Sequence[str], synonyms: dict[str, str] | None = None
                  ) -> str | None:
    """The one choice that shares the most words with `word`, words being split on anything
    but letters and digits, in lower case: `sqs` → `sqs_queue`, `AWS::SQS::Queue` → `sqs_queue`
    (difflib's ratio misses these: a short word in a long name). `synonyms` maps a word of
    `word` to a word of the choices first (`lambda` → `function`). None when no choice shares a
    word or two share equally many. For closed lists such as resource types, not free names."""
    said = {(synonyms or {}).get(w, w) for w in _words(word)}
    scores = sorted(((len(said & _words(c)), c) for c in choices), reverse=True)
    if not scores or scores[0][0] == 0 or len(scores) > 1 and scores[1][0] == scores[0][0]:
        return None
    return scores[0][1]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))
