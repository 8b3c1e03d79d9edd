"""The C kernels of dedup fingerprints against plain Python written from their definitions."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import numpy as np
import pytest

from cleaners.dedup import _kernels
from cleaners.dedup._codepoints import ALNUM, FLAG_TABLE, FOLD_TABLE, classify
from cleaners.dedup._minhash import _POSITION_MULTIPLIERS, MinHasher
from cleaners.dedup._mix import splitmix
from cleaners.dedup._words import _PLACE_WEIGHTS, _SCAN_BITS

_MASK = 2**64 - 1


def _splitmix(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def test_splitmix_is_the_splitmix64_finaliser() -> None:
    values = [
        0,
        1,
        2**63,
        _MASK,
        0x0123456789ABCDEF,
        *(random.Random(1).getrandbits(64) for _ in range(50)),
    ]
    mixed = splitmix(np.array(values, dtype=np.uint64).reshape(5, 11))
    assert mixed.shape == (5, 11)
    assert mixed.ravel().tolist() == [_splitmix(v) for v in values]


def _shingles_and_signature(
    tokens: list[int], telling: list[bool], size: int, hasher: MinHasher
) -> tuple[list[int], list[int]]:
    """One text's shingle hashes and signature, from the definition in `MinHasher.shingle`."""
    width = min(size, len(tokens))
    windows = [range(j, j + width) for j in range(len(tokens) - width + 1)] if tokens else []
    positions = [int(p) for p in _POSITION_MULTIPLIERS]
    shingles = [
        _splitmix(sum(tokens[i] * positions[i - w.start] for i in w) & _MASK) for w in windows
    ]
    told = [len(tokens) < size or any(telling[i] for i in w) for w in windows]
    signed = [s for s, t in zip(shingles, told, strict=True) if t or not any(told)]
    signature = [
        min(((s * int(m) + int(o)) & _MASK for s in signed), default=_MASK)
        for m, o in zip(hasher.multipliers, hasher.offsets, strict=True)
    ]
    return shingles, signature


@pytest.mark.parametrize("size", [4, 8])
def test_shingles_and_signatures_follow_their_definition(size: int) -> None:
    rng = random.Random(size)
    hasher = MinHasher(16, seed=size)
    lengths = [0, 1, size - 1, size, size + 1, 0, 40, 3, 25]
    texts = [[rng.getrandbits(64) for _ in range(n)] for n in lengths]
    # Some texts with no telling token at all: every shingle of theirs is signed.
    telling = [
        [rng.random() < (0.3 if t % 3 else 0.0) for _ in text] for t, text in enumerate(texts)
    ]
    shingles, made, signatures = hasher.shingle(
        np.array([v for text in texts for v in text], dtype=np.uint64),
        np.array(lengths),
        np.array([v for flags in telling for v in flags], dtype=bool),
        size,
    )
    assert made.tolist() == [max(0, n - size + 1) if n >= size else min(n, 1) for n in lengths]
    ends = np.cumsum(made).tolist()
    for t, (text, flags) in enumerate(zip(texts, telling, strict=True)):
        expected_shingles, expected_signature = _shingles_and_signature(text, flags, size, hasher)
        assert shingles[ends[t] - made[t] : ends[t]].tolist() == expected_shingles
        assert signatures[t].tolist() == expected_signature


def test_kernels_refuse_what_does_not_fit_together() -> None:
    hasher = MinHasher(4, seed=1)
    with pytest.raises(ValueError, match="add up"):
        hasher.shingle(np.arange(5, dtype=np.uint64), np.array([2, 2]), np.ones(5, bool), 4)
    with pytest.raises(ValueError, match="add up"):
        hasher.shingle(np.arange(0, dtype=np.uint64), np.array([-1, 1]), np.ones(0, bool), 4)
    with pytest.raises(ValueError, match="outside Unicode"):
        codes = np.array([0x41, 0x110000], dtype=np.uint32)
        _kernels.scan(codes, FLAG_TABLE, FOLD_TABLE, _PLACE_WEIGHTS, _SCAN_BITS)
    with pytest.raises(ValueError, match="per Unicode code point"):
        codes = np.array([0x41], dtype=np.uint32)
        _kernels.scan(codes, FLAG_TABLE[:100], FOLD_TABLE, _PLACE_WEIGHTS, _SCAN_BITS)


def test_scan_stops_at_a_code_point_not_classified_yet() -> None:
    # A CJK compatibility ideograph: NFKC maps it away, so no text ever classifies it.
    codes = np.array([0x41, 0x2F800], dtype=np.uint32)
    assert _kernels.scan(codes, FLAG_TABLE, FOLD_TABLE, _PLACE_WEIGHTS, _SCAN_BITS) is None


@pytest.mark.parametrize("dtype", [np.uint32, np.uint64])
def test_common_and_members_follow_their_definition(dtype: type) -> None:
    rng = np.random.default_rng(5)
    for size_a, size_b in ((0, 5), (7, 0), (50, 300), (1000, 1000)):
        a = np.unique(rng.integers(0, 2_000, size_a)).astype(dtype)
        b = np.unique(rng.integers(0, 2_000, size_b)).astype(dtype)
        assert _kernels.common(a, b, a.itemsize) == len(set(a.tolist()) & set(b.tolist()))
        values = rng.integers(0, 2_000, 200).astype(dtype)  # any order, repeats
        found = np.frombuffer(_kernels.members(values, b, values.itemsize), dtype=np.bool_)
        assert found.tolist() == [v in set(b.tolist()) for v in values.tolist()]
    with pytest.raises(ValueError):
        _kernels.common(np.zeros(3, np.uint16), np.zeros(3, np.uint16), 2)


def test_letters_are_the_folded_letters_and_digits_of_each_text() -> None:
    texts = ["Straße, İstanbul!", "", "Ab-\ncd 12", "東京都は"]
    joined = "\x00".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    classify(codes)
    tokens, counts = _kernels.letters(codes, FLAG_TABLE, FOLD_TABLE, int(ALNUM), len(texts))
    expected = [
        [ord(c.casefold()) if len(c.casefold()) == 1 else ord(c) for c in text if c.isalnum()]
        for text in texts
    ]
    assert np.frombuffer(counts, dtype=np.int64).tolist() == [len(e) for e in expected]
    flat = np.array([code for e in expected for code in e], dtype=np.uint64)
    assert np.frombuffer(tokens, dtype=np.uint64).tolist() == splitmix(flat).tolist()


def test_matching_blocks_are_difflibs() -> None:
    rng = np.random.default_rng(16)
    for _ in range(400):
        alphabet = int(rng.choice([2, 5, 40, 400]))
        a = rng.integers(0, alphabet, int(rng.integers(0, 80)))
        b = a.copy() if rng.random() < 0.5 else rng.integers(0, alphabet, int(rng.integers(0, 80)))
        for _ in range(int(rng.integers(0, 10))):  # edits, some with values not in the other
            if len(b):
                b[rng.integers(0, len(b))] = rng.integers(0, alphabet + 3)
        a, b = a.astype(np.int64), b.astype(np.int64)
        matcher = SequenceMatcher(None, a.tolist(), b.tolist(), autojunk=False)
        expected = [tuple(block) for block in matcher.get_matching_blocks()]
        assert _kernels.matching_blocks(a, b) == expected
    with pytest.raises(ValueError):
        _kernels.matching_blocks(np.zeros(2, np.int64), np.array([-1], np.int64))
