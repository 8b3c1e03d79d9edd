"""RSS and Atom feeds to article links, with their dates and titles kept as hints."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from crawler.engine.frontier import NewUrl
from crawler.fetching.errors import ParseFailed


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()


def _refuse_entities(body: bytes) -> None:
    """ParseFailed for a feed declaring entities (billion laughs, external entities).

    feedparser's parsers would expand them; defusedxml stops at the declaration, which
    comes before any element. Malformed feeds are feedparser's to judge, not ours.
    """
    try:
        fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseFailed(f"refused unsafe XML: {exc.__class__.__name__}") from exc
    except Exception:  # a malformed feed: feedparser's loose parser may still read it
        return


def parse_feed(body: bytes, base_url: str) -> list[NewUrl]:
    """The article links of an RSS or Atom feed; ParseFailed when it is not a usable feed."""
    _refuse_entities(body)
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    links = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        hints = {"title": entry.get("title"), "published": _entry_date(entry)}
        links.append(NewUrl(link, "article", {k: v for k, v in hints.items() if v}))
    if not links and parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        raise ParseFailed(f"not a usable feed: {reason.__class__.__name__}: {reason}")
    return links


def looks_like_feed(body: bytes) -> bool:
    """Whether a body is an RSS, RDF or Atom document (by its root element)."""
    head = body[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
