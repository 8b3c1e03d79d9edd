"""Polite HTTP fetching: one GET with redirects checked hop by hop, limits, and retries."""

from __future__ import annotations

import email.utils
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from cleaners.walls import find_bot_wall
from crawler.fetching import errors
from crawler.fetching.decode import decode_body
from crawler.fetching.transport import GuardedTransport, deadline
from crawler.settings import FetchSettings

_REDIRECTS = {301, 302, 303, 307, 308}
# Error statuses whose body is read (up to _WALL_BYTES) to tell a bot wall from a plain error.
_WALL_STATUSES = {401, 403, 429, 503}
_WALL_BYTES = 256_000
# The least time worth an attempt: a retry that would have less is not made.
_MIN_ATTEMPT = 0.5
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


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


class CappedInflater:
    """Decompresses gzip or deflate a chunk at a time, never past `max_bytes` of output.

    zlib's `max_length` bounds each step, so a gzip bomb costs at most the cap in memory.
    """

    def __init__(self, max_bytes: int, wbits: int = zlib.MAX_WBITS | 32) -> None:
        self._inflater = zlib.decompressobj(wbits)
        self._left = max_bytes
        self.max_bytes = max_bytes

    def feed(self, data: bytes) -> bytes:
        try:
            out = self._inflater.decompress(data, self._left + 1)
        except zlib.error as exc:
            raise errors.DecodeFailed(f"bad compressed data: {exc}") from exc
        self._left -= len(out)
        if self._left < 0:
            raise errors.BodyTooLarge(f"body decompresses past {self.max_bytes} bytes")
        return out


def _inflater_for(encoding: str, max_bytes: int) -> CappedInflater | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return CappedInflater(max_bytes)
    raise errors.DecodeFailed(f"unsupported Content-Encoding {encoding!r}")


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
        limits = httpx.Limits(max_connections=max(4, settings.concurrency * 2))
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=GuardedTransport(settings.allow_private_networks, limits),
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        time_left: float | None = None,
    ) -> Response:
        """One GET (following redirects): raises a FetchError subclass on any failure.

        The total timeout covers every hop, headers and body, and never runs past
        `time_left` (what remains of the URL's budget); every hop's address is checked by
        the transport when it connects. A body that drips past the deadline after its
        headers came is `SlowBody`: asking again would only wait as long again.
        """
        headers = {"Accept": _ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        limit = self.settings.total_timeout
        if time_left is not None:
            limit = min(limit, time_left)
        with deadline(limit):
            for _hop in range(self.settings.max_redirects + 1):
                answered = False
                try:
                    with self._client.stream("GET", current, headers=headers) as reply:
                        answered = True
                        if reply.status_code in _REDIRECTS and "location" in reply.headers:
                            current = str(reply.url.join(reply.headers["location"]))
                            continue
                        return self._complete(url, reply, started)
                except httpx.TimeoutException as exc:
                    elapsed = time.monotonic() - started
                    message = f"{exc.__class__.__name__} after {elapsed:.1f}s"
                    if answered:
                        raise errors.SlowBody(f"body still arriving after {elapsed:.1f}s") from exc
                    raise errors.FetchTimeout(message) from exc
                except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                    raise errors.InvalidUrl(str(exc)) from exc
                except httpx.TransportError as exc:
                    raise errors.ConnectFailed(f"{exc.__class__.__name__}: {exc}") from exc
        raise errors.TooManyRedirects(f"more than {self.settings.max_redirects} redirects")

    def _complete(self, url: str, reply: httpx.Response, started: float) -> Response:
        if reply.status_code >= 400:
            if reply.status_code in _WALL_STATUSES:
                self._raise_for_wall(reply)
            wait = retry_after_seconds(reply.headers.get("retry-after"))
            raise _status_error(reply.status_code, wait)
        body = b"" if reply.status_code == 304 else self._read_body(reply)
        content_type = reply.headers.get("content-type", "").split(";")[0].strip().lower()
        return Response(
            url=url,
            final_url=str(reply.url),
            status=reply.status_code,
            content_type=content_type,
            charset=reply.charset_encoding,
            body=body,
            elapsed_ms=(time.monotonic() - started) * 1000,
            etag=reply.headers.get("etag"),
            last_modified=reply.headers.get("last-modified"),
        )

    def _raise_for_wall(self, reply: httpx.Response) -> None:
        """BotWall when an error page is a challenge or block page (read only in part)."""
        inflater = _inflater_for(reply.headers.get("content-encoding", ""), _WALL_BYTES * 4)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in reply.iter_raw():
                chunks.append(inflater.feed(chunk) if inflater else chunk)
                size += len(chunk)
                if size >= _WALL_BYTES:
                    break
        except errors.ContentError:
            return  # a broken error page is an error page
        html = decode_body(b"".join(chunks), reply.charset_encoding)
        wall = find_bot_wall(html, reply.status_code)
        if wall is not None:
            raise errors.BotWall(wall.signal, reply.status_code)

    def _read_body(self, reply: httpx.Response) -> bytes:
        """The body as a stream of raw bytes, capped before and after decompression."""
        cap = self.settings.max_bytes
        declared = reply.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise errors.BodyTooLarge(f"Content-Length {declared} > {cap}")
        inflater = _inflater_for(reply.headers.get("content-encoding", ""), cap)
        chunks: list[bytes] = []
        raw_size = 0
        for chunk in reply.iter_raw():
            raw_size += len(chunk)
            if raw_size > cap:
                raise errors.BodyTooLarge(f"body passed {cap} bytes")
            chunks.append(inflater.feed(chunk) if inflater else chunk)
        return b"".join(chunks)


def backoff_delay(attempt: int, base: float) -> float:
    """Exponential backoff with full jitter: attempt 1 waits up to `base`, then 2x, 4x..."""
    return random.uniform(0, base * (2 ** (attempt - 1)))


def get_with_retries(
    fetcher: Fetcher,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    on_retry: Callable[[errors.FetchError], None] = lambda error: None,
) -> Response:
    """GET with bounded retries on retryable failures, all within the URL's time budget.

    Connect, headers, body, every retry and every wait between them share one deadline,
    `url_budget` seconds from the first attempt. A wait (backoff or Retry-After) that would
    not end inside the budget is not waited for: the error is raised, with its
    `retry_after` when the server gave one, so the caller can defer the URL to later.
    `on_retry` hears of each failure that is retried.
    """
    settings = fetcher.settings
    ends_at = time.monotonic() + settings.url_budget
    for attempt in range(1, settings.max_attempts + 1):
        try:
            return fetcher.get(url, etag, last_modified, ends_at - time.monotonic())
        except errors.FetchError as exc:
            if not exc.retryable or attempt == settings.max_attempts:
                raise
            wait = exc.retry_after
            if wait is not None and wait > settings.max_retry_after:
                raise
            wait = wait if wait is not None else backoff_delay(attempt, settings.backoff)
            # A retry needs time for its own request after the wait.
            if time.monotonic() + wait + _MIN_ATTEMPT >= ends_at:
                raise
            on_retry(exc)
            time.sleep(wait)
    raise AssertionError("unreachable")
