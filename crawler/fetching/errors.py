"""Every way a fetch can fail, as a small tree of exceptions.

Each class's `kind` is the name used in the fetch log, the crawl summary and the metrics.
Callers catch the branch they care about (httpx's `_exceptions.py` is the model).
"""

from __future__ import annotations

from typing import ClassVar


class FetchError(Exception):
    """A URL could not be turned into a usable response."""

    kind: ClassVar[str] = "error"
    retryable: ClassVar[bool] = False
    retry_after: float | None = None


class TransportError(FetchError):
    """The conversation with the server failed before a complete response arrived."""

    kind = "transport"
    retryable = True


class ConnectFailed(TransportError):
    """The server could not be reached (DNS, refused, reset)."""

    kind = "connect"


class FetchTimeout(TransportError):
    """The server was too slow: to connect, between two chunks, or for the whole body."""

    kind = "timeout"


class SlowBody(FetchTimeout):
    """The headers came but the body dripped past the deadline: not asked for again at once."""

    kind = "slow_body"
    retryable = False


class TooManyRedirects(FetchError):
    """Redirects went on past the limit (a loop, usually)."""

    kind = "redirects"


class BlockedAddress(FetchError):
    """The URL resolves to a loopback, private or otherwise non-public address."""

    kind = "blocked_address"


class InvalidUrl(FetchError):
    """The URL cannot be fetched (no host, unsupported scheme, malformed)."""

    kind = "invalid_url"


class HttpStatus(FetchError):
    """The server answered with an error status."""

    kind = "http_error"

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class NotFound(HttpStatus):
    """404 or 410: the page is gone."""

    kind = "not_found"


class ClientError(HttpStatus):
    """Another 4xx: the request is refused as it is."""

    kind = "client_error"


class ServerError(HttpStatus):
    """A 5xx: the server failed; worth trying again later."""

    kind = "server_error"
    retryable = True


class RateLimited(HttpStatus):
    """429: the server asks us to slow down (Retry-After honoured)."""

    kind = "rate_limited"
    retryable = True


class ContentError(FetchError):
    """A response arrived but its body cannot become an article."""

    kind = "content"


class BodyTooLarge(ContentError):
    """The body, compressed or decompressed, passed the size cap."""

    kind = "too_large"


class NotHtml(ContentError):
    """The body is not HTML or XHTML (by its Content-Type or by sniffing its bytes)."""

    kind = "not_html"


class DecodeFailed(ContentError):
    """The body could not be decoded (bad compression or hopeless charset)."""

    kind = "decode"


class ParseFailed(ContentError):
    """A feed, sitemap or page could not be parsed (malformed or hostile XML)."""

    kind = "parse"


class BotWall(FetchError):
    """The server answered a challenge or block page (captcha, "enable JavaScript", 403 wall)."""

    kind = "bot_wall"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL to our user agent."""

    kind = "robots"


class RobotsUnavailable(FetchError):
    """robots.txt answered 5xx or not at all: the host's pages wait (RFC 9309)."""

    kind = "robots_unavailable"
    retryable = True

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ProcessingFailed(FetchError):
    """The page arrived, but extracting or storing it raised an unexpected error (a bug)."""

    kind = "processing"
