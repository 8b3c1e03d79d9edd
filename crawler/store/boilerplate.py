"""Learn each host's boilerplate lines from its stored articles: lines that recur on many.

Every article adds one to the count of each distinct line key it holds (see
`cleaners.line_key`), and one to the host's article tally, kept under the empty key. A line
on at least `min_articles` articles and on at least `min_share` of the host's articles is
boilerplate there; the cleaners drop it through `CleanContext.site_boilerplate`.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cleaners import CleanArticle, line_key
from cleaners.site_boilerplate import NAME as SITE_BOILERPLATE_CLEANER
from crawler.store.bulk import relation
from crawler.store.models import HostLine

# The row that counts a host's articles: no line has an empty key.
_ARTICLES_KEY = ""


def _add_counts(session: Session, counts: Counter[tuple[str, str]]) -> None:
    """Add each (host, line key)'s count to its row, inserting the rows that do not exist: one
    statement (compiled once, whatever the number of lines), race-free."""
    if not counts:
        return
    connection = session.connection()
    rows = [[host, key, n] for (host, key), n in sorted(counts.items())]
    names = ["host", "line_key", "article_count"]
    source, parameters = relation(connection, HostLine.__table__, names, rows)
    statement = text(
        "INSERT INTO host_lines (host, line_key, article_count)"
        f" SELECT r.host, r.line_key, r.article_count FROM {source} WHERE true"
        " ON CONFLICT (host, line_key)"
        " DO UPDATE SET article_count = host_lines.article_count + excluded.article_count"
    )
    connection.execute(statement, parameters)


def _keys(text: str) -> frozenset[str]:
    """The distinct line keys of a text, and the articles key that counts it."""
    return frozenset({line_key(line) for line in text.splitlines()} | {_ARTICLES_KEY})


def record_lines(session: Session, host: str, text: str) -> None:
    """Count each distinct line of one article's text once for its host (caller commits)."""
    _add_counts(session, Counter((host, key) for key in _keys(text)))


def counted_keys(article: CleanArticle) -> frozenset[str]:
    """The line keys a cleaned article counts for its host: those of its text and of the
    boilerplate it already lost.

    Lines the site-boilerplate cleaner dropped still recur on this article; leaving them out
    would let their share of the host's articles fall until they stop being boilerplate.
    """
    dropped = [r.text for r in article.removed
               if r.cleaner == SITE_BOILERPLATE_CLEANER and not r.refused]
    return _keys("\n".join([article.text, *dropped]))


def record_article(session: Session, host: str, article: CleanArticle) -> None:
    """Record a cleaned article's lines, counting again the boilerplate it already lost."""
    record_articles(session, [(host, counted_keys(article))])


def record_articles(session: Session, articles: Sequence[tuple[str, frozenset[str]]]) -> None:
    """Count many articles' lines in one statement: (host, `counted_keys` of the article)."""
    counts: Counter[tuple[str, str]] = Counter()
    for host, keys in articles:
        counts.update((host, key) for key in keys)
    _add_counts(session, counts)


def boilerplate_for(
    session: Session, host: str, min_articles: int = 5, min_share: float = 0.1
) -> frozenset[str]:
    """Line keys that recur on enough of the host's articles to be its boilerplate."""
    articles = (
        session.scalar(
            select(HostLine.article_count).where(
                HostLine.host == host, HostLine.line_key == _ARTICLES_KEY
            )
        )
        or 0
    )
    threshold = max(min_articles, min_share * articles)
    keys = session.scalars(
        select(HostLine.line_key).where(
            HostLine.host == host,
            HostLine.line_key != _ARTICLES_KEY,
            HostLine.article_count >= threshold,
        )
    )
    return frozenset(keys)


class LearnedBoilerplate:
    """`boilerplate_for` per host, re-read at most once per `ttl` seconds.

    A site's boilerplate changes slowly, and reading it scans the host's line counts: once
    every few seconds is enough, instead of once per article.
    """

    def __init__(self, ttl: float = 10.0) -> None:
        self._ttl = ttl
        self._known: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def for_host(self, session: Session, host: str) -> frozenset[str]:
        now = time.monotonic()
        with self._lock:
            cached = self._known.get(host)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        keys = boilerplate_for(session, host)
        with self._lock:
            self._known[host] = (now, keys)
        return keys
