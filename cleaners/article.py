"""Plain data that the cleaners hand back: the clean article, its metadata and what was removed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Removal:
    """One piece of text a cleaner took out, and why."""

    cleaner: str
    text: str
    reason: str
    moved_to: str | None = None  # the metadata field that took the text, if it moved
    refused: bool = False  # the removal was refused (it would take most of the text): text stays

    def as_dict(self) -> dict[str, object]:
        """The record as JSON: `refused` only appears on a refused removal."""
        record: dict[str, object] = asdict(self)
        if not self.refused:
            del record["refused"]
        return record


@dataclass(frozen=True)
class Image:
    """An image of the article with its caption (captions never stay in the body)."""

    url: str
    caption: str | None = None


@dataclass(frozen=True)
class Substitution:
    """A phrase a spinner swapped in, where it stands in the text, and the likely original."""

    spun: str
    original: str
    start: int
    end: int
    source: str = "lexicon"  # lexicon | wordnet | tortured-phrases | aligned copy
    confidence: float = 1.0
    applied: bool = True  # False: too unsure to change, only marked for a reader
    alternatives: tuple[str, ...] = ()  # other candidate originals, best first
    evidence: str = ""  # why this original: the context's support, in words


@dataclass(frozen=True)
class SpunReport:
    """How likely a text is machine-spun, the evidence, and the text restored where possible."""

    score: float
    is_spun: bool
    restored_text: str | None
    substitutions: tuple[Substitution, ...] = ()
    verdict: str = ""  # what the score rests on: the lexicon, or the context's measures

    def as_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "is_spun": self.is_spun,
            "verdict": self.verdict,
            "restored_text": self.restored_text,
            "substitutions": [asdict(s) for s in self.substitutions],
        }


@dataclass(frozen=True)
class CleanContext:
    """What the caller knows beyond the text: the host's boilerplate lines and the headline."""

    site_boilerplate: frozenset[str] = frozenset()
    title: str | None = None  # the headline, when known, so the body does not repeat it


@dataclass
class CleanArticle:
    """The article as users read it: clean body text plus metadata, removals and spun verdict."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    dateline: str | None = None
    images: list[Image] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    spun: SpunReport | None = None
    confidence: float | None = None  # 0-1: how much of the page's prose the text holds
    extracted_by: str | None = None  # the candidate extraction taken
    extraction_note: str | None = None  # why another candidate than the first was weighed
    empty_reason: str | None = None  # why there is no text, when there is none
    updated: datetime | None = None  # when the page says the article last changed
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    accessible_for_free: bool | None = None  # the page's isAccessibleForFree, where stated
    # Where each metadata field came from ("published": "meta article:published_time = ...").
    metadata_evidence: dict[str, str] = field(default_factory=dict)
