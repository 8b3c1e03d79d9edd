"""Apply a list of substitutions to a text."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.article import Substitution


def apply_substitutions(text: str, substitutions: Sequence[Substitution]) -> str:
    """Return the text with each substitution's span replaced by its original wording."""
    parts: list[str] = []
    position = 0
    for sub in sorted(substitutions, key=lambda s: s.start):
        parts.append(text[position : sub.start])
        parts.append(sub.original)
        position = sub.end
    parts.append(text[position:])
    return "".join(parts)
