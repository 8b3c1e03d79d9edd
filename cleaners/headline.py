"""Take the headline out of the body: it is the article's title, not its text."""

from __future__ import annotations

import re

from cleaners._lines import line_key, line_words
from cleaners.article import CleanContext, Removal
from cleaners.metadata_text import plain_text

NAME = "headline"

# "Headline | Section" or "Headline - Site": the part after the last separator names the site.
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—]{1,60}$")
_LEADING_LINES = 5
_MAX_HEADLINE_WORDS = 25
_MIN_HEADLINE_WORDS = 3


def _headline_keys(title: str) -> set[str]:
    keys = {line_key(title)}
    while (shorter := _SITE_SUFFIX.sub("", title)) != title:
        title = shorter
        keys.add(line_key(title))
    return keys - {""}


def _looks_like_headline(line: str) -> bool:
    """Short, and not a sentence of prose: a standfirst ends with a full stop, a headline not."""
    words = line_words(line)
    stripped = line.strip().rstrip("\"'”’)")
    return (
        _MIN_HEADLINE_WORDS <= len(words) <= _MAX_HEADLINE_WORDS
        and not stripped.endswith((".", ",", ":", ";", "…"))
    )


def _leading_line_indexes(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()][:_LEADING_LINES]


def drop_headline(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop the headline where it opens the body (once or repeated, with or without a suffix).

    With no known title (plain text from another tool), an opening line that reads as a
    headline is taken as the title: short and without a closing full stop. An opening
    sentence that ends with a full stop is a standfirst and stays in the body.
    """
    lines = text.split("\n")
    leading = _leading_line_indexes(lines)
    removed: list[Removal] = []
    title = context.title
    if not title and leading and _looks_like_headline(lines[leading[0]]):
        title = lines[leading[0]].strip()
        shorter = _SITE_SUFFIX.sub("", title)
        next_line = lines[leading[1]].strip() if len(leading) > 1 else ""
        if shorter != title and line_key(next_line) == line_key(shorter):
            # "Headline | Section" then "Headline": the bare line is the title.
            removed.append(Removal(NAME, title, "headline with the site's section suffix"))
            removed.append(Removal(NAME, next_line, "headline", moved_to="title"))
            title = next_line
            for index in leading[:2]:
                lines[index] = ""
            leading = leading[2:]
        else:
            removed.append(Removal(NAME, title, "headline", moved_to="title"))
            lines[leading[0]] = ""
            leading = leading[1:]
    if not title:
        return text, removed
    keys = _headline_keys(title)
    for index in leading:
        # The title is read as plain text (markup and entities out): so is the line it repeats.
        line_keys = _headline_keys(lines[index]) | _headline_keys(plain_text(lines[index]) or "")
        if line_keys & keys:
            removed.append(Removal(NAME, lines[index].strip(), "repeats the headline"))
            lines[index] = ""
    return "\n".join(lines), removed
