"""Shingle hashing, MinHash signatures and LSH band keys, vectorised with numpy."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_POSITION_MULTIPLIERS = np.random.default_rng(0x5111).integers(
    1, 2**63, size=16, dtype=np.uint64
) * np.uint64(2) + np.uint64(1)


def _splitmix(values: np.ndarray) -> np.ndarray:
    """Spread the bits of uint64 values (splitmix64's finaliser); wraps as uint64 should."""
    z = values ^ (values >> np.uint64(30))
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    return z


_token_cache: dict[str, int] = {}
_TOKEN_CACHE_SIZE = 1_000_000


def _token_hash(token: str) -> int:
    """A token's 64-bit hash, stable across processes (unlike hash()), cached."""
    value = _token_cache.get(token)
    if value is None:
        if len(_token_cache) >= _TOKEN_CACHE_SIZE:
            _token_cache.clear()
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = _token_cache[token] = int.from_bytes(digest, "little")
    return value


def ordered_shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """64-bit hashes of the token `size`-grams in text order (the whole text if shorter)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    token_hashes = np.array([_token_hash(t) for t in tokens], dtype=np.uint64)
    width = min(size, len(tokens))
    count = len(tokens) - width + 1
    # Token hashes are uniform 64-bit values, so a sum with a different odd multiplier per
    # position, then one finaliser, hashes a shingle well and costs a few array operations.
    with np.errstate(over="ignore"):
        combined = token_hashes[:count] * _POSITION_MULTIPLIERS[0]
        for offset in range(1, width):
            combined += token_hashes[offset : offset + count] * _POSITION_MULTIPLIERS[offset]
    return _splitmix(combined)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (np.unique's Python overhead dominates on short arrays)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the token `size`-grams."""
    return unique_sorted(ordered_shingle_hashes(tokens, size))


class MinHasher:
    """`perms` universal hash functions over uint64 shingle hashes; one minimum per function."""

    def __init__(self, perms: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.multipliers = rng.integers(1, 2**63, size=perms, dtype=np.uint64) * np.uint64(
            2
        ) + np.uint64(1)
        self.offsets = rng.integers(0, 2**63, size=perms, dtype=np.uint64)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """The MinHash signature of a shingle set (all-ones for an empty set)."""
        if shingles.size == 0:
            return np.full(self.multipliers.size, _MASK, dtype=np.uint64)
        with np.errstate(over="ignore"):
            permuted = shingles[:, None] * self.multipliers[None, :] + self.offsets[None, :]
        return permuted.min(axis=0)


def band_keys(signature: np.ndarray, rows: int, salt: int) -> list[int]:
    """One signed 64-bit key per band of `rows` minimums; `salt` keeps signatures apart."""
    bands = signature.reshape(-1, rows)
    key = np.full(bands.shape[0], np.uint64(salt), dtype=np.uint64) ^ (
        np.arange(bands.shape[0], dtype=np.uint64) * _GOLDEN
    )
    with np.errstate(over="ignore"):
        for column in range(rows):
            key = _splitmix(key * _GOLDEN + bands[:, column])
    return key.view(np.int64).tolist()
