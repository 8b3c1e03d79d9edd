"""Candidates from shared LSH bands, counted for a whole batch with array operations."""

from __future__ import annotations

import numpy as np


def matching_pairs(query: np.ndarray, found: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) with query[i] == found[j], every such pair once."""
    order = np.argsort(found, kind="stable")
    ordered = found[order]
    low = np.searchsorted(ordered, query, "left")
    counts = np.searchsorted(ordered, query, "right") - low
    query_index = np.repeat(np.arange(query.size), counts)
    before = np.cumsum(counts) - counts  # pairs of the queries ahead of each query
    found_index = order[np.arange(int(counts.sum())) + np.repeat(low - before, counts)]
    return query_index, found_index


def pairs_within(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) with keys[i] == keys[j] (i == j too, for keys that occur twice or
    more); a batch's keys are nearly all distinct, so only the repeated ones are matched."""
    ordered = np.sort(keys)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if repeated.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    shared = np.flatnonzero(np.isin(keys, repeated))
    first, second = matching_pairs(keys[shared], keys[shared])
    return shared[first], shared[second]


def most_shared(
    owners: np.ndarray, others: np.ndarray, limit: int
) -> dict[int, list[tuple[int, int]]]:
    """owner -> [(other, pairs shared)], most shared first then lowest other, at most `limit`.

    `owners` and `others` are non-negative and below 2**31: one pair per shared band.
    """
    if owners.size == 0:
        return {}
    combined, counts = np.unique(
        (owners.astype(np.int64) << 32) | others.astype(np.int64), return_counts=True
    )
    owner, other = combined >> 32, combined & 0xFFFFFFFF
    order = np.lexsort((other, -counts, owner))
    owner, other, counts = owner[order], other[order], counts[order]
    position = np.arange(owner.size)
    starts = np.where(np.r_[True, owner[1:] != owner[:-1]], position, 0)
    keep = position - np.maximum.accumulate(starts) < limit  # rank within its owner
    ranked: dict[int, list[tuple[int, int]]] = {}
    kept = zip(owner[keep].tolist(), other[keep].tolist(), counts[keep].tolist(), strict=True)
    for who, candidate, shared in kept:
        ranked.setdefault(who, []).append((candidate, shared))
    return ranked
