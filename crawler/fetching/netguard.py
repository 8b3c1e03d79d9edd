"""Refusing non-public addresses: a page or a feed cannot steer the crawler at internal hosts."""

from __future__ import annotations

import ipaddress
import socket

from crawler.fetching import errors


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (not loopback, private, link-local...)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses to connect to for `host`, in resolver order.

    BlockedAddress when any of them is not public (unless `allow_private`): a name that
    mixes public and private answers is treated as hostile. The caller connects to these
    very addresses, so a second lookup cannot swap in another one (DNS rebinding).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise errors.ConnectFailed(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            if not is_public(ipaddress.ip_address(address.split("%", 1)[0])):
                raise errors.BlockedAddress(f"{host} resolves to non-public address {address}")
    return addresses
