"""The URL frontier as rows: adding URLs once, claiming due work per host, recording outcomes.

Claims are leases: a worker that dies loses its claim when the lease expires. Per-host pacing
lives in the `hosts` table, so every worker on one database honours it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crawler.discovery.urls import host_of, normalise, url_key
from crawler.store.models import FrontierUrl, Host, utcnow

# Discovery pages first: they feed the frontier; then articles, oldest first.
KIND_ORDER = ("seed", "site", "feed", "sitemap", "listing", "article")
DISCOVERY_KINDS = frozenset(KIND_ORDER[:-1])
# The skip kind of URLs set aside because their source left the configuration.
SOURCE_REMOVED = "source_removed"


@dataclass(frozen=True)
class NewUrl:
    """A URL found by discovery, with what its finder knows (sitemap title and date...)."""

    url: str
    kind: str = "article"
    hints: dict[str, Any] | None = None


@dataclass(frozen=True)
class Claim:
    """A frontier row claimed by one worker until `expires_at`."""

    id: int
    url: str
    host: str
    kind: str
    depth: int
    source_id: int | None
    etag: str | None
    last_modified: str | None
    hints: dict[str, Any] | None
    expires_at: datetime


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def add_urls(
    session: Session,
    urls: Iterable[NewUrl],
    *,
    source_id: int | None = None,
    depth: int = 0,
    base: str | None = None,
) -> int:
    """Normalise and add URLs not already in the frontier; returns how many were new.

    A URL set aside with its removed source counts as new: it goes back in line, now
    under `source_id`.
    """
    rows: dict[str, dict[str, Any]] = {}
    for new in urls:
        url = normalise(new.url, base)
        if url is None:
            continue
        key = url_key(url)
        rows.setdefault(
            key,
            {
                "url": url,
                "url_key": key,
                "host": host_of(url),
                "source_id": source_id,
                "kind": new.kind,
                "depth": depth,
                "hints": new.hints,
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": utcnow(),
                "discovered_at": utcnow(),
            },
        )
    if not rows:
        return 0
    insert = _insert(session)
    hosts = [{"host": h, "next_request_at": utcnow()} for h in {r["host"] for r in rows.values()}]
    session.execute(insert(Host).values(hosts).on_conflict_do_nothing())
    added = 0
    values = list(rows.values())
    for start in range(0, len(values), 500):
        # RETURNING counts the new rows on every backend (rowcount is -1 here on psycopg).
        statement = insert(FrontierUrl).values(values[start : start + 500])
        result = session.execute(
            statement.on_conflict_do_update(
                index_elements=[FrontierUrl.url_key],
                set_={
                    "source_id": statement.excluded.source_id,
                    "state": "pending",
                    "last_error_kind": None,
                    "next_attempt_at": statement.excluded.next_attempt_at,
                },
                where=FrontierUrl.last_error_kind == SOURCE_REMOVED,
            ).returning(FrontierUrl.id)
        )
        added += len(result.all())
    return added


def requeue(session: Session, url: str, kind: str, source_id: int | None = None) -> None:
    """Put a target back in line, with every discovery page (feed, sitemap...) of its host.

    Conditional GET keeps this cheap; without it a 304 on a site root would hide new
    articles in its feeds and sitemaps.
    """
    add_urls(session, [NewUrl(url, kind)], source_id=source_id)
    normalised = normalise(url)
    if normalised is None:
        return
    session.execute(
        update(FrontierUrl)
        .where(
            FrontierUrl.state != "claimed",
            or_(
                FrontierUrl.url_key == url_key(normalised),
                and_(
                    FrontierUrl.host == host_of(normalised),
                    FrontierUrl.kind.in_(DISCOVERY_KINDS),
                    FrontierUrl.last_error_kind.is_distinct_from(SOURCE_REMOVED),
                ),
            ),
        )
        .values(state="pending", next_attempt_at=utcnow())
    )


def set_aside(session: Session, source_ids: Collection[int]) -> int:
    """Stop crawling the URLs of sources that left the configuration; how many were set aside.

    Pending and failed URLs are skipped, of kind `SOURCE_REMOVED`; a claimed one finishes.
    What was fetched and stored stays.
    """
    if not source_ids:
        return 0
    result = session.execute(
        update(FrontierUrl)
        .where(
            FrontierUrl.source_id.in_(source_ids),
            FrontierUrl.state.in_(("pending", "failed")),
        )
        .values(state="skipped", last_error_kind=SOURCE_REMOVED)
    )
    return result.rowcount


def take_back(session: Session, source_ids: Collection[int]) -> int:
    """The URLs set aside when these sources left the configuration go back in line."""
    if not source_ids:
        return 0
    result = session.execute(
        update(FrontierUrl)
        .where(
            FrontierUrl.source_id.in_(source_ids),
            FrontierUrl.state == "skipped",
            FrontierUrl.last_error_kind == SOURCE_REMOVED,
        )
        .values(state="pending", last_error_kind=None, next_attempt_at=utcnow())
    )
    return result.rowcount


def retry_failed(session: Session, max_attempts: int) -> int:
    """Failed URLs go back in line on a later crawl, until they have failed too often."""
    result = session.execute(
        update(FrontierUrl)
        .where(FrontierUrl.state == "failed", FrontierUrl.attempts < max_attempts)
        .values(state="pending", next_attempt_at=utcnow())
    )
    return result.rowcount


# The claim query as SQL: on SQLite it names the partial index ix_frontier_claim (without
# statistics SQLite would rather sort every due row), and its WHERE repeats the index's
# condition literally, as SQLite requires before it uses a partial index.
_CLAIM_SQL = """
SELECT f.id, f.url, f.host, f.kind, f.depth, f.source_id, f.etag, f.last_modified, f.hints
FROM frontier AS f {index} JOIN hosts AS h ON h.host = f.host
WHERE f.state IN ('pending', 'claimed')
  AND ((f.state = 'pending' AND f.next_attempt_at <= :now)
       OR (f.state = 'claimed' AND f.claim_expires_at < :now))
  AND h.next_request_at <= :now
