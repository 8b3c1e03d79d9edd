"""English word and word-pair counts, and how likely a phrase is between two neighbouring words.

The counts ship inside the `symspellpy` package: frequency_dictionary_en_82_765.txt (82,765
words) and frequency_bigramdictionary_en_243_342.txt (the 243,342 most frequent word pairs),
both from the Google Books n-gram corpus; nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import math
from itertools import pairwise
from pathlib import Path

UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
# The pair file counts on another scale than the word file: pairs starting with a common word
# add up to about 40-50 times that word's count (measured on "of", "the", "to", "a").
PAIR_SCALE = 50.0
# The pair list stops at this count (on its own scale): an absent pair is rarer than that.
PAIR_FLOOR = 6_400_000 / PAIR_SCALE


def _package_file(name: str) -> Path:
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the word-count package `symspellpy` is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


class Ngrams:
    """Log counts of words and word pairs, with an estimate for pairs the list leaves out."""

    def __init__(self, unigrams: dict[str, float], bigrams: dict[str, float]) -> None:
        self._unigrams = unigrams
        self._bigrams = bigrams
        self._total = math.log(sum(math.exp(v) for v in unigrams.values()))
        self._unseen = min(unigrams.values()) - math.log(2)
        self._floor = math.log(PAIR_FLOOR)

    def word(self, word: str) -> float:
        """Log count of a word (half the smallest listed count when it is not listed)."""
        return self._unigrams.get(word, self._unseen)

    def known(self, word: str) -> bool:
        """Whether the word is in the word list."""
        return word in self._unigrams

    def restricted(self, vocabulary: set[str]) -> Ngrams:
        """The same counts, keeping only the pairs with a word of the vocabulary (less memory)."""
        return Ngrams(
            self._unigrams,
            {
                key: count
                for key, count in self._bigrams.items()
                if any(word in vocabulary for word in key.split(" "))
            },
        )

    def words_above(self, log_count: float) -> frozenset[str]:
        """The listed words (letters only) whose log count reaches log_count."""
        return frozenset(w for w, c in self._unigrams.items() if c >= log_count and w.isalpha())

    def pair(self, first: str, second: str) -> float:
        """Log count of a word pair; an unlisted pair gets its count if the words were independent,
        but never more than the list's cut-off."""
        found = self._bigrams.get(f"{first} {second}")
        if found is not None:
            return found
        return min(self._floor, self.word(first) + self.word(second) - self._total)

    def frequency(self, phrase: tuple[str, ...]) -> float:
        """Log count of a phrase in the word list's terms (a bigram chain for several words)."""
        return self.chain(None, phrase, None) + self._total

    def chain(self, left: str | None, phrase: tuple[str, ...], right: str | None) -> float:
        """Log probability of the phrase, and the right word after it, given the left word.

        A bigram chain: P(phrase[0] | left) * P(phrase[1] | phrase[0]) * ... * P(right | last).
        Without a left word the phrase's first word is drawn from all words.
        """
        if left is None:
            score = self.word(phrase[0]) - self._total
        else:
            score = self.pair(left, phrase[0]) - self.word(left)
        sequence = (*phrase, right) if right is not None else phrase
        for previous, word in pairwise(sequence):
            score += self.pair(previous, word) - self.word(previous)
        return score


def _read(path: Path, scale: float) -> dict[str, float]:
    counts: dict[str, float] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            key, _, count = line.rstrip("\n").rpartition(" ")
            counts[key] = math.log(int(count) / scale)
    return counts


def load() -> Ngrams:
    """The symspellpy English counts (about half a second; the caller keeps what it needs)."""
    return Ngrams(
        _read(_package_file(UNIGRAM_FILE), 1.0), _read(_package_file(BIGRAM_FILE), PAIR_SCALE)
    )
