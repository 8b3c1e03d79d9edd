"""One claimed URL from fetch to store: robots, fetch, then discovery or cleaning and storing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cleaners import CleanContext, clean_html
from crawler import errors
from crawler.decode import decode_body
from crawler.feeds import looks_like_feed, parse_feed
from crawler.fetch import Fetcher, Response, get_with_retries
from crawler.frontier import Claim, NewUrl, add_urls, finish, release_host
from crawler.pages import inspect_page
from crawler.robots import robots_for
from crawler.settings import Settings
from crawler.sitemaps import looks_like_sitemap, parse_sitemap
from crawler.store.articles import save_article
from crawler.store.models import FetchAttempt, FrontierUrl, Source, utcnow
from crawler.summary import CrawlSummary

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"%PDF", b"\xff\xd8\xff", b"PK\x03\x04", b"RIFF", b"\x00\x00")
MIN_ARTICLE_WORDS = 15


@dataclass
class CrawlContext:
    """What every worker of one crawl shares."""

    settings: Settings
    factory: sessionmaker[Session]
    fetcher: Fetcher
    summary: CrawlSummary


def _record_attempt(
    session: Session,
    claim: Claim,
    worker: str,
    response: Response | None,
    error: errors.FetchError | None,
) -> None:
    session.add(
        FetchAttempt(
            frontier_id=claim.id,
            url=claim.url,
            worker=worker,
            final_url=response.final_url if response else None,
            elapsed_ms=response.elapsed_ms if response else None,
            status=response.status if response else getattr(error, "status", None),
            error_kind=error.kind if error else None,
            error_message=str(error)[:2000] if error else None,
            content_type=response.content_type if response else None,
            body_bytes=len(response.body) if response else None,
            etag=response.etag if response else None,
            last_modified=response.last_modified if response else None,
        )
    )


def _is_html(response: Response) -> bool:
    if response.content_type not in _HTML_TYPES:
        return False
    return not response.body.lstrip()[:4].startswith(_BINARY_MAGIC)


def _source_name(session: Session, source_id: int | None) -> str | None:
    if source_id is None:
        return None
    return session.scalar(select(Source.name).where(Source.id == source_id))


def _discover(ctx: CrawlContext, session: Session, claim: Claim, response: Response) -> bool:
    """Add what a feed, sitemap or listing page links to; False when it is an article page."""
    settings = ctx.settings.fetch
    body = response.body
    found: list[NewUrl] = []
    if looks_like_sitemap(body) and not body.lstrip().lower().startswith(b"<!doctype html"):
        sitemap = parse_sitemap(body, settings.max_sitemap_urls, settings.max_bytes)
        if claim.depth < settings.max_sitemap_depth:
            found += [NewUrl(url, "sitemap") for url in sitemap.sitemaps]
        found += sitemap.articles
    elif looks_like_feed(body):
        found += parse_feed(body, response.final_url)
    elif _is_html(response):
        links = inspect_page(
            decode_body(body, response.charset), response.final_url, settings.max_links_per_page
        )
        if claim.kind == "seed" and links.is_article:
            return False
        found += [NewUrl(url, "feed") for url in links.feeds]
        found += links.articles
        if claim.kind in ("site", "seed"):
            robots = robots_for(ctx.factory, ctx.fetcher, urlsplit(claim.url).scheme, claim.host)
            found += [NewUrl(url, "sitemap") for url in robots.sitemaps]
    else:
        raise errors.NotHtml(
            f"{response.content_type or 'unknown type'} is not a feed, sitemap or page"
        )
    added = add_urls(
        session, found, source_id=claim.source_id, depth=claim.depth + 1, base=response.final_url
    )
    ctx.summary.count("discovered", added)
    return True


def _store_article(ctx: CrawlContext, session: Session, claim: Claim, response: Response) -> None:
    if not _is_html(response):
        raise errors.NotHtml(f"{response.content_type or 'body'} is not HTML")
    html = decode_body(response.body, response.charset)
    article = clean_html(html, response.final_url, CleanContext())
    if len(article.text.split()) < MIN_ARTICLE_WORDS:
        ctx.summary.skip(claim.url, "not_article", "no article text found on the page")
        finish(session, claim, "skipped", last_error_kind="not_article", fetched_at=utcnow())
        return
    _row, outcome = save_article(
        session,
        claim.url,
        article,
        source=_source_name(session, claim.source_id),
        frontier_id=claim.id,
    )
    ctx.summary.count(outcome)
    finish(
        session,
        claim,
        "done",
        fetched_at=utcnow(),
        etag=response.etag,
        last_modified=response.last_modified,
        canonical_url=article.canonical_url,
        last_status=response.status,
        last_error_kind=None,
    )


def _fail(ctx: CrawlContext, claim: Claim, worker: str, error: errors.FetchError) -> None:
    retry_later = error.retry_after is not None and error.retryable
    with ctx.factory.begin() as session:
        _record_attempt(session, claim, worker, None, error)
        row_state = "pending" if retry_later else "failed"
        finish(
            session,
            claim,
            row_state,
            attempts=_attempts(session, claim) + 1,
            last_error_kind=error.kind,
            last_error=str(error)[:2000],
            last_status=getattr(error, "status", None),
            next_attempt_at=utcnow() + timedelta(seconds=error.retry_after or 0),
        )
    ctx.summary.error(claim.url, error.kind, str(error))


def _attempts(session: Session, claim: Claim) -> int:
    return session.scalar(select(FrontierUrl.attempts).where(FrontierUrl.id == claim.id)) or 0


def process(ctx: CrawlContext, claim: Claim, worker: str) -> None:
    """Fetch one claimed URL and act on what came back; every outcome is recorded."""
    try:
        robots = robots_for(ctx.factory, ctx.fetcher, urlsplit(claim.url).scheme, claim.host)
        if not robots.allows(claim.url):
            ctx.summary.skip(claim.url, "robots", "disallowed by robots.txt")
            with ctx.factory.begin() as session:
                finish(session, claim, "skipped", last_error_kind="robots")
            return
        try:
            response = get_with_retries(ctx.fetcher, claim.url, claim.etag, claim.last_modified)
        except errors.FetchError as error:
            _fail(ctx, claim, worker, error)
            return
        ctx.summary.count("fetched")
        try:
            with ctx.factory.begin() as session:
                _record_attempt(session, claim, worker, response, None)
                if response.not_modified:
                    ctx.summary.count("unchanged")
                    finish(session, claim, "done", fetched_at=utcnow(), last_status=304)
                    return
                if claim.kind != "article" and _discover(ctx, session, claim, response):
                    finish(
                        session,
                        claim,
                        "done",
                        fetched_at=utcnow(),
                        last_status=response.status,
                        etag=response.etag,
                        last_modified=response.last_modified,
                    )
                    return
                _store_article(ctx, session, claim, response)
        except errors.FetchError as error:
            _fail(ctx, claim, worker, error)
        except Exception as exc:  # a bug on one page must not stop the crawl
            failure = errors.ProcessingFailed(f"{exc.__class__.__name__}: {exc}")
            _fail(ctx, claim, worker, failure)
    finally:
        with ctx.factory.begin() as session:
            release_host(session, claim.host, ctx.settings.fetch.delay)
