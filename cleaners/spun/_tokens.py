"""Word tokens with their character positions, shared by detection, alignment and mining."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


def tokenize(text: str) -> list[Token]:
    """Split a text into word tokens, keeping where each stands in the text."""
    return [Token(_normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Words:
    """A text's words for the hot path: normalised forms, and match objects for positions."""

    text: str
    norms: list[str]
    matches: list[re.Match[str]]

    @classmethod
    def of(cls, text: str) -> Words:
        matches = list(_WORD.finditer(text))
        norms = _WORD.findall(_normalise(text))  # one C-level pass instead of one call per word
        if len(norms) != len(matches):  # lower-casing changed a word's shape: go word by word
            norms = [_normalise(m.group()) for m in matches]
        return cls(text, norms, matches)

    def start(self, i: int) -> int:
        return self.matches[i].start()

    def end(self, i: int) -> int:
        return self.matches[i].end()

    def gap(self, i: int) -> str:
        """The characters between word i and word i + 1."""
        return self.text[self.matches[i].end() : self.matches[i + 1].start()]


def match_case(replacement: str, found: str) -> str:
    """Give a replacement the capitalisation of the phrase it replaces."""
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        if all(w[:1].isupper() for w in found.split()):
            return " ".join(w[:1].upper() + w[1:] for w in replacement.split())
        return replacement[:1].upper() + replacement[1:]
    return replacement
