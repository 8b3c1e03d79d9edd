"""Prometheus metrics: this process's counters, and gauges read from the store at scrape time.

Counters say what this daemon did since it started. Gauges over the store (frontier depth,
duplicates, spun copies, per-source last success) say the same thing on every daemon of one
database, which is what a dashboard over several workers wants.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cleaners.walls import BOT_WALL, PAYWALL
from crawler.engine.frontier import depth_by_state
from crawler.engine.summary import CrawlSummary
from crawler.store.health import stored_health
from crawler.store.models import Article, Source, Story

WALL_KINDS = frozenset({BOT_WALL, PAYWALL})


class StoreGauges(Collector):
    """Reads the store when scraped; reports wirewash_store_up 0 when the database is away."""

    def __init__(self) -> None:
        self.factory: sessionmaker[Session] | None = None
        # The configured sources: a removed source's row stays, but not its gauge.
        self.sources: frozenset[str] = frozenset()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("wirewash_store_up", "1 when the database answered this scrape")
        if self.factory is None:
            up.add_metric([], 0)
            yield up
            return
        try:
            families = list(self._read(self.factory))
        except SQLAlchemyError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _read(self, factory: sessionmaker[Session]) -> Iterator[GaugeMetricFamily]:
        with factory() as session:
            frontier = GaugeMetricFamily(
                "wirewash_frontier_urls", "URLs in the frontier by state", labels=["state"]
            )
            for state, count in sorted(depth_by_state(session).items()):
                frontier.add_metric([state], count)
            yield frontier
            articles, duplicates, spun = session.execute(
                select(
                    func.count(),
                    # A copy is any story member other than the story's canonical article.
                    func.count().filter(Story.canonical_article_id != Article.id),
                    # Judged spun by its own text, or matched to a story as a spun copy.
                    func.count().filter(
                        or_(Article.is_spun.is_(True), Article.match_kind == "spun")
                    ),
                )
                .select_from(Article)
                .outerjoin(Story, Story.id == Article.story_id)
            ).one()
            yield GaugeMetricFamily("wirewash_store_articles", "Articles in the store", articles)
            yield GaugeMetricFamily(
                "wirewash_store_duplicates",
                "Stored articles that are a copy of their story's canonical article",
                duplicates,
            )
            yield GaugeMetricFamily(
                "wirewash_store_spun_copies",
                "Stored articles judged machine-spun, or matched as a spun copy",
                spun,
            )
            last_success = GaugeMetricFamily(
                "wirewash_source_last_success_timestamp_seconds",
                "When a source's discovery page was last fetched and read without error",
                labels=["source"],
            )
            for name, when in session.execute(
                select(Source.name, Source.last_success_at).where(
                    Source.last_success_at.is_not(None), Source.name.in_(self.sources)
                )
            ):
                last_success.add_metric([name], when.timestamp())
            yield last_success
            degraded = GaugeMetricFamily(
                "wirewash_source_degraded",
                "1 when a source's latest articles fall well below its baseline (see the "
                "status page or `wirewash sources` for why)",
                labels=["source"],
            )
            recorded = stored_health(session)
            for name in sorted(self.sources):
                state = recorded[name].state if name in recorded else None
                degraded.add_metric([name], 1 if state == "degraded" else 0)
            yield degraded


class DaemonMetrics:
    """The daemon's registry: counters fed page by page, gauges read from the store."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.store = StoreGauges()
        self.registry.register(self.store)
        self.pages_fetched = Counter(
            "wirewash_pages_fetched", "Pages fetched (any status)", registry=self.registry
        )
        self.errors = Counter(
            "wirewash_errors", "Pages that failed, by error kind", ["kind"], registry=self.registry
        )
        self.skipped = Counter(
            "wirewash_pages_skipped",
            "Pages not stored, by reason",
            ["reason"],
            registry=self.registry,
        )
        self.articles = Counter(
            "wirewash_articles",
            "Articles written, by outcome (stored: new, updated: changed text)",
            ["outcome"],
            registry=self.registry,
        )
        self.unchanged = Counter(
            "wirewash_pages_unchanged",
            "Pages unchanged since the last fetch (304, or the same article text)",
            registry=self.registry,
        )
        self.discovered = Counter(
            "wirewash_urls_discovered", "New URLs added to the frontier", registry=self.registry
        )
        self.discovery_runs = Counter(
            "wirewash_discovery_runs",
            "Scheduled discovery runs this daemon won, by source",
            ["source"],
            registry=self.registry,
        )
        self.hosts_backed_off = Counter(
            "wirewash_hosts_backed_off",
            "Times a host's circuit breaker tripped, by the error kind that tripped it",
            ["kind"],
            registry=self.registry,
        )
        self.walls = Counter(
            "wirewash_walls",
            "Pages that were a bot wall or a paywall stub, not an article, by source",
            ["source", "kind"],
            registry=self.registry,
        )
        self.database_errors = Counter(
            "wirewash_database_errors",
            "Database errors the daemon's loops recovered from",
            registry=self.registry,
        )

    def count_page(self, page: CrawlSummary) -> None:
        """Add what one page did (its own summary) to the counters."""
        self.pages_fetched.inc(page.fetched)
        self.discovered.inc(page.discovered)
        for outcome in ("stored", "updated"):
            if amount := getattr(page, outcome):
                self.articles.labels(outcome).inc(amount)
        self.unchanged.inc(page.unchanged)
        for kind, amount in page.errors.items():
            self.errors.labels(kind).inc(amount)
        for reason, amount in page.skipped.items():
            self.skipped.labels(reason).inc(amount)
        for source, kinds in page.by_source.items():
            for kind in WALL_KINDS & kinds.keys():
                self.walls.labels(source, kind).inc(kinds[kind])
        for backoff in page.backed_off.values():
            self.hosts_backed_off.labels(backoff.kind).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
