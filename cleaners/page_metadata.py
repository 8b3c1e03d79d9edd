"""Read an article's metadata from the page's own markup: JSON-LD, meta tags, link tags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml.etree import XPath
from lxml.html import HtmlElement

from cleaners.article import Image
from cleaners.dates import parse_timestamp
from cleaners.metadata_text import plain_text
from cleaners.page_authors import find_authors
from cleaners.page_title import choose_headline, site_names, witnesses

_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blog", re.IGNORECASE)
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


# Meta tags that carry the publication date, most specific first.
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "og:published_time",
    "article.published", "published-date", "publish-date", "publishdate", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
    "dcterms.date", "date", "article:modified_time", "og:updated_time", "datemodified",
)
_DATED_ELEMENTS = XPath(
    "//*[@itemprop='datePublished'] | //time[@datetime] | //*[@pubdate]"
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")
_PLAUSIBLE_YEARS = (1990, 2100)


def _date(value: object) -> datetime | None:
    """A date from ISO 8601, RFC 2822 (feeds) or a written-out timestamp."""
    if not isinstance(value, str) or not value.strip():
        return None
    parsed = parse_iso_date(value) or parse_timestamp(value)
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if not _PLAUSIBLE_YEARS[0] <= parsed.year <= _PLAUSIBLE_YEARS[1]:
        return None  # "0001-01-01": a template's placeholder, not a date
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _published(tree: HtmlElement, meta: dict[str, str], article: dict, url: str | None) -> (
    datetime | None
):
    candidates: list[object] = [article.get("datePublished")]
    candidates += [meta.get(name) for name in _DATE_META]
    for element in _DATED_ELEMENTS(tree):
        candidates += [element.get("content"), element.get("datetime")]
    for candidate in candidates:
        found = _date(candidate)
        if found:
            return found
    in_url = _URL_DATE.search(url or "")
    if in_url:
        year, month, day = (int(part) for part in in_url.groups())
        return datetime(year, month, day, tzinfo=UTC)
    return None


def read_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Title, authors, date, language, site, canonical URL and images as the page states them."""
    meta = _meta(tree)
    article = _article_json_ld(tree)
    publisher = article.get("publisher")
    site_name = plain_text(meta.get("og:site_name")) or plain_text(
        publisher.get("name") if isinstance(publisher, dict) else None
    )
    headline = choose_headline(witnesses(tree, meta, article, site_name, url))
    canonical = next(
        (link.get("href") for link in tree.iter("link")
         if (link.get("rel") or "").lower() == "canonical" and link.get("href")),
        None,
    ) or meta.get("og:url") or url
    return PageMetadata(
        title=headline.text if headline else None,
        authors=list(find_authors(tree, meta, article, site_names(meta, site_name, url)).names),
        published=_published(tree, meta, article, url),
        language=_language(tree, meta),
        site_name=site_name,
        canonical_url=urljoin(url or "", canonical) if canonical else None,
        images=_images(tree, meta, url),
    )
