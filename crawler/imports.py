"""Articles brought in without crawling: JSON lines and WARC files, cleaned and stored.

Imported articles take the crawler's path from cleaning on: `clean_html` or `clean_text`
(with spun scoring), their fingerprints, text hashes and line keys, in worker processes, a
batch at a time; then `save_articles` and `assign_stories` for the batch, in this process,
in one transaction, with spun copies restored from their originals by a second pool.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaners import CleanArticle, CleanContext, clean_html, clean_text
from cleaners.article import SpunReport
from cleaners.dedup import Fingerprint, fingerprints, text_hash
from cleaners.spun import preload as preload_spun
from crawler.cores import worker_count
from crawler.discovery.urls import host_of
from crawler.fetching.decode import decode_body
from crawler.settings import DedupSettings
from crawler.store.articles import ToSave, save_articles
from crawler.store.boilerplate import LearnedBoilerplate, counted_keys
from crawler.store.models import Article
from crawler.store.stories import Restorer, assign_stories, restore_here

# Records stored per transaction: few commits, short holds on the story-assignment lock.
BATCH = 100
# Batches handed to the workers ahead of the one being stored: enough to keep every worker
# busy while this process writes, few enough to hold little in memory.
AHEAD = 2 * worker_count(0)
# Spun copies restored per worker call.
RESTORE_CHUNK = 4
# Seconds a host's learned boilerplate is used before it is read again (it changes only as
# batches commit, and slowly).
LEARNED_TTL = 5.0
_WARC_SUFFIXES = (".warc", ".warc.gz")
T = TypeVar("T")


@dataclass(frozen=True)
class ImportRecord:
    """One article to import, and where it came from (file:line or file@offset)."""

    where: str
    url: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Malformed:
    """A line or record that cannot be imported, and why."""

    where: str
    reason: str


@dataclass
class ImportSummary:
    """What an import did: outcomes counted, and the malformed records named."""

    counts: Counter[str] = field(default_factory=Counter)
    malformed: list[Malformed] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            **{k: self.counts.get(k, 0) for k in ("stored", "updated", "unchanged", "empty")},
            "joined_story": self.counts.get("joined_story", 0),
            "malformed": [{"where": m.where, "reason": m.reason} for m in self.malformed],
        }

    def line(self) -> str:
        c = self.counts
        return (
            f"{c['stored']} stored, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['empty']} without text, {len(self.malformed)} malformed; "
            f"{c['joined_story']} joined an existing story"
        )


def _parse_time(value: object, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be an ISO 8601 string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an ISO 8601 date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _optional_str(data: dict[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    return value or None


def _record_from_json(where: str, line: str) -> ImportRecord:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    url = _optional_str(data, "url")
    if not url:
        raise ValueError("no url")
    text, html = _optional_str(data, "text"), _optional_str(data, "html")
    if text is None and html is None:
        raise ValueError("neither text nor html")
    return ImportRecord(
        where=where,
        url=url,
        text=text,
        html=html,
        title=_optional_str(data, "title"),
        published=_parse_time(data.get("published"), "published"),
        source=_optional_str(data, "source"),
    )


def read_jsonl(path: Path) -> Iterator[ImportRecord | Malformed]:
    """One record per non-blank line; a bad line is a Malformed naming its line number."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield _record_from_json(where, line)
            except ValueError as exc:
                yield Malformed(where, str(exc))


def read_warc(path: Path) -> Iterator[ImportRecord | Malformed]:
    """Every HTML response record; a damaged archive ends with a Malformed at its offset."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                where = f"{path}@{records.offset}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read()
                if not url:
                    yield Malformed(where, "response record without WARC-Target-URI")
                    continue
                charset = content_type.partition("charset=")[2].split(";")[0].strip() or None
                yield ImportRecord(
                    where=where,
                    url=url,
                    html=decode_body(body, charset),
                    fetched_at=_parse_time(record.rec_headers.get_header("WARC-Date"), "date"),
                )
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield Malformed(f"{path}@{records.offset}", f"damaged WARC: {exc}")


def read_records(path: Path) -> Iterator[ImportRecord | Malformed]:
    """The records of a WARC (.warc, .warc.gz) or JSON lines file (anything else)."""
    if path.name.lower().endswith(_WARC_SUFFIXES):
        return read_warc(path)
    return read_jsonl(path)


def clean_record(
    record: ImportRecord, site_boilerplate: frozenset[str] = frozenset()
) -> CleanArticle:
    """The record's article, cleaned as a crawled page would be; its own metadata wins."""
    if record.html is not None:
        article = clean_html(
            record.html, record.url, CleanContext(site_boilerplate=site_boilerplate)
        )
    else:
        context = CleanContext(title=record.title, site_boilerplate=site_boilerplate)
        article = clean_text(record.text or "", context)
    return replace(
        article,
        title=record.title or article.title,
        published=record.published or article.published,
    )


@dataclass(frozen=True)
class Prepared:
    """One record cleaned and fingerprinted (in a worker), or why it could not be."""

    record: ImportRecord
    article: CleanArticle | None = None
    fingerprint: Fingerprint | None = None
    error: str | None = None
    digest: str | None = None  # the article's text hash
    line_keys: frozenset[str] = frozenset()  # the article's lines, as its host counts them


