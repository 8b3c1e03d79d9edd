"""Precise similarity of two fingerprints, and the verdict: which kind of copy, if any."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cleaners.dedup._fingerprint import Fingerprint
from cleaners.dedup._kernels import common, members

REWRITE_JACCARD = 0.5  # shingle sets this alike: the same report with light edits
EXCERPT_CONTAINMENT = 0.8  # the shorter text's shingles found in the longer one
EXCERPT_MAX_LENGTH = 0.75  # an excerpt is at most this share of the longer text
# Word measures count only when both texts have this many word shingles: a shorter one is
# contained in too much, and a text in a script written without spaces has few, long words.
MIN_SHINGLES = 15
# A heavy rewrite keeps a share of the wording in several separate passages; a shared
# background paragraph is one passage, so the spread tells the two apart.
PARTIAL_COVERAGE = 0.25
PARTIAL_PASSAGES = 3
PASSAGE_SHINGLES = 4  # shared shingles that make one passage
PASSAGE_GAP = 12  # an edited word or two inside a passage does not split it
SPUN_JACCARD = 0.5  # skeleton shingle sets this alike: a synonym-swapped copy
# The same tests on character shingles, which survive OCR noise and scripts written without
# spaces; a republication with a dateline, byline, credits or links added around the body
# still holds nearly all of the shorter text's characters.
CHAR_REWRITE_JACCARD = 0.45
CHAR_CONTAINMENT = 0.7
MIN_CHAR_SHINGLES = 80  # a text of fewer letters is a headline, not a report
EVIDENCE_STRIDE = 4


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
    char_jaccard: float
    char_containment: float  # of the shorter text's character shingles in the longer
    char_length_ratio: float  # shorter / longer, in character shingles


@dataclass(frozen=True)
class Evidence:
    """What two texts share, on character shingles: how much of each, and where it lies in
    each (first and last shared place, as shares of the text's length)."""

    shared_of_first: float  # of the first text's shingles (the one being assigned)
    shared_of_second: float
    first_span: tuple[float, float]
    second_span: tuple[float, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "shared_of_article": round(self.shared_of_first, 4),
            "shared_of_matched": round(self.shared_of_second, 4),
            "article_span": [round(x, 4) for x in self.first_span],
            "matched_span": [round(x, 4) for x in self.second_span],
        }


def _members(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in the sorted array `ordered` (of the same type)."""
    found = members(values, ordered, values.itemsize)
    return np.frombuffer(found, dtype=np.bool_)


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Values two sorted unique arrays (of one unsigned type) share."""
    return common(a, b, a.itemsize)


def _passages(shared: np.ndarray) -> int:
    """Separate shared passages: runs of shared positions, gaps up to PASSAGE_GAP bridged."""
    positions = np.flatnonzero(shared)
    if positions.size == 0:
        return 0
    breaks = np.flatnonzero(np.diff(positions) > PASSAGE_GAP)
    sizes = np.diff(np.concatenate(([0], breaks + 1, [positions.size])))
    return int((sizes >= PASSAGE_SHINGLES).sum())


def _span(shared: np.ndarray) -> tuple[float, float]:
    places = np.flatnonzero(shared)
    if places.size == 0:
        return (0.0, 0.0)
    return (float(places[0] / shared.size), float((places[-1] + 1) / shared.size))


def evidence(a: Fingerprint, b: Fingerprint) -> Evidence:
    """How much of `a` and of `b` the other holds, and where (from every EVIDENCE_STRIDE-th
    character shingle: a shared passage spans dozens, so the shares and spans hardly move)."""
    in_a = _members(a.char_shingles[::EVIDENCE_STRIDE].copy(), b.char_set)
    in_b = _members(b.char_shingles[::EVIDENCE_STRIDE].copy(), a.char_set)
    return Evidence(
        float(in_a.mean()) if in_a.size else 0.0,
        float(in_b.mean()) if in_b.size else 0.0,
        _span(in_a),
        _span(in_b),
    )


def _shared_first_time(text: Fingerprint, other: Fingerprint) -> np.ndarray:
    """Positions of `text` whose shingle `other` has, counting each shingle once: in a page
    that repeats itself (a menu, a table) one shared line must not count as many passages."""
    return text.first_times & _members(text.shingles, other.shingle_set)


class Measures:
    """The measures of one pair, each computed when a verdict first asks for it."""

    def __init__(self, a: Fingerprint, b: Fingerprint) -> None:
        self.a, self.b = a, b
        self.short, self.long = (a, b) if a.shingle_set.size <= b.shingle_set.size else (b, a)

    @cached_property
    def common(self) -> int:
        if self.short.shingle_set.size < MIN_SHINGLES:
            return 0
        return _overlap(self.a.shingle_set, self.b.shingle_set)

    @cached_property
    def jaccard(self) -> float:
        union = self.a.shingle_set.size + self.b.shingle_set.size - self.common
        return self.common / union if union else 1.0

    @cached_property
    def containment(self) -> float:
        size = self.short.shingle_set.size
        return self.common / size if size else 0.0

    @cached_property
    def _shared(self) -> np.ndarray:
        return _shared_first_time(self.short, self.long)

    @cached_property
    def coverage(self) -> float:
        if self.short.shingle_set.size < MIN_SHINGLES:
            return 0.0
        return float(self._shared.mean()) if self._shared.size else 0.0

    @cached_property
    def passages(self) -> int:
        # A background paragraph is one passage in at least one of the two texts.
        return min(_passages(self._shared), _passages(_shared_first_time(self.long, self.short)))

    @cached_property
    def length_ratio(self) -> float:
        counts = (self.a.word_count, self.b.word_count)
        return min(counts) / max(*counts, 1)

    @cached_property
    def char_common(self) -> int:
        return _overlap(self.a.char_set, self.b.char_set)

    @cached_property
    def char_jaccard(self) -> float:
        union = self.a.char_set.size + self.b.char_set.size - self.char_common
        return self.char_common / union if union else 1.0

    @cached_property
    def char_containment(self) -> float:
        size = min(self.a.char_set.size, self.b.char_set.size)
        return self.char_common / size if size else 0.0

    @cached_property
    def char_length_ratio(self) -> float:
        sizes = (self.a.char_set.size, self.b.char_set.size)
        return min(sizes) / max(*sizes, 1)

    @cached_property
    def skeleton_jaccard(self) -> float:
        common = _overlap(self.a.skeleton_set, self.b.skeleton_set)
        union = self.a.skeleton_set.size + self.b.skeleton_set.size - common
        return common / union if union else 0.0


def scores(a: Fingerprint, b: Fingerprint) -> Scores:
    """Every measure `compare` decides on."""
    m = Measures(a, b)
    return Scores(
        jaccard=m.jaccard,
        containment=m.containment,
        coverage=m.coverage,
        passages=m.passages,
        length_ratio=m.length_ratio,
        skeleton_jaccard=m.skeleton_jaccard,
        char_jaccard=m.char_jaccard,
        char_containment=m.char_containment,
        char_length_ratio=m.char_length_ratio,
    )


def verdict(s: Scores | Measures) -> Match | None:
    """The kind of copy the scores show, or None for different stories (measures are read
    in order of cost, so a clear rewrite never needs its skeleton or passages)."""
    if s.containment >= EXCERPT_CONTAINMENT and s.length_ratio <= EXCERPT_MAX_LENGTH:
        return Match("excerpt", round(s.containment, 4))
    if s.jaccard >= REWRITE_JACCARD:
        return Match("rewrite", round(s.jaccard, 4))
    if s.containment >= EXCERPT_CONTAINMENT:
        return Match("rewrite", round(s.containment, 4))
    if s.char_containment >= CHAR_CONTAINMENT:
        short = s.char_length_ratio <= EXCERPT_MAX_LENGTH
        return Match("excerpt" if short else "rewrite", round(s.char_containment, 4))
    if s.char_jaccard >= CHAR_REWRITE_JACCARD:
        return Match("rewrite", round(s.char_jaccard, 4))
    if s.skeleton_jaccard >= SPUN_JACCARD:
        return Match("spun", round(s.skeleton_jaccard, 4))
    if s.coverage >= PARTIAL_COVERAGE and s.passages >= PARTIAL_PASSAGES:
        return Match("rewrite", round(s.coverage, 4))
    return None


def _cannot_match(m: Measures) -> bool:
    """True when no verdict can hold, from the two set overlaps alone: jaccard and coverage
    never exceed containment, so below both floors every test in `verdict` fails."""
    return (
        m.containment < PARTIAL_COVERAGE
        and m.char_containment < CHAR_REWRITE_JACCARD
        and m.skeleton_jaccard < SPUN_JACCARD
    )


def compare(a: Fingerprint, b: Fingerprint) -> Match | None:
    """Whether `a` and `b` are copies of one report, and how; None when they are not."""
    if a.exact_hash == b.exact_hash:
        return Match("exact", 1.0)
    if min(a.char_set.size, b.char_set.size) < MIN_CHAR_SHINGLES:
        return None
    measures = Measures(a, b)
    return None if _cannot_match(measures) else verdict(measures)
