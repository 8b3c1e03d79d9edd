"""Sitemaps and sitemap indexes (gzipped too, Google News too), parsed without trusting the XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from crawler.engine.frontier import NewUrl
from crawler.fetching.errors import ParseFailed
from crawler.fetching.fetch import CappedInflater

_NEWS_NAMESPACE = "sitemap-news"


@dataclass
class Sitemap:
    """What one sitemap document lists: article URLs, or further sitemaps (an index)."""

    articles: list[NewUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str, namespace: str = "") -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and namespace in child.tag and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def parse_sitemap(body: bytes, max_urls: int, max_bytes: int) -> Sitemap:
    """Parse a (possibly gzipped) sitemap or sitemap index, taking at most `max_urls` URLs."""
    if body[:2] == b"\x1f\x8b":
        body = CappedInflater(max_bytes).feed(body)
    try:
        root = fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ParseFailed(f"refused unsafe XML: {exc.__class__.__name__}") from exc
    except Exception as exc:  # ElementTree raises ParseError and ValueError
        raise ParseFailed(f"malformed sitemap XML: {exc}") from exc
    sitemap = Sitemap()
    kind = _local(root.tag)
    if kind == "sitemapindex":
        for element in root:
            if _local(element.tag) == "sitemap" and (loc := _child_text(element, "loc")):
                sitemap.sitemaps.append(loc)
        return sitemap
    if kind != "urlset":
        raise ParseFailed(f"not a sitemap: root element <{kind}>")
    for element in root:
        if _local(element.tag) != "url" or not (loc := _child_text(element, "loc")):
            continue
        hints = {
            "title": _child_text(element, "title", _NEWS_NAMESPACE),
            "published": _child_text(element, "publication_date", _NEWS_NAMESPACE)
            or _child_text(element, "lastmod"),
        }
        sitemap.articles.append(NewUrl(loc, "article", {k: v for k, v in hints.items() if v}))
        if len(sitemap.articles) >= max_urls:
            break
    return sitemap


def looks_like_sitemap(body: bytes) -> bool:
    """Whether a body is a sitemap or sitemap index (gzipped bodies count)."""
    if body[:2] == b"\x1f\x8b":
        return True
    head = body[:2048].lower()
    return b"<urlset" in head or b"<sitemapindex" in head
