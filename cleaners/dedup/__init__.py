"""Near-duplicate detection, pure: fingerprints of a text and the precise verdict on a pair."""

from __future__ import annotations

from cleaners.dedup._exact import text_hash
from cleaners.dedup._fingerprint import (
    BANDS_PER_ARTICLE,
    Fingerprint,
    fingerprint,
    fingerprints,
)
from cleaners.dedup._similarity import (
    Evidence,
    Match,
    Scores,
    compare,
    evidence,
    scores,
    verdict,
)

__all__ = [
    "BANDS_PER_ARTICLE",
    "Evidence",
    "Fingerprint",
    "Match",
    "Scores",
    "compare",
    "evidence",
    "fingerprint",
    "fingerprints",
    "scores",
    "text_hash",
    "verdict",
]
