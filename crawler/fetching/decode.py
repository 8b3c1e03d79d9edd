"""Bytes to text for HTML and XML: BOM, Content-Type charset, <meta>, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    # Browsers read a declared latin-1 as windows-1252 (WHATWG encoding standard).
    return "cp1252" if codec.name in ("latin-1", "iso8859-1", "ascii") else codec.name


def declared_charset(body: bytes, header_charset: str | None) -> str | None:
    """The charset the document declares, in the order browsers trust them."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    head = body[:4096]
    for declared in (
        header_charset,
        *(m.decode("ascii", "ignore") for m in _META_CHARSET.findall(head)[:1]),
        *(m.decode("ascii", "ignore") for m in _XML_ENCODING.findall(head)[:1]),
    ):
        if name := _known(declared):
            return name
    return None


def decode_body(body: bytes, header_charset: str | None = None) -> str:
    """Decode a page: a declared charset when it decodes cleanly, else detection, else UTF-8."""
    declared = declared_charset(body, header_charset)
    if declared:
        try:
            return body.decode(declared).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return body.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        best = from_bytes(body[:200_000]).best()
        encoding = best.encoding if best else "cp1252"
        return body.decode(encoding, errors="replace")
