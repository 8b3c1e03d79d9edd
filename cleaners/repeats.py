"""Drop a line that repeats one above it: a caption or promo printed twice keeps one place."""

from __future__ import annotations

from cleaners._lines import line_key
from cleaners.article import CleanContext, Removal

NAME = "repeats"


def drop_repeats(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Keep the first occurrence of each line (compared by `line_key`), drop the later ones."""
    seen: set[str] = set()
    kept: list[str] = []
    removed: list[Removal] = []
    for line in text.split("\n"):
        key = line_key(line)
        if key and key in seen:
            removed.append(Removal(NAME, line.strip(), "repeats a line above"))
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept), removed
