"""Source rows shared by every daemon: one discovery run per interval, claimed in the database.

A daemon whose schedule fires claims the source row with a conditional UPDATE (due, and not
claimed by a live lease); only the winner requeues the source's URL. The claim is a lease,
so a daemon that dies mid-run loses it to the next one after `claim_ttl`.

The configuration is the list of sources for the whole database (every daemon of one
database reads the same file): a source left out of it is no longer crawled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from crawler.discovery.urls import normalise
from crawler.engine.crawl import MAX_TOTAL_ATTEMPTS, ensure_source, target_kind
from crawler.engine.frontier import requeue, retry_failed, set_aside, take_back
from crawler.settings import SourceSettings
from crawler.store.models import Source, utcnow


@dataclass(frozen=True)
class SourceRow:
    """A configured source as the daemon knows it: its row id and normalised URL."""

    id: int
    name: str
    url: str


def sync_sources(session: Session, sources: tuple[SourceSettings, ...]) -> list[SourceRow]:
    """Create or update the configured sources' rows; a changed URL is due at once.

    A source left out keeps its row and its stored articles, but its unfinished URLs are
    set aside, not crawled; configured again, it gets them back. A daemon configured with
    no sources at all is a fetch worker only, and sets nothing aside.
    """
    rows = []
    for source in sources:
        previous = session.scalar(select(Source.url).where(Source.name == source.name))
        source_id = ensure_source(session, source.name, source.url)
        if previous is not None and previous != source.url:
            session.execute(
                update(Source).where(Source.id == source_id).values(discovery_due_at=None)
            )
        rows.append(SourceRow(source_id, source.name, normalise(source.url) or source.url))
    configured = [row.id for row in rows]
    take_back(session, configured)
    if configured:
        removed = session.scalars(select(Source.id).where(Source.id.not_in(configured)))
        set_aside(session, removed.all())
    return rows


def claim_discovery(session: Session, source_id: int, worker: str, lease: timedelta) -> bool:
    """Take this interval's discovery run of a source; False when it is not due or is taken."""
    now = utcnow()
    claimed = session.execute(
        update(Source)
        .where(
            Source.id == source_id,
            or_(Source.discovery_due_at.is_(None), Source.discovery_due_at <= now),
            or_(
                Source.discovery_claimed_by.is_(None),
                and_(
                    Source.discovery_claim_expires_at.is_not(None),
                    Source.discovery_claim_expires_at < now,
                ),
            ),
        )
        .values(
            discovery_claimed_by=worker,
            discovery_claim_expires_at=now + lease,
            last_run_started_at=now,
        )
    )
    return claimed.rowcount == 1


def run_discovery(session: Session, source: SourceRow, worker: str, due_at: datetime) -> None:
    """Requeue the source's URL (and its host's feeds and sitemaps), release the claim.

    Failed URLs go back in line too, as on a one-off crawl, until they have failed too often.
    """
    requeue(session, source.url, target_kind(source.url), source.id)
    retry_failed(session, MAX_TOTAL_ATTEMPTS)
    session.execute(
        update(Source)
        .where(Source.id == source.id, Source.discovery_claimed_by == worker)
        .values(discovery_due_at=due_at, discovery_claimed_by=None, discovery_claim_expires_at=None)
    )


def record_outcome(session: Session, source_id: int, error: str | None) -> None:
    """The source's own page was fetched: success, or the error that stopped it."""
    values = {"last_error": error} if error else {"last_success_at": utcnow(), "last_error": None}
    session.execute(update(Source).where(Source.id == source_id).values(**values))