def prepare(records: list[ImportRecord], learned: dict[str, frozenset[str]]) -> list[Prepared]:
    """Clean and fingerprint a batch of records, and compute what storing them needs of
    their texts (pure: this runs in the worker processes, so the storing process need not).

    `learned`: each record's host's learned boilerplate.
    """
    cleaned: list[Prepared] = []
    for record in records:
        try:
            article = clean_record(record, learned.get(host_of(record.url), frozenset()))
        except Exception as exc:  # a page the cleaners cannot take is that record's fault
            cleaned.append(Prepared(record, error=f"cannot clean: {exc!r}"))
            continue
        keys = counted_keys(article)
        cleaned.append(Prepared(record, article, digest=text_hash(article.text), line_keys=keys))
    texts = [p.article.text for p in cleaned if p.article is not None and p.article.text.strip()]
    prints = iter(fingerprints(texts))
    return [
        replace(p, fingerprint=next(prints))
        if p.article is not None and p.article.text.strip()
        else p
        for p in cleaned
    ]


class _InProcess(Executor):
    """An executor that runs each call at once, in this process (`workers=0`)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def _forget_connections(engine: Engine) -> None:
    """In a new worker: drop the store connections forked from the parent, unclosed (they
    are the parent's to close; a worker never touches the store)."""
    engine.dispose(close=False)


def _executor(workers: int | None, engine: Engine) -> Executor:
    """`workers` processes (None: one per core; 0: none, all work in this process).

    Workers are forked (quick to start, and no script that imports wirewash needs a main
    guard); each first lets go of the store connections it inherited.
    """
    count = worker_count(0) if workers is None else workers
    if count <= 0:
        return _InProcess()
    return ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_forget_connections,
        initargs=(engine,),
    )


def _restorer(pool: Executor) -> Restorer:
    """Restores spun copies on the workers, a share of the pairs on each."""

    def restore(pairs: Sequence[tuple[str, str]]) -> list[SpunReport]:
        if len(pairs) < 2 or isinstance(pool, _InProcess):
            return restore_here(pairs)
        chunks = [list(pairs[i : i + RESTORE_CHUNK]) for i in range(0, len(pairs), RESTORE_CHUNK)]
        return [report for chunk in pool.map(restore_here, chunks) for report in chunk]

    return restore


def import_files(
    factory: sessionmaker[Session],
    paths: list[Path],
    dedup: DedupSettings,
    on_record: Callable[[], None] = lambda: None,
    workers: int | None = None,
) -> ImportSummary:
    """Clean and store every record of `paths`; malformed ones are counted and skipped.

    Batches are cleaned and fingerprinted by `workers` processes (None: one per core; 0: in
    this process) while this one stores the batches before them, in order. Spun copies are
    restored by a second pool of as many processes: a restore this process waits for must
    not queue behind the batches handed out ahead, or the cleaning workers run dry while it
    waits (the first pool's queue is first in, first out).
    """
    summary = ImportSummary()
    learned = LearnedBoilerplate(ttl=LEARNED_TTL)
    engine = factory.kw["bind"]
    preload_spun()  # before the workers fork, so that they share the tables
    with _executor(workers, engine) as pool, _executor(workers, engine) as restoring:
        restoring.submit(int)  # its workers fork now, outside any transaction
        restorer = _restorer(restoring)
        ahead: deque[Future[list[Prepared]]] = deque()
        for batch in _batches(paths, summary, on_record):
            with factory() as session:
                hosts = {host_of(r.url) for r in batch}
                boilerplate = {host: learned.for_host(session, host) for host in hosts}
            ahead.append(pool.submit(prepare, batch, boilerplate))
            if len(ahead) > AHEAD:
                _store(factory, ahead.popleft().result(), dedup, summary, restorer)
        while ahead:
            _store(factory, ahead.popleft().result(), dedup, summary, restorer)
    return summary


def _batches(
    paths: list[Path], summary: ImportSummary, on_record: Callable[[], None]
) -> Iterator[list[ImportRecord]]:
    """The records of `paths` in batches of BATCH; malformed ones go to the summary."""
    batch: list[ImportRecord] = []
    for path in paths:
        for record in read_records(path):
            on_record()
            if isinstance(record, Malformed):
                summary.malformed.append(record)
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _store(
    factory: sessionmaker[Session],
    prepared: list[Prepared],
    dedup: DedupSettings,
    summary: ImportSummary,
    restorer: Restorer,
) -> None:
    """Store a batch, then put its new and changed articles into stories in one pass."""
    ready: list[Prepared] = []
    for item in prepared:
        if item.article is None:
            summary.malformed.append(Malformed(item.record.where, item.error or "?"))
        elif item.fingerprint is None:
            summary.counts["empty"] += 1
        else:
            ready.append(item)
    with factory.begin() as session:
        batch = [
            ToSave(
                i.record.url, i.article, i.record.source, i.record.fetched_at, i.digest, i.line_keys
            )
            for i in ready
            if i.article is not None
        ]
        changed: dict[int, tuple[Article, Fingerprint]] = {}
        for item, (row, outcome) in zip(ready, save_articles(session, batch), strict=True):
            summary.counts[outcome] += 1
            if outcome != "unchanged" and item.fingerprint is not None:
                changed[id(row)] = (row, item.fingerprint)
        rows = [row for row, _ in changed.values()]
        prints = [fp for _, fp in changed.values()]
        for assignment in assign_stories(session, rows, dedup, prints, restorer):
            summary.counts["joined_story"] += assignment.kind != "first"
