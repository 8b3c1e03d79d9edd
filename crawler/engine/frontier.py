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
from sqlalchemy.sql.elements import ClauseElement

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


# The claim queries as SQL. On SQLite they name their partial index (without statistics
# SQLite would rather sort every due row), and their WHERE repeats the index's condition
# literally, as SQLite requires before it uses a partial index.
_DUE = """{f}.state IN ('pending', 'claimed')
  AND (({f}.state = 'pending' AND {f}.next_attempt_at <= :now)
       OR ({f}.state = 'claimed' AND {f}.claim_expires_at < :now))"""
_COLUMNS_SQL = "f.id, f.url, f.host, f.kind, f.depth, f.source_id, f.etag, f.last_modified, f.hints"
# First the head of the line: the first CLAIM_WINDOW claimable URLs in (depth, id) order
# (discovery pages first, then the oldest), the first whose host is free. Ordered by the
# window's own columns, so PostgreSQL walks the 256 rows and looks each up, rather than
# walking the whole index and matching each row against the window.
_WINDOW_SQL = f"""
SELECT {_COLUMNS_SQL}
FROM (SELECT id, depth FROM frontier {{index}} WHERE state IN ('pending', 'claimed')
      ORDER BY depth, id LIMIT :window) AS w
JOIN frontier AS f ON f.id = w.id JOIN hosts AS h ON h.host = f.host
WHERE {_DUE.format(f="f")} AND h.next_request_at <= :now
ORDER BY w.depth, w.id
LIMIT 1 {{lock}}
"""
# When every host at the head is held (a few hosts with long backlogs), host by host: a
# free host's first due URL, found through the per-host index, without stepping over the
# held hosts' backlogs.
_BY_HOST_SQL = f"""
SELECT {_COLUMNS_SQL}
FROM hosts AS h JOIN frontier AS f ON f.id = (
    SELECT g.id FROM frontier AS g {{host_index}}
    WHERE g.host = h.host AND {_DUE.format(f="g")}
    ORDER BY g.depth, g.id LIMIT 1)
WHERE h.next_request_at <= :now
LIMIT 1 {{lock}}
"""
CLAIM_WINDOW = 256
_COLUMNS = FrontierUrl.__table__.c


def _claim_query(sql: str, dialect: str, lock: str = "FOR UPDATE OF f, h SKIP LOCKED") -> Any:
    sqlite = dialect == "sqlite"
    return (
        text(
            sql.format(
                index="INDEXED BY ix_frontier_claim" if sqlite else "",
                host_index="INDEXED BY ix_frontier_host_claim" if sqlite else "",
                lock="" if sqlite else lock,
            )
        )
        .bindparams(bindparam("now", type_=_COLUMNS.next_attempt_at.type))
        .columns(hints=_COLUMNS.hints.type)
    )


_CLAIM_QUERIES = {
    dialect: (_claim_query(_WINDOW_SQL, dialect), _claim_query(_BY_HOST_SQL, dialect))
    for dialect in ("sqlite", "postgresql")
}


# On PostgreSQL the whole claim is one statement, one round trip: the head of the line,
# else the host-by-host query (run only when the head has nothing: a CTE is read only as
# far as its reader asks), then both conditional updates. The rows are locked as read.
_PG_LOCK = "FOR UPDATE OF f, h SKIP LOCKED"
_PG_CLAIM_SQL = f"""
WITH head AS ({_WINDOW_SQL.format(index="", lock=_PG_LOCK)}),
rest AS ({_BY_HOST_SQL.format(host_index="", lock=_PG_LOCK)}),
pick AS (SELECT * FROM head UNION ALL SELECT * FROM rest LIMIT 1),
held AS (
    UPDATE hosts SET next_request_at = :expires FROM pick
    WHERE hosts.host = pick.host AND hosts.next_request_at <= :now
    RETURNING hosts.host),
claimed AS (
    UPDATE frontier SET state = 'claimed', claimed_by = :worker, claim_expires_at = :expires
    FROM pick
    WHERE frontier.id = pick.id AND (frontier.state = 'pending'
        OR (frontier.state = 'claimed' AND frontier.claim_expires_at < :now))
    RETURNING frontier.id)
SELECT pick.*, (SELECT count(*) FROM held) AS held, (SELECT count(*) FROM claimed) AS claimed
FROM pick
"""
_PG_CLAIM = (
    text(_PG_CLAIM_SQL)
    .bindparams(
        bindparam("now", type_=_COLUMNS.next_attempt_at.type),
        bindparam("expires", type_=_COLUMNS.claim_expires_at.type),
    )
    .columns(hints=_COLUMNS.hints.type)
)


