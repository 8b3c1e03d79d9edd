"""What an HTML page tells the crawler: feeds, canonical URL, article links, article or not."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.engine.frontier import NewUrl

_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
}
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|topic|topics|category|categories|section|author|authors|page|search|login|"
    r"signin|signup|register|account|subscribe|newsletter|about|contact|privacy|terms|help|"
    r"feed|rss|cdn-cgi|wp-admin|wp-login)(/|$)|\.(jpg|jpeg|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml|json)$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(19|20)\d\d/\d\d?(/|$)")
_ID = re.compile(r"\d{4,}")
MAX_SECTION_DEPTH = 2
MAX_SECTIONS = 50
_ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*"(News|Report|Blog|Opinion|Analysis)?Article"')


@dataclass
class PageLinks:
    """Links and signals found in one HTML page."""

    canonical_url: str | None = None
    feeds: list[str] = field(default_factory=list)
    articles: list[NewUrl] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    is_article: bool = False


def _same_site(host: str, other: str) -> bool:
    return host.removeprefix("www.") == other.removeprefix("www.")


def looks_like_article_url(url: str, site_host: str) -> bool:
    """An article-like link: same site, not navigation, with a slug, a date path or an id."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not _same_site(parts.netloc.lower(), site_host):
        return False
    path = parts.path
    if path in ("", "/") or _NOT_ARTICLE.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(
        _SLUG.search(last)
        or _DATE_PATH.search(path)
        or _ID.search(last)
        or last.endswith((".html", ".htm", ".shtml"))
    )


def looks_like_section_url(url: str, site_host: str) -> bool:
    """A section front such as /local/ or /news/world/: same site, short path, not an article."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not _same_site(parts.netloc.lower(), site_host):
        return False
    segments = [s for s in parts.path.split("/") if s]
    if not 1 <= len(segments) <= MAX_SECTION_DEPTH or parts.query:
        return False
    if _NOT_ARTICLE.search(parts.path) or "." in segments[-1]:
        return False
    return not looks_like_article_url(url, site_host)


def inspect_page(html: str, base_url: str, max_links: int) -> PageLinks:
    """Feeds (<link rel=alternate>), canonical URL, article-like links and article signals."""
    tree = LexborHTMLParser(html)
    links = PageLinks()
    base_tag = tree.css_first("base[href]")
    base = urljoin(base_url, base_tag.attributes.get("href") or "") if base_tag else base_url
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        href = node.attributes.get("href") or ""
        if "canonical" in rel and links.canonical_url is None:
            links.canonical_url = urljoin(base, href)
        elif "alternate" in rel and (node.attributes.get("type") or "").lower() in _FEED_TYPES:
            links.feeds.append(urljoin(base, href))
    site_host = urlsplit(base_url).netloc.lower()
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        url = urljoin(base, node.attributes.get("href") or "").split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        if looks_like_article_url(url, site_host):
            links.articles.append(NewUrl(url, "article"))
            if len(links.articles) >= max_links:
                break
        elif len(links.sections) < MAX_SECTIONS and looks_like_section_url(url, site_host):
            links.sections.append(url)
    og_type = tree.css_first('meta[property="og:type"]')
    scripts = " ".join(n.text() for n in tree.css('script[type="application/ld+json"]'))
    links.is_article = bool(
        (og_type is not None and (og_type.attributes.get("content") or "").lower() == "article")
        or _ARTICLE_TYPES.search(scripts)
        or any(len(a.css("p")) >= 3 for a in tree.css("article"))
    )
    return links
