"""What dedup needs to know of each Unicode code point, as lookup tables numpy can index.

The tables cover every code point and are filled lazily: a code point is classified (with
Python's own `str` methods, so the answers are Unicode's) the first time a text holds it.
"""

from __future__ import annotations

import numpy as np

_LIMIT = 0x110000
# What the expression [^\W_] matches, a letter or a digit; bit 0, so that `flags & ALNUM`
# reads as a bool array.
ALNUM = np.uint8(1)
KNOWN = np.uint8(2)
ALPHA = np.uint8(4)
UPPER = np.uint8(8)  # upper or title case: a word holding one is not lower-case
LOWER = np.uint8(16)
MARK = np.uint8(32)  # ends a sentence or a line, or separates two texts
WIDE_FOLD = np.uint8(64)  # case-folds to more than one code point (ß -> ss)

MARKS = ".!?:;…\n\x00"

_flags = np.zeros(_LIMIT, dtype=np.uint8)
_folds = np.zeros(_LIMIT, dtype=np.uint32)


def _learn(codes: np.ndarray) -> None:
    for code in codes.tolist():
        char = chr(code)
        folded = char.casefold()
        flags = KNOWN
        flags |= ALNUM if char.isalnum() else 0
        flags |= ALPHA if char.isalpha() else 0
        flags |= UPPER if char.isupper() or char.istitle() else 0
        flags |= LOWER if char.islower() else 0
        flags |= MARK if char in MARKS else 0
        if len(folded) == 1:
            _folds[code] = ord(folded)
        else:
            flags |= WIDE_FOLD
        _flags[code] = flags


def flags_of(codes: np.ndarray) -> np.ndarray:
    """The flags of each code point (uint8), classifying any not seen before."""
    flags = np.take(_flags, codes)
    if not np.bitwise_and.reduce(flags) & KNOWN:
        _learn(np.unique(codes[(flags & KNOWN) == 0]))
        flags = np.take(_flags, codes)
    return flags


def folds_of(codes: np.ndarray) -> np.ndarray:
    """The code point each classified code point case-folds to (0 for a wide fold)."""
    return np.take(_folds, codes)


_learn(np.arange(128, dtype=np.uint32))
