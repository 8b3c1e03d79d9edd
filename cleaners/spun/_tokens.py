"""Word tokens with their character positions, shared by detection, alignment and mining."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

# A word may carry inner apostrophes ("1000's", "Korea’s"); hyphens split words.
_WORD = re.compile(r"\w+(?:['’]\w+)*")


class Token(NamedTuple):
    """One word of a text: its lower-cased form (apostrophes unified) and its span.

    A named tuple: a spun copy and its original hold about 1,400 words each, and a frozen
    dataclass took longer to build them than their alignment takes.
    """

    norm: str
    start: int
    end: int


def _normalise(text: str) -> str:
    return text.lower().replace("’", "'")


def _spans(text: str, words: list[str]) -> tuple[list[int], list[int]]:
    """Where each of `_WORD.findall(text)`'s words starts and ends in the text.

    A match ends before a character that is not a word character, and the next match starts
    at the first word character after it, so each word is found at the first place it occurs
    from the end of the one before: the spans `finditer` gives, at half its cost.
    """
    starts: list[int] = []
    ends: list[int] = []
    find = text.find
    end = 0
    for word in words:
        start = find(word, end)
        end = start + len(word)
        starts.append(start)
        ends.append(end)
    return starts, ends


def tokenize(text: str) -> list[Token]:
    """Split a text into word tokens, keeping where each stands in the text."""
    words = _WORD.findall(text)
    starts, ends = _spans(text, words)
    return [
        Token(_normalise(word), start, end)
        for word, start, end in zip(words, starts, ends, strict=True)
    ]


@dataclass(frozen=True)
class Words:
    """A text's words for the hot path: normalised forms and the words as written; where
    each stands is found on first use (a text without a lexicon phrase never needs it)."""

    text: str
    norms: list[str]
    originals: list[str]

    @classmethod
    def of(cls, text: str) -> Words:
        originals = _WORD.findall(text)
        norms = _WORD.findall(_normalise(text))  # one C-level pass instead of one call per word
        if len(norms) != len(originals):  # lower-casing changed a word's shape: word by word
            norms = [_normalise(word) for word in originals]
        return cls(text, norms, originals)

    @cached_property
    def _positions(self) -> tuple[list[int], list[int]]:
        return _spans(self.text, self.originals)

    def start(self, i: int) -> int:
        return self._positions[0][i]

    def end(self, i: int) -> int:
        return self._positions[1][i]

    def gap(self, i: int) -> str:
        """The characters between word i and word i + 1."""
        return self.text[self.end(i) : self.start(i + 1)]


def match_case(replacement: str, found: str) -> str:
    """Give a replacement the capitalisation of the phrase it replaces."""
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        if all(w[:1].isupper() for w in found.split()):
            return " ".join(w[:1].upper() + w[1:] for w in replacement.split())
        return replacement[:1].upper() + replacement[1:]
    return replacement
