"""Articles brought in without crawling: JSON lines and WARC files, cleaned and stored.

Imported articles take the crawler's path from cleaning on: `clean_html` or `clean_text`
(with spun scoring), then `save_article`, which puts each one in its story.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaners import CleanArticle, CleanContext, clean_html, clean_text
from crawler.discovery.urls import host_of
from crawler.fetching.decode import decode_body
from crawler.settings import DedupSettings
from crawler.store.articles import save_article
from crawler.store.boilerplate import boilerplate_for
from crawler.store.models import Article
from crawler.store.stories import assign_stories

# Records stored per transaction: few commits, short holds on the story-assignment lock.
BATCH = 50
_WARC_SUFFIXES = (".warc", ".warc.gz")


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


def import_files(
    factory: sessionmaker[Session],
    paths: list[Path],
    dedup: DedupSettings,
    on_record: Callable[[], None] = lambda: None,
) -> ImportSummary:
    """Clean and store every record of `paths`; malformed ones are counted and skipped."""
    summary = ImportSummary()
    pending: list[tuple[ImportRecord, CleanArticle]] = []
    # Learned boilerplate per host, read once per batch: it changes only when one commits.
    learned: dict[str, frozenset[str]] = {}
    for path in paths:
        for record in read_records(path):
            on_record()
            if isinstance(record, Malformed):
                summary.malformed.append(record)
                continue
            host = host_of(record.url)
            if host not in learned:
                with factory() as session:
                    learned[host] = boilerplate_for(session, host)
            try:
                article = clean_record(record, learned[host])
            except Exception as exc:  # a page the cleaners cannot take is that record's fault
                summary.malformed.append(Malformed(record.where, f"cannot clean: {exc!r}"))
                continue
            if not article.text.strip():
                summary.counts["empty"] += 1
                continue
            pending.append((record, article))
            if len(pending) >= BATCH:
                _store(factory, pending, dedup, summary)
                learned.clear()
    _store(factory, pending, dedup, summary)
    return summary


def _store(
    factory: sessionmaker[Session],
    pending: list[tuple[ImportRecord, CleanArticle]],
    dedup: DedupSettings,
    summary: ImportSummary,
) -> None:
    """Store a batch, then put its new and changed articles into stories in one pass."""
    with factory.begin() as session:
        changed: dict[int, Article] = {}
        for record, article in pending:
            row, outcome = save_article(
                session,
                record.url,
                article,
                source=record.source,
                fetched_at=record.fetched_at,
                dedup=dedup,
                assign=False,
            )
            summary.counts[outcome] += 1
            if outcome != "unchanged":
                changed[id(row)] = row
        for assignment in assign_stories(session, list(changed.values()), dedup):
            summary.counts["joined_story"] += assignment.kind != "first"
    pending.clear()
