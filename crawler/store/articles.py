"""Writing articles to the store and reading them back as plain records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cleaners import CleanArticle
from cleaners.dedup import text_hash
from crawler.discovery.urls import host_of, url_key
from crawler.settings import DedupSettings
from crawler.store.boilerplate import counted_keys, record_article, record_articles
from crawler.store.models import Article, Story, utcnow
from crawler.store.stories import assign_story

SaveOutcome = Literal["stored", "updated", "unchanged"]


def _fill(
    row: Article,
    article: CleanArticle,
    digest: str,
    source: str | None,
    frontier_id: int | None,
    fetched_at: datetime | None,
) -> None:
    """Set a row's columns from a cleaned article."""
    row.frontier_id = frontier_id if frontier_id is not None else row.frontier_id
    row.source = source or row.source
    row.canonical_url = article.canonical_url
    row.title = article.title
    row.authors = list(article.authors)
    row.published = article.published
    row.fetched_at = fetched_at or utcnow()
    row.updated_at = utcnow()
    row.language = article.language
    row.site_name = article.site_name
    row.text = article.text
    row.text_hash = digest
    row.images = [asdict(image) for image in article.images]
    row.removed = [removal.as_dict() for removal in article.removed]
    spun = article.spun
    row.spun_score = spun.score if spun else None
    row.is_spun = bool(spun and spun.is_spun)
    row.restored_text = spun.restored_text if spun else None
    # vars(), not asdict(): a substitution is flat, and asdict deep-copies every field.
    row.spun_substitutions = [dict(vars(s)) for s in spun.substitutions] if spun else []
    row.updated = article.updated
    row.published_offset = offset_minutes(article.published)
    row.updated_offset = offset_minutes(article.updated)
    row.section = article.section
    row.tags = list(article.tags)
    row.accessible_for_free = article.accessible_for_free
    row.metadata_evidence = dict(article.metadata_evidence)
    row.extraction_confidence = article.confidence


def _unchanged(row: Article, article: CleanArticle, digest: str) -> bool:
    """The stored row already says what the cleaned article says (text, title, update date)."""
    return row.text_hash == digest and row.title == article.title and row.updated == article.updated


def save_article(
    session: Session,
    url: str,
    article: CleanArticle,
    *,
    source: str | None = None,
    frontier_id: int | None = None,
    fetched_at: datetime | None = None,
    dedup: DedupSettings | None = None,
    assign: bool = True,
) -> tuple[Article, SaveOutcome]:
    """Insert or update the article at `url` and put it in its story; unchanged stores nothing.

    A new article's lines are counted for its host, which is how site boilerplate is learned.

    `assign=False` leaves the story to the caller, who batches with `assign_stories`.
    """
    key = url_key(url)
    row = session.scalar(select(Article).where(Article.url_key == key))
    digest = text_hash(article.text)
    if row is not None and _unchanged(row, article, digest):
        return row, "unchanged"
    outcome: SaveOutcome = "updated" if row is not None else "stored"
    if row is None:
        row = Article(url=url, url_key=key, host=host_of(url))
        session.add(row)
    _fill(row, article, digest, source, frontier_id, fetched_at)
    session.flush()
    if outcome == "stored" and row.host:  # once per URL, so re-fetches don't inflate counts
        record_article(session, row.host, article)
    if assign:
        assign_story(session, row, dedup)
    return row, outcome


@dataclass(frozen=True)
class ToSave:
    """One article of a batch for `save_articles`, with where it came from."""

    url: str
    article: CleanArticle
    source: str | None = None
    fetched_at: datetime | None = None
    # Where already computed (by the importer's workers): its text hash and `counted_keys`.
    digest: str | None = None
    line_keys: frozenset[str] | None = None


def save_articles(session: Session, batch: Sequence[ToSave]) -> list[tuple[Article, SaveOutcome]]:
    """`save_article` for a batch, stories left to the caller: one query finds the rows
    that exist and one flush writes them all (a URL twice in a batch: the later wins)."""
    keys = [url_key(item.url) for item in batch]
    rows = {
        row.url_key: row
        for row in session.scalars(select(Article).where(Article.url_key.in_(set(keys))))
    }
    saved: list[tuple[Article, SaveOutcome]] = []
    stored: list[tuple[Article, ToSave]] = []
    for key, item in zip(keys, batch, strict=True):
        row = rows.get(key)
        digest = item.digest or text_hash(item.article.text)
        if row is not None and _unchanged(row, item.article, digest):
            saved.append((row, "unchanged"))
            continue
        outcome: SaveOutcome = "updated" if row is not None else "stored"
        if row is None:
            row = rows[key] = Article(url=item.url, url_key=key, host=host_of(item.url))
            session.add(row)
            if row.host:
                stored.append((row, item))
        _fill(row, item.article, digest, item.source, None, item.fetched_at)
        saved.append((row, outcome))
    session.flush()
    # Once per URL, so re-fetches don't inflate counts.
    record_articles(
        session,
        [(row.host, item.line_keys or counted_keys(item.article)) for row, item in stored],
    )
    return saved


EXPORT_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "authors",
    "published",
    "updated",
    "fetched_at",
    "language",
    "site_name",
    "section",
    "tags",
    "accessible_for_free",
    "text",
    "images",
    "removed",
    "spun_score",
    "is_spun",
    "restored_text",
    "story_id",
    "is_canonical",
    "match_kind",
    "match_similarity",
    "metadata_evidence",
    "match_evidence",
)


def article_record(row: Article, canonical_id: int | None) -> dict[str, Any]:
    """One article as a plain record for export (dates as ISO 8601)."""
    record = {name: getattr(row, name, None) for name in EXPORT_FIELDS}
    record["is_canonical"] = row.story_id is not None and canonical_id == row.id
    record["published"] = _as_stated(row.published, row.published_offset)
    record["updated"] = _as_stated(row.updated, row.updated_offset)
    if record["fetched_at"] is not None:
        record["fetched_at"] = record["fetched_at"].isoformat()
    return record


def offset_minutes(moment: datetime | None) -> int | None:
    """The UTC offset a date was given with, in minutes (None for no date)."""
    offset = moment.utcoffset() if moment is not None else None
    return int(offset.total_seconds() // 60) if offset is not None else None


def _as_stated(moment: datetime | None, offset: int | None) -> str | None:
    """ISO 8601 in the offset the page gave (the store keeps UTC), or None."""
    if moment is None:
        return None
    if offset is not None:
        moment = moment.astimezone(timezone(timedelta(minutes=offset)))
    return moment.isoformat()


def iter_articles(session: Session, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every stored article as an export record, in id order, streamed in batches."""
    last_id = 0
    while True:
        rows = session.execute(
            select(Article, Story.canonical_article_id)
            .outerjoin(Story, Story.id == Article.story_id)
            .where(Article.id > last_id)
            .order_by(Article.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        for article, canonical_id in rows:
            yield article_record(article, canonical_id)
        last_id = rows[-1][0].id
