"""Read an article's metadata from the page's own markup: JSON-LD, meta tags, microdata, links.

The headline, the authors and the dates each have their own module; this one reads the
markup once and hands it to them, and keeps what they found with the evidence for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from lxml.html import HtmlElement

from cleaners.article import Image
from cleaners.metadata_text import plain_text
from cleaners.page_authors import find_authors
from cleaners.page_dates import published_date, updated_date
from cleaners.page_title import choose_headline, headline_evidence, site_names, witnesses

_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blog", re.IGNORECASE)
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_MAX_TAGS = 30
_TAG_SEPARATOR = re.compile(r"\s*[,;]\s*")


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
    updated: datetime | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    accessible_for_free: bool | None = None
    # Where each field came from ("title": "h1, backed by og:title"), for `clean --explain`.
    evidence: dict[str, str] = field(default_factory=dict)


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


def _images(
    tree: HtmlElement, meta: dict[str, str], article: dict, base: str | None
) -> list[Image]:
    """The lead image, then each figure's image with its caption; one entry per URL."""
    images: dict[str, Image] = {}
    structured, caption = _lead_caption(article)
    lead = meta.get("og:image") or meta.get("twitter:image") or structured
    if lead:
        address = urljoin(base or "", lead)
        same = structured and urljoin(base or "", structured) == address
        images[address] = Image(address, caption if same else None)
    for figure in tree.iter("figure"):
        image = next(figure.iter("img"), None)
        if image is None:
            continue
        source = image.get("src") or image.get("data-src") or image.get("data-original")
        if not source or source.startswith("data:"):
            continue
        captions = [plain_text(c.text_content()) for c in figure.iter("figcaption")]
        caption = " ".join(c for c in captions if c)
        address = urljoin(base or "", source)
        if caption or address not in images:
            images[address] = Image(address, caption or None)
    return list(images.values())


def _all_meta(tree: HtmlElement, key: str) -> list[str]:
    """Every value of a meta tag that may repeat (article:tag)."""
    return [
        element.get("content", "") for element in tree.iter("meta")
        if (element.get("property") or element.get("name") or "").strip().lower() == key
    ]


def _first_text(value: object) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return plain_text(value)


def _tags(tree: HtmlElement, meta: dict[str, str], article: dict) -> list[str]:
    keywords = article.get("keywords")
    places: list[list[str]] = [
        [t for value in _all_meta(tree, "article:tag") for t in _TAG_SEPARATOR.split(value)],
        keywords if isinstance(keywords, list) else _TAG_SEPARATOR.split(keywords or "")
        if isinstance(keywords, str) else [],
        _TAG_SEPARATOR.split(meta.get("news_keywords", "")),
        _TAG_SEPARATOR.split(meta.get("keywords", "")),
    ]
    for values in places:
        tags = [t for t in (plain_text(v) for v in values) if t]
        if tags:
            return list(dict.fromkeys(tags))[:_MAX_TAGS]
    return []


def _accessible_for_free(article: dict) -> bool | None:
    """The page's isAccessibleForFree (a paywall marker), where it states one."""
    for holder in (article, *(p for p in _as_list(article.get("hasPart")) if isinstance(p, dict))):
        value = holder.get("isAccessibleForFree")
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    return None


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _lead_caption(article: dict) -> tuple[str | None, str | None]:
    """The URL and caption of the structured data's lead image, where it gives them."""
    for image in _as_list(article.get("image")):
        if isinstance(image, dict):
            url = image.get("url") or image.get("contentUrl")
            return (url if isinstance(url, str) else None), plain_text(image.get("caption"))
    return None, None


def read_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Every metadata field the page states, and for each the evidence that gave it."""
    meta = _meta(tree)
    article = _article_json_ld(tree)
    publisher = article.get("publisher")
    publisher_name = plain_text(publisher.get("name") if isinstance(publisher, dict) else None)
    site_name = plain_text(meta.get("og:site_name")) or publisher_name
    sites = site_names(meta, [site_name, publisher_name], url)
    titles = witnesses(tree, meta, article, sites)
    headline = choose_headline(titles)
    authors = find_authors(tree, meta, article, sites)
    published = published_date(tree, meta, article, url)
    updated = updated_date(tree, meta, article)
    canonical = next(
        (link.get("href") for link in tree.iter("link")
         if (link.get("rel") or "").lower() == "canonical" and link.get("href")),
        None,
    ) or meta.get("og:url") or url
    evidence = {
        "title": headline_evidence(headline, titles) if headline else "none found",
        "authors": authors.source or "none found",
        "published": published.evidence if published else "none found (left empty)",
        "updated": updated.evidence if updated else "none found",
    }
    return PageMetadata(
        title=headline.text if headline else None,
        authors=list(authors.names),
        published=published.value if published else None,
        language=_language(tree, meta),
        site_name=site_name,
        canonical_url=urljoin(url or "", canonical) if canonical else None,
        images=_images(tree, meta, article, url),
        updated=updated.value if updated else None,
        section=_first_text(article.get("articleSection")) or plain_text(
            meta.get("article:section") or meta.get("parsely-section")
        ),
        tags=_tags(tree, meta, article),
        accessible_for_free=_accessible_for_free(article),
        evidence=evidence,
    )
