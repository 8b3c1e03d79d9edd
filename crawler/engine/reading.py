"""The engine's CPU work on one fetched page, run in worker processes: bytes in, a Read out.

A `PageJob` carries everything the work needs (the body, what kind of URL it was, the
limits, the host's learned boilerplate), so `read_page` touches no network, no database
and no shared state: the engine runs it in a process pool, one process per core, while
its threads go on fetching. What comes back is plain data: the URLs a feed, sitemap or
listing page links to, a clean article (extracted, cleaned, spun-scored) with its dedup
fingerprint, a wall, or the content error that stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners import CleanArticle, CleanContext, clean_html
from cleaners.dedup import Fingerprint, fingerprints
from cleaners.walls import Wall, find_bot_wall, find_paywall
from crawler.discovery.feeds import looks_like_feed, parse_feed
from crawler.discovery.pages import inspect_page, looks_like_article_url
from crawler.discovery.sitemaps import looks_like_sitemap, parse_sitemap
from crawler.discovery.urls import host_of
from crawler.engine.frontier import NewUrl
from crawler.fetching import errors
from crawler.fetching.decode import decode_body

# Fewer words than this is not an article (the page is recorded as `not_article`).
MIN_ARTICLE_WORDS = 15
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"%PDF", b"\xff\xd8\xff", b"PK\x03\x04", b"RIFF", b"\x00\x00")


@dataclass(frozen=True)
class PageJob:
    """One fetched page and what reading it needs; picklable, sent to a worker process."""

    url: str
    final_url: str
    kind: str
    follow_sitemaps: bool
    status: int
    content_type: str
    charset: str | None
    body: bytes
    robots_sitemaps: tuple[str, ...]
    boilerplate: frozenset[str]
    max_sitemap_urls: int
    max_bytes: int
    max_links_per_page: int


@dataclass(frozen=True)
class ArticleRead:
    """A page's clean article, with the fingerprint its story is found by (None when the
    article is too short to be stored)."""

    article: CleanArticle
    fingerprint: Fingerprint | None


# What a page held: the URLs it links to, its article, or the wall in its place.
Read = list[NewUrl] | ArticleRead | Wall


@dataclass(frozen=True)
class ReadFailed:
    """The page could not be read: the error's kind and message (exceptions stay here)."""

    kind: str
    message: str


def is_html(content_type: str, body: bytes) -> bool:
    """HTML or XHTML by type, and not a binary file served under an HTML type."""
    if content_type not in _HTML_TYPES:
        return False
    head = body.lstrip()[:512]
    return not head.startswith(_BINARY_MAGIC) and b"\x00" not in head


def _sitemap_entry(entry: NewUrl) -> NewUrl:
    """Sitemaps list section fronts too: those are read for links, not stored."""
    hints = entry.hints or {}
    if "title" in hints or looks_like_article_url(entry.url, host_of(entry.url)):
        return entry
    return NewUrl(entry.url, "listing", entry.hints)


def _links(job: PageJob, html: str | None) -> list[NewUrl] | None:
    """What a feed, sitemap or listing page links to; None when it is an article page."""
    if job.kind == "article":
        return None
    body = job.body
    found: list[NewUrl] = []
    if looks_like_sitemap(body) and not body.lstrip().lower().startswith(b"<!doctype html"):
        sitemap = parse_sitemap(body, job.max_sitemap_urls, job.max_bytes)
        if job.follow_sitemaps:
            found += [NewUrl(url, "sitemap") for url in sitemap.sitemaps]
        found += [_sitemap_entry(entry) for entry in sitemap.articles]
    elif looks_like_feed(body):
        found += parse_feed(body, job.final_url)
    elif html is not None:
        links = inspect_page(html, job.final_url, job.max_links_per_page)
        if job.kind in ("seed", "listing") and links.is_article:
            return None
        found += [NewUrl(url, "feed") for url in links.feeds]
        found += links.articles
        if job.kind in ("site", "seed"):
            found += [NewUrl(url, "listing") for url in links.sections]
            found += [NewUrl(url, "sitemap") for url in job.robots_sitemaps]
    else:
        raise errors.NotHtml(f"{job.content_type or 'unknown type'} is not a feed, sitemap or page")
    return found


def _read(job: PageJob) -> Read:
    html = decode_body(job.body, job.charset) if is_html(job.content_type, job.body) else None
    if html is not None:
        wall = find_bot_wall(html, job.status)
        if wall is not None:
            return wall
    found = _links(job, html)
    if found is not None:
        return found
    if html is None:
        raise errors.NotHtml(f"{job.content_type or 'body'} is not HTML")
    article = clean_html(html, job.final_url, CleanContext(site_boilerplate=job.boilerplate))
    wall = find_paywall(html, article.text)
    if wall is not None:
        return wall
    if len(article.text.split()) < MIN_ARTICLE_WORDS:
        return ArticleRead(article, None)
    return ArticleRead(article, fingerprints([article.text])[0])


def read_page(job: PageJob) -> Read | ReadFailed:
    """Read one fetched page; a content error or a bug comes back as a ReadFailed."""
    try:
        return _read(job)
    except errors.FetchError as exc:
        return ReadFailed(exc.kind, str(exc))
    except Exception as exc:  # a bug on one page must not stop the crawl
        return ReadFailed(errors.ProcessingFailed.kind, f"{exc.__class__.__name__}: {exc}")
