"""One claimed URL from fetch to store: robots, fetch, then discovery or cleaning and storing.

`process` is all a worker needs, in a one-off crawl or in the daemon: every outcome is
written to the claimed frontier row, the fetch log and the summary, and the host is
released for its next request whatever happened. A page costs two commits: its claim, and
its outcome with the host's release.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cleaners import CleanArticle, CleanContext, clean_html
from cleaners.walls import BOT_WALL, Wall, find_bot_wall, find_paywall
from crawler.discovery.feeds import looks_like_feed, parse_feed
from crawler.discovery.pages import inspect_page, looks_like_article_url
from crawler.discovery.sitemaps import looks_like_sitemap, parse_sitemap
from crawler.discovery.urls import host_of
from crawler.engine.frontier import Claim, NewUrl, add_urls, finish, release_host
from crawler.engine.summary import CrawlSummary
from crawler.fetching import errors
from crawler.fetching.breaker import HostBreaker
from crawler.fetching.decode import decode_body
from crawler.fetching.fetch import Fetcher, Response, get_with_retries
from crawler.fetching.robots import Robots, RobotsCache
from crawler.settings import Settings
from crawler.store.articles import save_article
from crawler.store.boilerplate import LearnedBoilerplate
from crawler.store.models import FetchAttempt, FrontierUrl, Source, utcnow

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"%PDF", b"\xff\xd8\xff", b"PK\x03\x04", b"RIFF", b"\x00\x00")
MIN_ARTICLE_WORDS = 15


@dataclass
class CrawlContext:
    """What every worker of one crawl (or of one daemon process) shares."""

    settings: Settings
    factory: sessionmaker[Session]
    fetcher: Fetcher
    summary: CrawlSummary
    robots: RobotsCache = field(init=False)
    breaker: HostBreaker = field(init=False)
    boilerplate: LearnedBoilerplate = field(init=False)
    source_names: dict[int, str | None] = field(init=False)
    _cleaning: threading.Lock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.robots = RobotsCache(self.factory, self.fetcher)
        self.breaker = HostBreaker(self.settings.fetch.host_failures)
        self.boilerplate = LearnedBoilerplate()
        self.source_names = {}
        # Cleaning is CPU work under the GIL: one page at a time. Threads cleaning at once
        # gain nothing and cost more (crawl_bench: 3-4x the CPU per short page with 2 or 8).
        self._cleaning = threading.Lock()

    def with_summary(self, summary: CrawlSummary) -> CrawlContext:
        """The same context, caches shared, counting into another summary (one per page)."""
        page = copy.copy(self)
        page.summary = summary
        return page


Attempt = tuple[Response | None, errors.FetchError | None]


def _fetch_rows(claim: Claim, worker: str, attempts: list[Attempt]) -> list[dict[str, Any]]:
    """Fetch-log rows: one per request, with the response and/or the error it ended in."""
    return [
        {
            "frontier_id": claim.id,
            "url": claim.url,
            "worker": worker,
            "final_url": response.final_url if response else None,
            "elapsed_ms": response.elapsed_ms if response else None,
            "status": response.status if response else getattr(error, "status", None),
            "error_kind": error.kind if error else None,
            "error_message": str(error)[:2000] if error else None,
            "content_type": response.content_type if response else None,
            "body_bytes": len(response.body) if response else None,
            "etag": response.etag if response else None,
            "last_modified": response.last_modified if response else None,
        }
        for response, error in attempts
    ]


def _log_fetches(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(FetchAttempt), rows)


def _pause(ctx: CrawlContext, robots: Robots | None) -> float:
    """Seconds before the host's next request: the fetch delay, or its Crawl-delay if longer."""
    crawl_delay = robots.crawl_delay if robots is not None else None
    return max(ctx.settings.fetch.delay, crawl_delay or 0.0)


