"""Reading stories back: the stories told by more than one article, canonical first."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.store.members import Member, story_members
from crawler.store.models import Story

# What `wirewash dupes --json` shows of each member, in this order.
_SHOWN = (
    "id",
    "url",
    "title",
    "published",
    "match_kind",
    "match_similarity",
    "match_evidence",
    "is_canonical",
    "is_spun",
)


def member_record(member: Member) -> dict[str, object]:
    """A member as `wirewash dupes --json` writes it."""
    record: dict[str, object] = {name: getattr(member, name) for name in _SHOWN}
    record["published"] = member.published.isoformat() if member.published else None
    return record


def duplicate_stories(
    session: Session, batch: int = 200
) -> Iterator[tuple[int, list[Member]]]:
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
            yield story_id, members[story_id]
        last_id = stories[-1].id
