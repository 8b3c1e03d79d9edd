"""What a crawl did, counted: pages fetched, articles stored, and why every other page was not."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_LISTED_PROBLEMS = 1000


@dataclass
class Problem:
    """One URL that did not become an article, and why."""

    url: str
    kind: str
    message: str


@dataclass
class CrawlSummary:
    """Thread-safe counters for one crawl.

    Every URL a crawl takes up ends in exactly one of: stored, updated, unchanged (a 304 or
    the same text), discovery (a feed, sitemap or listing page read for links), a skip
    reason or an error kind; `fetched`, `retries` and `discovered` count requests and URLs.
    """

    fetched: int = 0
    retries: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    discovery: int = 0
    discovered: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str, amount: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def _note(self, bucket: Counter[str], url: str, kind: str, message: str) -> None:
        with self._lock:
            bucket[kind] += 1
            if len(self.problems) < MAX_LISTED_PROBLEMS:
                self.problems.append(Problem(url, kind, message))

    def skip(self, url: str, reason: str, message: str) -> None:
        self._note(self.skipped, url, reason, message)

    def error(self, url: str, kind: str, message: str) -> None:
        self._note(self.errors, url, kind, message)

    @property
    def outcomes(self) -> int:
        """How many URLs reached an outcome (each counts once)."""
        settled = self.stored + self.updated + self.unchanged + self.discovery
        return settled + sum(self.skipped.values()) + sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages_fetched": self.fetched,
            "retries": self.retries,
            "articles_stored": self.stored,
            "articles_updated": self.updated,
            "unchanged": self.unchanged,
            "discovery_pages": self.discovery,
            "urls_discovered": self.discovered,
            "skipped": dict(sorted(self.skipped.items())),
            "errors": dict(sorted(self.errors.items())),
            "problems": [p.__dict__ for p in self.problems],
        }

    def table(self) -> str:
        """The summary as an aligned plain-text table for a terminal."""
        rows = [
            ("pages fetched", self.fetched),
            ("retries", self.retries),
            ("articles stored", self.stored),
            ("articles updated", self.updated),
            ("unchanged", self.unchanged),
            ("discovery pages", self.discovery),
            ("urls discovered", self.discovered),
            *((f"skipped: {k}", v) for k, v in sorted(self.skipped.items())),
            *((f"error: {k}", v) for k, v in sorted(self.errors.items())),
        ]
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {value:>7}" for label, value in rows)
