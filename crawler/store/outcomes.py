"""How each source's pages ended, counted per hour: the status page's "last day" figures.

Outcomes and reasons are the crawl summary's and the metrics' names: `fetched`, `stored`,
`updated`, `unchanged`, `discovery`, `retries`, `skipped` with its reason, `error` with its
kind. One row per (source, hour, outcome, reason) holds a count, so the table stays small
however many pages go by; hours older than `KEEP_HOURS` are dropped as new ones arrive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crawler.store.models import SourceOutcome

KEEP_HOURS = 48
OutcomeKey = tuple[int, int, str, str]  # source id, hour, outcome, reason ("" for none)


def hour_of(moment: datetime) -> int:
    """Hours since 1970-01-01 UTC."""
    return int(moment.timestamp() // 3600)


def add_outcomes(session: Session, counts: Mapping[OutcomeKey, int]) -> None:
    """Add page counts to their hours' rows (created on first use), and drop old hours."""
    if not counts:
        return
    rows = [
        {"source_id": s, "hour": h, "outcome": o, "reason": r, "pages": n}
        for (s, h, o, r), n in sorted(counts.items())
    ]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(SourceOutcome)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["source_id", "hour", "outcome", "reason"],
            set_={"pages": SourceOutcome.pages + insert.excluded.pages},
        ),
        rows,
    )
    newest = max(hour for _, hour, _, _ in counts)
    session.execute(delete(SourceOutcome).where(SourceOutcome.hour <= newest - KEEP_HOURS))


def outcomes_since(session: Session, since: datetime) -> dict[int, Counter[tuple[str, str]]]:
    """Each source's page counts by (outcome, reason) from the hour of `since` on."""
    rows = session.execute(
        select(
            SourceOutcome.source_id,
            SourceOutcome.outcome,
            SourceOutcome.reason,
            func.sum(SourceOutcome.pages),
        )
        .where(SourceOutcome.hour >= hour_of(since))
        .group_by(SourceOutcome.source_id, SourceOutcome.outcome, SourceOutcome.reason)
    )
    counts: dict[int, Counter[tuple[str, str]]] = {}
    for source_id, outcome, reason, pages in rows:
        counts.setdefault(source_id, Counter())[(outcome, reason)] += int(pages)
    return counts
