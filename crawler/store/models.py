"""The store's tables as SQLAlchemy models: sources, hosts, frontier, fetch log, articles, stories.

Models stay inside the store package; other modules receive plain dataclasses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Source(Base):
    """A configured source; discovery of one source runs once per interval across all workers."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    discovery_due_at: Mapped[datetime | None]
    discovery_claimed_by: Mapped[str | None] = mapped_column(String(200))
    discovery_claim_expires_at: Mapped[datetime | None]
    last_run_started_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Host(Base):
    """Per-host politeness state: when the next request may go, and the cached robots.txt.

    `backoff_reason` says why a host is held long (its circuit breaker tripped), until its
    next request ends well.
    """

    __tablename__ = "hosts"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_request_at: Mapped[datetime] = mapped_column(default=utcnow)
    crawl_delay: Mapped[float | None] = mapped_column(Float)
    robots_status: Mapped[int | None] = mapped_column(Integer)
    robots_body: Mapped[str | None] = mapped_column(Text)
    robots_fetched_at: Mapped[datetime | None]
    robots_expires_at: Mapped[datetime | None]
    backoff_reason: Mapped[str | None] = mapped_column(String(300))


# The frontier states claim_next reads: pending, or claimed with an expired lease.
_CLAIMABLE = sql_text("state IN ('pending', 'claimed')")


class FrontierUrl(Base):
    """A URL to fetch: its kind, state, claim lease, conditional-GET validators and last outcome."""

    __tablename__ = "frontier"
    __table_args__ = (
        Index("ix_frontier_due", "state", "next_attempt_at"),
        Index("ix_frontier_host_state", "host", "state"),
        # A source's latest fetched pages, for its extraction health.
        Index("ix_frontier_source_fetched", "source_id", "fetched_at"),
        # claim_next reads claimable URLs in (depth, id) order until one's host is free.
        Index(
            "ix_frontier_claim",
            "depth",
            "id",
            postgresql_where=_CLAIMABLE,
            sqlite_where=_CLAIMABLE,
        ),
        # ... and, when the hosts at the head of that line are all held, a free host's first.
        Index(
            "ix_frontier_host_claim",
            "host",
            "depth",
            "id",
            postgresql_where=_CLAIMABLE,
            sqlite_where=_CLAIMABLE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(String(64), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(16), default="article")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    hints: Mapped[dict[str, Any] | None]
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claim_expires_at: Mapped[datetime | None]
    discovered_at: Mapped[datetime] = mapped_column(default=utcnow)
    fetched_at: Mapped[datetime | None]
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error_kind: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)


class FetchAttempt(Base):
    """One request and its outcome: status, error kind, timing and validators."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    frontier_id: Mapped[int | None] = mapped_column(ForeignKey("frontier.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    elapsed_ms: Mapped[float | None] = mapped_column(Float)
    status: Mapped[int | None] = mapped_column(Integer)
    error_kind: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    body_bytes: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


# The status page lists stories with copies, newest first.
_HAS_COPIES = sql_text("article_count > 1")


class Story(Base):
    """One news story: the articles that are copies of one report, with one canonical version."""

    __tablename__ = "stories"
    __table_args__ = (
        Index(
            "ix_stories_with_copies", "id", postgresql_where=_HAS_COPIES, sqlite_where=_HAS_COPIES
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", use_alter=True, name="fk_stories_canonical")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    article_count: Mapped[int] = mapped_column(Integer, default=0)


class Article(Base):
    """A stored article: clean text, metadata, what the cleaners removed, spun verdict, story."""

    __tablename__ = "articles"
    __table_args__ = (
        # The status page: a source's newest articles, and the spun ones, newest first.
        Index("ix_articles_source_id", "source", "id"),
        Index("ix_articles_spun_id", "is_spun", "id"),
        # /metrics' store counts (copies, spun copies) read this index, not the article rows.
        Index("ix_articles_story_counts", "story_id", "is_spun", "match_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(String(64), unique=True)
    frontier_id: Mapped[int | None] = mapped_column(ForeignKey("frontier.id"))
    canonical_url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    host: Mapped[str | None] = mapped_column(String(255), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published: Mapped[datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(20))
    site_name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    removed: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    spun_score: Mapped[float | None] = mapped_column(Float)
    is_spun: Mapped[bool] = mapped_column(Boolean, default=False)
    restored_text: Mapped[str | None] = mapped_column(Text)
    spun_substitutions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    match_kind: Mapped[str | None] = mapped_column(String(16))
    match_similarity: Mapped[float | None] = mapped_column(Float)
    # What the matcher saw: how much of this article and of the one it matched the other
    # holds, and where (see `cleaners.dedup.Evidence`); None for a story's first article.
    match_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The day its band rows carry (None: not in the band index), so they can be found again.
    indexed_day: Mapped[int | None] = mapped_column(Integer)
    # When the page says the article last changed (not when the row did: that is updated_at).
    updated: Mapped[datetime | None]
    # The UTC offsets, in minutes, the page gave its dates; None where it gave none.
    published_offset: Mapped[int | None] = mapped_column(Integer)
    updated_offset: Mapped[int | None] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str] | None] = mapped_column(JSON)
    accessible_for_free: Mapped[bool | None] = mapped_column(Boolean)
    metadata_evidence: Mapped[dict[str, Any] | None]
    # 0-1: how much of the page's prose the extracted text holds (None: cleaned from text).
    extraction_confidence: Mapped[float | None] = mapped_column(Float)


class _BandRow:
    """The columns of a band row: its bucket, its article and the day it is indexed under.

    The article id is no foreign key: articles are never deleted, and checking each of
    millions of band rows against them cost a third of moving recent rows into the index.
    """

    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indexed_day: Mapped[int] = mapped_column(Integer)  # days since 1970-01-01, UTC


class LshBand(_BandRow, Base):
    """One LSH band of an article's signature, so a candidate lookup is an indexed query.

    The row is its key (no rowid on SQLite), so a lookup reads one index. The day bounds
    lookups; (day, article) finds an article's rows again and the rows to prune.
    """

    __tablename__ = "lsh_bands"
    __table_args__ = (
        Index("ix_lsh_bands_day_article", "indexed_day", "article_id"),
        {"sqlite_with_rowid": False},
    )


class RecentLshBand(_BandRow, Base):
    """Band rows of the newest articles, moved into `lsh_bands` in bulk and in key order.

    Band keys are random, so each batch's rows land all over the index; in this small table
    that rewrites few pages, where in the whole index every batch would rewrite most of it.
    Lookups read both tables. It has no day index, which would double the cost of an insert:
    its rows are pruned once moved.
    """

    __tablename__ = "lsh_recent_bands"
    __table_args__ = ({"sqlite_with_rowid": False},)


class HostLine(Base):
    """How many articles of a host carry a line: lines on many are that site's boilerplate."""

    __tablename__ = "host_lines"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    line_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)


class SourceHealth(Base):
    """A source's last judged extraction health, so a change is logged (and alerted on) once."""

    __tablename__ = "source_health"

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class SourceOutcome(Base):
    """How many of a source's pages ended one way in one hour (a reason for skips and errors)."""

    __tablename__ = "source_outcomes"

    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)  # hours since 1970-01-01 UTC
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    reason: Mapped[str] = mapped_column(String(40), primary_key=True)  # "" when none
    pages: Mapped[int] = mapped_column(Integer, default=0)
