"""Per-source extraction health: a source's latest pages measured against the pages before them.

A site redesign rarely breaks a crawl: pages still arrive, but their article container is
gone or renamed, so what is stored shrinks, loses its byline or date, or stops being an
article at all. Each source's latest `recent_pages` fetched pages are compared with the
`baseline_pages` before them; a figure that falls well below its baseline marks the source
degraded. The figures come from the frontier (every fetched page's last outcome) and the
articles it produced, so they are the same for one-off crawls and daemons.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crawler.settings import HealthSettings
from crawler.store.models import Article, FrontierUrl, Source, SourceHealth, utcnow

HealthState = Literal["learning", "ok", "degraded"]
# Skip reasons that mean the fetched page held no article: none the extractor could find, or
# a bot wall or paywall stub where the article should be.
EMPTY_PAGE_REASONS = ("not_article", "bot_wall", "paywall")
# How far below its baseline a figure must fall to mark the source degraded.
EMPTY_SHARE_RISE = 0.3  # share of pages with no article: +30 points
TEXT_LENGTH_RATIO = 0.5  # median article length: under half
FIELD_SHARE_DROP = 0.4  # share of articles with a title, date or author: -40 points
CONFIDENCE_DROP = 0.3  # median extraction confidence: 0.3 lower
MIN_FIELD_BASELINE = 0.5  # a field most articles never had is not judged
_FIELD_LABELS = {"title": "a title", "date": "a date", "author": "an author"}


@dataclass(frozen=True)
class PageSample:
    """One fetched page of a source: no article (an empty page), or its article's figures."""

    empty: bool
    chars: int = 0
    has_title: bool = False
    has_date: bool = False
    has_author: bool = False
    removed_chars: int = 0
    confidence: float | None = None


@dataclass(frozen=True)
class WindowFigures:
    """What a run of pages looked like; shares are of articles, `empty_share` of pages."""

    pages: int
    articles: int
    empty_share: float | None
    median_chars: float | None
    title_share: float | None
    date_share: float | None
    author_share: float | None
    median_removed_chars: float | None
    median_confidence: float | None


@dataclass(frozen=True)
class HealthReport:
    """A source's state, why, and the figures of its recent pages beside its baseline."""

    source: str
    state: HealthState
    reasons: list[str]
    recent: WindowFigures
    baseline: WindowFigures

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class HealthChange:
    """A source whose state changed since the last check, as this process recorded it."""

    source: str
    previous: str | None
    state: HealthState
    reasons: list[str]


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def window_figures(pages: Sequence[PageSample]) -> WindowFigures:
    articles = [page for page in pages if not page.empty]
    return WindowFigures(
        pages=len(pages),
        articles=len(articles),
        empty_share=_share([page.empty for page in pages]),
        median_chars=statistics.median([a.chars for a in articles]) if articles else None,
        title_share=_share([a.has_title for a in articles]),
        date_share=_share([a.has_date for a in articles]),
        author_share=_share([a.has_author for a in articles]),
        median_removed_chars=(
            statistics.median([a.removed_chars for a in articles]) if articles else None
        ),
        median_confidence=_median([a.confidence for a in articles if a.confidence is not None]),
    )


def _removed_chars(removed: list[dict[str, Any]] | None) -> int:
    """Characters the cleaners dropped as boilerplate (lines moved to metadata not counted)."""
    return sum(len(r.get("text") or "") for r in removed or [] if not r.get("moved_to"))


def latest_pages(session: Session, source_id: int, limit: int) -> list[PageSample]:
    """A source's latest fetched pages that became an article or an empty page, newest first."""
    empty = and_(
        FrontierUrl.state == "skipped", FrontierUrl.last_error_kind.in_(EMPTY_PAGE_REASONS)
    )
    rows = session.execute(
        select(
            empty.label("empty"),
            func.length(Article.text),
            Article.title,
            Article.published,
            Article.authors,
            Article.removed,
            Article.extraction_confidence,
        )
        .select_from(FrontierUrl)
        .outerjoin(Article, Article.url_key == FrontierUrl.url_key)
        .where(
            FrontierUrl.source_id == source_id,
            FrontierUrl.fetched_at.is_not(None),
            or_(empty, Article.id.is_not(None)),
        )
        .order_by(FrontierUrl.fetched_at.desc())
        .limit(limit)
    )
    samples = []
    for is_empty, chars, title, published, authors, removed, confidence in rows:
        if is_empty:  # a page that once held an article and now holds none is empty now
            samples.append(PageSample(empty=True))
            continue
        samples.append(
            PageSample(
                empty=False,
                chars=chars or 0,
                has_title=bool(title),
                has_date=published is not None,
                has_author=bool(authors),
                removed_chars=_removed_chars(removed),
                confidence=confidence,
            )
        )
    return samples


def _percent(share: float) -> str:
    return f"{share:.0%}"


