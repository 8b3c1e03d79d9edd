"""Read from the store what the spun restorer learns from: spun/canonical pairs, clean texts."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from crawler.store.models import Article, Story


def iter_spun_pairs(session: Session, batch: int = 200) -> Iterator[tuple[str, str]]:
    """(spun text, canonical text) for each spun article whose story's canonical is clean."""
    canonical = aliased(Article)
    query = (
        select(Article.text, canonical.text)
        .join(Story, Article.story_id == Story.id)
        .join(canonical, canonical.id == Story.canonical_article_id)
        .where(Article.is_spun.is_(True), canonical.is_spun.is_(False), Article.id != canonical.id)
        .order_by(Article.id)
        .execution_options(yield_per=batch)
    )
    for spun_text, original_text in session.execute(query):
        yield str(spun_text), str(original_text)


def iter_clean_texts(session: Session, limit: int, batch: int = 200) -> Iterator[str]:
    """The texts of the newest `limit` articles not judged spun (news English, for counts)."""
    query = (
        select(Article.text)
        .where(Article.is_spun.is_(False))
        .order_by(Article.id.desc())
        .limit(limit)
        .execution_options(yield_per=batch)
    )
    for (text,) in session.execute(query):
        yield str(text)
