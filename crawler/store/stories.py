"""Stories in the store: each new article joins the story it copies, or starts one.

Candidates come from LSH bands kept as indexed rows (`lsh_bands`), so a lookup is one
indexed query on SQLite and PostgreSQL alike; every candidate is confirmed by the precise
verdict of `cleaners.dedup.compare` before the article joins its story. The article joins
the story of its best confirmed candidate; stories are never chained or merged.
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from cleaners.dedup import Fingerprint, Match, compare, fingerprint, fingerprints, text_hash
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


# Fingerprints of recently assigned articles, by (id, text hash): a copy usually arrives
# soon after its original, whose fingerprint is then still here.
_recent: OrderedDict[tuple[int, str], Fingerprint] = OrderedDict()
_RECENT_SIZE = 5000


def _remember(article: Article, fp: Fingerprint) -> None:
    _recent[(article.id, article.text_hash)] = fp
    _recent.move_to_end((article.id, article.text_hash))
    while len(_recent) > _RECENT_SIZE:
        _recent.popitem(last=False)


def _fingerprint_of(article: Article) -> Fingerprint:
    fp = _recent.get((article.id, article.text_hash))
    if fp is None:
        fp = fingerprint(article.text)
        _remember(article, fp)
    return fp


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


def _exact_copies(session: Session, articles: Sequence[Article]) -> dict[str, Article]:
    """Stored articles (outside the batch) with the same text hash, earliest per hash."""
    found: dict[str, Article] = {}
    rows = session.scalars(
        select(Article)
        .where(
            Article.text_hash.in_({a.text_hash for a in articles}),
            Article.id.not_in([a.id for a in articles]),
            Article.story_id.is_not(None),
        )
        .order_by(Article.id)
    )
    for row in rows:
        found.setdefault(row.text_hash, row)
    return found


def _band_hits(
    session: Session, keys: set[int], own: list[int], low: datetime, high: datetime
) -> dict[int, list[tuple[int, datetime]]]:
    """bucket -> [(article id, indexed for)] of stored articles outside the batch.

    One statement whatever the batch's size: the keys travel as one JSON or array value,
    not as thousands of bound parameters.
    """
    connection = session.connection()
    dialect = connection.dialect
    day_type = LshBand.__table__.c.indexed_for.type
    to_db = day_type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
    from_db = day_type.dialect_impl(dialect).result_processor(dialect, None) or (lambda v: v)
    if dialect.name == "sqlite":
        statement = (
            "SELECT bucket, article_id, indexed_for FROM lsh_bands"
            " WHERE bucket IN (SELECT value FROM json_each(?))"
            " AND indexed_for >= ? AND indexed_for <= ?"
            " AND article_id NOT IN (SELECT value FROM json_each(?))"
        )
        parameters = (json.dumps(sorted(keys)), to_db(low), to_db(high), json.dumps(own))
    else:
        statement = (
            "SELECT bucket, article_id, indexed_for FROM lsh_bands"
            " WHERE bucket = ANY(%s) AND indexed_for >= %s AND indexed_for <= %s"
            " AND article_id <> ALL(%s)"
        )
        parameters = (sorted(keys), to_db(low), to_db(high), own)
    hits: dict[int, list[tuple[int, datetime]]] = {}
    for bucket, article_id, day in connection.exec_driver_sql(statement, parameters):
        hits.setdefault(bucket, []).append((article_id, from_db(day)))
    return hits


def _canonical_key(member: Article, longest: int) -> tuple[bool, bool, datetime, int, int]:
    length = len(member.text)
    date = member.published or member.fetched_at
    return (member.is_spun, length < COMPLETE_SHARE * longest, date, -length, member.id)


def _pick_canonical(members: Sequence[Article]) -> Article:
    """Not spun, complete (not an excerpt), earliest published, then longest."""
    originals = [m for m in members if not m.is_spun] or list(members)
    longest = max(len(m.text) for m in originals)
    return min(members, key=lambda m: _canonical_key(m, longest))


def _choose_canonical(session: Session, story: Story) -> Article:
    """Re-choose the story's canonical article from its stored members."""
    members = session.scalars(select(Article).where(Article.story_id == story.id)).all()
    canonical = _pick_canonical(members)
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


