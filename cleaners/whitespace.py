"""Unicode and whitespace normalisation: the same words, consistently encoded and spaced."""

from __future__ import annotations

import re
import unicodedata

from cleaners.article import CleanContext, Removal

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Characters that never show: zero-width spaces and joiners, soft hyphens, byte-order marks.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_whitespace(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """NFC, one kind of line break, one space between words, no invisible characters."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines), []


def collapse_blank_lines(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """At most one blank line between paragraphs and none at either end."""
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip(), []
