"""Word tokens with their character positions, shared by detection, alignment and mining."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word may carry inner apostrophes ("1000's", "Korea’s"); hyphens split words.
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its lower-cased form (apostrophes unified) and its span."""

    norm: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split a text into word tokens, keeping where each stands in the text."""
    return [
        Token(m.group().lower().replace("’", "'"), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


def match_case(replacement: str, found: str) -> str:
    """Give a replacement the capitalisation of the phrase it replaces."""
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        if all(w[:1].isupper() for w in found.split()):
            return " ".join(w[:1].upper() + w[1:] for w in replacement.split())
        return replacement[:1].upper() + replacement[1:]
    return replacement
