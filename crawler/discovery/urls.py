"""URL normalisation, so that one page has one frontier row whatever link led to it."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url


@lru_cache(maxsize=65536)
def normalise(url: str, base: str | None = None) -> str | None:
    """The normalised absolute http(s) URL, or None when `url` is not one.

    Scheme and host lower-cased, default ports dropped, tracking parameters (utm_*, fbclid,
    gclid, ...) removed, query sorted, fragment dropped.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    try:
        normalised = normalize_url(urlunsplit(parts._replace(fragment="")))
    except ValueError:
        return None
    return urlunsplit(urlsplit(normalised)._replace(fragment=""))


def url_key(url: str) -> str:
    """A fixed-length key for a normalised URL (URLs can exceed index limits)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def host_of(url: str) -> str:
    """The host with its port when not the default: the unit of politeness."""
    return urlsplit(url).netloc.lower()
