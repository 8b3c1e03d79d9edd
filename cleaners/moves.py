"""Fill an article's metadata from the text the cleaners moved out of its body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cleaners.article import CleanArticle, Removal
from cleaners.dates import parse_timestamp


def apply_moves(article: CleanArticle, removals: Sequence[Removal]) -> CleanArticle:
    """Metadata the page did not give, taken from bylines, timestamps, datelines and headlines.

    What the page's own metadata says wins: moved text only fills fields left empty.
    """
    moved: dict[str, list[str]] = {}
    for removal in removals:
        if removal.moved_to:
            moved.setdefault(removal.moved_to, []).append(removal.text)
    authors = article.authors or list(dict.fromkeys(moved.get("authors", [])))
    published = article.published
    evidence = dict(article.metadata_evidence)
    for stamp in moved.get("published", []) if published is None else []:
        published = parse_timestamp(stamp)
        if published:
            evidence["published"] = f"a timestamp line of the text = {stamp}"
            break
    if authors and not article.authors:
        evidence["authors"] = "a byline line of the text"
    return replace(
        article,
        authors=authors,
        published=published,
        metadata_evidence=evidence,
        title=article.title or next(iter(moved.get("title", [])), None),
        dateline=article.dateline or next(iter(moved.get("dateline", [])), None),
    )
