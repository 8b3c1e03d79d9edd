"""Guess the original of words a spinner may have swapped, from the reverse swap table and context.

Each word or phrase the table knows as swapped-in gets its candidate originals; the context
model scores each candidate and the word as written between the same neighbours. The margin
of the best candidate over the written word is the evidence: large margins are restored,
middling ones only marked. Names (capitalised mid-sentence), numbers, quotations, URLs and
e-mail addresses are never candidates.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from cleaners.spun._context import sentence_start
from cleaners.spun._ngrams import ContextModel
from cleaners.spun._sources import parse_table_lines
from cleaners.spun._tokens import Words

TABLE_FILE = "swaps.tsv.gz"
LONGEST = 3
# Weight of how much commoner a candidate is than the written word, beside the context's evidence.
FREQUENCY_WEIGHT = 0.3
# A written phrase its neighbours' pairs lift at all (log lift > WELL_PLACED) is left as it
# is, unscored: on the tuning half this kept 99.4% of the restored words at the same
# precision and halved the time of guessing (bench/spun_eval.py --tune WELL_PLACED).
WELL_PLACED = 0.0
# Words no spinner swaps and no table should: the grammar of the sentence.
FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those he she they we you i his her their our your my me him them us
    not no so than then there here who whom which what when where why how all any each some
    has have had do does did will would can could may might must shall should""".split()  # noqa: SIM905
)
_BREAK = re.compile(r"[.!?;:,\n\"“”‘’()\[\]—–]|'\s|\s'")
_PROTECTED = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\S+\.(?:com|org|net|gov|edu|co\.uk)\b\S*", re.IGNORECASE
)
_PHRASE_WORD = re.compile(r"\w+(?:['’]\w+)*")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|‘[^’\n]{12,}’", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Guess:
    """Words first..last may stand for `original`; margin is the log-odds evidence for it."""

    first: int
    last: int
    original: str
    margin: float
    source: str
    alternatives: tuple[tuple[str, float], ...]  # the other candidates and their margins


@lru_cache(maxsize=1)
def shipped_table() -> dict[str, dict[str, str]]:
    """The reverse swap table shipped in the package, read once per process."""
    data = files("cleaners.spun").joinpath(TABLE_FILE).read_bytes()
    return parse_table_lines(gzip.decompress(data).decode("utf-8"))


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Character spans never to touch (quotations, URLs, e-mail addresses), sorted and merged."""
    spans = sorted(
        [m.span() for m in _PROTECTED.finditer(text)] + [m.span() for m in _QUOTED.finditer(text)]
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def eligible(words: Words, i: int, protected: list[tuple[int, int]]) -> bool:
    norm = words.norms[i]
    if len(norm) < 3 or norm in FUNCTION_WORDS or not norm.isalpha():
        return False
    start = words.start(i)
    if words.text[start].isupper() and not sentence_start(words.text, start):
        return False
    if not protected:
        return True
    k = bisect_right(protected, (start, len(words.text)))  # spans sorted, none overlapping
    return k == 0 or protected[k - 1][1] <= start


def neighbour(words: Words, i: int, step: int) -> str | None:
    """The word before (step -1) or after (+1) word i, or None across punctuation."""
    j = i + step
    if j < 0 or j >= len(words.norms):
        return None
    gap = words.gap(min(i, j))
    return None if _BREAK.search(gap) else words.norms[j]


def _phrase_at(
    words: Words, i: int, table: dict[str, dict[str, str]], taken: set[int]
) -> tuple[int, dict[str, str]] | None:
    """The longest phrase from word i the table knows, with only spaces between its words."""
    norms = words.norms
    keys = [norms[i]]
    for k in range(i + 1, min(i + LONGEST, len(norms))):
        keys.append(f"{keys[-1]} {norms[k]}")
    for length in range(len(keys), 0, -1):
        options = table.get(keys[length - 1])
        if options and all(
            k not in taken and not words.gap(k - 1).strip() for k in range(i + 1, i + length)
        ):
            return length, options
    return None


def _evidence(
    model: ContextModel, previous: str | None, phrase: tuple[str, ...], following: str | None
) -> float:
    return model.fit(previous, phrase, following) + FREQUENCY_WEIGHT * model.frequency(phrase)


def context_margin(
    words: Words, first: int, last: int, original: str, model: ContextModel
) -> float:
    """Evidence for `original` over words first..last as written, between the same neighbours."""
    previous, following = neighbour(words, first, -1), neighbour(words, last, 1)
    written = _evidence(model, previous, tuple(words.norms[first : last + 1]), following)
    candidate = tuple(w.lower() for w in _PHRASE_WORD.findall(original))
    return _evidence(model, previous, candidate, following) - written if candidate else 0.0


def guesses(
    words: Words,
    table: dict[str, dict[str, str]],
    model: ContextModel,
    taken: set[int],
    protected: list[tuple[int, int]],
    well_placed: float | None = None,
) -> list[Guess]:
    """The best candidate original for each swapped-in phrase the table knows, left to right.

    A phrase whose fit as written exceeds `well_placed` (default WELL_PLACED) is skipped;
    detection scores them all.
    """
    if well_placed is None:
        well_placed = WELL_PLACED
    found: list[Guess] = []
    i = 0
    while i < len(words.norms):
        if i in taken or not eligible(words, i, protected):
            i += 1
            continue
        hit = _phrase_at(words, i, table, taken)
        if hit is None:
            i += 1
            continue
        length, options = hit
        last = i + length - 1
        previous, following = neighbour(words, i, -1), neighbour(words, last, 1)
        phrase = tuple(words.norms[i : last + 1])
        fit = model.fit(previous, phrase, following)
        if fit > well_placed:
            i = last + 1  # a known collocation as written: no swap to undo
            continue
        written = fit + FREQUENCY_WEIGHT * model.frequency(phrase)
        scored = sorted(
            (
                (_evidence(model, previous, tuple(o.split()), following) - written, o)
                for o in options
            ),
            reverse=True,
        )
        margin, best = scored[0]
        found.append(
            Guess(i, last, best, margin, options[best], tuple((o, m) for m, o in scored[1:4]))
        )
        i = last + 1
    return found