def _repair_spun(
    session: Session, story: Story, joined: Sequence[Article], was_spun_led: bool
) -> None:
    """Restore spun members from the canonical original when these arrivals make it possible."""
    canonical = session.get(Article, story.canonical_article_id)
    if canonical is None or canonical.is_spun:
        return
    if canonical in joined and was_spun_led:
        for member in session.scalars(
            select(Article).where(Article.story_id == story.id, Article.is_spun.is_(True))
        ):
            _restore(member, canonical)
    for article in joined:
        if article is not canonical and (article.is_spun or article.match_kind == "spun"):
            _restore(article, canonical)


def prune(session: Session, newest: datetime, window: timedelta) -> int:
    """Drop band rows indexed more than `window` before `newest`; the number dropped."""
    result = session.execute(delete(LshBand).where(LshBand.indexed_for < newest - window))
    return int(result.rowcount or 0)


def assign_story(
    session: Session, article: Article, dedup: DedupSettings | None = None
) -> Assignment:
    """Put a stored (or changed) article into the story it copies, or start a new story."""
    return assign_stories(session, [article], dedup)[0]


@dataclass
class _Decision:
    """Where one article of a batch goes: with a stored article, with an earlier article
    of the batch, or (no match) into a story of its own."""

    match: Match | None = None
    stored: Article | None = None
    batch_position: int | None = None


def _shared_bands(
    hits: dict[int, list[tuple[int, datetime]]],
    prints: Sequence[Fingerprint],
    days: Sequence[datetime],
    window: timedelta,
) -> list[Counter[int]]:
    """Per article: stored article id -> bands shared, within the window of its date."""
    shared: list[Counter[int]] = []
    for fp, day in zip(prints, days, strict=True):
        counts: Counter[int] = Counter()
        for key in set(fp.band_keys):
            counts.update(i for i, d in hits.get(key, ()) if abs(d - day) <= window)
        shared.append(counts)
    return shared


def _better(match: Match, best: Match | None) -> bool:
    if best is None:
        return True
    return (-match.similarity, _KIND_RANK[match.kind]) < (
        -best.similarity,
        _KIND_RANK[best.kind],
    )


def _decide(
    session: Session,
    articles: Sequence[Article],
    prints: Sequence[Fingerprint],
    days: Sequence[datetime],
    window: timedelta,
) -> list[_Decision]:
    own = [a.id for a in articles]
    exact = _exact_copies(session, articles)
    keys = {key for fp in prints for key in fp.band_keys}
    hits = _band_hits(session, keys, own, min(days) - window, max(days) + window)
    shared = _shared_bands(hits, prints, days, window)
    wanted = {i for counts in shared for i, _ in counts.most_common(CANDIDATES)}
    query = select(Article).where(Article.id.in_(wanted), Article.story_id.is_not(None))
    stored = {row.id: row for row in session.scalars(query)} if wanted else {}
    decisions: list[_Decision] = []
    batch_buckets: dict[int, list[int]] = {}
    batch_hashes: dict[str, int] = {}
    for position, (article, fp, day) in enumerate(zip(articles, prints, days, strict=True)):
        if article.text_hash in exact:
            decisions.append(_Decision(Match("exact", 1.0), stored=exact[article.text_hash]))
            continue
        if article.text_hash in batch_hashes:
            first = batch_hashes[article.text_hash]
            decisions.append(_Decision(Match("exact", 1.0), batch_position=first))
            continue
        batch_hashes[article.text_hash] = position
        in_batch: Counter[int] = Counter()
        for key in set(fp.band_keys):
            in_batch.update(p for p in batch_buckets.get(key, ()) if abs(days[p] - day) <= window)
            batch_buckets.setdefault(key, []).append(position)
        ranked = [(n, stored.get(i), None) for i, n in shared[position].most_common(CANDIDATES)]
        ranked += [(n, None, p) for p, n in in_batch.most_common(CANDIDATES)]
        ranked.sort(key=lambda item: -item[0])
        best = _Decision()
        for _, row, batch_position in ranked[:CANDIDATES]:
            if batch_position is not None:
                candidate_print = prints[batch_position]
            elif row is not None:
                candidate_print = _fingerprint_of(row)
            else:
                continue
            match = compare(fp, candidate_print)
            if match is not None and _better(match, best.match):
                best = _Decision(match, row, batch_position)
        decisions.append(best)
    return decisions


