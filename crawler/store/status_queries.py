"""Read-only queries behind the status page, each a page of rows through an index.

Lists are paged by id, newest first (`before` is the last id of the previous page), so a
page costs the same with a thousand articles or a million: a source's articles walk
`ix_articles_source_id`, spun ones `ix_articles_spun_id`, stories with copies the partial
index `ix_stories_with_copies`, and each story's members `articles.story_id`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, literal_column, select, true
from sqlalchemy.orm import Session

from crawler.settings import HealthSettings
from crawler.store.health import HealthReport, source_health, stored_health
from crawler.store.members import Member, story_members
from crawler.store.models import Article, Source, Story, utcnow
from crawler.store.outcomes import outcomes_since

DAY = timedelta(days=1)


@dataclass(frozen=True)
class SourceStatus:
    """A source as the status page shows it: its runs, its last day and its health.

    `state` and `reasons` are the health as last recorded (by a daemon's check or a crawl)
    in a list of sources, and as judged now on a source's own page, where `health` holds
    the figures behind it ("unchecked": never judged yet).
    """

    name: str
    url: str
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    next_run_at: datetime | None
    last_day: dict[str, dict[str, int]]  # outcome -> reason ("" for none) -> pages
    state: str
    reasons: list[str]
    health_since: datetime | None
    health: HealthReport | None

    @property
    def totals(self) -> dict[str, int]:
        """Pages fetched, stored (new or changed), skipped and failed over the last day."""
        day = self.last_day
        return {
            "fetched": sum(day.get("fetched", {}).values()),
            "stored": sum(day.get("stored", {}).values()) + sum(day.get("updated", {}).values()),
            "skipped": sum(day.get("skipped", {}).values()),
            "failed": sum(day.get("error", {}).values()),
        }


@dataclass(frozen=True)
class ArticleBrief:
    """An article in a list: enough to recognise it and follow it."""

    id: int
    url: str
    title: str | None
    source: str | None
    published: datetime | None
    fetched_at: datetime
    chars: int
    is_spun: bool


@dataclass(frozen=True)
class StoryMember:
    """One copy of a story and how it matched the story's canonical article."""

    article: ArticleBrief
    is_canonical: bool
    match_kind: str | None
    similarity: float | None
    # How much of this article and of the one it matched the other holds, and where.
    match_evidence: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoryCopies:
    """A story with several copies, canonical article first."""

    id: int
    article_count: int
    members: list[StoryMember] = field(default_factory=list)


@dataclass(frozen=True)
class SpunArticle:
    """An article judged machine-spun, with the text restored from it."""

    article: ArticleBrief
    spun_score: float | None
    text: str
    restored_text: str | None


def _nested(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for (outcome, reason), pages in sorted(counts.items()):
        nested.setdefault(outcome, {})[reason] = pages
    return nested


def sources(
    session: Session, settings: HealthSettings, names: list[str] | None = None
) -> list[SourceStatus]:
    """Every source row, by name, with its last day and its recorded health; when `names`
    are given, only those sources, with their health judged now (reads their latest pages).
    """
    query = select(Source).order_by(Source.name)
    if names is not None:
        query = query.where(Source.name.in_(names))
    rows = session.scalars(query).all()
    day = outcomes_since(session, utcnow() - DAY)
    recorded = stored_health(session)
    statuses = []
    for row in rows:
        stored = recorded.get(row.name)
        health = source_health(session, row.id, row.name, settings) if names else None
        if health is not None:
            state, reasons = health.state, health.reasons
        else:
            state, reasons = (stored.state, stored.reasons) if stored else ("unchecked", [])
        statuses.append(
            SourceStatus(
                name=row.name,
                url=row.url,
                last_run_at=row.last_run_started_at,
                last_success_at=row.last_success_at,
                last_error=row.last_error,
                next_run_at=row.discovery_due_at,
                last_day=_nested(day.get(row.id, Counter())),
                state=state,
                reasons=reasons,
                health_since=stored.since if stored and stored.state == state else None,
                health=health,
            )
        )
    return statuses


_BRIEF = (
    Article.id,
    Article.url,
    Article.title,
    Article.source,
    Article.published,
    Article.fetched_at,
    Article.is_spun,
)


def _brief(row: Sequence[Any], chars: int) -> ArticleBrief:
    """An ArticleBrief from the first seven columns of a row selected with `_BRIEF`."""
    id_, url, title, source, published, fetched_at, is_spun = row[:7]
    return ArticleBrief(id_, url, title, source, published, fetched_at, chars, bool(is_spun))


def _before(query: Select[Any], before: int | None) -> Select[Any]:
    return query if before is None else query.where(Article.id < before)


def newest_articles(
    session: Session, source: str, before: int | None, limit: int
) -> list[ArticleBrief]:
    """A source's articles, newest first, from `before` down."""
    query = select(*_BRIEF, func.length(Article.text)).where(Article.source == source)
    rows = session.execute(_before(query, before).order_by(Article.id.desc()).limit(limit))
    return [_brief(row, row[-1] or 0) for row in rows]


def stories_with_copies(session: Session, before: int | None, limit: int) -> list[StoryCopies]:
    """Stories of more than one article, newest first; each with its members, canonical first."""
    query = select(Story.id, Story.article_count, Story.canonical_article_id).where(
        Story.article_count > literal_column("1")  # a literal, so the partial index applies
    )
    if before is not None:
        query = query.where(Story.id < before)
    stories = session.execute(query.order_by(Story.id.desc()).limit(limit)).all()
    canonical = {story_id: article_id for story_id, _, article_id in stories}
    members = story_members(session, canonical)
    return [
        StoryCopies(story_id, count, [_copy(member) for member in members[story_id]])
        for story_id, count, _ in stories
    ]


def _copy(member: Member) -> StoryMember:
    brief = ArticleBrief(
        member.id,
        member.url,
        member.title,
        member.source,
        member.published,
        member.fetched_at,
        member.chars,
        member.is_spun,
    )
    return StoryMember(
        brief, member.is_canonical, member.match_kind, member.match_similarity,
        member.match_evidence,
    )


def spun_articles(session: Session, before: int | None, limit: int) -> list[SpunArticle]:
    """Articles judged spun, newest first, with their restored text."""
    query = select(*_BRIEF, Article.spun_score, Article.text, Article.restored_text).where(
        Article.is_spun == true()  # `=`, not `IS`: an index lookup on both backends
    )
    rows = session.execute(_before(query, before).order_by(Article.id.desc()).limit(limit))
    return [SpunArticle(_brief(row, len(row[8])), row[7], row[8], row[9]) for row in rows]
