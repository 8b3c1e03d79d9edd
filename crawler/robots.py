"""robots.txt per host, kept in the store with an expiry (RFC 9309 rules for failures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from protego import Protego
from sqlalchemy.orm import Session, sessionmaker

from crawler import errors
from crawler.decode import decode_body
from crawler.fetch import Fetcher
from crawler.store.models import Host, utcnow

# An unreachable or failing robots.txt disallows the host "for a while" (RFC 9309 2.3.1.4).
_UNREACHABLE_RETRY = timedelta(minutes=30)
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class Robots:
    """The rules for one host and our user agent."""

    body: str
    user_agent: str

    def allows(self, url: str) -> bool:
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


def _download(fetcher: Fetcher, scheme: str, host: str) -> tuple[int | None, str, timedelta]:
    """Fetch robots.txt: (status, rules, how long to trust them)."""
    ttl = timedelta(seconds=fetcher.settings.robots_ttl)
    try:
        response = fetcher.get(f"{scheme}://{host}/robots.txt")
    except errors.HttpStatus as exc:
        if 400 <= exc.status < 500:
            return exc.status, "", ttl  # 4xx: no rules, everything allowed
        return exc.status, _DISALLOW_ALL, _UNREACHABLE_RETRY
    except errors.FetchError:
        return None, _DISALLOW_ALL, _UNREACHABLE_RETRY
    return response.status, decode_body(response.body[:500_000], response.charset), ttl


def robots_for(factory: sessionmaker[Session], fetcher: Fetcher, scheme: str, host: str) -> Robots:
    """The host's rules from the store; fetched first (outside any transaction) when stale."""
    user_agent = fetcher.settings.user_agent
    with factory.begin() as session:
        row = session.get(Host, host)
        if row is not None and row.robots_expires_at and row.robots_expires_at > utcnow():
            return Robots(row.robots_body or "", user_agent)
    status, body, ttl = _download(fetcher, scheme, host)
    robots = Robots(body, user_agent)
    now = utcnow()
    with factory.begin() as session:
        row = session.get(Host, host)
        if row is None:
            row = Host(host=host, next_request_at=now)
            session.add(row)
        row.robots_status, row.robots_body = status, body
        row.robots_fetched_at, row.robots_expires_at = now, now + ttl
        row.crawl_delay = robots.crawl_delay
    return robots
