"""Drop lines the store has seen on many articles of the same host: that site's boilerplate."""

from __future__ import annotations

from cleaners._lines import drop_lines, line_key
from cleaners.article import CleanContext, Removal

NAME = "site-boilerplate"


def drop_site_boilerplate(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop lines whose key is in `context.site_boilerplate` (learned from the host's articles)."""
    if not context.site_boilerplate:
        return text, []
    boilerplate = context.site_boilerplate

    def reason(line: str) -> str | None:
        return "recurs on many articles of this site" if line_key(line) in boilerplate else None

    return drop_lines(text, NAME, reason)