def _claim_on_postgres(session: Session, worker: str, lease: timedelta) -> Claim | None:
    now = utcnow()
    expires = now + lease
    parameters = {"now": now, "expires": expires, "worker": worker, "window": CLAIM_WINDOW}
    row = session.execute(_PG_CLAIM, parameters).mappings().first()
    if row is None:
        return None
    fields = dict(row)
    if (fields.pop("held"), fields.pop("claimed")) != (1, 1):
        session.rollback()
        return None
    return Claim(**fields, expires_at=expires)


def _claimable(now: datetime) -> Any:
    """A frontier row may be claimed: pending, or claimed by a lease that has run out."""
    return or_(
        FrontierUrl.state == "pending",
        and_(FrontierUrl.state == "claimed", FrontierUrl.claim_expires_at < now),
    )


def claim_next(session: Session, worker: str, lease: timedelta) -> Claim | None:
    """Claim one due URL whose host may be asked now, and hold the host until release."""
    if session.get_bind().dialect.name == "postgresql":
        return _claim_on_postgres(session, worker, lease)
    now = utcnow()
    window, by_host = _CLAIM_QUERIES[session.get_bind().dialect.name]
    row = session.execute(window, {"now": now, "window": CLAIM_WINDOW}).mappings().first()
    if row is None:
        row = session.execute(by_host, {"now": now}).mappings().first()
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
        .where(FrontierUrl.id == row["id"], _claimable(now))
        .values(state="claimed", claimed_by=worker, claim_expires_at=expires)
    )
    if held.rowcount != 1 or claimed.rowcount != 1:
        session.rollback()
        return None
    return Claim(**row, expires_at=expires)


# A host's next due URLs, through the per-host index, for a batch claim.
_HOST_ROWS_SQL = f"""
SELECT {_COLUMNS_SQL}
FROM frontier AS f {{host_index}}
WHERE f.host = :host AND {_DUE.format(f="f")}
ORDER BY f.depth, f.id
LIMIT :limit {{lock}}
"""
_HOST_ROWS = {
    dialect: _claim_query(_HOST_ROWS_SQL, dialect, lock="FOR UPDATE OF f SKIP LOCKED")
    for dialect in ("sqlite", "postgresql")
}


def claim_host_batch(session: Session, worker: str, lease: timedelta, limit: int) -> list[Claim]:
    """Claim up to `limit` due URLs of one free host, in one transaction, the host held.

    The host is the one `claim_next` would pick; its URLs come in (depth, id) order. The
    caller fetches them one after another and releases the host once (`release_host`).
    """
    first = claim_next(session, worker, lease)
    if first is None or limit <= 1:
        return [first] if first is not None else []
    dialect = session.get_bind().dialect.name
    rows = (
        session.execute(
            _HOST_ROWS[dialect], {"now": utcnow(), "host": first.host, "limit": limit - 1}
        )
        .mappings()
        .all()
    )
    ids = [row["id"] for row in rows]
    if not ids:
        return [first]
    claimed = set(
        session.scalars(
            update(FrontierUrl)
            .where(FrontierUrl.id.in_(ids), _claimable(utcnow()))
            .values(state="claimed", claimed_by=worker, claim_expires_at=first.expires_at)
            .returning(FrontierUrl.id)
        )
    )
    more = [Claim(**row, expires_at=first.expires_at) for row in rows if row["id"] in claimed]
    return [first, *more]


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
        .execution_options(synchronize_session=False)  # no frontier row is in the session
    )


class Finishes:
    """The frontier outcomes of one store batch, written together: one UPDATE executed
    for many rows per set of columns, instead of one statement per URL. An outcome whose
    values hold SQL (a counter's increment) is written at once with `finish`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}

    def add(self, claim: Claim, state: str, **outcome: Any) -> None:
        values = {"state": state, "claimed_by": None, "claim_expires_at": None, **outcome}
        if any(isinstance(value, ClauseElement) for value in values.values()):
            finish(self.session, claim, state, **outcome)
            return
        row = {"row_id": claim.id, **{f"v_{key}": value for key, value in values.items()}}
        self._groups.setdefault(tuple(sorted(values)), []).append(row)

    def write(self) -> None:
        table = FrontierUrl.__table__
        for keys, rows in self._groups.items():
            statement = (
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values({key: bindparam(f"v_{key}", type_=table.c[key].type) for key in keys})
            )
            self.session.connection().execute(statement, rows)
        self._groups.clear()


def has_pending(session: Session, within: timedelta) -> bool:
    """Whether a pending URL becomes due within `within`, unless its host is backed off
    for longer. Later ones, and those of such a host, wait for a later crawl."""
    horizon = utcnow() + within
    found = session.scalar(
        select(FrontierUrl.id)
        .join(Host, Host.host == FrontierUrl.host)
        .where(
            FrontierUrl.state == "pending",
            FrontierUrl.next_attempt_at <= horizon,
            or_(Host.backoff_reason.is_(None), Host.next_request_at <= horizon),
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
