"""What dedup needs to know of each Unicode code point, as lookup tables the C scan reads.

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

# The flags of each classified code point (0 for one not classified yet).
FLAG_TABLE = np.zeros(_LIMIT, dtype=np.uint8)
# The code point each classified code point case-folds to (0 for a wide fold).
FOLD_TABLE = np.zeros(_LIMIT, dtype=np.uint32)


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
            FOLD_TABLE[code] = ord(folded)
        else:
            flags |= WIDE_FOLD
        FLAG_TABLE[code] = flags


def classify(codes: np.ndarray) -> None:
    """Classify the code points among `codes` that the tables do not know yet."""
    unknown = (np.take(FLAG_TABLE, codes) & KNOWN) == 0
    _learn(np.unique(codes[unknown]))


_learn(np.arange(128, dtype=np.uint32))
