"""Reading stories back: the stories told by more than one article, canonical first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.store.members import Member, story_members
from crawler.store.models import Story


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
        members = story_members(session, canonical)
        for story_id in canonical:
            yield story_id, [_shown(member) for member in members[story_id]]
        last_id = stories[-1].id


def _shown(member: Member) -> StoryMember:
    return StoryMember(
        id=member.id,
        url=member.url,
        title=member.title,
        published=member.published,
        match_kind=member.match_kind,
        match_similarity=member.match_similarity,
        match_evidence=member.match_evidence,
        is_canonical=member.is_canonical,
        is_spun=member.is_spun,
    )
