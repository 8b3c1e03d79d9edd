"""Page outcomes per source, counted in memory and written to the store every few seconds.

A page's summary becomes counts under its source and hour; the fetch workers hand them to
the store in one small transaction at most every `FLUSH_EVERY` seconds (and at stop), so
the status page's last-day figures cost no extra commit per page. A crash loses at most
those few seconds of counts, never a page.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy.orm import Session, sessionmaker

from crawler.engine.summary import CrawlSummary
from crawler.store.models import utcnow
from crawler.store.outcomes import OutcomeKey, add_outcomes, hour_of

FLUSH_EVERY = 5.0  # seconds

_COUNTED = ("fetched", "retries", "stored", "updated", "unchanged", "discovery")


def summary_outcomes(summary: CrawlSummary) -> Counter[tuple[str, str]]:
    """A summary as counts by (outcome, reason), the names of the crawl summary and metrics."""
    counts: Counter[tuple[str, str]] = Counter()
    for name in _COUNTED:
        if amount := getattr(summary, name):
            counts[(name, "")] += amount
    for reason, amount in summary.skipped.items():
        counts[("skipped", reason)] += amount
    for kind, amount in summary.errors.items():
        counts[("error", kind)] += amount
    return counts


class OutcomeTally:
    """Counts waiting to be written; safe to share between the fetch worker threads."""

    def __init__(self) -> None:
        self._counts: Counter[OutcomeKey] = Counter()
        self._lock = threading.Lock()
        self._flushed_at = time.monotonic()

    def add(self, source_id: int, summary: CrawlSummary) -> None:
        hour = hour_of(utcnow())
        with self._lock:
            for (outcome, reason), amount in summary_outcomes(summary).items():
                self._counts[(source_id, hour, outcome, reason)] += amount

    def due(self) -> bool:
        with self._lock:
            return bool(self._counts) and time.monotonic() - self._flushed_at >= FLUSH_EVERY

    def flush(self, factory: sessionmaker[Session]) -> None:
        """Write the waiting counts in one transaction (kept for the next try if it fails)."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._flushed_at = time.monotonic()
        try:
            with factory.begin() as session:
                add_outcomes(session, counts)
        except Exception:
            with self._lock:
                self._counts.update(counts)
            raise
