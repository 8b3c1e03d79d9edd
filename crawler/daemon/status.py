"""The status page's routes: a path and a query string in, a status, a type and a body out.

HTML under `/`, `/sources/<name>`, `/stories`, `/spun`; the same data as JSON under `/api/`.
Read-only: every answer is a read in its own session. A path it does not know is None (the
endpoint server answers 404); a malformed parameter is a 400 with a one-line reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, unquote

from sqlalchemy.orm import Session, sessionmaker

from crawler.daemon import status_html
from crawler.settings import Settings
from crawler.store import status_queries as queries

DEFAULT_PAGE = 20
SPUN_PAGE = 10  # two whole texts each
MAX_PAGE = 100
_PAGED = frozenset({"before", "limit"})


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


class BadRequest(ValueError):
    """A query parameter is malformed or unknown; the message says which and why."""


class NotFound(LookupError):
    """The path names nothing the store holds."""


@dataclass(frozen=True)
class Paging:
    before: int | None
    limit: int


def _positive(name: str, values: list[str], ceiling: int | None = None) -> int:
    if len(values) != 1:
        raise BadRequest(f"parameter {name!r} given {len(values)} times")
    raw = values[0]
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"parameter {name!r} must be a positive whole number, not {raw!r}")
    value = int(raw)
    if ceiling is not None and value > ceiling:
        raise BadRequest(f"parameter {name!r} must be at most {ceiling}, not {value}")
    return value


def parse_query(query: str, allowed: frozenset[str], default_limit: int) -> Paging:
    """`before` and `limit` from a query string; BadRequest for anything else or malformed."""
    try:
        params = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as exc:
        raise BadRequest(f"malformed query string {query!r}") from exc
    unknown = sorted(set(params) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        raise BadRequest(f"unknown parameter {unknown[0]!r} (known: {known})")
    before = _positive("before", params["before"]) if "before" in params else None
    limit = _positive("limit", params["limit"], MAX_PAGE) if "limit" in params else default_limit
    return Paging(before, limit)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(data: Any) -> Reply:
    body = json.dumps(data, default=_json_value, ensure_ascii=False, indent=1)
    return Reply(200, "application/json; charset=utf-8", body.encode())


def _html(text: str) -> Reply:
    return Reply(200, "text/html; charset=utf-8", text.encode())


def schedule_of(settings: Settings, name: str) -> str:
    source = settings.source(name)
    if source is None:
        return "not configured"
    return f"every {source.every}" if source.every else f"cron {source.cron} (UTC)"


def _source_record(status: queries.SourceStatus, settings: Settings) -> dict[str, Any]:
    record = asdict(status)
    record["schedule"] = schedule_of(settings, status.name)
    record["totals"] = status.totals
    return record


def _next_before(items: list[Any], limit: int, key: Callable[[Any], int]) -> int | None:
    return key(items[-1]) if len(items) == limit else None


class StatusPages:
    """Answers the status page's paths from the store; `factory` is None until it answers."""

    def __init__(
        self,
        factory: Callable[[], sessionmaker[Session] | None],
        settings: Callable[[], Settings],
    ) -> None:
        self._factory = factory
        self._settings = settings

    def answer(self, path: str, query: str) -> Reply | None:
        """The reply for a GET of `path?query`, or None when the path is not a status page."""
        api = path.startswith("/api/")
        route = self._route(path.removeprefix("/api") if api else path)
        if route is None:
            return None
        handler, argument, allowed, default_limit = route
        try:
            paging = parse_query(query, allowed, default_limit)
            factory = self._factory()
            if factory is None:
                return self._error(503, "the database has not answered yet", api)
            with factory() as session:
                return handler(session, argument, paging, api)
        except BadRequest as exc:
            return self._error(400, f"bad request: {exc}", api)
        except NotFound as exc:
            return self._error(404, f"not found: {exc}", api)

    def _route(self, path: str) -> tuple[Callable[..., Reply], str, frozenset[str], int] | None:
        """The handler, its argument, its parameters and its page size; None: no such page."""
        if path in ("/", "/sources"):
            return self._overview, "", frozenset(), DEFAULT_PAGE
        if path.startswith("/sources/") and path.count("/") == 2 and len(path) > len("/sources/"):
            return self._source, unquote(path.removeprefix("/sources/")), _PAGED, DEFAULT_PAGE
        if path == "/stories":
            return self._stories, "", _PAGED, DEFAULT_PAGE
        if path == "/spun":
            return self._spun, "", _PAGED, SPUN_PAGE
        return None

    def _error(self, status: int, message: str, api: bool) -> Reply:
        if api:
            body = json.dumps({"error": message}).encode()
            return Reply(status, "application/json; charset=utf-8", body)
        return Reply(
            status, "text/html; charset=utf-8", status_html.error(status, message).encode()
        )

    def _overview(self, session: Session, _: str, paging: Paging, api: bool) -> Reply:
        settings = self._settings()
        statuses = queries.sources(session, settings.health)
        if api:
            return _json({"sources": [_source_record(s, settings) for s in statuses]})
        schedules = {s.name: schedule_of(settings, s.name) for s in statuses}
        return _html(status_html.overview(statuses, schedules))

    def _source(self, session: Session, name: str, paging: Paging, api: bool) -> Reply:
        settings = self._settings()
        found = queries.sources(session, settings.health, [name])
        if not found:
            raise NotFound(f"no source named {name!r}")
        status = found[0]
        articles = queries.newest_articles(session, name, paging.before, paging.limit)
        after = _next_before(articles, paging.limit, lambda a: a.id)
        if api:
            record = _source_record(status, settings)
            articles_records = [asdict(a) for a in articles]
            return _json({"source": record, "articles": articles_records, "next_before": after})
        schedule = schedule_of(settings, name)
        return _html(status_html.source_detail(status, schedule, articles, after))

    def _stories(self, session: Session, _: str, paging: Paging, api: bool) -> Reply:
        items = queries.stories_with_copies(session, paging.before, paging.limit)
        after = _next_before(items, paging.limit, lambda s: s.id)
        if api:
            return _json({"stories": [asdict(s) for s in items], "next_before": after})
        return _html(status_html.stories(items, after))

    def _spun(self, session: Session, _: str, paging: Paging, api: bool) -> Reply:
        items = queries.spun_articles(session, paging.before, paging.limit)
        after = _next_before(items, paging.limit, lambda s: s.article.id)
        if api:
            return _json({"spun": [asdict(s) for s in items], "next_before": after})
        return _html(status_html.spun(items, after))