@contextmanager
def _outcome(
    ctx: CrawlContext, claim: Claim, pause: float, backoff: str | None = None
) -> Iterator[Session]:
    """The transaction that records a page's outcome; it releases the page's host too.

    With a `backoff` reason the host is held for the configured back-off, not `pause`.
    """
    if backoff is not None:
        pause = max(pause, ctx.settings.fetch.host_backoff)
    with ctx.factory.begin() as session:
        yield session
        release_host(session, claim.host, pause, backoff)


def _is_html(response: Response) -> bool:
    """HTML or XHTML by type, and not a binary file served under an HTML type."""
    if response.content_type not in _HTML_TYPES:
        return False
    head = response.body.lstrip()[:512]
    return not head.startswith(_BINARY_MAGIC) and b"\x00" not in head


def _source_name(ctx: CrawlContext, session: Session, source_id: int | None) -> str | None:
    """The source's name, read once per crawl (a source row keeps its name)."""
    if source_id is None:
        return None
    if source_id not in ctx.source_names:
        name = session.scalar(select(Source.name).where(Source.id == source_id))
        ctx.source_names[source_id] = name
    return ctx.source_names[source_id]


def _sitemap_entry(entry: NewUrl) -> NewUrl:
    """Sitemaps list section fronts too: those are read for links, not stored."""
    hints = entry.hints or {}
    if "title" in hints or looks_like_article_url(entry.url, host_of(entry.url)):
        return entry
    return NewUrl(entry.url, "listing", entry.hints)


def _links(ctx: CrawlContext, claim: Claim, response: Response) -> list[NewUrl] | None:
    """What a feed, sitemap or listing page links to; None when it is an article page."""
    if claim.kind == "article":
        return None
    settings = ctx.settings.fetch
    body = response.body
    found: list[NewUrl] = []
    if looks_like_sitemap(body) and not body.lstrip().lower().startswith(b"<!doctype html"):
        sitemap = parse_sitemap(body, settings.max_sitemap_urls, settings.max_bytes)
        if claim.depth < settings.max_sitemap_depth:
            found += [NewUrl(url, "sitemap") for url in sitemap.sitemaps]
        found += [_sitemap_entry(entry) for entry in sitemap.articles]
    elif looks_like_feed(body):
        found += parse_feed(body, response.final_url)
    elif _is_html(response):
        links = inspect_page(
            decode_body(body, response.charset), response.final_url, settings.max_links_per_page
        )
        if claim.kind in ("seed", "listing") and links.is_article:
            return None
        found += [NewUrl(url, "feed") for url in links.feeds]
        found += links.articles
        if claim.kind in ("site", "seed"):
            found += [NewUrl(url, "listing") for url in links.sections]
            robots = ctx.robots.get(urlsplit(claim.url).scheme, claim.host)
            found += [NewUrl(url, "sitemap") for url in robots.sitemaps]
    else:
        raise errors.NotHtml(
            f"{response.content_type or 'unknown type'} is not a feed, sitemap or page"
        )
    return found


def _with_hints(article: CleanArticle, hints: dict[str, Any] | None) -> CleanArticle:
    """Fill a missing title or date from what the feed or sitemap said about the URL."""
    hints = hints or {}
    title = article.title or hints.get("title")
    published = article.published
    if published is None and hints.get("published"):
        try:
            published = datetime.fromisoformat(hints["published"])
        except ValueError:
            published = None
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
    return replace(article, title=title, published=published)


def _clean(ctx: CrawlContext, claim: Claim, response: Response) -> CleanArticle | Wall:
    """The page as a clean article, with its host's learned boilerplate removed; or the wall
    (a bot wall, or a paywall stub) that stands where the article should be."""
    if not _is_html(response):
        raise errors.NotHtml(f"{response.content_type or 'body'} is not HTML")
    html = decode_body(response.body, response.charset)
    with ctx.factory() as session:
        boilerplate = ctx.boilerplate.for_host(session, claim.host)
    with ctx._cleaning:
        wall = find_bot_wall(html, response.status)
        if wall is not None:
            return wall
        article = clean_html(html, response.final_url, CleanContext(site_boilerplate=boilerplate))
        return find_paywall(html, article.text) or article


