"""Stories in the store: each new article joins the story it copies, or starts one.

Candidates come from LSH bands kept as indexed rows (`lsh_bands`, and `lsh_recent_bands`
for the newest, moved into it in bulk), so a lookup is one indexed query on SQLite and
PostgreSQL alike; every candidate is confirmed by the precise
verdict of `cleaners.dedup.compare` before the article joins its story. The article joins
the story of its best confirmed candidate. When it is also a confirmed copy of articles in
other stories, it bridges them (copies seen before their original: an excerpt and a spun
copy share too little to match each other, but each matches the original) and those stories
merge into its own; a shared background paragraph never confirms, so it never bridges.

A batch costs a handful of statements whatever its size (one band lookup, one insert of
all band rows in key order, one insert of the new stories, one update of the articles);
only stories that gain a member are read back, to re-choose their canonical article.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import JSON, Connection, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from cleaners.article import SpunReport
from cleaners.dedup import (
    BANDS_PER_ARTICLE,
    Fingerprint,
    Match,
    compare,
    evidence,
    fingerprints,
    text_hash,
)
from cleaners.dedup._candidates import matching_pairs, most_shared, pairs_within
from cleaners.spun import restore_from_original
from crawler.settings import DedupSettings
from crawler.store.bulk import relation, update_by_id
from crawler.store.models import Article, LshBand, RecentLshBand, Story, utcnow

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
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXACT_EVIDENCE = {
    "shared_of_article": 1.0,
    "shared_of_matched": 1.0,
    "article_span": [0.0, 1.0],
    "matched_span": [0.0, 1.0],
}
# The recent band rows are moved into the main index once they are this many (about 10,000
# articles): each move rewrites most of the main index's pages, each batch most of the
# recent table's, and about the square root of (rows a batch adds x main index rows)
# balances the two at the window's size.
MERGE_ROWS = 250_000


# Restores spun copies from their originals, given (copy text, original text) pairs: in this
# process by default; the importer passes one that spreads the pairs over its workers.
Restorer = Callable[[Sequence[tuple[str, str]]], Iterable[SpunReport]]


def restore_here(pairs: Sequence[tuple[str, str]]) -> list[SpunReport]:
    """Restore each (spun copy, original) pair in this process."""
    return [restore_from_original(copy, original) for copy, original in pairs]


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its story, how it matched (``first`` starts a story)."""

    article_id: int
    story_id: int
    kind: str
    similarity: float | None
    matched_article_id: int | None


class _Stored(NamedTuple):
    """A stored article as a candidate: enough to find its fingerprint and join its story."""

    id: int
    story_id: int
    text_hash: str


class _Member(NamedTuple):
    """What choosing a story's canonical article needs of one member."""

    id: int
    story_id: int
    is_spun: bool
    length: int
    published: datetime | None
    fetched_at: datetime | None
    text_hash: str
    match_kind: str | None
    match_similarity: float | None


@dataclass
class _Decision:
    """Where one article of a batch goes: with a stored article, with an earlier article
    of the batch, or (no match) into a story of its own."""

    match: Match | None = None
    stored: _Stored | None = None
    batch_position: int | None = None
    # Other confirmed candidates (stored article or earlier batch position): their stories
    # merge into this one.
    bridged: list[tuple[_Stored | None, int | None]] = field(default_factory=list)
    evidence: dict[str, Any] | None = None  # what the article shares with the one it matched


# Fingerprints of recently assigned articles, by (id, text hash): a copy usually arrives
# soon after its original, whose fingerprint is then still here. A thousand of them (~20 KB
# each) keep crawl memory flat; a miss only recomputes one fingerprint (~2 ms).
_recent: OrderedDict[tuple[int, str], Fingerprint] = OrderedDict()
_RECENT_SIZE = 1000


def _remember(key: tuple[int, str], fp: Fingerprint) -> None:
    _recent[key] = fp
    _recent.move_to_end(key)
    while len(_recent) > _RECENT_SIZE:
        _recent.popitem(last=False)


