"""Pure functions from a page or a text to a clean article: no I/O, no database, no clock."""

from __future__ import annotations

from dataclasses import replace

from cleaners._lines import line_key
from cleaners.article import (
    CleanArticle,
    CleanContext,
    Image,
    Removal,
    SpunReport,
    Substitution,
)
from cleaners.chain import run_chain
from cleaners.extract import extract_html
from cleaners.language import guess_language
from cleaners.moves import apply_moves
from cleaners.spun import assess as assess_spun

__all__ = [
    "CleanArticle",
    "CleanContext",
    "Image",
    "Removal",
    "SpunReport",
    "Substitution",
    "clean_html",
    "clean_text",
    "line_key",
]


def clean_html(
    html: str | bytes, url: str | None = None, context: CleanContext | None = None
) -> CleanArticle:
    """Extract a page's article and run the cleaner chain on its text.

    Never raises on bad input: an unreadable or empty page gives an empty text and the
    reason in `empty_reason`.
    """
    extracted = extract_html(html, url)
    context = replace(context or CleanContext(), title=extracted.title)
    text, removed = run_chain(extracted.text, context)
    article = replace(extracted, text=text, removed=extracted.removed + removed)
    article = apply_moves(article, removed)
    if not article.text.strip() and article.empty_reason is None:
        article = replace(article, empty_reason="the cleaners removed all of the text")
    return replace(article, spun=assess_spun(article.text))


def clean_text(text: str, context: CleanContext | None = None) -> CleanArticle:
    """Run the cleaner chain on text scraped by another tool (its headline, if any, leads)."""
    cleaned, removed = run_chain(text, context or CleanContext())
    article = CleanArticle(text=cleaned, language=guess_language(cleaned), removed=removed)
    article = apply_moves(article, removed)
    return replace(article, spun=assess_spun(article.text))
