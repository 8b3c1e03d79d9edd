"""Reading a story's members back: the one query behind `wirewash dupes` and the status page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.store.models import Article


@dataclass(frozen=True)
class Member:
    """One article of a story: enough to recognise it, and how it joined the story."""

    id: int
    story_id: int
    url: str
    title: str | None
    source: str | None
    published: datetime | None
    fetched_at: datetime
    chars: int
    is_spun: bool
    is_canonical: bool
    match_kind: str | None
    match_similarity: float | None
    # How much of this article and of the one it matched the other holds, and where.
    match_evidence: dict[str, Any] | None


def story_members(
    session: Session, canonical: Mapping[int, int | None]
) -> dict[int, list[Member]]:
    """The members of these stories (story id -> its canonical article id), canonical first,
    then in id order; one query, without the articles' texts."""
    members: dict[int, list[Member]] = {story_id: [] for story_id in canonical}
    if not canonical:
        return members
    rows = session.execute(
        select(
            Article.id,
            Article.story_id,
            Article.url,
            Article.title,
            Article.source,
            Article.published,
            Article.fetched_at,
            func.length(Article.text),
            Article.is_spun,
            Article.match_kind,
            Article.match_similarity,
            Article.match_evidence,
        )
        .where(Article.story_id.in_(list(canonical)))
        .order_by(Article.id)
    )
    for row in rows:
        members[row.story_id].append(
            Member(
                id=row.id,
                story_id=row.story_id,
                url=row.url,
                title=row.title,
                source=row.source,
                published=row.published,
                fetched_at=row.fetched_at,
                chars=row[7] or 0,
                is_spun=bool(row.is_spun),
                is_canonical=canonical[row.story_id] == row.id,
                match_kind=row.match_kind,
                match_similarity=row.match_similarity,
                match_evidence=row.match_evidence,
            )
        )
    for found in members.values():
        found.sort(key=lambda m: (not m.is_canonical, m.id))
    return members
