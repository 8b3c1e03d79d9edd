"""Reading stories back: the stories told by more than one article, canonical first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.store.models import Article, Story


@dataclass(frozen=True)
class StoryMember:
    """One article of a story as `wirewash dupes` shows it."""

    id: int
    url: str
    title: str | None
    published: datetime | None
    match_kind: str | None
    match_similarity: float | None
    # How much of this article and of the one it matched the other holds, and where.
    match_evidence: dict[str, Any] | None
    is_canonical: bool
    is_spun: bool

    def as_dict(self) -> dict[str, object]:
        record = asdict(self)
        record["published"] = self.published.isoformat() if self.published else None
        return record


def duplicate_stories(
    session: Session, batch: int = 200
) -> Iterator[tuple[int, list[StoryMember]]]:
    """Every story with more than one article: its id and members, canonical first."""
    last_id = 0
    while True:
        stories = session.execute(
            select(Story.id, Story.canonical_article_id)
            .where(Story.article_count > 1, Story.id > last_id)
            .order_by(Story.id)
            .limit(batch)
        ).all()
        if not stories:
            return
        canonical = dict(stories)
        members: dict[int, list[StoryMember]] = {story_id: [] for story_id in canonical}
        rows = session.scalars(
            select(Article).where(Article.story_id.in_(canonical)).order_by(Article.id)
        )
        for row in rows:
            members[row.story_id].append(
                StoryMember(
                    id=row.id,
                    url=row.url,
                    title=row.title,
                    published=row.published,
                    match_kind=row.match_kind,
                    match_similarity=row.match_similarity,
                    match_evidence=row.match_evidence,
                    is_canonical=row.id == canonical[row.story_id],
                    is_spun=row.is_spun,
                )
            )
        for story_id in canonical:
            yield story_id, sorted(members[story_id], key=lambda m: (not m.is_canonical, m.id))
        last_id = stories[-1].id
