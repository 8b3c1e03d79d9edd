"""An article's fingerprint: exact hash, word and skeleton shingles, and its LSH band keys."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cleaners.dedup._minhash import MinHasher, band_keys, ordered_shingle_hashes, unique_sorted
from cleaners.dedup._words import analyse_batch

WORD_SHINGLE = 4  # words per shingle for rewrites and excerpts
SKELETON_SHINGLE = 8  # skeleton tokens per shingle for spun copies
# One minimum per word band: a pair sharing 15% of its shingles shares a band 93% of the
# time. Every band is a row in the store, so the count is what an insert costs.
WORD_BANDS, WORD_ROWS = 16, 1
SKELETON_BANDS, SKELETON_ROWS = 8, 2
BANDS_PER_ARTICLE = WORD_BANDS + SKELETON_BANDS
_WORD_HASHER = MinHasher(WORD_BANDS * WORD_ROWS, seed=0x5EED)
_SKELETON_HASHER = MinHasher(SKELETON_BANDS * SKELETON_ROWS, seed=0xB0DE)
_WORD_SALT, _SKELETON_SALT = 0x57, 0x5C
# Characters fingerprinted together: more spreads numpy's per-call cost thinner, but past a
# few hundred thousand the arrays (8 bytes a character) outgrow the cache and cost more.
CHUNK = 1 << 18


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of one text; computed from the text alone, so it is never stored."""

    exact_hash: str  # of the normalised words' hashes: equal for exact copies
    word_count: int
    shingles: np.ndarray  # word shingle hashes in text order
    skeleton_shingles: np.ndarray  # skeleton shingle hashes in text order
    band_keys: np.ndarray  # int32 LSH buckets: word bands then skeleton bands

    @cached_property
    def shingle_set(self) -> np.ndarray:
        """Word shingles sorted and unique (only needed when a candidate is checked)."""
        return unique_sorted(self.shingles)

    @cached_property
    def skeleton_set(self) -> np.ndarray:
        return unique_sorted(self.skeleton_shingles)

    @cached_property
    def first_times(self) -> np.ndarray:
        """Per shingle position: the first time its shingle occurs in the text."""
        first = np.zeros(self.shingles.size, dtype=bool)
        first[np.unique(self.shingles, return_index=True)[1]] = True
        return first


def _per_text(
    hashes: np.ndarray, docs: np.ndarray, telling: np.ndarray, size: int, count: int
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Each text's shingle hashes in order (a text shorter than `size` is one shingle); and
    those to sign, every text's one after another, with how many are each text's: the
    shingles holding a `telling` token, or all of a text that has none.

    A shingle of nothing but function words and placeholders ("_ of the _ _ in the _") is in
    every English text; a band whose minimum falls on one joins unrelated texts, and such
    chance candidates grow with the index.
    """
    shingles = np.empty(0, dtype=np.uint64)
    owners = np.empty(0, dtype=np.int64)
    informative = np.empty(0, dtype=bool)
    if hashes.size >= size:
        every = ordered_shingle_hashes(hashes, size)
        inside = docs[: every.size] == docs[size - 1 :]  # not straddling two texts
        told = np.concatenate(([0], np.cumsum(telling)))
        shingles, owners = every[inside], docs[: every.size][inside]
        informative = ((told[size:] - told[: every.size]) > 0)[inside]
    words = np.bincount(docs, minlength=count)
    short = np.flatnonzero((words > 0) & (words < size))
    if short.size:
        whole = [ordered_shingle_hashes(hashes[docs == text], size) for text in short]
        shingles = np.concatenate([shingles, *whole])
        owners = np.concatenate([owners, short])
        informative = np.concatenate([informative, np.ones(short.size, dtype=bool)])
        order = np.argsort(owners, kind="stable")
        shingles, owners, informative = shingles[order], owners[order], informative[order]
    has_telling = np.zeros(count, dtype=bool)
    has_telling[owners[informative]] = True
    signed = informative | ~has_telling[owners]
    return (
        _split(shingles, owners, count),
        shingles[signed],
        np.bincount(owners[signed], minlength=count),
    )


def _split(values: np.ndarray, owners: np.ndarray, count: int) -> list[np.ndarray]:
    """`values` cut into `count` pieces by their (sorted) owners: views, one per owner."""
    ends = np.cumsum(np.bincount(owners, minlength=count)).tolist()
    return [values[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def fingerprints(texts: Sequence[str]) -> list[Fingerprint]:
    """Fingerprint many clean article texts at once: array work is shared by a group of
    texts, and a group holds about CHUNK characters, so its arrays stay in the CPU's cache."""
    groups: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if size + len(text) > CHUNK and groups[-1]:
            groups.append([])
            size = 0
        groups[-1].append(text)
        size += len(text)
    return [fp for group in groups if group for fp in _fingerprint_group(group)]


def _fingerprint_group(texts: Sequence[str]) -> list[Fingerprint]:
    words = analyse_batch(texts)
    count = len(texts)
    shingles, *signed = _per_text(words.hashes, words.docs, ~words.function, WORD_SHINGLE, count)
    skeleton, *signed_skeleton = _per_text(
        words.skeleton_hashes, words.docs, words.kept & ~words.function, SKELETON_SHINGLE, count
    )
    keys = np.hstack(
        [
            band_keys(_WORD_HASHER.signatures(*signed), WORD_ROWS, _WORD_SALT),
            band_keys(_SKELETON_HASHER.signatures(*signed_skeleton), SKELETON_ROWS, _SKELETON_SALT),
        ]
    )
    word_hashes = _split(words.hashes, words.docs, count)
    return [
        Fingerprint(
            exact_hash=hashlib.sha256(word_hashes[i].tobytes()).hexdigest(),
            word_count=int(word_hashes[i].size),
            shingles=shingles[i],
            skeleton_shingles=skeleton[i],
            band_keys=keys[i],
        )
        for i in range(count)
    ]


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint one clean article text."""
    return fingerprints([text])[0]
