"""A per-host circuit breaker: a host whose URLs keep failing is backed off, others go on.

Only failures that say the host is unwell count: timeouts, slow bodies, refused or reset
connections, 5xx answers. Any other answer from the host (a page, a 404, a 304) closes the
breaker again. After `threshold` failing URLs in a row the breaker trips: the caller holds
the host for its back-off, and one more failure after it trips it again. A bot wall trips
it at once: the host has said it will not serve us, and asking again is impolite.
"""

from __future__ import annotations

import threading
from collections import Counter

from crawler.fetching import errors

# Error kinds that say the host is unwell rather than one page being bad.
HOST_TROUBLE = frozenset(
    {
        errors.ConnectFailed.kind,
        errors.FetchTimeout.kind,
        errors.SlowBody.kind,
        errors.ServerError.kind,
        errors.TransportError.kind,
    }
)


class HostBreaker:
    """Counts each host's failing URLs in a row; thread-safe, one per crawl or daemon."""

    def __init__(self, threshold: int) -> None:
        self.threshold = max(1, threshold)
        self._failures: Counter[str] = Counter()
        self._lock = threading.Lock()

    def succeeded(self, host: str) -> None:
        """The host answered with something other than trouble: its count starts again."""
        with self._lock:
            self._failures.pop(host, None)

    def failed(self, host: str, kind: str) -> str | None:
        """Count a URL that ended in `kind`; the reason to back the host off, if it trips."""
        if kind == errors.BotWall.kind:
            return "it answered with a bot wall"
        if kind not in HOST_TROUBLE:
            self.succeeded(host)
            return None
        with self._lock:
            self._failures[host] += 1
            count = self._failures[host]
        if count < self.threshold:
            return None
        return f"{count} URLs in a row failed, the last with {kind}"