def judge(recent: WindowFigures, baseline: WindowFigures) -> list[str]:
    """Why the recent pages fall well below the baseline (empty when they do not)."""
    reasons = []
    if (
        recent.empty_share is not None
        and baseline.empty_share is not None
        and recent.empty_share >= baseline.empty_share + EMPTY_SHARE_RISE
    ):
        reasons.append(
            f"pages without an article {_percent(recent.empty_share)} "
            f"(baseline {_percent(baseline.empty_share)})"
        )
    if (
        recent.median_chars is not None
        and baseline.median_chars
        and recent.median_chars < baseline.median_chars * TEXT_LENGTH_RATIO
    ):
        reasons.append(
            f"median text {recent.median_chars:,.0f} chars (baseline {baseline.median_chars:,.0f})"
        )
    if (
        recent.median_confidence is not None
        and baseline.median_confidence is not None
        and recent.median_confidence <= baseline.median_confidence - CONFIDENCE_DROP
    ):
        reasons.append(
            f"median extraction confidence {recent.median_confidence:.2f} "
            f"(baseline {baseline.median_confidence:.2f})"
        )
    for name in ("title", "date", "author"):
        now, before = getattr(recent, f"{name}_share"), getattr(baseline, f"{name}_share")
        if now is None or before is None or before < MIN_FIELD_BASELINE:
            continue
        if now <= before - FIELD_SHARE_DROP:
            reasons.append(
                f"articles with {_FIELD_LABELS[name]} {_percent(now)} (baseline {_percent(before)})"
            )
    return reasons


def source_health(
    session: Session, source_id: int, name: str, settings: HealthSettings
) -> HealthReport:
    """A source's health from its latest pages (read only)."""
    pages = latest_pages(session, source_id, settings.recent_pages + settings.baseline_pages)
    recent = window_figures(pages[: settings.recent_pages])
    baseline = window_figures(pages[settings.recent_pages :])
    if len(pages) < settings.recent_pages + settings.min_baseline_pages:
        return HealthReport(name, "learning", [], recent, baseline)
    reasons = judge(recent, baseline)
    return HealthReport(name, "degraded" if reasons else "ok", reasons, recent, baseline)


def unseen_source(name: str) -> HealthReport:
    """A configured source with no fetched page yet."""
    nothing = window_figures([])
    return HealthReport(name, "learning", [], nothing, nothing)


def all_sources_health(
    session: Session, settings: HealthSettings, names: Sequence[str] | None = None
) -> list[HealthReport]:
    """The health of every source row (or of those named), by name."""
    query = select(Source.id, Source.name).order_by(Source.name)
    if names is not None:
        query = query.where(Source.name.in_(names))
    return [source_health(session, sid, name, settings) for sid, name in session.execute(query)]


def record_health(session: Session, reports: Sequence[HealthReport]) -> list[HealthChange]:
    """Store each source's state; returns the changes this call made (each made once).

    A conditional update on the previous state means that of several daemons checking at
    once, exactly one records (and so logs) a change.
    """
    now = utcnow()
    ids = {name: source_id for name, source_id in session.execute(select(Source.name, Source.id))}
    changes = []
    for report in reports:
        source_id = ids[report.source]
        previous = session.scalar(
            select(SourceHealth.state).where(SourceHealth.source_id == source_id)
        )
        if previous == report.state:
            session.execute(
                update(SourceHealth)
                .where(SourceHealth.source_id == source_id)
                .values(checked_at=now, reasons=report.reasons)
            )
            continue
        if previous is None:
            changed = _insert_health(session, source_id, report, now)
        else:
            changed = (
                session.execute(
                    update(SourceHealth)
                    .where(SourceHealth.source_id == source_id, SourceHealth.state == previous)
                    .values(
                        state=report.state, reasons=report.reasons, changed_at=now, checked_at=now
                    )
                ).rowcount
                == 1
            )
        if changed and (previous is not None or report.state == "degraded"):
            changes.append(HealthChange(report.source, previous, report.state, report.reasons))
    return changes


def check_sources(factory: sessionmaker[Session], settings: HealthSettings) -> list[HealthChange]:
    """Judge every source now and record the states; returns the changes to report."""
    with factory.begin() as session:
        return record_health(session, all_sources_health(session, settings))


def _insert_health(session: Session, source_id: int, report: HealthReport, now: datetime) -> bool:
    """The source's first health row; False when another process wrote it first."""
    try:
        with session.begin_nested():
            session.add(
                SourceHealth(
                    source_id=source_id,
                    state=report.state,
                    reasons=report.reasons,
                    changed_at=now,
                    checked_at=now,
                )
            )
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class StoredHealth:
    """A source's state as last recorded, why, and since when."""

    state: str
    reasons: list[str]
    since: datetime


def stored_health(session: Session) -> dict[str, StoredHealth]:
    """Each checked source's recorded health, by source name (one small query)."""
    rows = session.execute(
        select(Source.name, SourceHealth.state, SourceHealth.reasons, SourceHealth.changed_at).join(
            SourceHealth, SourceHealth.source_id == Source.id
        )
    )
    return {name: StoredHealth(state, reasons or [], since) for name, state, reasons, since in rows}
