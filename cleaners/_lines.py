"""Line helpers the cleaners share: the identity of a line and dropping lines with a reason."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from cleaners.article import Removal

_WORD = re.compile(r"\w+")


# Lines remembered by the two functions below: the cleaners of the chain ask about the same
# lines of an article several times over (about six calls a line), and a site's recurring
# lines come back article after article.
_REMEMBERED_LINES = 4096


@lru_cache(maxsize=_REMEMBERED_LINES)
def _words(line: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", line).casefold()))


def line_words(line: str) -> list[str]:
    """The words of a line, case-folded and compatibility-normalised, punctuation dropped."""
    return list(_words(line))


@lru_cache(maxsize=_REMEMBERED_LINES)
def line_key(line: str) -> str:
    """A short stable key for a line: equal for lines that differ only in case and punctuation.

    Empty for a line without words. The key is a hash so it fits an indexed column.
    """
    words = _words(line)
    if not words:
        return ""
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def drop_lines(
    text: str, cleaner: str, reason_for: Callable[[str], str | None]
) -> tuple[str, list[Removal]]:
    """Drop every line for which `reason_for` gives a reason; blank lines stay."""
    kept: list[str] = []
    removed: list[Removal] = []
    for line in text.split("\n"):
        reason = reason_for(line) if line.strip() else None
        if reason:
            removed.append(Removal(cleaner=cleaner, text=line.strip(), reason=reason))
        else:
            kept.append(line)
    return "\n".join(kept), removed