def _index(
    session: Session,
    articles: Sequence[Article],
    prints: Sequence[Fingerprint],
    days: Sequence[datetime],
    decisions: Sequence[_Decision],
) -> None:
    """Band rows for every article but exact copies (their twin's rows find them).

    Written through the driver's executemany: tens of rows per article, and per-row work
    in the ORM would cost more than the fingerprints.
    """
    connection = session.connection()
    day_type = LshBand.__table__.c.indexed_for.type.dialect_impl(connection.dialect)
    day_value = day_type.bind_processor(connection.dialect)
    rows = [
        (key, article.id, day_value(day) if day_value else day)
        for article, fp, day, decision in zip(articles, prints, days, decisions, strict=True)
        if decision.match is None or decision.match.kind != "exact"
        for key in set(fp.band_keys)
    ]
    if rows:
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        columns = "lsh_bands (bucket, article_id, indexed_for)"
        connection.exec_driver_sql(f"INSERT INTO {columns} VALUES ({mark}, {mark}, {mark})", rows)


def _settle(session: Session, touched: dict[int, list[Article]], new: dict[int, Story]) -> None:
    """Canonical article and size of every story the batch touched; spun copies restored."""
    for story_id, joined in touched.items():
        if story_id in new and len(joined) == 1:
            new[story_id].canonical_article_id = joined[0].id
            new[story_id].article_count = 1
            continue
        story = new.get(story_id) or session.get(Story, story_id)
        old = story.canonical_article_id
        was_spun_led = old is not None and bool(session.get(Article, old).is_spun)
        session.flush()
        _choose_canonical(session, story)
        _repair_spun(session, story, joined, was_spun_led)


def assign_stories(
    session: Session, articles: Sequence[Article], dedup: DedupSettings | None = None
) -> list[Assignment]:
    """Put stored (or changed) articles into stories, in order, with one lookup per batch.

    An article joins the story of its best confirmed candidate, stored or earlier in the
    batch; with none it starts a story (match kind ``first``).
    """
    if not articles:
        return []
    window = timedelta(days=(dedup or DedupSettings()).window_days)
    _lock(session)
    for article in articles:
        if article.story_id is not None or article.match_kind is not None:
            _detach(session, article)
    prints = fingerprints([a.text for a in articles])
    for article, fp in zip(articles, prints, strict=True):
        _remember(article, fp)
    days = [indexed_for(a) for a in articles]
    decisions = _decide(session, articles, prints, days, window)
    _index(session, articles, prints, days, decisions)
    starts = {i: Story(article_count=0) for i, d in enumerate(decisions) if d.match is None}
    session.add_all(starts.values())
    session.flush()
    story_of: list[int] = []
    touched: dict[int, list[Article]] = {}
    assignments: list[Assignment] = []
    for position, (article, decision) in enumerate(zip(articles, decisions, strict=True)):
        matched = decision.stored
        if decision.batch_position is not None:
            matched = articles[decision.batch_position]
        if matched is None:
            story_id = starts[position].id
        elif decision.stored is not None:
            story_id = decision.stored.story_id
        else:
            story_id = story_of[decision.batch_position]
        story_of.append(story_id)
        touched.setdefault(story_id, []).append(article)
        article.story_id = story_id
        article.match_kind = decision.match.kind if decision.match else "first"
        article.match_similarity = decision.match.similarity if decision.match else None
        assignments.append(
            Assignment(
                article.id,
                story_id,
                article.match_kind,
                article.match_similarity,
                matched.id if matched is not None else None,
            )
        )
    _settle(session, touched, {story.id: story for story in starts.values()})
    prune(session, max(days), window)
    return assignments


def find_story(
    session: Session, text: str, published: datetime, dedup: DedupSettings | None = None
) -> tuple[int, Match] | None:
    """The story a text would join if stored now, and how; None for a new story. Read-only."""
    probe = Article(id=-1, text=text, text_hash=text_hash(text), published=published)
    probe.fetched_at = published
    window = timedelta(days=(dedup or DedupSettings()).window_days)
    [decision] = _decide(session, [probe], fingerprints([text]), [published], window)
    if decision.stored is None or decision.match is None:
        return None
    return decision.stored.story_id, decision.match