def _fingerprints_of(session: Session, rows: Sequence[_Stored | _Member]) -> dict[int, Fingerprint]:
    """Article id -> fingerprint of each row: remembered, or from its text (one query)."""
    found = {
        row.id: _recent[(row.id, row.text_hash)]
        for row in rows
        if (row.id, row.text_hash) in _recent
    }
    missing = {row.id: row.text_hash for row in rows if row.id not in found}
    if missing:
        texts = session.connection().execute(
            select(Article.id, Article.text).where(Article.id.in_(missing))
        )
        rows_with_text = texts.all()
        for row, fp in zip(
            rows_with_text, fingerprints([r.text for r in rows_with_text]), strict=True
        ):
            _remember((row.id, missing[row.id]), fp)
            found[row.id] = fp
    return found


def indexed_for(article: Article) -> datetime:
    """The date an article is indexed under: published, else fetched (never after fetching)."""
    fetched = article.fetched_at
    if article.published is None or fetched is None:
        return article.published or fetched
    return min(article.published, fetched + timedelta(days=1))


def day_number(moment: datetime) -> int:
    """Days since 1970-01-01 UTC: the band index's unit of time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH).days


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ASSIGN_LOCK_ID})


def _set_columns(
    session: Session,
    model: type[Any],
    rows: list[dict[str, Any]],
    objects: Sequence[Any] | None = None,
) -> None:
    """Update rows by id in one statement, and their loaded objects with them (kept clean):
    `objects`, one per row, where the caller holds them; else those the session has."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "id"]
    # JSON columns are bound as JSON text, which both backends' batch updates take.
    as_json = [name for name in names if isinstance(model.__table__.c[name].type, JSON)]
    bound = [
        {**row, **{n: None if row[n] is None else json.dumps(row[n]) for n in as_json}}
        for row in rows
    ]
    update_by_id(session.connection(), model.__table__, bound)
    if objects is None:
        objects = [session.identity_map.get(identity_key(model, row["id"])) for row in rows]
    for row, loaded in zip(rows, objects, strict=True):
        for name in names if loaded is not None else ():
            set_committed_value(loaded, name, row[name])


def _detach(session: Session, article: Article) -> None:
    """Take an article whose text changed out of its story and the index."""
    if article.indexed_day is not None:
        bands, recent = LshBand.__table__, RecentLshBand.__table__
        session.execute(
            delete(bands).where(
                bands.c.indexed_day == article.indexed_day, bands.c.article_id == article.id
            )
        )
        session.execute(delete(recent).where(recent.c.article_id == article.id))
    story_id = article.story_id
    article.indexed_day = None
    article.story_id = None
    article.match_kind = None
    article.match_similarity = None
    session.flush()
    if story_id is not None:
        _settle(session, {story_id: []})


def _exact_copies(session: Session, articles: Sequence[Article]) -> dict[str, _Stored]:
    """Stored articles (outside the batch) with the same text hash, earliest per hash."""
    found: dict[str, _Stored] = {}
    rows = session.connection().execute(
        select(Article.id, Article.story_id, Article.text_hash)
        .where(
            Article.text_hash.in_({a.text_hash for a in articles}),
            Article.id.not_in([a.id for a in articles]),
            Article.story_id.is_not(None),
        )
        .order_by(Article.id)
    )
    for row in rows:
        found.setdefault(row.text_hash, _Stored(*row))
    return found


