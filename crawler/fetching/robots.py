"""robots.txt per host, kept in the store with an expiry (RFC 9309 rules for failures)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from protego import Protego
from sqlalchemy.orm import Session, sessionmaker

from crawler.fetching import errors
from crawler.fetching.decode import decode_body
from crawler.fetching.fetch import Fetcher, Response
from crawler.store.models import FetchAttempt, Host, utcnow

# An unreachable or failing robots.txt disallows the host "for a while" (RFC 9309 2.3.1.4).
UNREACHABLE_RETRY = timedelta(minutes=30)
# RFC 9309 2.5: parse at least 500 KiB.
_MAX_PARSED = 512_000


@dataclass(frozen=True)
class Robots:
    """The rules for one host and our user agent, and until when to trust them."""

    body: str
    user_agent: str
    status: int | None
    expires_at: datetime
    fetched_now: bool = False

    @property
    def unavailable(self) -> bool:
        """robots.txt answered 5xx or not at all: the whole host waits (RFC 9309)."""
        return self.status is None or self.status >= 500

    def allows(self, url: str) -> bool:
        if self.unavailable:
            return False
        return _parse(self.body).can_fetch(url, self.user_agent)

    @property
    def crawl_delay(self) -> float | None:
        delay = _parse(self.body).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> list[str]:
        return list(_parse(self.body).sitemaps)


@lru_cache(maxsize=1024)
def _parse(body: str) -> Protego:
    return Protego.parse(body)


def _download(fetcher: Fetcher, url: str) -> tuple[Response | None, errors.FetchError | None]:
    try:
        return fetcher.get(url), None
    except errors.FetchError as exc:
        return None, exc


def _rules(
    fetcher: Fetcher, response: Response | None, error: errors.FetchError | None
) -> tuple[int | None, str, timedelta]:
    """(status, rules, how long to trust them) from the robots.txt fetch."""
    ttl = timedelta(seconds=fetcher.settings.robots_ttl)
    if response is not None:
        return response.status, decode_body(response.body[:_MAX_PARSED], response.charset), ttl
    status = getattr(error, "status", None)
    if status is not None and 400 <= status < 500:
        return status, "", ttl  # 4xx: no rules, everything allowed
    return status, "", UNREACHABLE_RETRY


class RobotsCache:
    """robots.txt rules: in this process first, then the store, then the host itself.

    The store is the cache every worker shares; the in-process copy spares a database
    round trip per page and expires with the stored one.
    """

    def __init__(self, factory: sessionmaker[Session], fetcher: Fetcher) -> None:
        self._factory = factory
        self._fetcher = fetcher
        self._known: dict[str, Robots] = {}
        self._lock = threading.Lock()

    def get(self, scheme: str, host: str) -> Robots:
        """The host's rules; fetched first (outside any transaction) when stale.

        BlockedAddress when the host may not be contacted at all.
        """
        with self._lock:
            known = self._known.get(host)
        if known is not None and known.expires_at > utcnow():
            return known
        robots = self._stored(host) or self._fetch(scheme, host)
        with self._lock:
            self._known[host] = robots
        return robots

    def _stored(self, host: str) -> Robots | None:
        with self._factory.begin() as session:
            row = session.get(Host, host)
            if row is None or not row.robots_expires_at or row.robots_expires_at <= utcnow():
                return None
            agent = self._fetcher.settings.user_agent
            return Robots(row.robots_body or "", agent, row.robots_status, row.robots_expires_at)

    def _fetch(self, scheme: str, host: str) -> Robots:
        url = f"{scheme}://{host}/robots.txt"
        response, error = _download(self._fetcher, url)
        if isinstance(error, errors.BlockedAddress):
            raise error  # the host itself is refused: no rules to keep
        status, body, ttl = _rules(self._fetcher, response, error)
        now = utcnow()
        robots = Robots(body, self._fetcher.settings.user_agent, status, now + ttl, True)
        with self._factory.begin() as session:
            session.add(
                FetchAttempt(
                    url=url,
                    final_url=response.final_url if response else None,
                    status=status,
                    elapsed_ms=response.elapsed_ms if response else None,
                    error_kind=error.kind if error else None,
                    error_message=str(error)[:2000] if error else None,
                    content_type=response.content_type if response else None,
                    body_bytes=len(response.body) if response else None,
                )
            )
            row = session.get(Host, host)
            if row is None:
                row = Host(host=host, next_request_at=now)
                session.add(row)
            row.robots_status, row.robots_body = status, body
            row.robots_fetched_at, row.robots_expires_at = now, robots.expires_at
            row.crawl_delay = robots.crawl_delay
        return robots
