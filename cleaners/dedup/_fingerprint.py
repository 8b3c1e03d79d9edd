"""An article's fingerprint: exact hash, word, skeleton and character shingles, LSH band keys."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cleaners.dedup._codepoints import ALNUM, FLAG_TABLE, FOLD_TABLE
from cleaners.dedup._kernels import letters
from cleaners.dedup._minhash import MinHasher, band_keys, unique_sorted
from cleaners.dedup._words import Words, analyse_batch

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
# Characters per character shingle, over the letters and digits alone (case-folded, every
# space, hyphen and line break left out): OCR noise that misreads a letter in 3% of places,
# loses spaces and hyphenates words across lines leaves 60-70% of them intact, where it
# breaks most word shingles; and eight letters in a row are rarely shared by chance.
CHAR_SHINGLE = 8
_CHAR_HASHER = MinHasher(0, seed=0xC4A2)
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
    char_shingles: np.ndarray  # uint32 character shingle hashes in text order

    @cached_property
    def shingle_set(self) -> np.ndarray:
        """Word shingles sorted and unique (only needed when a candidate is checked)."""
        return unique_sorted(self.shingles)

    @cached_property
    def skeleton_set(self) -> np.ndarray:
        return unique_sorted(self.skeleton_shingles)

    @cached_property
    def char_set(self) -> np.ndarray:
        return unique_sorted(self.char_shingles)

    @cached_property
    def first_times(self) -> np.ndarray:
        """Per shingle position: the first time its shingle occurs in the text."""
        first = np.zeros(self.shingles.size, dtype=bool)
        first[np.unique(self.shingles, return_index=True)[1]] = True
        return first


def _split(values: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    """`values` cut into pieces of these `counts`: views, one per count."""
    ends = np.cumsum(counts).tolist()
    return [values[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _char_shingles(words: Words, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Every text's character shingles (upper 32 bits of the hash) in order, and how many
    are each text's: over its letters and digits case-folded, nothing between them."""
    codes = np.frombuffer(words.text.encode("utf-32-le"), dtype=np.uint32)
    # The word scan has classified every code point of these texts.
    tokens, counts = letters(codes, FLAG_TABLE, FOLD_TABLE, int(ALNUM), count)
    folded = np.frombuffer(tokens, dtype=np.uint64)
    shingles, made, _ = _CHAR_HASHER.shingle(
        folded,
        np.frombuffer(counts, dtype=np.int64),
        np.ones(folded.size, dtype=np.uint8),
        CHAR_SHINGLE,
    )
    return (shingles >> np.uint64(32)).astype(np.uint32), made


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
    word_counts = np.bincount(words.docs, minlength=count)
    # A shingle of nothing but function words and placeholders ("_ of the _ _ in the _") is
    # in every English text; a band whose minimum falls on one joins unrelated texts, and
    # such chance candidates grow with the index: signatures skip them.
    shingles, shingle_counts, signatures = _WORD_HASHER.shingle(
        words.hashes, word_counts, ~words.function, WORD_SHINGLE
    )
    skeleton, skeleton_counts, skeleton_signatures = _SKELETON_HASHER.shingle(
        words.skeleton_hashes, word_counts, words.kept & ~words.function, SKELETON_SHINGLE
    )
    keys = np.hstack(
        [
            band_keys(signatures, WORD_ROWS, _WORD_SALT),
            band_keys(skeleton_signatures, SKELETON_ROWS, _SKELETON_SALT),
        ]
    )
    word_hashes = _split(words.hashes, word_counts)
    char_shingles = _split(*_char_shingles(words, count))
    shingles_of, skeleton_of = _split(shingles, shingle_counts), _split(skeleton, skeleton_counts)
    return [
        Fingerprint(
            exact_hash=hashlib.sha256(word_hashes[i].tobytes()).hexdigest(),
            word_count=int(word_hashes[i].size),
            shingles=shingles_of[i],
            skeleton_shingles=skeleton_of[i],
            band_keys=keys[i],
            char_shingles=char_shingles[i],
        )
        for i in range(count)
    ]


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint one clean article text."""
    return fingerprints([text])[0]
