"""Stories in the store: each new article joins the story it copies, or starts one.

Candidates come from LSH bands kept as indexed rows (`lsh_bands`), so a lookup is one
indexed query on SQLite and PostgreSQL alike; every candidate is confirmed by the precise
verdict of `cleaners.dedup.compare` before the article joins its story. The article joins
the story of its best confirmed candidate; stories are never chained or merged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from cleaners.dedup import Fingerprint, Match, compare, fingerprint
from cleaners.spun import restore_from_original
from crawler.settings import DedupSettings
from crawler.store.models import Article, LshBand, Story

# Candidates confirmed per article, most shared bands first.
CANDIDATES = 10
# Workers on one PostgreSQL assign stories one transaction at a time, so two copies of a
# story stored at once cannot both start a story of their own.
_ASSIGN_LOCK_ID = 0x77697266
# A member shorter than this share of the story's longest original is an excerpt, not a
# complete version (rewrites of one report differ in length by less than this).
COMPLETE_SHARE = 0.6
# Kinds in order of trust, for choosing between equally similar candidates.
_KIND_RANK = {"exact": 0, "rewrite": 1, "excerpt": 2, "spun": 3}


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its story, how it matched (``first`` starts a story)."""

    article_id: int
    story_id: int
    kind: str
    similarity: float | None
    matched_article_id: int | None


@lru_cache(maxsize=1024)
def _fingerprint_of(text_value: str) -> Fingerprint:
    return fingerprint(text_value)


def indexed_for(article: Article) -> datetime:
    """The date an article is indexed under: published, else fetched (never after fetching)."""
    fetched = article.fetched_at
    if article.published is None or fetched is None:
        return article.published or fetched
    return min(article.published, fetched + timedelta(days=1))


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ASSIGN_LOCK_ID})


def _detach(session: Session, article: Article) -> None:
    """Take an article whose text changed out of its story and the index."""
    session.execute(delete(LshBand).where(LshBand.article_id == article.id))
    story_id = article.story_id
    article.story_id = None
    article.match_kind = None
    article.match_similarity = None
    if story_id is None:
        return
    session.flush()
    story = session.get(Story, story_id)
    if story is None:
        return
    story.article_count -= 1
    if story.article_count <= 0:
        story.canonical_article_id = None
        session.flush()
        session.delete(story)
    else:
        _choose_canonical(session, story)


def _exact_copy(session: Session, article: Article) -> Article | None:
    return session.scalar(
        select(Article)
        .where(
            Article.text_hash == article.text_hash,
            Article.id != article.id,
            Article.story_id.is_not(None),
        )
        .order_by(Article.id)
        .limit(1)
    )


def _candidates(
    session: Session, article: Article, keys: Sequence[int], day: datetime, window: timedelta
) -> list[Article]:
    shared = func.count().label("shared")
    ids = (
        session.execute(
            select(LshBand.article_id, shared)
            .where(
                LshBand.bucket.in_(keys),
                LshBand.indexed_for >= day - window,
                LshBand.indexed_for <= day + window,
                LshBand.article_id != article.id,
            )
            .group_by(LshBand.article_id)
            .order_by(shared.desc(), LshBand.article_id)
            .limit(CANDIDATES)
        )
        .scalars()
        .all()
    )
    if not ids:
        return []
    rows = session.scalars(
        select(Article).where(Article.id.in_(ids), Article.story_id.is_not(None))
    ).all()
    order = {article_id: rank for rank, article_id in enumerate(ids)}
    return sorted(rows, key=lambda row: order[row.id])


def _best_match(
    article_print: Fingerprint, candidates: Sequence[Article]
) -> tuple[Article, Match] | None:
    best: tuple[Article, Match] | None = None
    for candidate in candidates:
        match = compare(article_print, _fingerprint_of(candidate.text))
        if match is None:
            continue
        if best is None or (-match.similarity, _KIND_RANK[match.kind]) < (
            -best[1].similarity,
            _KIND_RANK[best[1].kind],
        ):
            best = (candidate, match)
    return best


def _canonical_key(member: Article, longest: int) -> tuple[bool, bool, datetime, int, int]:
    length = len(member.text)
    date = member.published or member.fetched_at
    return (member.is_spun, length < COMPLETE_SHARE * longest, date, -length, member.id)


