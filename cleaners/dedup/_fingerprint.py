"""An article's fingerprint: exact hash, word and skeleton shingles, and its LSH band keys."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from cleaners.dedup._minhash import (
    MinHasher,
    band_keys,
    ordered_shingle_hashes,
    shingle_hashes,
    unique_sorted,
)
from cleaners.dedup._words import words_and_skeleton

WORD_SHINGLE = 4  # words per shingle for rewrites and excerpts
SKELETON_SHINGLE = 8  # skeleton tokens per shingle for spun copies
WORD_BANDS, WORD_ROWS = 24, 1  # one minimum per band: finds pairs sharing a tenth of their text
SKELETON_BANDS, SKELETON_ROWS = 12, 2
_WORD_HASHER = MinHasher(WORD_BANDS * WORD_ROWS, seed=0x5EED)
_SKELETON_HASHER = MinHasher(SKELETON_BANDS * SKELETON_ROWS, seed=0xB0DE)
_WORD_SALT, _SKELETON_SALT = 0x57, 0x5C


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of one text; computed from the text alone, so it is never stored."""

    exact_hash: str  # sha256 of the normalised words: equal for exact copies
    word_count: int
    shingles: np.ndarray  # word shingle hashes in text order
    shingle_set: np.ndarray  # the same, sorted and unique
    skeleton_set: np.ndarray  # skeleton shingle hashes, sorted and unique
    band_keys: tuple[int, ...]  # LSH buckets: word bands then skeleton bands


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint a clean article text."""
    tokens, skeleton = words_and_skeleton(text)
    ordered = ordered_shingle_hashes(tokens, WORD_SHINGLE)
    shingle_set = unique_sorted(ordered)
    skeleton_set = shingle_hashes(skeleton, SKELETON_SHINGLE)
    keys = band_keys(_WORD_HASHER.signature(shingle_set), WORD_ROWS, _WORD_SALT)
    keys += band_keys(_SKELETON_HASHER.signature(skeleton_set), SKELETON_ROWS, _SKELETON_SALT)
    return Fingerprint(
        exact_hash=hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest(),
        word_count=len(tokens),
        shingles=ordered,
        shingle_set=shingle_set,
        skeleton_set=skeleton_set,
        band_keys=tuple(keys),
    )
