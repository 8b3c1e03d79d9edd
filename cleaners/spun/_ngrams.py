"""A bounded word-bigram context model: how well a word fits between its neighbours.

Two sources of counts: the English unigram and bigram counts that `symspellpy` ships (from
the Google Books n-grams: the 82,765 commonest words, the 242,342 commonest pairs), and
counts from news text the caller adds (the store's clean articles), kept to a bounded number
of pairs. Words the book counts lack back off to `wordfreq`'s frequencies.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from wordfreq import word_frequency

UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
# Weight of the pair estimate against the word's own frequency (interpolation).
PAIR_WEIGHT = 0.8
# The news counts kept: at most this many pairs (the rarest go first when it is exceeded).
MAX_NEWS_PAIRS = 400_000
FLOOR = 1e-9
# Phrase frequencies and pair lifts remembered per model, each up to this many (cleared when
# full: a daemon runs for weeks).
FREQUENCY_CACHE = 200_000
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def _read_counts(name: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in files("symspellpy").joinpath(name).read_text("utf-8").splitlines():
        key, _, count = line.rpartition(" ")
        if key:
            counts[key] = counts.get(key, 0) + int(count)
    return counts


@lru_cache(maxsize=1)
def _book_counts() -> tuple[dict[str, int], dict[str, int]]:
    return _read_counts(UNIGRAM_FILE), _read_counts(BIGRAM_FILE)


@lru_cache(maxsize=1)
def _book_probabilities() -> dict[str, float]:
    words = _book_counts()[0]
    total = sum(words.values())
    return {word: count / total for word, count in words.items()}


def unigram(word: str) -> float:
    """A word's frequency in English, never zero: book counts, else wordfreq's estimate."""
    return _book_probabilities().get(word) or _rare(word)


@lru_cache(maxsize=100_000)
def _rare(word: str) -> float:
    return max(word_frequency(word, "en"), FLOOR)


@dataclass
class NewsCounts:
    """Word and pair counts from clean news text, bounded in size."""

    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[str] = field(default_factory=Counter)

    def add(self, texts: Iterable[str]) -> None:
        """Count the words and adjacent pairs of clean texts (sentence ends break pairs)."""
        for text in texts:
            for sentence in re.split(r"[.!?;:\n]+", text.lower().replace("’", "'")):
                words = _WORD.findall(sentence)
                self.words.update(words)
                self.pairs.update(f"{a} {b}" for a, b in itertools.pairwise(words))
        if len(self.pairs) > MAX_NEWS_PAIRS:
            self.pairs = Counter(dict(self.pairs.most_common(MAX_NEWS_PAIRS // 2)))
        if len(self.words) > MAX_NEWS_PAIRS:
            self.words = Counter(dict(self.words.most_common(MAX_NEWS_PAIRS // 2)))

    def to_text(self) -> str:
        """The counts as TSV lines: a word or a pair ("a b"), its count."""
        counts = [*self.words.most_common(), *self.pairs.most_common()]
        return "".join(f"{key}\t{count}\n" for key, count in counts)

    @classmethod
    def from_text(cls, text: str) -> NewsCounts:
        """Read back what `to_text` wrote."""
        news = cls()
        for line in text.splitlines():
            key, _, count = line.partition("\t")
            (news.pairs if " " in key else news.words)[key] = int(count)
        return news


class ContextModel:
    """P(word | previous word) from book pairs, news pairs and the word's own frequency."""

    def __init__(self, news: NewsCounts | None = None) -> None:
        self.book_words, self.book_pairs = _book_counts()
        self.news = news or NewsCounts()
        self._frequencies: dict[tuple[str, ...], float] = {}
        self._lifts: dict[tuple[str, str], float] = {}

    def _pair_estimate(self, previous: str, word: str) -> float | None:
        """P(word | previous) from pair counts, None where `previous` was never counted."""
        pair = f"{previous} {word}"
        estimate = None
        book_total = self.book_words.get(previous)
        if book_total:
            estimate = self.book_pairs.get(pair, 0) / book_total
        news_total = self.news.words.get(previous)
        if news_total:
            estimate = max(estimate or 0.0, self.news.pairs.get(pair, 0) / news_total)
        return estimate

    def follows(self, previous: str | None, word: str) -> float:
        """The probability of `word` right after `previous` (None: at a sentence start)."""
        base = unigram(word)
        estimate = None if previous is None else self._pair_estimate(previous, word)
        if estimate is None:
            return base
        return PAIR_WEIGHT * estimate + (1 - PAIR_WEIGHT) * base

    def _lift(self, previous: str | None, word: str) -> float:
        """How much likelier `word` is after `previous` than anywhere (log; 0 without evidence).

        Remembered per model, like `frequency`: candidates meet the same neighbours often.
        """
        if previous is None:
            return 0.0
        key = (previous, word)
        lift = self._lifts.get(key)
        if lift is None:
            estimate = self._pair_estimate(previous, word)
            if not estimate:
                lift = math.log(1 - PAIR_WEIGHT) if estimate == 0.0 else 0.0
            else:
                lift = math.log(PAIR_WEIGHT * estimate / unigram(word) + (1 - PAIR_WEIGHT))
            if len(self._lifts) >= FREQUENCY_CACHE:
                self._lifts.clear()
            self._lifts[key] = lift
        return lift

    def fit(self, previous: str | None, phrase: tuple[str, ...], following: str | None) -> float:
        """How well a phrase fits between its neighbours (None where punctuation breaks).

        The log lifts of the two pairs across its edges: the context's evidence, free of how
        common the phrase is on its own (the caller weighs that separately).
        """
        score = self._lift(previous, phrase[0])
        if following is not None:
            score += self._lift(phrase[-1], following)
        return score

    def frequency(self, phrase: tuple[str, ...]) -> float:
        """Log frequency of a phrase: its words' frequencies, linked by their pair estimates.

        Remembered per model: the counts a model reads are not changed once it is built.
        """
        score = self._frequencies.get(phrase)
        if score is None:
            score = math.log(unigram(phrase[0]))
            for a, b in itertools.pairwise(phrase):
                score += math.log(self.follows(a, b))
            if len(self._frequencies) >= FREQUENCY_CACHE:
                self._frequencies.clear()
            self._frequencies[phrase] = score
        return score


@lru_cache(maxsize=1)
def shipped_model() -> ContextModel:
    """The model on the shipped counts alone, built once per process."""
    return ContextModel()
