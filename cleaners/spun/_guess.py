"""Guess swaps the lexicon does not know: a rare WordNet synonym where a common one fits better.

A spinner swaps a common word for a thesaurus synonym that is rarer, and often odd in that place
("the nation's", "the authorities said"). For a word or WordNet phrase of a text, the candidate
originals are the synonyms, given its own ending, that share its meaning through their own
commonest sense and are common words far more frequent than it. One is guessed when the word
pairs around the place prefer it by a wide margin. Names (capitalised mid-sentence),
quotations, numbers, words the counts do not know (American spellings are absent from them) and
spelling variants ("defence", "towards", "colour") are never guessed at.

Measured on the tuning half (bench/spun_eval.py), a guess is right about nine times in ten but
reaches only a few per cent of the swaps the lexicon misses: it only restores, in a text the
lexicon has already judged spun, and never counts as evidence that a text is spun.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from cleaners.spun import _ngrams, _wordnet
from cleaners.spun._context import sentence_start
from cleaners.spun._ngrams import Ngrams
from cleaners.spun._thesaurus import Thesaurus
from cleaners.spun._tokens import Words

# Constants chosen on the tuning half of bench/spun_eval.py (precision of guesses >= 0.88).
# A candidate original is a common word: log of its count in the word list at least this
# (about one word in 8,000 of English text)...
MIN_ORIGINAL_LOG_COUNT = 18.0
# ... and at least this many times as frequent as the word found in the text.
MIN_COMMONER = 15.0
# The log odds the word pairs around must give the candidate over the word found, beyond what
# their frequencies alone say, plus this share of that frequency ratio.
PRIOR_SHARE = 0.5
MIN_MARGIN = 3.0
# Words shorter than this are function words or abbreviations: never guessed at.
MIN_LETTERS = 3
# Two spellings this alike are variants of one word, not a swap ("defence", "towards").
SPELLING_LIKENESS = 0.8
_BRITISH = (
    (r"our\b", "or"), (r"re\b", "er"), (r"ce\b", "se"), (r"is(e|ing|ed|es)\b", r"iz\1"),
    (r"ys(e|ing|ed|es)\b", r"yz\1"), (r"ll(ed|ing|er)\b", r"l\1"), ("ae", "e"), ("oe", "e"),
    (r"ogue\b", "og"), (r"mme\b", "m"),
)
# Quotations: “double”, "straight" or ‘single’ marks (a ’ before a letter is an apostrophe).
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|‘(?:[^’\n]|’(?=\w))*’")


@dataclass(frozen=True, slots=True)
class Guess:
    """Words first..last of a text are probably a swap of `original` (margin: log odds)."""

    first: int
    last: int
    original: str
    margin: float


def _american(word: str) -> str:
    for pattern, replacement in _BRITISH:
        word = re.sub(pattern, replacement, word)
    return word


def spelling_variants(a: str, b: str) -> bool:
    """Whether two words are one word spelt two ways (or one inflected from the other)."""
    return _american(a) == _american(b) or SequenceMatcher(None, a, b).ratio() >= SPELLING_LIKENESS


def quoted_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of quotations, in order, for a bisect lookup."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


Options = tuple[tuple[tuple[str, ...], float], ...]  # candidate originals, log frequency ratio


def swap_table(thesaurus: Thesaurus, ngrams: Ngrams) -> dict[str, Options]:
    """Spun form -> its candidate originals: common words far more frequent, not mere variants."""
    frequency: dict[str, float] = {}
    common_words = common_words_of(ngrams)

    def common(original: str) -> bool:
        # A phrase is never more frequent than its rarest word: test the words first.
        if original not in frequency:
            words = original.split(" ")
            usable = all(w in common_words and len(w) >= MIN_LETTERS for w in words)
            frequency[original] = ngrams.frequency(tuple(words)) if usable else -math.inf
        return frequency[original] >= MIN_ORIGINAL_LOG_COUNT

    table: dict[str, dict[tuple[str, ...], float]] = {}
    least = math.log(MIN_COMMONER)
    for form, original in thesaurus.swaps(common):
        words = tuple(form.split(" "))
        if len(form) < MIN_LETTERS or not all(w.isalpha() and ngrams.known(w) for w in words):
            continue
        ratio = frequency[original] - ngrams.frequency(words)
        option = tuple(original.split(" "))
        if ratio >= least and not set(option) & set(words):
            table.setdefault(form, {})[option] = ratio
    return {
        form: kept
        for form, options in table.items()
        if (kept := tuple(
            (option, ratio) for option, ratio in options.items()
            if not spelling_variants(form, " ".join(option))
        ))
    }


class Guesser:
    """Finds probable swaps with a table of (spun form -> common originals) and word-pair counts."""

    def __init__(self, table: dict[str, Options], ngrams: Ngrams) -> None:
        self._table = table
        self._ngrams = ngrams
        multiword = [form.split(" ") for form in table if " " in form]
        self._prefixes = frozenset(
            " ".join(words[:n]) for words in multiword for n in range(2, len(words) + 1)
        )
        self._longest = max(form.count(" ") + 1 for form in table)

    def candidates(self, phrase: str) -> Options:
        """Candidate originals of a phrase, each with its log frequency ratio to the phrase."""
        return self._table.get(phrase, ())

    def _spans(self, words: Words, i: int) -> list[int]:
        """Lengths of the phrases in the table that could start at word i, longest first."""
        norms, prefixes = words.norms, self._prefixes
        lengths = [1]
        phrase = norms[i]
        for j in range(i + 1, min(i + self._longest, len(norms))):
            phrase = f"{phrase} {norms[j]}"
            if phrase not in prefixes or words.gap(j - 1) != " ":
                break
            lengths.append(j - i + 1)
        return lengths[::-1]

    @staticmethod
    def _neighbour(words: Words, i: int, side: int) -> str | None:
        """The word beside word i, when only a space stands between them."""
        j = i + side
        if j < 0 or j >= len(words.norms) or words.gap(min(i, j)) != " ":
            return None
        word = words.norms[j]
        return word if word.isalpha() else None

    def guesses(self, words: Words, skip: set[int]) -> list[Guess]:
        """Probable swaps, left to right, not overlapping each other or the skipped words."""
        text, norms = words.text, words.norms
        quote_starts, quote_ends = quoted_spans(text)
        found: list[Guess] = []
        next_free = 0
        table, prefixes, last_word = self._table, self._prefixes, len(norms) - 1
        for i, norm in enumerate(norms):
            if norm not in table and (i == last_word or f"{norm} {norms[i + 1]}" not in prefixes):
                continue
            if i < next_free or i in skip:
                continue
            start = words.start(i)
            if text[start].isupper() and not sentence_start(text, start):
                continue
            q = bisect_right(quote_starts, start) - 1
            if q >= 0 and start < quote_ends[q]:
                continue
            guess = self._best(words, i, skip)
            if guess is not None:
                found.append(guess)
                next_free = guess.last + 1
        return found

    def _best(self, words: Words, i: int, skip: set[int]) -> Guess | None:
        norms, chain = words.norms, self._ngrams.chain
        for length in self._spans(words, i):
            last = i + length - 1
            if any(j in skip for j in range(i + 1, last + 1)):
                continue
            options = self.candidates(norms[i] if length == 1 else " ".join(norms[i : last + 1]))
            if not options:
                continue
            left, right = self._neighbour(words, i, -1), self._neighbour(words, last, 1)
            own = chain(left, tuple(norms[i : last + 1]), right)
            margin, option = max(
                (chain(left, option, right) - own - (1 - PRIOR_SHARE) * ratio, option)
                for option, ratio in options
            )
            if margin >= MIN_MARGIN:
                return Guess(i, last, " ".join(option), margin)
        return None


def common_words_of(ngrams: Ngrams) -> frozenset[str]:
    """Words common enough to be an original (a phrase is never commoner than its rarest word)."""
    return ngrams.words_above(MIN_ORIGINAL_LOG_COUNT)


@lru_cache(maxsize=1)
def shipped_guesser() -> Guesser:
    """The guesser over the shipped WordNet and word counts, built on first use (seconds).

    Only the table of swaps and the word pairs it can ask about are kept; WordNet and the other
    pairs are let go once the table is built.
    """
    ngrams = _ngrams.load()
    common = common_words_of(ngrams)
    wordnet = _wordnet.load(lambda lemma: all(word in common for word in lemma.split(" ")))
    table = swap_table(Thesaurus(wordnet), ngrams)
    vocabulary = {
        word
        for form, options in table.items()
        for phrase in (form.split(" "), *(option for option, _ in options))
        for word in phrase
    }
    return Guesser(table, ngrams.restricted(vocabulary))
