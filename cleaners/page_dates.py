"""When an article was published and when it last changed, as the page states them.

Published and updated are read apart, each from the article's own structured data, meta
tags, microdata or <time> elements (never from a teaser of another story), keeping the UTC
offset the page gives. With nothing stated the date stays missing: no clock is read here,
and the URL's /2024/05/09/ is the last resort, as a day. Each date comes with its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from itertools import chain

from lxml.etree import XPath
from lxml.html import HtmlElement

from cleaners.dates import parse_timestamp
from cleaners.page_regions import in_region

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "og:published_time",
    "article.published", "published-date", "publish-date", "publishdate", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.created", "dcterms.date", "date", "article:published", "publication_date",
)
_UPDATED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "article.updated", "last-modified", "dcterms.modified", "dc.date.modified", "revised",
)
_PUBLISHED_ELEMENTS = XPath("//*[@itemprop='datePublished'] | //*[@pubdate] | //time[@datetime]")
_UPDATED_ELEMENTS = XPath("//*[@itemprop='dateModified']")
# A date inside one of these belongs to another story, a comment or the page's chrome. A
# teaser is a block whose class names it ("teaser", "story-card"), not a part of the article's
# own header that happens to be called "header__teaser-text".
_ELSEWHERE_HINT = re.compile(
    r"related|recommend|comment|sidebar|footer|widget|trending|popular|more-stories|read-more"
    r"|(?:^|\s)[\w-]*(?:teaser|card|promo)s?(?=\s|$)",
    re.IGNORECASE,
)
_ELSEWHERE_TAGS = {"nav", "footer", "aside", "a"}  # a link around a date: a teaser
# Elements whose class says they hold the article's date ("date", "Datum", "tarih", "fecha").
DATE_CLASS_TEST = " or ".join(
    f"contains(@class, '{stem}')" for stem in ("date", "Date", "datum", "Datum", "tarih",
                                               "fecha", "dato", "data-publi")
)
_DATE_TEXT_ELEMENTS = XPath(f"//body//*[{DATE_CLASS_TEST}]")
_TEXT_PIECE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|•·]\s*")
# A stamp that says when the article changed is not its publishing date.
_UPDATE_WORD = re.compile(
    r"updat|aktualisiert|güncel|mis à jour|actualiz|oppdatert|opdateret|bijgewerkt|aggiornat"
    r"|modifi|geändert", re.IGNORECASE,
)
_MAX_DATE_TEXT_CHARS = 80
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")
_PLAUSIBLE_YEARS = (1990, 2100)


@dataclass(frozen=True)
class Dated:
    """A date the page states, and where it says it."""

    value: datetime
    evidence: str


def read_date(value: object) -> datetime | None:
    """A date from ISO 8601, RFC 2822 (feeds) or a written-out timestamp; no zone means UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed: datetime | None = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = parse_timestamp(text)
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if not _PLAUSIBLE_YEARS[0] <= parsed.year <= _PLAUSIBLE_YEARS[1]:
        return None  # "0001-01-01": a template's placeholder, not a date
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _in_article(element: HtmlElement) -> bool:
    return not in_region(element, _ELSEWHERE_TAGS, _ELSEWHERE_HINT)


def _first(candidates: Iterable[tuple[str, object]]) -> Dated | None:
    for evidence, value in candidates:
        found = read_date(value)
        if found:
            return Dated(found, f"{evidence} = {str(value).strip()[:60]}")
    return None


def _element_candidates(
    find: Callable[[HtmlElement], list[HtmlElement]], tree: HtmlElement
) -> Iterator[tuple[str, object]]:
    """Dates of the page's elements, searched for only when its metadata has none."""
    for element in find(tree):
        if not _in_article(element):
            continue
        marker = element.get("itemprop") or ("pubdate" if element.get("pubdate") is not None
                                             else "datetime")
        value = element.get("content") or element.get("datetime")
        yield f"<{element.tag} {marker}>", value


def _visible_date(tree: HtmlElement) -> Dated | None:
    """A date the article shows its reader ("06.01.2026, Lesezeit 5 Min."), read day first."""
    for element in _DATE_TEXT_ELEMENTS(tree):
        text = " ".join(element.text_content().split())
        if not text or len(text) > _MAX_DATE_TEXT_CHARS or not _in_article(element):
            continue
        for piece in _TEXT_PIECE_SEPARATOR.split(text):
            for part in (piece, piece.split(",")[0]):
                found = None if _UPDATE_WORD.search(part) else parse_timestamp(part)
                if found:
                    return Dated(found, f"text of <{element.tag} class={element.get('class')}>"
                                        f" = {part}")
    return None


def published_date(
    tree: HtmlElement, meta: dict[str, str], article: dict, url: str | None
) -> Dated | None:
    """When the article was first published, or None where the page does not say."""
    stated = [("json-ld datePublished", article.get("datePublished"))]
    stated += [(f"meta {name}", meta.get(name)) for name in _PUBLISHED_META]
    found = _first(chain(stated, _element_candidates(_PUBLISHED_ELEMENTS, tree)))
    if found:
        return found
    found = _visible_date(tree)
    if found:
        return found
    in_url = _URL_DATE.search(url or "")
    if in_url:
        year, month, day = (int(part) for part in in_url.groups())
        return Dated(datetime(year, month, day, tzinfo=UTC), f"URL path {in_url.group()}")
    return None


def updated_date(tree: HtmlElement, meta: dict[str, str], article: dict) -> Dated | None:
    """When the article last changed, where the page says so."""
    stated = [("json-ld dateModified", article.get("dateModified"))]
    stated += [(f"meta {name}", meta.get(name)) for name in _UPDATED_META]
    return _first(chain(stated, _element_candidates(_UPDATED_ELEMENTS, tree)))
