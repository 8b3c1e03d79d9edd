"""Refusing non-public addresses: a page or a feed cannot steer the crawler at internal hosts."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from crawler import errors


def check_public(url: str) -> None:
    """Raise BlockedAddress unless every address the URL's host resolves to is public."""
    host = urlsplit(url).hostname
    if not host:
        raise errors.InvalidUrl(f"no host in {url!r}")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise errors.ConnectFailed(f"cannot resolve {host}: {exc.strerror}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise errors.BlockedAddress(f"{host} resolves to non-public address {address}")