def _band_hits(session: Session, keys: np.ndarray, low: int, high: int) -> np.ndarray:
    """Rows (bucket, article id, day) of the band index holding any of `keys` in [low, high].

    One statement whatever the batch's size: the keys travel as one JSON or array value,
    not as thousands of bound parameters.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        wanted = (
            "bucket IN (SELECT value FROM json_each(:keys)) AND indexed_day BETWEEN :low AND :high"
        )
        parameters: dict[str, Any] = {"keys": json.dumps(keys.tolist()), "low": low, "high": high}
    else:
        wanted = "bucket = ANY(%(keys)s) AND indexed_day BETWEEN %(low)s AND %(high)s"
        parameters = {"keys": keys.tolist(), "low": low, "high": high}
    statement = " UNION ALL ".join(
        f"SELECT bucket, article_id, indexed_day FROM {table} WHERE {wanted}"
        for table in ("lsh_bands", "lsh_recent_bands")
    )
    rows = connection.exec_driver_sql(statement, parameters).fetchall()
    # Values straight from the rows: np.array(rows) probes each Row for array attributes.
    values = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    return values.reshape(-1, 3)


def _flat_bands(
    prints: Sequence[Fingerprint], owners: Sequence[int], days: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every band key of these fingerprints, with its owner and day beside it (int64)."""
    sizes = [fp.band_keys.size for fp in prints]
    keys = np.concatenate([fp.band_keys for fp in prints]).astype(np.int64)
    owner = np.repeat(np.asarray(owners, dtype=np.int64), sizes)
    return keys, owner, np.repeat(np.asarray(days, dtype=np.int64), sizes)


def _candidates(
    session: Session,
    articles: Sequence[Article],
    prints: Sequence[Fingerprint],
    days: Sequence[int],
    copies: set[int],
    window: int,
) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
    """Per batch position: stored articles and earlier batch positions sharing its bands
    within the window, as (article id or position, bands shared), most shared first.

    Exact copies (`copies`) need no candidates and are no candidates themselves.
    """
    keys, owner, day = _flat_bands(prints, range(len(prints)), days)
    searching = ~np.isin(owner, list(copies))
    keys, owner, day = keys[searching], owner[searching], day[searching]
    hits = _band_hits(session, np.unique(keys), min(days) - window, max(days) + window)
    hits = hits[~np.isin(hits[:, 1], [a.id for a in articles])]
    mine, theirs = matching_pairs(keys, hits[:, 0])
    near = np.abs(hits[theirs, 2] - day[mine]) <= window
    stored = most_shared(owner[mine[near]], hits[theirs[near], 1], CANDIDATES)
    if len(prints) == 1:
        return stored, {}
    later, earlier = pairs_within(keys)
    near = (owner[earlier] < owner[later]) & (np.abs(day[earlier] - day[later]) <= window)
    in_batch = most_shared(owner[later[near]], owner[earlier[near]], CANDIDATES)
    return stored, in_batch


def _better(match: Match, best: Match | None) -> bool:
    if best is None:
        return True
    return (-match.similarity, _KIND_RANK[match.kind]) < (
        -best.similarity,
        _KIND_RANK[best.kind],
    )


def _stored_candidates(
    session: Session, ids: set[int]
) -> tuple[dict[int, _Stored], dict[int, Fingerprint]]:
    """The candidates that are still in a story, and their fingerprints."""
    if not ids:
        return {}, {}
    rows = session.connection().execute(
        select(Article.id, Article.story_id, Article.text_hash).where(
            Article.id.in_(ids), Article.story_id.is_not(None)
        )
    )
    stored = {row.id: _Stored(*row) for row in rows}
    return stored, _fingerprints_of(session, list(stored.values()))


def _exact_decisions(session: Session, articles: Sequence[Article]) -> dict[int, _Decision]:
    """Batch position -> decision, for exact copies of a stored or an earlier batch article."""
    stored = _exact_copies(session, articles)
    decisions: dict[int, _Decision] = {}
    first_with_hash: dict[str, int] = {}
    for position, article in enumerate(articles):
        if article.text_hash in stored:
            decisions[position] = _Decision(
                Match("exact", 1.0), stored=stored[article.text_hash], evidence=_EXACT_EVIDENCE
            )
        elif article.text_hash in first_with_hash:
            earlier = first_with_hash[article.text_hash]
            decisions[position] = _Decision(
                Match("exact", 1.0), batch_position=earlier, evidence=_EXACT_EVIDENCE
            )
        else:
            first_with_hash[article.text_hash] = position
    return decisions


