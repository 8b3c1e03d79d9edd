"""Make a metadata value plain text: entities decoded (twice-escaped ones too), tags and
control characters out, whitespace collapsed to single spaces."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+\d*);")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
_TOKEN = re.compile(r"\w+")


def plain_text(value: object) -> str | None:
    """The value as one line of plain text, or None where nothing is left."""
    if not isinstance(value, str):
        return None
    text = value
    for _ in range(3):  # "&amp;#8217;" is an entity escaped twice: decode until none is left
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = _INVISIBLE.sub("", _TAG.sub(" ", text))
    text = " ".join(text.split())
    return text or None


def tokens(text: str | None) -> list[str]:
    """The casefolded `\\w+` tokens of a text."""
    return [token.casefold() for token in _TOKEN.findall(text or "")]


def token_f1(first: str | None, second: str | None) -> float:
    """How much two short texts say the same words: F1 of their token multisets."""
    left, right = tokens(first), tokens(second)
    if not left or not right:
        return 0.0
    remaining: dict[str, int] = {}
    for token in right:
        remaining[token] = remaining.get(token, 0) + 1
    common = 0
    for token in left:
        if remaining.get(token, 0) > 0:
            remaining[token] -= 1
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(left), common / len(right)
    return 2 * precision * recall / (precision + recall)
