"""Drop a line that stutters: a caption or promo printed twice in a row keeps one place."""

from __future__ import annotations

from cleaners._lines import line_key
from cleaners.article import CleanContext, Removal

NAME = "repeats"


def drop_repeats(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop a line equal (by `line_key`) to the line just above it, blank lines aside.

    Only the stutter goes: a line that recurs further down (a recipe step, an interview
    question asked of each guest) is structure, not a duplicate.
    """
    previous_key = ""
    kept: list[str] = []
    removed: list[Removal] = []
    for line in text.split("\n"):
        key = line_key(line)
        if not key:
            kept.append(line)
            continue
        if key == previous_key:
            removed.append(Removal(NAME, line.strip(), "repeats the line just above"))
            continue
        previous_key = key
        kept.append(line)
    return "\n".join(kept), removed