def _store_article(
    ctx: CrawlContext, session: Session, claim: Claim, response: Response, article: CleanArticle
) -> None:
    done = {
        "fetched_at": utcnow(),
        "etag": response.etag,
        "last_modified": response.last_modified,
        "last_status": response.status,
        "canonical_url": article.canonical_url,
    }
    source = _source_name(ctx, session, claim.source_id)
    if len(article.text.split()) < MIN_ARTICLE_WORDS:
        ctx.summary.skip(claim.url, "not_article", "no article text found on the page", source)
        finish(session, claim, "skipped", last_error_kind="not_article", **done)
        return
    _row, outcome = save_article(
        session,
        claim.url,
        _with_hints(article, claim.hints),
        source=source,
        frontier_id=claim.id,
        dedup=ctx.settings.dedup,
    )
    ctx.summary.count(outcome)
    finish(session, claim, "done", last_error_kind=None, last_error=None, **done)


def _skip_wall(
    ctx: CrawlContext,
    session: Session,
    claim: Claim,
    kind: str,
    signal: str,
    status: int | None,
) -> None:
    """A bot wall or paywall stood where the page should be: skipped with what gave it away."""
    finish(
        session,
        claim,
        "skipped",
        fetched_at=utcnow(),
        last_status=status,
        last_error_kind=kind,
        last_error=signal[:2000],
    )
    source = _source_name(ctx, session, claim.source_id)
    ctx.summary.skip(claim.url, kind, signal, source)


def _fail(
    ctx: CrawlContext,
    claim: Claim,
    error: errors.FetchError,
    fetches: list[dict[str, Any]],
    pause: float,
    backoff: str | None = None,
) -> None:
    """Record a failure: deferred when the error says when to come back, else failed.

    With a `backoff` reason (the host's breaker tripped) the host is held back with it.
    """
    later = error.retry_after is not None and error.retryable
    with _outcome(ctx, claim, pause, backoff) as session:
        _log_fetches(session, fetches)
        finish(
            session,
            claim,
            "pending" if later else "failed",
            attempts=FrontierUrl.attempts + 1,
            last_error_kind=error.kind,
            last_error=str(error)[:2000],
            last_status=getattr(error, "status", None),
            next_attempt_at=utcnow() + timedelta(seconds=error.retry_after or 0),
        )
        source = _source_name(ctx, session, claim.source_id)
    ctx.summary.error(claim.url, error.kind, str(error), source)
    _note_backoff(ctx, claim, error.kind, backoff)


def _check_robots(ctx: CrawlContext, claim: Claim) -> Robots | None:
    """The host's rules, or None when they settled this URL (skipped or deferred)."""
    robots = ctx.robots.get(urlsplit(claim.url).scheme, claim.host)
    if robots.unavailable:
        wait = max(1.0, (robots.expires_at - utcnow()).total_seconds())
        reason = f"robots.txt unavailable ({robots.status or 'no answer'}); retry in {wait:.0f}s"
        _fail(ctx, claim, errors.RobotsUnavailable(reason, wait), [], _pause(ctx, robots))
        return None
    if not robots.allows(claim.url):
        kind = errors.RobotsDisallowed.kind
        with _outcome(ctx, claim, _pause(ctx, robots)) as session:
            finish(session, claim, "skipped", last_error_kind=kind)
            source = _source_name(ctx, session, claim.source_id)
        ctx.summary.skip(claim.url, kind, "disallowed by robots.txt", source)
        return None
    return robots


Page = list[NewUrl] | CleanArticle | Wall | None


def _read(ctx: CrawlContext, claim: Claim, response: Response) -> Page:
    """What a fetched page holds: the URLs it links to, its article, a wall, or None (a 304).

    Worked out before the page's transaction: on SQLite its first write takes the database's
    one write lock, which parsing and cleaning should not hold.
    """
    if response.not_modified:
        return None
    if claim.kind != "article" and _is_html(response):
        wall = find_bot_wall(decode_body(response.body, response.charset), response.status)
        if wall is not None:
            return wall
    found = _links(ctx, claim, response)
    return _clean(ctx, claim, response) if found is None else found


