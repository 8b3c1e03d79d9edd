"""Machine-spun text: detect spun copies, mark the swapped phrases, restore the original wording."""

from __future__ import annotations

from cleaners.spun._align import restore_from_original
from cleaners.spun._apply import mark
from cleaners.spun._detect import THRESHOLD, assess
from cleaners.spun._mine import MinedPair, extend_lexicon, mine_pairs

__all__ = [
    "THRESHOLD",
    "MinedPair",
    "assess",
    "extend_lexicon",
    "mark",
    "mine_pairs",
    "restore_from_original",
]