def _choose_canonical(session: Session, story: Story) -> Article:
    """The story's canonical article: not spun, complete, earliest published, then longest."""
    members = session.scalars(select(Article).where(Article.story_id == story.id)).all()
    originals = [m for m in members if not m.is_spun] or list(members)
    longest = max(len(m.text) for m in originals)
    canonical = min(members, key=lambda m: _canonical_key(m, longest))
    story.canonical_article_id = canonical.id
    story.article_count = len(members)
    return canonical


def _restore(copy: Article, original: Article) -> None:
    """Put the original's wording back into a spun copy (kept beside the copy's own text)."""
    report = restore_from_original(copy.text, original.text)
    if report.restored_text is None:
        return
    copy.restored_text = report.restored_text
    copy.spun_substitutions = [asdict(s) for s in report.substitutions]
    copy.is_spun = copy.is_spun or report.is_spun
    copy.spun_score = max(copy.spun_score or 0.0, report.score)


def _repair_spun(session: Session, story: Story, article: Article, was_spun_led: bool) -> None:
    """Restore spun members from the canonical original when this arrival makes it possible."""
    canonical = session.get(Article, story.canonical_article_id)
    if canonical is None or canonical.is_spun:
        return
    if article.id != canonical.id and (article.is_spun or article.match_kind == "spun"):
        _restore(article, canonical)
    elif article.id == canonical.id and was_spun_led:
        for member in session.scalars(
            select(Article).where(Article.story_id == story.id, Article.is_spun.is_(True))
        ):
            _restore(member, canonical)


def _index(session: Session, article: Article, keys: Sequence[int], day: datetime) -> None:
    session.execute(
        insert(LshBand),
        [{"bucket": key, "article_id": article.id, "indexed_for": day} for key in set(keys)],
    )


def _join(session: Session, article: Article, story: Story, match: Match) -> None:
    canonical = session.get(Article, story.canonical_article_id)
    was_spun_led = canonical is not None and canonical.is_spun
    article.story_id = story.id
    article.match_kind = match.kind
    article.match_similarity = match.similarity
    session.flush()
    _choose_canonical(session, story)
    _repair_spun(session, story, article, was_spun_led)


def _start_story(session: Session, article: Article) -> Story:
    story = Story(canonical_article_id=article.id, article_count=1)
    session.add(story)
    session.flush()
    article.story_id = story.id
    article.match_kind = "first"
    article.match_similarity = None
    return story


def prune(session: Session, newest: datetime, window: timedelta) -> int:
    """Drop band rows indexed more than `window` before `newest`; the number dropped."""
    result = session.execute(delete(LshBand).where(LshBand.indexed_for < newest - window))
    return int(result.rowcount or 0)


def assign_story(
    session: Session, article: Article, dedup: DedupSettings | None = None
) -> Assignment:
    """Put a stored (or changed) article into the story it copies, or start a new story."""
    dedup = dedup or DedupSettings()
    window = timedelta(days=dedup.window_days)
    _lock(session)
    if article.story_id is not None or article.match_kind is not None:
        _detach(session, article)
    day = indexed_for(article)
    exact = _exact_copy(session, article)
    if exact is not None:
        story = session.get(Story, exact.story_id)
        _join(session, article, story, Match("exact", 1.0))
        return Assignment(article.id, story.id, "exact", 1.0, exact.id)
    article_print = _fingerprint_of(article.text)
    found = _best_match(
        article_print, _candidates(session, article, article_print.band_keys, day, window)
    )
    _index(session, article, article_print.band_keys, day)
    if found is None:
        story = _start_story(session, article)
        prune(session, day, window)
        return Assignment(article.id, story.id, "first", None, None)
    matched, match = found
    story = session.get(Story, matched.story_id)
    _join(session, article, story, match)
    prune(session, day, window)
    return Assignment(article.id, story.id, match.kind, match.similarity, matched.id)


@dataclass(frozen=True)
class StoryMember:
    """One article of a story as `wirewash dupes` shows it."""

    id: int
    url: str
    title: str | None
    published: datetime | None
    match_kind: str | None
    match_similarity: float | None
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
                    is_canonical=row.id == canonical[row.story_id],
                    is_spun=row.is_spun,
                )
            )
        for story_id in canonical:
            yield story_id, sorted(members[story_id], key=lambda m: (not m.is_canonical, m.id))
        last_id = stories[-1].id
