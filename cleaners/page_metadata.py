"""Read an article's metadata from the page's own markup: JSON-LD, meta tags, link tags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml.html import HtmlElement

from cleaners.article import Image

_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blog", re.IGNORECASE)
_URL = re.compile(r"^(?:https?:)?//|^/")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


@dataclass
class PageMetadata:
    """What a page says about its article, before any text is read."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    images: list[Image] = field(default_factory=list)


def parse_iso_date(value: str | None) -> datetime | None:
    """A datetime from an ISO 8601 string (a date alone is midnight UTC), or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _meta(tree: HtmlElement) -> dict[str, str]:
    """Meta tags by lower-cased name or property; the first of each name wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _article_json_ld(tree: HtmlElement) -> dict:
    for item in _json_ld_objects(tree):
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            return item
    return {}


def _names(value: object) -> list[str]:
    """Person names from a JSON-LD author value: a string, an object or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not _URL.match(name.strip()):
            names.append(" ".join(name.split()))
    return names


def _language(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    for candidate in (tree.get("lang"), meta.get("content-language"), meta.get("og:locale")):
        match = _LANGUAGE.match((candidate or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _images(tree: HtmlElement, meta: dict[str, str], base: str | None) -> list[Image]:
    """The lead image, then each figure's image with its caption; one entry per URL."""
    images: dict[str, Image] = {}
    lead = meta.get("og:image") or meta.get("twitter:image")
    if lead:
        images[urljoin(base or "", lead)] = Image(urljoin(base or "", lead))
    for figure in tree.iter("figure"):
        image = next(figure.iter("img"), None)
        if image is None:
            continue
        source = image.get("src") or image.get("data-src") or image.get("data-original")
        if not source or source.startswith("data:"):
            continue
        captions = [" ".join(c.text_content().split()) for c in figure.iter("figcaption")]
        caption = " ".join(c for c in captions if c)
        address = urljoin(base or "", source)
        if caption or address not in images:
            images[address] = Image(address, caption or None)
    return list(images.values())


def read_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Title, authors, date, language, site, canonical URL and images as the page states them."""
    meta = _meta(tree)
    article = _article_json_ld(tree)
    publisher = article.get("publisher")
    title_element = next(tree.iter("title"), None)
    title = (
        (article.get("headline") if isinstance(article.get("headline"), str) else None)
        or meta.get("og:title")
        or meta.get("twitter:title")
        or (title_element.text_content().strip() if title_element is not None else None)
    )
    authors = _names(article.get("author")) or _names(meta.get("author")) or _names(
        meta.get("article:author")
    )
    published = (
        parse_iso_date(article.get("datePublished") if isinstance(
            article.get("datePublished"), str) else None)
        or parse_iso_date(meta.get("article:published_time"))
        or parse_iso_date(meta.get("datepublished"))
        or parse_iso_date(meta.get("og:published_time"))
        or parse_iso_date(meta.get("pubdate"))
        or parse_iso_date(meta.get("date"))
    )
    canonical = next(
        (link.get("href") for link in tree.iter("link")
         if (link.get("rel") or "").lower() == "canonical" and link.get("href")),
        None,
    ) or meta.get("og:url") or url
    return PageMetadata(
        title=" ".join(title.split()) if title else None,
        authors=authors,
        published=published,
        language=_language(tree, meta),
        site_name=meta.get("og:site_name")
        or (publisher.get("name") if isinstance(publisher, dict) else None),
        canonical_url=urljoin(url or "", canonical) if canonical else None,
        images=_images(tree, meta, url),
    )
