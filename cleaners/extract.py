"""Main text and metadata out of an HTML page, with trafilatura as the base."""

from __future__ import annotations

from datetime import UTC, datetime

import trafilatura

from cleaners.article import CleanArticle


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def extract_html(html: str, url: str | None = None) -> CleanArticle:
    """Extract the article body (without the headline) and its metadata from a page."""
    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    if document is None:
        return CleanArticle(text="")
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    return CleanArticle(
        text=document.text or "",
        title=document.title,
        authors=authors,
        published=_parse_date(document.date),
        language=document.language,
        site_name=document.sitename,
        canonical_url=document.url,
    )