def _decide(
    session: Session,
    articles: Sequence[Article],
    prints: Sequence[Fingerprint],
    days: Sequence[int],
    window: int,
) -> list[_Decision]:
    exact = _exact_decisions(session, articles)
    stored_ranked, batch_ranked = _candidates(session, articles, prints, days, set(exact), window)
    wanted = {i for ranked in stored_ranked.values() for i, _ in ranked}
    stored, stored_prints = _stored_candidates(session, wanted)
    decisions: list[_Decision] = []
    for position, fp in enumerate(prints):
        if position in exact:
            decisions.append(exact[position])
            continue
        ranked = [(n, stored.get(i), None) for i, n in stored_ranked.get(position, ())]
        ranked += [(n, None, p) for p, n in batch_ranked.get(position, ())]
        ranked.sort(key=lambda item: -item[0])
        best, best_print = _Decision(), None
        confirmed: list[tuple[_Stored | None, int | None]] = []
        for _, row, batch_position in ranked[:CANDIDATES]:
            if batch_position is not None:
                candidate_print = prints[batch_position]
            elif row is not None:
                candidate_print = stored_prints[row.id]
            else:
                continue
            match = compare(fp, candidate_print)
            if match is None:
                continue
            confirmed.append((row, batch_position))
            if _better(match, best.match):
                best, best_print = _Decision(match, row, batch_position), candidate_print
        best.bridged = [c for c in confirmed if c != (best.stored, best.batch_position)]
        if best_print is not None:
            best.evidence = evidence(fp, best_print).as_dict()
        decisions.append(best)
    return decisions


def band_rows(
    article_ids: Sequence[int], prints: Sequence[Fingerprint], days: Sequence[int]
) -> np.ndarray:
    """(bucket, article id, day) of every band of these articles, in key order, once each."""
    rows = np.column_stack(_flat_bands(prints, article_ids, days))
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    repeated = np.r_[False, (rows[1:, :2] == rows[:-1, :2]).all(axis=1)]
    return rows[~repeated]


def insert_band_rows(connection: Connection, table: str, rows: np.ndarray) -> None:
    """Band rows (bucket, article id, day; from `band_rows`) into a band table.

    Straight to the driver, one row at a time from three lists of plain integers: a list
    of thousands of tuples would wake the garbage collector several times a batch.
    """
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {table} (bucket, article_id, indexed_day)"
            f" VALUES ({mark}, {mark}, {mark})",
            zip(*(column.tolist() for column in rows.T), strict=True),
        )
    finally:
        cursor.close()


def _index(
    session: Session,
    articles: Sequence[Article],
    prints: Sequence[Fingerprint],
    days: Sequence[int],
    decisions: Sequence[_Decision],
) -> list[int | None]:
    """Band rows for every article but exact copies (their twin's rows find them); the day
    each article is indexed under (None for the copies).

    One executemany of all the batch's rows in key order into the recent band rows, which
    move into the main index when there are enough of them.
    """
    indexed = [i for i, d in enumerate(decisions) if d.match is None or d.match.kind != "exact"]
    if not indexed:
        return [None] * len(articles)
    rows = band_rows(
        [articles[i].id for i in indexed], [prints[i] for i in indexed], [days[i] for i in indexed]
    )
    insert_band_rows(session.connection(), "lsh_recent_bands", rows)
    chosen = set(indexed)
    return [days[i] if i in chosen else None for i in range(len(articles))]


