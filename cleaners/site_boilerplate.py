"""Drop lines the store has seen on many articles of the same host: that site's boilerplate."""

from __future__ import annotations

from cleaners._lines import drop_lines, line_key
from cleaners.article import CleanContext, Removal

NAME = "site-boilerplate"
# Learned lines are chrome around an article. When they would be most of a text, the page
# shares its body with the site's other pages (a template, a re-post): nothing is dropped.
MAX_SHARE_OF_WORDS = 0.5


def drop_site_boilerplate(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop lines whose key is in `context.site_boilerplate` (learned from the host's articles)."""
    if not context.site_boilerplate:
        return text, []
    boilerplate = context.site_boilerplate

    def reason(line: str) -> str | None:
        return "recurs on many articles of this site" if line_key(line) in boilerplate else None

    cleaned, removed = drop_lines(text, NAME, reason)
    if sum(len(r.text.split()) for r in removed) > MAX_SHARE_OF_WORDS * len(text.split()):
        return text, []
    return cleaned, removed
