"""Pure functions from a page or a text to a clean article: no I/O, no database, no clock."""

from __future__ import annotations

from dataclasses import replace

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

__all__ = [
    "CleanArticle",
    "CleanContext",
    "Image",
    "Removal",
    "SpunReport",
    "Substitution",
    "clean_html",
    "clean_text",
]


def clean_html(html: str, url: str | None = None, context: CleanContext | None = None) -> CleanArticle:
    """Extract a page's article and run the cleaner chain on its text."""
    extracted = extract_html(html, url)
    text, removed = run_chain(extracted.text, context or CleanContext())
    return replace(extracted, text=text, removed=extracted.removed + removed)


def clean_text(text: str, context: CleanContext | None = None) -> CleanArticle:
    """Run the cleaner chain on text scraped by another tool."""
    cleaned, removed = run_chain(text, context or CleanContext())
    return CleanArticle(text=cleaned, removed=removed)