def _record(
    ctx: CrawlContext, session: Session, claim: Claim, response: Response, page: Page
) -> None:
    """Write a fetched page's outcome: unchanged, the URLs it links to, or its article."""
    if page is None:
        ctx.summary.count("unchanged")
        finish(session, claim, "done", fetched_at=utcnow(), last_status=304)
        return
    if isinstance(page, CleanArticle):
        _store_article(ctx, session, claim, response, page)
        return
    if isinstance(page, Wall):
        _skip_wall(ctx, session, claim, page.kind, page.signal, response.status)
        return
    added = add_urls(
        session, page, source_id=claim.source_id, depth=claim.depth + 1, base=response.final_url
    )
    ctx.summary.count("discovered", added)
    ctx.summary.count("discovery")
    finish(
        session,
        claim,
        "done",
        fetched_at=utcnow(),
        last_status=response.status,
        etag=response.etag,
        last_modified=response.last_modified,
    )


def _handle(ctx: CrawlContext, claim: Claim, worker: str) -> None:
    try:
        robots = _check_robots(ctx, claim)
    except errors.BlockedAddress as error:
        _fail(ctx, claim, error, [], _pause(ctx, None))
        return
    if robots is None:
        return
    pause = _pause(ctx, robots)
    if robots.fetched_now:  # robots.txt was this host's request: pace the page after it
        time.sleep(pause)
    attempts: list[Attempt] = []

    def retried(error: errors.FetchError) -> None:
        attempts.append((None, error))
        ctx.summary.count("retries")

    try:
        response = get_with_retries(
            ctx.fetcher, claim.url, claim.etag, claim.last_modified, on_retry=retried
        )
    except errors.BotWall as wall:
        backoff = ctx.breaker.failed(claim.host, wall.kind)
        with _outcome(ctx, claim, pause, backoff) as session:
            _log_fetches(session, _fetch_rows(claim, worker, [*attempts, (None, wall)]))
            _skip_wall(ctx, session, claim, wall.kind, str(wall), wall.status)
        _note_backoff(ctx, claim, wall.kind, backoff)
        return
    except errors.FetchError as error:
        backoff = ctx.breaker.failed(claim.host, error.kind)
        rows = _fetch_rows(claim, worker, [*attempts, (None, error)])
        _fail(ctx, claim, error, rows, pause, backoff)
        return
    ctx.breaker.succeeded(claim.host)
    ctx.summary.count("fetched")
    try:
        page = _read(ctx, claim, response)
        walled = isinstance(page, Wall) and page.kind == BOT_WALL
        backoff = ctx.breaker.failed(claim.host, errors.BotWall.kind) if walled else None
        with _outcome(ctx, claim, pause, backoff) as session:
            _log_fetches(session, _fetch_rows(claim, worker, [*attempts, (response, None)]))
            _record(ctx, session, claim, response, page)
        _note_backoff(ctx, claim, errors.BotWall.kind, backoff)
    except (OperationalError, InterfaceError):
        raise  # the store is unreachable: the caller returns the claim, the page is not at fault
    except Exception as exc:  # a bug on one page must not stop the crawl
        failure = (
            exc
            if isinstance(exc, errors.FetchError)
            else errors.ProcessingFailed(f"{exc.__class__.__name__}: {exc}")
        )
        rows = _fetch_rows(claim, worker, [*attempts, (response, failure)])
        _fail(ctx, claim, failure, rows, pause)


def _note_backoff(ctx: CrawlContext, claim: Claim, kind: str, backoff: str | None) -> None:
    if backoff is not None:
        ctx.summary.back_off(claim.host, kind, backoff)


def process(ctx: CrawlContext, claim: Claim, worker: str) -> None:
    """Fetch one claimed URL and act on what came back; every outcome is recorded.

    Each outcome's transaction releases the host; when none was committed (the store went
    away mid-page) the host is released here, if the store lets it.
    """
    try:
        _handle(ctx, claim, worker)
    except BaseException:
        with ctx.factory.begin() as session:
            release_host(session, claim.host, ctx.settings.fetch.delay)
        raise
