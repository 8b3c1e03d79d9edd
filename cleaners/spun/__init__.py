"""Machine-spun text: detect spun copies, mark the swapped phrases, restore the original wording."""

from __future__ import annotations

from cleaners.spun._align import restore_from_original
from cleaners.spun._apply import mark
from cleaners.spun._detect import THRESHOLD, assess
from cleaners.spun._guess import shipped_table
from cleaners.spun._lexicon import shipped_lexicon
from cleaners.spun._mine import MinedPair, extend_lexicon, mine_pairs
from cleaners.spun._ngrams import shipped_model, unigram

__all__ = [
    "THRESHOLD",
    "MinedPair",
    "assess",
    "extend_lexicon",
    "mark",
    "mine_pairs",
    "preload",
    "restore_from_original",
]


def preload() -> None:
    """Read the shipped lexicon, swap table and word counts now (each is read once per
    process, on first use): a process that forks workers after this shares them with every
    worker instead of each worker reading its own."""
    shipped_lexicon()
    shipped_table()
    shipped_model()
    unigram("the")
