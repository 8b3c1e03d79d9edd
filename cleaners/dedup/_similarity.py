"""Precise similarity of two fingerprints, and the verdict: which kind of copy, if any."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cleaners.dedup._fingerprint import Fingerprint

REWRITE_JACCARD = 0.5  # shingle sets this alike: the same report with light edits
EXCERPT_CONTAINMENT = 0.8  # the shorter text's shingles found in the longer one
EXCERPT_MAX_LENGTH = 0.75  # an excerpt is at most this share of the longer text
MIN_SHINGLES = 15  # a text this short is contained in too much to call it an excerpt
# A heavy rewrite keeps a share of the wording in several separate passages; a shared
# background paragraph is one passage, so the spread tells the two apart.
PARTIAL_COVERAGE = 0.25
PARTIAL_PASSAGES = 3
PASSAGE_SHINGLES = 4  # shared shingles that make one passage
PASSAGE_GAP = 12  # an edited word or two inside a passage does not split it
SPUN_JACCARD = 0.5  # skeleton shingle sets this alike: a synonym-swapped copy


@dataclass(frozen=True)
class Match:
    """How one text copies another: exact, rewrite, excerpt or spun, and how alike they are."""

    kind: str
    similarity: float


@dataclass(frozen=True)
class Scores:
    """The raw measures behind a verdict (the evaluation prints them)."""

    jaccard: float
    containment: float  # of the shorter text's shingles in the longer
    coverage: float  # share of the shorter text's shingle positions shared (first times)
    passages: int  # separate shared passages in the shorter text
    length_ratio: float  # shorter / longer, in words
    skeleton_jaccard: float


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.intersect1d(a, b, assume_unique=True).size)


def _passages(shared: np.ndarray) -> int:
    """Separate shared passages: runs of shared positions, gaps up to PASSAGE_GAP bridged."""
    positions = np.flatnonzero(shared)
    if positions.size == 0:
        return 0
    breaks = np.flatnonzero(np.diff(positions) > PASSAGE_GAP)
    sizes = np.diff(np.concatenate(([0], breaks + 1, [positions.size])))
    return int((sizes >= PASSAGE_SHINGLES).sum())


def _shared_first_time(text: Fingerprint, other: Fingerprint) -> np.ndarray:
    """Positions of `text` whose shingle `other` has, counting each shingle once: in a page
    that repeats itself (a menu, a table) one shared line must not count as many passages."""
    first = np.zeros(text.shingles.size, dtype=bool)
    first[np.unique(text.shingles, return_index=True)[1]] = True
    return first & np.isin(text.shingles, other.shingle_set)


def scores(a: Fingerprint, b: Fingerprint) -> Scores:
    """Every measure `compare` decides on."""
    short, long = (a, b) if a.shingle_set.size <= b.shingle_set.size else (b, a)
    common = _overlap(a.shingle_set, b.shingle_set)
    union = a.shingle_set.size + b.shingle_set.size - common
    shared = _shared_first_time(short, long)
    skeleton_common = _overlap(a.skeleton_set, b.skeleton_set)
    skeleton_union = a.skeleton_set.size + b.skeleton_set.size - skeleton_common
    return Scores(
        jaccard=common / union if union else 1.0,
        containment=common / short.shingle_set.size if short.shingle_set.size else 0.0,
        coverage=float(shared.mean()) if shared.size else 0.0,
        # A background paragraph is one passage in at least one of the two texts.
        passages=min(_passages(shared), _passages(_shared_first_time(long, short))),
        length_ratio=min(a.word_count, b.word_count) / max(a.word_count, b.word_count, 1),
        skeleton_jaccard=skeleton_common / skeleton_union if skeleton_union else 0.0,
    )


def verdict(s: Scores) -> Match | None:
    """The kind of copy the scores show, or None for different stories."""
    if s.containment >= EXCERPT_CONTAINMENT and s.length_ratio <= EXCERPT_MAX_LENGTH:
        return Match("excerpt", round(s.containment, 4))
    if s.jaccard >= REWRITE_JACCARD:
        return Match("rewrite", round(s.jaccard, 4))
    if s.containment >= EXCERPT_CONTAINMENT:
        return Match("rewrite", round(s.containment, 4))
    if s.skeleton_jaccard >= SPUN_JACCARD:
        return Match("spun", round(s.skeleton_jaccard, 4))
    if s.coverage >= PARTIAL_COVERAGE and s.passages >= PARTIAL_PASSAGES:
        return Match("rewrite", round(s.coverage, 4))
    return None


def _cannot_match(a: Fingerprint, b: Fingerprint) -> bool:
    """True when no verdict can hold, from the two set overlaps alone: jaccard and coverage
    never exceed containment, so below both floors every test in `verdict` fails."""
    short = min(a.shingle_set.size, b.shingle_set.size)
    if _overlap(a.shingle_set, b.shingle_set) >= PARTIAL_COVERAGE * short:
        return False
    skeleton_common = _overlap(a.skeleton_set, b.skeleton_set)
    skeleton_union = a.skeleton_set.size + b.skeleton_set.size - skeleton_common
    return skeleton_common < SPUN_JACCARD * skeleton_union


def compare(a: Fingerprint, b: Fingerprint) -> Match | None:
    """Whether `a` and `b` are copies of one report, and how; None when they are not."""
    if a.exact_hash == b.exact_hash:
        return Match("exact", 1.0)
    if min(a.shingle_set.size, b.shingle_set.size) < MIN_SHINGLES or _cannot_match(a, b):
        return None
    return verdict(scores(a, b))
