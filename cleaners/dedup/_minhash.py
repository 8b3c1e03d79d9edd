"""Shingle hashing and MinHash signatures (their loops in C), and LSH band keys."""

from __future__ import annotations

import numpy as np

from cleaners.dedup import _kernels
from cleaners.dedup._mix import splitmix

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_POSITION_MULTIPLIERS = np.random.default_rng(0x5111).integers(
    1, 2**63, size=16, dtype=np.uint64
) * np.uint64(2) + np.uint64(1)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (np.unique's Python overhead dominates on short arrays)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


class MinHasher:
    """`perms` universal hash functions over uint64 shingle hashes; one minimum per function."""

    def __init__(self, perms: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.multipliers = rng.integers(1, 2**63, size=perms, dtype=np.uint64) * np.uint64(
            2
        ) + np.uint64(1)
        self.offsets = rng.integers(0, 2**63, size=perms, dtype=np.uint64)

    def shingle(
        self, tokens: np.ndarray, counts: np.ndarray, telling: np.ndarray, size: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Shingle texts of token hashes (one after another, `counts` of each) and sign them.

        A shingle is `size` tokens in a row (a text shorter than that is one shingle); its
        hash is splitmix of the tokens times a different odd multiplier per place (token
        hashes are uniform 64-bit values, so that hashes a shingle well). A text's signature
        (all ones with no shingle) is over the shingles holding a `telling` token, or all of
        them when none does. Returns every text's shingle hashes in text order, how many
        are each text's, and the signatures as rows.
        """
        shingles, made, signatures = _kernels.shingle(
            np.ascontiguousarray(tokens, dtype=np.uint64),
            np.ascontiguousarray(counts, dtype=np.int64),
            np.ascontiguousarray(telling, dtype=np.uint8),
            size,
            _POSITION_MULTIPLIERS,
            self.multipliers,
            self.offsets,
        )
        return (
            np.frombuffer(shingles, dtype=np.uint64),
            np.frombuffer(made, dtype=np.int64),
            np.frombuffer(signatures, dtype=np.uint64).reshape(counts.size, self.multipliers.size),
        )


def band_keys(signatures: np.ndarray, rows: int, salt: int) -> np.ndarray:
    """Signed 32-bit keys, one per band of `rows` minimums, one row per signature.

    32 bits keep the store's band index small; a chance collision only adds a candidate
    that the precise check turns away.
    """
    bands = signatures.reshape(signatures.shape[0], -1, rows)
    key = np.uint64(salt) ^ (np.arange(bands.shape[1], dtype=np.uint64) * _GOLDEN)
    key = np.broadcast_to(key, bands.shape[:2])
    with np.errstate(over="ignore"):
        for column in range(rows):
            key = splitmix(key * _GOLDEN + bands[:, :, column])
    return (key >> np.uint64(32)).astype(np.uint32).view(np.int32)