def _merge_due(connection: Connection, article_ids: Sequence[int]) -> bool:
    """Whether the recent rows are enough to move. They are only counted when an article id
    passes a multiple of a step (a count costs a scan on PostgreSQL): about twenty times
    before each move."""
    step = max(1, MERGE_ROWS // (20 * BANDS_PER_ARTICLE))
    if not any(i % step == 0 for i in article_ids):
        return False
    count = connection.exec_driver_sql("SELECT count(*) FROM lsh_recent_bands").scalar_one()
    return bool(count >= MERGE_ROWS)


def _merge_recent(session: Session, article_ids: Sequence[int], oldest: int) -> None:
    """Move the recent band rows into the main index, in key order, once there are enough
    (those indexed before day `oldest`, outside the window, are dropped instead)."""
    connection = session.connection()
    if not _merge_due(connection, article_ids):
        return
    moved = text(
        "INSERT INTO lsh_bands (bucket, article_id, indexed_day)"
        " SELECT bucket, article_id, indexed_day FROM lsh_recent_bands"
        " WHERE indexed_day >= :oldest ORDER BY bucket, article_id"
    )
    connection.execute(moved, {"oldest": oldest})
    connection.execute(text("DELETE FROM lsh_recent_bands"))


def _new_stories(session: Session, founders: Sequence[Article]) -> list[int]:
    """One story per founding article, with it as the canonical; their ids in order."""
    if not founders:
        return []
    connection = session.connection()
    source, parameters = relation(
        connection, Story.__table__, ["canonical_article_id"], [[a.id] for a in founders]
    )
    # A founder is the canonical of no other story, so the returned pairs say whose id is whose.
    statement = text(
        "INSERT INTO stories (canonical_article_id, article_count, created_at)"
        f" SELECT r.canonical_article_id, 1, :now FROM {source}"
        " RETURNING canonical_article_id, id"
    ).bindparams(bindparam("now", type_=Story.__table__.c.created_at.type))
    ids = dict(connection.execute(statement, {**parameters, "now": utcnow()}).all())
    return [ids[a.id] for a in founders]


def _canonical_key(member: _Member, longest: int) -> tuple[bool, bool, datetime, int, int]:
    date = member.published or member.fetched_at
    return (
        member.is_spun,
        member.length < COMPLETE_SHARE * longest,
        date,
        -member.length,
        member.id,
    )


def _pick_canonical(members: Sequence[_Member]) -> _Member:
    """Not spun, complete (not an excerpt), earliest published, then longest."""
    originals = [m for m in members if not m.is_spun] or list(members)
    longest = max(m.length for m in originals)
    return min(members, key=lambda m: _canonical_key(m, longest))


def _members(session: Session, story_ids: Sequence[int]) -> dict[int, list[_Member]]:
    """The members of these stories, as canonical choice needs them (one query)."""
    rows = session.connection().execute(
        select(
            Article.id,
            Article.story_id,
            Article.is_spun,
            func.length(Article.text),
            Article.published,
            Article.fetched_at,
            Article.text_hash,
            Article.match_kind,
            Article.match_similarity,
        ).where(Article.story_id.in_(story_ids))
    )
    members: dict[int, list[_Member]] = {story_id: [] for story_id in story_ids}
    for row in rows:
        members[row.story_id].append(_Member(*row))
    return members


def _former_canonical_match(
    session: Session, former: _Member, canonical: _Member
) -> dict[str, Any]:
    """The former canonical's membership, measured against the new canonical article."""
    prints = _fingerprints_of(session, [former, canonical])
    match = compare(prints[former.id], prints[canonical.id])
    seen = evidence(prints[former.id], prints[canonical.id]).as_dict()
    if match is None and canonical.match_kind not in (None, "first"):
        # They were joined through another member: the link the new canonical came by.
        match = Match(canonical.match_kind, canonical.match_similarity)
    kind, similarity = (
        (match.kind, match.similarity) if match else (former.match_kind, former.match_similarity)
    )
    return {
        "id": former.id,
        "match_kind": kind,
        "match_similarity": similarity,
        "match_evidence": seen,
    }


def _restore(copy: Article, report: SpunReport) -> None:
    """Put the original's wording back into a spun copy (kept beside the copy's own text)."""
    if report.restored_text is None:
        return
    copy.restored_text = report.restored_text
    copy.spun_substitutions = [dict(vars(s)) for s in report.substitutions]  # flat: no asdict
    copy.is_spun = copy.is_spun or report.is_spun
    copy.spun_score = max(copy.spun_score or 0.0, report.score)


def _repair_spun(
    session: Session,
    canonical: _Member,
    members: Sequence[_Member],
    joined: set[int],
    was_spun_led: bool,
) -> list[tuple[Article, Article]]:
    """The spun members (with the canonical original) that these arrivals make it possible
    to restore."""
    if canonical.is_spun:
        return []
    spun = {m.id for m in members if m.is_spun or m.match_kind == "spun"}
    to_restore = spun if canonical.id in joined and was_spun_led else spun & joined
    to_restore.discard(canonical.id)
    if not to_restore:
        return []
    original = session.get(Article, canonical.id)
    copies = session.scalars(select(Article).where(Article.id.in_(to_restore))).all()
    return [(copy, original) for copy in copies]


def _settle(
    session: Session, joined: dict[int, list[int]], restorer: Restorer = restore_here
) -> None:
    """Canonical article and size of every story given (story id -> article ids that just
    joined it); a former canonical measured against the new one; spun copies restored."""
    members = _members(session, list(joined))
    former = dict(
        session.execute(
            select(Story.id, Story.canonical_article_id).where(Story.id.in_(list(joined)))
        ).all()
    )
    stories: list[dict[str, Any]] = []
    remeasured: list[dict[str, Any]] = []
    repairs: list[tuple[Article, Article]] = []
    for story_id, rows in members.items():
        if not rows:
            stories.append({"id": story_id, "canonical_article_id": None, "article_count": 0})
            continue
        canonical = _pick_canonical(rows)
        stories.append(
            {"id": story_id, "canonical_article_id": canonical.id, "article_count": len(rows)}
        )
        previous = next((m for m in rows if m.id == former.get(story_id)), None)
        if previous is not None and previous.id != canonical.id:
            remeasured.append(_former_canonical_match(session, previous, canonical))
        was_spun_led = previous is not None and previous.is_spun
        repairs += _repair_spun(session, canonical, rows, set(joined[story_id]), was_spun_led)
    reports = restorer([(copy.text, original.text) for copy, original in repairs])
    for (copy, _), report in zip(repairs, reports, strict=True):
        _restore(copy, report)
    _set_columns(session, Story, stories)
    _set_columns(session, Article, remeasured)
    empty = [s["id"] for s in stories if s["article_count"] == 0]
    if empty:
        session.execute(delete(Story.__table__).where(Story.__table__.c.id.in_(empty)))


def _prune(session: Session, oldest: int) -> None:
    """Drop the main index's rows indexed before day `oldest`; recent rows that old are
    dropped when they move (lookups never read rows outside the window anyway)."""
    bands = LshBand.__table__
    session.execute(delete(bands).where(bands.c.indexed_day < oldest))


def assign_story(
    session: Session, article: Article, dedup: DedupSettings | None = None
) -> Assignment:
    """Put a stored (or changed) article into the story it copies, or start a new story."""
    return assign_stories(session, [article], dedup)[0]


def _place(
    session: Session, articles: Sequence[Article], decisions: Sequence[_Decision]
) -> list[tuple[int, int | None]]:
    """Each article's story (new ones created) and the article it matched."""
    founders = [a for a, d in zip(articles, decisions, strict=True) if d.match is None]
    new_ids = iter(_new_stories(session, founders))
    placed: list[tuple[int, int | None]] = []
    for decision in decisions:
        if decision.stored is not None:
            placed.append((decision.stored.story_id, decision.stored.id))
        elif decision.batch_position is not None:
            story_id = placed[decision.batch_position][0]
            placed.append((story_id, articles[decision.batch_position].id))
        else:
            placed.append((next(new_ids), None))
    return placed


def _merge_bridged(
    session: Session,
    articles: Sequence[Article],
    decisions: Sequence[_Decision],
    placed: list[tuple[int, int | None]],
) -> dict[int, int]:
    """Merge the stories each article bridges into its own; story id -> the story it was
    merged into (followed to the end), for every story merged away."""
    merged: dict[int, int] = {}

    def final(story_id: int) -> int:
        while story_id in merged:
            story_id = merged[story_id]
        return story_id

    for position, decision in enumerate(decisions):
        target = final(placed[position][0])
        for row, batch_position in decision.bridged:
            story_id = row.story_id if row is not None else placed[batch_position or 0][0]
            source = final(story_id)
            if source != target:
                merged[source] = target
    if not merged:
        return {}
    resolved = {source: final(source) for source in merged}
    for source, target in resolved.items():
        session.execute(
            update(Article)
            .where(Article.story_id == source, Article.id.not_in([a.id for a in articles]))
            .values(story_id=target),
            execution_options={"synchronize_session": "fetch"},
        )
    return resolved


def assign_stories(
    session: Session,
    articles: Sequence[Article],
    dedup: DedupSettings | None = None,
    prints: Sequence[Fingerprint] | None = None,
    restorer: Restorer = restore_here,
) -> list[Assignment]:
    """Put stored (or changed) articles into stories, in order, with one lookup per batch.

    An article joins the story of its best confirmed candidate, stored or earlier in the
    batch; with none it starts a story (match kind ``first``). `prints`, when given, are the
    articles' fingerprints already computed from their texts (by the importer's workers);
    `restorer` restores the spun copies these arrivals make restorable.
    """
    if not articles:
        return []
    window = (dedup or DedupSettings()).window_days
    _lock(session)
    for article in articles:
        if article.story_id is not None or article.match_kind is not None:
            _detach(session, article)
    session.flush()
    if prints is None:
        prints = fingerprints([a.text for a in articles])
    for article, fp in zip(articles, prints, strict=True):
        _remember((article.id, article.text_hash), fp)
    days = [day_number(indexed_for(a)) for a in articles]
    decisions = _decide(session, articles, prints, days, window)
    indexed_days = _index(session, articles, prints, days, decisions)
    placed = _place(session, articles, decisions)
    merged = _merge_bridged(session, articles, decisions, placed)
    placed = [(merged.get(story_id, story_id), matched) for story_id, matched in placed]
    rows: list[dict[str, Any]] = []
    joined: dict[int, list[int]] = {}
    for article, decision, (story_id, matched), day in zip(
        articles, decisions, placed, indexed_days, strict=True
    ):
        match = decision.match
        rows.append(
            {
                "id": article.id,
                "story_id": story_id,
                "match_kind": match.kind if match else "first",
                "match_similarity": match.similarity if match else None,
                "match_evidence": decision.evidence,
                "indexed_day": day,
            }
        )
        if matched is not None:
            joined.setdefault(story_id, []).append(article.id)
    _set_columns(session, Article, rows, articles)
    for source, target in merged.items():
        joined.setdefault(source, [])  # settled empty: deleted
        joined.setdefault(target, [])
    if joined:
        _settle(session, joined, restorer)
    oldest = max(days) - window
    _merge_recent(session, [a.id for a in articles], oldest)
    _prune(session, oldest)
    return [
        Assignment(row["id"], row["story_id"], row["match_kind"], row["match_similarity"], m)
        for row, (_, m) in zip(rows, placed, strict=True)
    ]


def find_story(
    session: Session, text: str, published: datetime, dedup: DedupSettings | None = None
) -> tuple[int, Match] | None:
    """The story a text would join if stored now, and how; None for a new story. Read-only."""
    probe = Article(id=-1, text=text, text_hash=text_hash(text), published=published)
    window = (dedup or DedupSettings()).window_days
    day = day_number(published)
    [decision] = _decide(session, [probe], fingerprints([text]), [day], window)
    if decision.stored is None or decision.match is None:
        return None
    return decision.stored.story_id, decision.match
