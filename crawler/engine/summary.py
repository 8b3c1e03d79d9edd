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
class HostBackOff:
    """A host held back for a while: the error kind that tripped its breaker, and why."""

    kind: str
    reason: str


@dataclass
class CrawlSummary:
    """Thread-safe counters for one crawl.

    Every URL a crawl takes up ends in exactly one of: stored, updated, unchanged (a 304 or
    the same text), discovery (a feed, sitemap or listing page read for links), a skip
    reason or an error kind; `fetched`, `retries` and `discovered` count requests and URLs.
    Skips and errors are counted per source too (`by_source`), and every host backed off
    by its circuit breaker is listed with its reason (`backed_off`).
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
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    backed_off: dict[str, HostBackOff] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str, amount: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def _note(
        self, bucket: Counter[str], url: str, kind: str, message: str, source: str | None
    ) -> None:
        with self._lock:
            bucket[kind] += 1
            if source is not None:
                self.by_source.setdefault(source, Counter())[kind] += 1
            if len(self.problems) < MAX_LISTED_PROBLEMS:
                self.problems.append(Problem(url, kind, message))

    def skip(self, url: str, reason: str, message: str, source: str | None = None) -> None:
        self._note(self.skipped, url, reason, message, source)

    def error(self, url: str, kind: str, message: str, source: str | None = None) -> None:
        self._note(self.errors, url, kind, message, source)

    def back_off(self, host: str, kind: str, reason: str) -> None:
        """The host's circuit breaker tripped: its URLs wait, the other hosts go on."""
        with self._lock:
            self.backed_off[host] = HostBackOff(kind, reason)

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
            "by_source": {
                name: dict(sorted(c.items())) for name, c in sorted(self.by_source.items())
            },
            "hosts_backed_off": {host: b.__dict__ for host, b in sorted(self.backed_off.items())},
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
            ("hosts backed off", len(self.backed_off)),
        ]
        width = max(len(label) for label, _ in rows)
        lines = [f"{label:<{width}}  {value:>7}" for label, value in rows]
        lines += [f"  {host}: {b.reason}" for host, b in sorted(self.backed_off.items())]
        return "\n".join(lines)
