"""Polite HTTP fetching: one GET with redirects checked hop by hop, limits, and retries."""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from crawler import errors
from crawler.netguard import check_public
from crawler.settings import FetchSettings

_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Response:
    """A complete response whose body passed the limits."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    elapsed_ms: float
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _status_error(status: int, retry_after: float | None) -> errors.HttpStatus:
    if status in (404, 410):
        return errors.NotFound(status)
    if status == 429:
        return errors.RateLimited(status, retry_after)
    if status >= 500:
        return errors.ServerError(status, retry_after)
    return errors.ClientError(status)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Fetcher:
    """Fetches URLs with the configured user agent, timeouts, size cap and network guard."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(max_connections=max(4, settings.concurrency * 2)),
        )

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """One GET (following redirects): raises a FetchError subclass on any failure."""
        headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        deadline = started + self.settings.total_timeout
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if not self.settings.allow_private_networks:
                check_public(current)
            try:
                with self._client.stream("GET", current, headers=headers) as reply:
                    if reply.status_code in _REDIRECTS and "location" in reply.headers:
                        current = str(reply.url.join(reply.headers["location"]))
                        continue
                    if reply.status_code == 304:
                        body = b""
                    elif reply.status_code >= 400:
                        wait = retry_after_seconds(reply.headers.get("retry-after"))
                        raise _status_error(reply.status_code, wait)
                    else:
                        body = self._read_body(reply, deadline)
                    return Response(
                        url=url,
                        final_url=str(reply.url),
                        status=reply.status_code,
                        content_type=reply.headers.get("content-type", "")
                        .split(";")[0]
                        .strip()
                        .lower(),
                        charset=reply.charset_encoding,
                        body=body,
                        elapsed_ms=(time.monotonic() - started) * 1000,
                        etag=reply.headers.get("etag"),
                        last_modified=reply.headers.get("last-modified"),
                    )
            except httpx.TimeoutException as exc:
                raise errors.FetchTimeout(
                    f"{exc.__class__.__name__} after {time.monotonic() - started:.1f}s"
                ) from exc
            except httpx.InvalidURL as exc:
                raise errors.InvalidUrl(str(exc)) from exc
            except httpx.DecodingError as exc:
                raise errors.DecodeFailed(str(exc)) from exc
            except httpx.TransportError as exc:
                raise errors.ConnectFailed(f"{exc.__class__.__name__}: {exc}") from exc
        raise errors.TooManyRedirects(f"more than {self.settings.max_redirects} redirects")

    def _read_body(self, reply: httpx.Response, deadline: float) -> bytes:
        declared = reply.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
            raise errors.BodyTooLarge(f"Content-Length {declared} > {self.settings.max_bytes}")
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > self.settings.max_bytes:
                raise errors.BodyTooLarge(f"body passed {self.settings.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise errors.FetchTimeout(f"body not complete after {self.settings.total_timeout}s")
            chunks.append(chunk)
        return b"".join(chunks)


def backoff_delay(attempt: int, base: float) -> float:
    """Exponential backoff with full jitter: attempt 1 waits up to `base`, then 2x, 4x..."""
    return random.uniform(0, base * (2 ** (attempt - 1)))


def get_with_retries(
    fetcher: Fetcher, url: str, etag: str | None = None, last_modified: str | None = None
) -> Response:
    """GET with bounded retries on retryable failures, honouring Retry-After.

    A Retry-After longer than `max_retry_after` is not waited for: the error is raised
    with its `retry_after` so the caller can defer the URL to a later crawl.
    """
    settings = fetcher.settings
    for attempt in range(1, settings.max_attempts + 1):
        try:
            return fetcher.get(url, etag, last_modified)
        except errors.FetchError as exc:
            if not exc.retryable or attempt == settings.max_attempts:
                raise
            wait = exc.retry_after
            if wait is not None and wait > settings.max_retry_after:
                raise
            time.sleep(wait if wait is not None else backoff_delay(attempt, settings.backoff))
    raise AssertionError("unreachable")
