"""A page's way through the engine, as stages in order: claim -> fetch -> clean -> store -> assign.

    claim   due frontier rows of one host leased to a worker, the    thread, one commit
            host held (`frontier.claim_next`, `claim_host_batch`)
    fetch   robots.txt, then the GET within the URL's time budget    thread, network I/O
    clean   walls, links or the article: extract, clean, spun score, worker process (CPU)
            and the article's dedup fingerprint
    store   fetch log, frontier outcomes, article rows, hosts freed   one transaction a batch
    assign  new or changed articles into their stories, in it

Each stage takes the one before's output (Claim -> Fetched -> Outcome -> rows) and none
calls back into an earlier one. Every outcome (a page, a skip, an error) is written with
its claim's frontier row and its fetch-log rows in one transaction, so a crash loses no
committed page and repeats none: an uncommitted claim is returned to the frontier on
restart. `process` runs one claimed page through every stage, its host released with its
outcome (the daemon's workers); `crawl.crawl` runs the stages on threads, the worker
processes and a store thread, batching the claims and the writes, a host released once per
batch (`HostRelease`)."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cleaners import CleanArticle
from cleaners.dedup import Fingerprint, fingerprints
from cleaners.walls import BOT_WALL, Wall
from crawler.engine.frontier import Claim, Finishes, add_urls, release_host
from crawler.engine.readers import Readers
from crawler.engine.reading import MIN_ARTICLE_WORDS, ArticleRead, PageJob, Read, ReadFailed
from crawler.engine.summary import CrawlSummary
from crawler.fetching import errors
from crawler.fetching.breaker import HostBreaker
from crawler.fetching.fetch import Fetcher, Response, get_with_retries
from crawler.fetching.robots import Robots, RobotsCache
from crawler.settings import Settings
from crawler.store.articles import save_article
from crawler.store.boilerplate import LearnedBoilerplate
from crawler.store.models import Article, FetchAttempt, FrontierUrl, Source, utcnow
from crawler.store.stories import assign_stories


@dataclass
class CrawlContext:
    """What every worker of one crawl (or of one daemon process) shares."""

    settings: Settings
    factory: sessionmaker[Session]
    fetcher: Fetcher
    summary: CrawlSummary
    robots: RobotsCache = field(init=False)
    breaker: HostBreaker = field(init=False)
    boilerplate: LearnedBoilerplate = field(init=False)
    readers: Readers = field(init=False)
    source_names: dict[int, str | None] = field(init=False)

    def __post_init__(self) -> None:
        self.robots = RobotsCache(self.factory, self.fetcher)
        self.breaker = HostBreaker(self.settings.fetch.host_failures)
        self.boilerplate = LearnedBoilerplate()
        self.readers = Readers(self.settings.fetch.workers)
        self.source_names = {}

    def with_summary(self, summary: CrawlSummary) -> CrawlContext:
        """The same context, caches and workers shared, counting into another summary."""
        page = copy.copy(self)
        page.summary = summary
        return page

    def close(self) -> None:
        """Stop the worker processes (the fetcher is its owner's to close)."""
        self.readers.close()


@dataclass(frozen=True)
class Failure:
    """Why a URL did not become a page: an error kind and message; deferred with retry_after."""

    kind: str
    message: str
    status: int | None = None
    retry_after: float | None = None

    @classmethod
    def of(cls, error: errors.FetchError) -> Failure:
        later = error.retry_after if error.retryable else None
        return cls(error.kind, str(error), getattr(error, "status", None), later)


@dataclass(frozen=True)
class Fetched:
    """The fetch stage's output: a response, and what the clean stage needs beside it."""

    claim: Claim
    response: Response
    fetches: list[dict[str, Any]]
    pause: float
    robots_sitemaps: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed URL, ready for the store stage.

    Exactly one of: `read` with a response (links, an article or a wall), a response alone
    (a 304), `skip` (reason, message), `failure`, or `returned` (claimed, not fetched: it
    goes back in line). `backoff` is the reason to hold the host back, when its breaker
    tripped on this URL. `release`: storing the outcome frees the host (one claim at a
    time); a host claimed with a batch of URLs is freed once, by a `HostRelease`.
    """

    claim: Claim
    pause: float
    fetches: list[dict[str, Any]] = field(default_factory=list)
    response: Response | None = None
    read: Read | None = None
    skip: tuple[str, str] | None = None
    failure: Failure | None = None
    backoff: str | None = None
    returned: bool = False
    release: bool = True


@dataclass(frozen=True)
class HostRelease:
    """A host whose batch of claimed URLs has been fetched and read: it may be asked again
    after `pause` seconds, or after its back-off when `backoff` says why."""

    host: str
    pause: float
    backoff: str | None = None


# ---- fetch ---------------------------------------------------------------------------


def _fetch_row(
    claim: Claim, worker: str, response: Response | None, error: errors.FetchError | None
) -> dict[str, Any]:
    """A fetch-log row: one request, with the response and/or the error it ended in."""
    return {
        "frontier_id": claim.id,
        "url": claim.url,
        "worker": worker,
        "final_url": response.final_url if response else None,
        "elapsed_ms": response.elapsed_ms if response else None,
        "status": response.status if response else getattr(error, "status", None),
        "error_kind": error.kind if error else None,
        "error_message": str(error)[:2000] if error else None,
        "content_type": response.content_type if response else None,
        "body_bytes": len(response.body) if response else None,
        "etag": response.etag if response else None,
        "last_modified": response.last_modified if response else None,
    }


def _pause(ctx: CrawlContext, robots: Robots | None) -> float:
    """Seconds before the host's next request: the fetch delay, or its Crawl-delay if longer."""
    crawl_delay = robots.crawl_delay if robots is not None else None
    return max(ctx.settings.fetch.delay, crawl_delay or 0.0)


def _robots(ctx: CrawlContext, claim: Claim) -> Robots | Outcome:
    """The host's rules, or the outcome they settle this URL with (skipped or deferred)."""
    try:
        robots = ctx.robots.get(urlsplit(claim.url).scheme, claim.host)
    except errors.BlockedAddress as error:
        return Outcome(claim, _pause(ctx, None), failure=Failure.of(error))
    if robots.unavailable:
        wait = max(1.0, (robots.expires_at - utcnow()).total_seconds())
        reason = f"robots.txt unavailable ({robots.status or 'no answer'}); retry in {wait:.0f}s"
        failure = Failure.of(errors.RobotsUnavailable(reason, wait))
        return Outcome(claim, _pause(ctx, robots), failure=failure)
    if not robots.allows(claim.url):
        skip = (errors.RobotsDisallowed.kind, "disallowed by robots.txt")
        return Outcome(claim, _pause(ctx, robots), skip=skip)
    return robots


def fetch(ctx: CrawlContext, claim: Claim, worker: str) -> Fetched | Outcome:
    """robots.txt, then the GET with its retries, all within the URL's time budget."""
    robots = _robots(ctx, claim)
    if isinstance(robots, Outcome):
        return robots
    pause = _pause(ctx, robots)
    if robots.fetched_now:  # robots.txt was this host's request: pace the page after it
        time.sleep(pause)
    rows: list[dict[str, Any]] = []

    def retried(error: errors.FetchError) -> None:
        rows.append(_fetch_row(claim, worker, None, error))
        ctx.summary.count("retries")

    try:
        response = get_with_retries(
            ctx.fetcher, claim.url, claim.etag, claim.last_modified, on_retry=retried
        )
    except errors.FetchError as error:
        rows.append(_fetch_row(claim, worker, None, error))
        backoff = ctx.breaker.failed(claim.host, error.kind)
        if isinstance(error, errors.BotWall):
            skip = (error.kind, str(error))
            return Outcome(claim, pause, rows, skip=skip, backoff=backoff)
        return Outcome(claim, pause, rows, failure=Failure.of(error), backoff=backoff)
    ctx.breaker.succeeded(claim.host)
    ctx.summary.count("fetched")
    rows.append(_fetch_row(claim, worker, response, None))
    sitemaps = tuple(robots.sitemaps) if claim.kind in ("site", "seed") else ()
    return Fetched(claim, response, rows, pause, sitemaps)


# ---- clean ---------------------------------------------------------------------------


def job_of(ctx: CrawlContext, fetched: Fetched) -> PageJob:
    """What a worker process needs to read the fetched page."""
    claim, response, settings = fetched.claim, fetched.response, ctx.settings.fetch
    with ctx.factory() as session:
        boilerplate = ctx.boilerplate.for_host(session, claim.host)
    return PageJob(
        url=claim.url,
        final_url=response.final_url,
        kind=claim.kind,
        follow_sitemaps=claim.depth < settings.max_sitemap_depth,
        status=response.status,
        content_type=response.content_type,
        charset=response.charset,
        body=response.body,
        robots_sitemaps=fetched.robots_sitemaps,
        boilerplate=boilerplate,
        max_sitemap_urls=settings.max_sitemap_urls,
        max_bytes=settings.max_bytes,
        max_links_per_page=settings.max_links_per_page,
    )


def clean(ctx: CrawlContext, fetched: Fetched) -> Outcome:
    """The fetched page read in a worker process: its links, its article, or its wall.

    A 304 needs no reading. A bot wall trips the host's breaker at once.
    """
    if fetched.response.not_modified:
        return Outcome(fetched.claim, fetched.pause, fetched.fetches, fetched.response)
    return read_outcome(ctx, fetched, ctx.readers.read(job_of(ctx, fetched)))


def clean_later(ctx: CrawlContext, fetched: Fetched, done: Callable[[Outcome], None]) -> None:
    """`clean` handed to the worker processes: `done` gets the outcome when it is read
    (on the pool's thread); the caller goes on fetching meanwhile."""
    if fetched.response.not_modified:
        done(clean(ctx, fetched))
        return
    try:
        job = job_of(ctx, fetched)
    except SQLAlchemyError:
        raise
    except Exception as exc:  # a bug on one page must not stop the crawl
        done(_bug(ctx, fetched.claim, exc))
        return
    ctx.readers.submit(job, lambda read: done(read_outcome(ctx, fetched, read)))


def read_outcome(ctx: CrawlContext, fetched: Fetched, read: Read | ReadFailed) -> Outcome:
    """The outcome of a fetched page from what the worker read in it."""
    claim, response = fetched.claim, fetched.response
    outcome = Outcome(claim, fetched.pause, fetched.fetches, response)
    if isinstance(read, ReadFailed):
        failed = {**outcome.fetches[-1], "error_kind": read.kind, "error_message": read.message}
        failure = Failure(read.kind, read.message, response.status)
        return replace(outcome, fetches=[*outcome.fetches[:-1], failed], failure=failure)
    backoff = None
    if isinstance(read, Wall) and read.kind == BOT_WALL:
        backoff = ctx.breaker.failed(claim.host, errors.BotWall.kind)
    return replace(outcome, read=read, backoff=backoff)


# ---- store and assign ----------------------------------------------------------------


def _source_name(ctx: CrawlContext, session: Session, source_id: int | None) -> str | None:
    """The source's name, read once per crawl (a source row keeps its name)."""
    if source_id is None:
        return None
    if source_id not in ctx.source_names:
        name = session.scalar(select(Source.name).where(Source.id == source_id))
        ctx.source_names[source_id] = name
    return ctx.source_names[source_id]


def _with_hints(article: CleanArticle, hints: dict[str, Any] | None) -> CleanArticle:
    """Fill a missing title or date from what the feed or sitemap said about the URL."""
    hints = hints or {}
    title = article.title or hints.get("title")
    published = article.published
    if published is None and hints.get("published"):
        try:
            published = datetime.fromisoformat(hints["published"])
        except ValueError:
            published = None
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
    evidence = dict(article.metadata_evidence)
    if published is not None and article.published is None:
        evidence["published"] = f"the feed or sitemap entry = {hints['published']}"
    return replace(article, title=title, published=published, metadata_evidence=evidence)


Note = Callable[[CrawlSummary], None]


def _record_failure(finishes: Finishes, outcome: Outcome, source: str | None) -> Note:
    failure = outcome.failure
    assert failure is not None
    finishes.add(
        outcome.claim,
        "pending" if failure.retry_after is not None else "failed",
        attempts=FrontierUrl.attempts + 1,
        last_error_kind=failure.kind,
        last_error=failure.message[:2000],
        last_status=failure.status,
        next_attempt_at=utcnow() + timedelta(seconds=failure.retry_after or 0),
    )
    return lambda summary: summary.error(outcome.claim.url, failure.kind, failure.message, source)


def _record_skip(
    finishes: Finishes, outcome: Outcome, reason: str, message: str, source: str | None
) -> Note:
    fetched: dict[str, Any] = {}
    if outcome.fetches:  # a wall: the page was fetched
        status = outcome.response.status if outcome.response else outcome.fetches[-1]["status"]
        fetched = {"fetched_at": utcnow(), "last_status": status}
    finishes.add(
        outcome.claim,
        "skipped",
        last_error_kind=reason,
        last_error=message[:2000],
        **fetched,
    )
    return lambda summary: summary.skip(outcome.claim.url, reason, message, source)


Changed = list[tuple[Article, Fingerprint | None]]


def _record_article(
    ctx: CrawlContext,
    finishes: Finishes,
    outcome: Outcome,
    read: ArticleRead,
    source: str | None,
    changed: Changed,
) -> Note:
    article = read.article
    claim, response = outcome.claim, outcome.response
    assert response is not None
    done = {
        "fetched_at": utcnow(),
        "etag": response.etag,
        "last_modified": response.last_modified,
        "last_status": response.status,
        "canonical_url": article.canonical_url,
    }
    if len(article.text.split()) < MIN_ARTICLE_WORDS:
        message = article.empty_reason or "no article text found on the page"
        finishes.add(claim, "skipped", last_error_kind="not_article", last_error=message, **done)
        return lambda summary: summary.skip(claim.url, "not_article", message, source)
    row, saved = save_article(
        finishes.session,
        claim.url,
        _with_hints(article, claim.hints),
        source=source,
        frontier_id=claim.id,
        dedup=ctx.settings.dedup,
        assign=False,
    )
    if saved != "unchanged":
        changed.append((row, read.fingerprint))
    finishes.add(claim, "done", last_error_kind=None, last_error=None, **done)
    return lambda summary: summary.count(saved)


def _record_links(finishes: Finishes, outcome: Outcome, links: list[Any]) -> Note:
    claim, response = outcome.claim, outcome.response
    assert response is not None
    added = add_urls(
        finishes.session,
        links,
        source_id=claim.source_id,
        depth=claim.depth + 1,
        base=response.final_url,
    )
    finishes.add(
        claim,
        "done",
        fetched_at=utcnow(),
        last_status=response.status,
        etag=response.etag,
        last_modified=response.last_modified,
    )

    def note(summary: CrawlSummary) -> None:
        summary.count("discovered", added)
        summary.count("discovery")

    return note


def _record(ctx: CrawlContext, finishes: Finishes, outcome: Outcome, changed: Changed) -> Note:
    """Write one outcome's rows (its fetch-log rows are the caller's, batched); what it
    adds to the summary, counted once committed."""
    if outcome.returned:
        finishes.add(outcome.claim, "pending")
        return lambda summary: None
    source = _source_name(ctx, finishes.session, outcome.claim.source_id)
    read = outcome.read
    if outcome.failure is not None:
        note = _record_failure(finishes, outcome, source)
    elif outcome.skip is not None:
        note = _record_skip(finishes, outcome, *outcome.skip, source)
    elif isinstance(read, Wall):
        note = _record_skip(finishes, outcome, read.kind, read.signal, source)
    elif isinstance(read, ArticleRead):
        note = _record_article(ctx, finishes, outcome, read, source, changed)
    elif isinstance(read, list):
        note = _record_links(finishes, outcome, read)
    else:  # a 304
        finishes.add(outcome.claim, "done", fetched_at=utcnow(), last_status=304)
        note = lambda summary: summary.count("unchanged")  # noqa: E731
    if outcome.release or outcome.backoff is not None:
        _release(
            ctx, finishes.session, HostRelease(outcome.claim.host, outcome.pause, outcome.backoff)
        )
    return note


def _release(ctx: CrawlContext, session: Session, release: HostRelease) -> None:
    pause = release.pause
    if release.backoff is not None:
        pause = max(pause, ctx.settings.fetch.host_backoff)
    release_host(session, release.host, pause, release.backoff)


def _backoff_note(outcome: Outcome) -> Note:
    kind = outcome.failure.kind if outcome.failure else BOT_WALL
    claim, reason = outcome.claim, outcome.backoff

    def note(summary: CrawlSummary) -> None:
        if reason is not None:
            summary.back_off(claim.host, kind, reason)

    return note


def assign(ctx: CrawlContext, session: Session, changed: Changed) -> None:
    """Put the batch's new and changed articles into their stories, in the store's
    transaction, by the fingerprints the workers computed (here for any they did not)."""
    missing = iter(fingerprints([row.text for row, fp in changed if fp is None]))
    prints = [fp if fp is not None else next(missing) for _, fp in changed]
    assign_stories(session, [row for row, _ in changed], ctx.settings.dedup, prints)


Stored = Outcome | HostRelease


def _store_batch(ctx: CrawlContext, items: Sequence[Stored]) -> None:
    notes: list[Note] = []
    changed: Changed = []
    with ctx.factory.begin() as session:
        fetches = [row for item in items if isinstance(item, Outcome) for row in item.fetches]
        if fetches:  # the batch's fetch log in one statement
            session.execute(insert(FetchAttempt), fetches)
        finishes = Finishes(session)
        for item in items:
            if isinstance(item, HostRelease):
                _release(ctx, session, item)
                continue
            notes += [_record(ctx, finishes, item, changed), _backoff_note(item)]
        finishes.write()
        assign(ctx, session, changed)
    for note in notes:
        note(ctx.summary)


def _as_failure(outcome: Outcome, exc: Exception) -> Outcome:
    """The outcome of a page whose rows could not be written: a processing failure."""
    message = f"{exc.__class__.__name__}: {exc}"
    failure = Failure(errors.ProcessingFailed.kind, message)
    rows = list(outcome.fetches)
    if rows:
        rows[-1] = {**rows[-1], "error_kind": failure.kind, "error_message": message[:2000]}
    return replace(outcome, read=None, skip=None, failure=failure, fetches=rows)


def store(ctx: CrawlContext, items: Sequence[Stored]) -> None:
    """Write a batch of outcomes (and host releases), and their articles' stories, in one
    transaction.

    A page whose rows cannot be written (a bug) is written again alone as a processing
    failure, so the rest of its batch is kept; a store that stops answering raises.
    """
    try:
        _store_batch(ctx, items)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:  # a bug on one page must not stop the crawl
        if len(items) > 1:
            for item in items:
                store(ctx, [item])
            return
        outcome = items[0]
        if isinstance(outcome, HostRelease):
            raise  # not a page's rows: the store itself fails
        if outcome.failure is not None and outcome.failure.kind == errors.ProcessingFailed.kind:
            raise  # even the failure cannot be written
        _store_batch(ctx, [_as_failure(outcome, exc)])


def release(ctx: CrawlContext, claim: Claim) -> None:
    """Free a claim's host when no outcome was committed (the store went away mid-page)."""
    with ctx.factory.begin() as session:
        release_host(session, claim.host, ctx.settings.fetch.delay)


def outcome_of(ctx: CrawlContext, claim: Claim, worker: str) -> Outcome:
    """The fetch and clean stages for one claimed URL; a bug in them is the URL's failure."""
    try:
        fetched = fetch(ctx, claim, worker)
        return clean(ctx, fetched) if isinstance(fetched, Fetched) else fetched
    except SQLAlchemyError:
        raise  # the store is unreachable: not this page's fault
    except Exception as exc:  # a bug on one page must not stop the crawl
        return _bug(ctx, claim, exc)


def fetch_safely(ctx: CrawlContext, claim: Claim, worker: str) -> Fetched | Outcome:
    """The fetch stage for one claimed URL; a bug in it is the URL's failure."""
    try:
        return fetch(ctx, claim, worker)
    except SQLAlchemyError:
        raise  # the store is unreachable: not this page's fault
    except Exception as exc:  # a bug on one page must not stop the crawl
        return _bug(ctx, claim, exc)


def _bug(ctx: CrawlContext, claim: Claim, exc: Exception) -> Outcome:
    message = f"{exc.__class__.__name__}: {exc}"
    failure = Failure(errors.ProcessingFailed.kind, message)
    return Outcome(claim, ctx.settings.fetch.delay, failure=failure)


def process(ctx: CrawlContext, claim: Claim, worker: str) -> None:
    """Run one claimed URL through every stage; every outcome is recorded.

    The outcome's transaction releases the host; when none was committed (the store went
    away mid-page) the host is released here, if the store lets it.
    """
    try:
        store(ctx, [outcome_of(ctx, claim, worker)])
    except BaseException:
        release(ctx, claim)
        raise
