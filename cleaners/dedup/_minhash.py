"""Shingle hashing, MinHash signatures and LSH band keys, vectorised with numpy."""

from __future__ import annotations

import numpy as np

from cleaners.dedup._mix import splitmix

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_POSITION_MULTIPLIERS = np.random.default_rng(0x5111).integers(
    1, 2**63, size=16, dtype=np.uint64
) * np.uint64(2) + np.uint64(1)


def ordered_shingle_hashes(token_hashes: np.ndarray, size: int) -> np.ndarray:
    """64-bit hashes of the `size`-grams of token hashes, in text order (whole text if shorter)."""
    if token_hashes.size == 0:
        return np.empty(0, dtype=np.uint64)
    width = min(size, token_hashes.size)
    count = token_hashes.size - width + 1
    # Token hashes are uniform 64-bit values, so a sum with a different odd multiplier per
    # position, then one finaliser, hashes a shingle well and costs a few array operations.
    with np.errstate(over="ignore"):
        combined = token_hashes[:count] * _POSITION_MULTIPLIERS[0]
        for offset in range(1, width):
            combined += token_hashes[offset : offset + count] * _POSITION_MULTIPLIERS[offset]
    return splitmix(combined)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (np.unique's Python overhead dominates on short arrays)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


# Up to this many shingles the whole matrix is computed at once (fewer numpy calls).
_SMALL = 4096


class MinHasher:
    """`perms` universal hash functions over uint64 shingle hashes; one minimum per function."""

    def __init__(self, perms: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.multipliers = rng.integers(1, 2**63, size=perms, dtype=np.uint64) * np.uint64(
            2
        ) + np.uint64(1)
        self.offsets = rng.integers(0, 2**63, size=perms, dtype=np.uint64)

    def signatures(self, values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """One MinHash signature per shingle set, as rows (all-ones for an empty set); the
        sets' shingles are `values`, one set after another, `sizes` long each."""
        out = np.full((sizes.size, self.multipliers.size), _MASK, dtype=np.uint64)
        filled = np.flatnonzero(sizes)
        if filled.size == 0:
            return out
        offsets = np.concatenate(([0], np.cumsum(sizes[filled])[:-1]))
        with np.errstate(over="ignore"):
            if values.size <= _SMALL:
                permuted = values[:, None] * self.multipliers[None, :] + self.offsets[None, :]
                out[filled] = np.minimum.reduceat(permuted, offsets, axis=0)
                return out
            # A batch: one hash function at a time over all its shingles, since a column
            # of the (shingles x functions) matrix fits in cache and the matrix does not.
            permuted = np.empty_like(values)
            for column, (multiplier, offset) in enumerate(
                zip(self.multipliers, self.offsets, strict=True)
            ):
                np.multiply(values, multiplier, out=permuted)
                permuted += offset
                out[filled, column] = np.minimum.reduceat(permuted, offsets)
        return out


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