ORDER BY f.depth, f.id
LIMIT 1 {lock}
"""
_COLUMNS = FrontierUrl.__table__.c
_CLAIM_QUERIES = {
    dialect: text(_CLAIM_SQL.format(index=index, lock=lock))
    .bindparams(bindparam("now", type_=_COLUMNS.next_attempt_at.type))
    .columns(hints=_COLUMNS.hints.type)
    for dialect, index, lock in (
        ("sqlite", "INDEXED BY ix_frontier_claim", ""),
        ("postgresql", "", "FOR UPDATE OF f, h SKIP LOCKED"),
    )
}


def claim_next(session: Session, worker: str, lease: timedelta) -> Claim | None:
    """Claim one due URL whose host may be asked now, and hold the host until release."""
    now = utcnow()
    query = _CLAIM_QUERIES[session.get_bind().dialect.name]
    row = session.execute(query, {"now": now}).mappings().first()
    if row is None:
        return None
    expires = now + lease
    held = session.execute(
        update(Host)
        .where(Host.host == row["host"], Host.next_request_at <= now)
        .values(next_request_at=expires)
    )
    claimed = session.execute(
        update(FrontierUrl)
        .where(
            FrontierUrl.id == row["id"],
            or_(
                FrontierUrl.state == "pending",
                and_(FrontierUrl.state == "claimed", FrontierUrl.claim_expires_at < now),
            ),
        )
        .values(state="claimed", claimed_by=worker, claim_expires_at=expires)
    )
    if held.rowcount != 1 or claimed.rowcount != 1:
        session.rollback()
        return None
    return Claim(**row, expires_at=expires)


def release_host(session: Session, host: str, delay: float, backoff: str | None = None) -> None:
    """The request to `host` is over: the next one may go after `delay` seconds.

    The caller passes the larger of its fetch delay and the host's Crawl-delay: it has just
    read the host's robots.txt rules; or the host's back-off, with its reason in `backoff`.
    """
    session.execute(
        update(Host)
        .where(Host.host == host)
        .values(next_request_at=utcnow() + timedelta(seconds=delay), backoff_reason=backoff)
    )


def finish(session: Session, claim: Claim, state: str, **outcome: Any) -> None:
    """Record the outcome of a claimed URL: done, failed, skipped, or pending again later."""
    session.execute(
        update(FrontierUrl)
        .where(FrontierUrl.id == claim.id)
        .values(state=state, claimed_by=None, claim_expires_at=None, **outcome)
    )


def has_pending(session: Session, within: timedelta) -> bool:
    """Whether a pending URL becomes due within `within`, its host free by then too.

    Later ones, and those of a host backed off for longer, wait for a later crawl.
    """
    horizon = utcnow() + within
    found = session.scalar(
        select(FrontierUrl.id)
        .join(Host, Host.host == FrontierUrl.host)
        .where(
            FrontierUrl.state == "pending",
            FrontierUrl.next_attempt_at <= horizon,
            Host.next_request_at <= horizon,
        )
        .limit(1)
    )
    return found is not None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def _dead(claimed_by: str, me: str) -> bool:
    """Whether a claim made on this machine belongs to a process that is gone.

    Workers are named machine:pid:life:thread (older versions: machine:pid:thread). A claim
    under this process's pid made in another life is dead: a restarted container's PID 1
    has the same machine and pid as before. Another pid's claims live while it runs.
    """
    pid = claimed_by.split(":")[1]
    if pid == me.split(":")[1]:
        return not claimed_by.startswith(me + ":")
    return pid.isdigit() and not _running(int(pid))


def release_dead_claims(session: Session, me: str) -> int:
    """Free the claims of this machine's workers whose process is gone (kill -9, restart).

    `me` is this process as `crawl.process_id()` names it. Claims of other machines wait
    for their lease to expire.
    """
    machine = me.split(":")[0]
    ours = FrontierUrl.claimed_by.startswith(f"{machine}:", autoescape=True)
    rows = session.execute(
        select(FrontierUrl.id, FrontierUrl.claimed_by, FrontierUrl.host).where(
            FrontierUrl.state == "claimed", ours
        )
    ).all()
    dead = [row for row in rows if _dead(row.claimed_by, me)]
    if dead:
        session.execute(
            update(FrontierUrl)
            .where(FrontierUrl.id.in_([row.id for row in dead]))
            .values(state="pending", claimed_by=None, claim_expires_at=None)
        )
        # A dead worker's host stays held until its lease ends: free it now.
        hosts = {row.host for row in dead}
        session.execute(update(Host).where(Host.host.in_(hosts)).values(next_request_at=utcnow()))
    return len(dead)


def return_claims(session: Session, claims: Iterable[Claim]) -> int:
    """Put claimed URLs back in line unfinished (a stopping worker), and free their hosts."""
    claims = list(claims)
    if not claims:
        return 0
    result = session.execute(
        update(FrontierUrl)
        .where(FrontierUrl.id.in_([c.id for c in claims]), FrontierUrl.state == "claimed")
        .values(state="pending", claimed_by=None, claim_expires_at=None)
    )
    session.execute(
        update(Host).where(Host.host.in_({c.host for c in claims})).values(next_request_at=utcnow())
    )
    return result.rowcount


def depth_by_state(session: Session) -> dict[str, int]:
    """How many frontier rows are in each state."""
    rows = session.execute(select(FrontierUrl.state, func.count()).group_by(FrontierUrl.state))
    return {state: count for state, count in rows}
