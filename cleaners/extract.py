"""Main text and metadata out of an HTML page: parse once, read metadata, prune, extract.

The page is parsed once with lxml. Metadata comes from the page's markup (JSON-LD and meta
tags), which is cheaper than trafilatura's metadata pass; the tree is pruned of captions and
widgets and handed to trafilatura for the body in its fast precision mode, widened by its
recall mode when it left a gap in the page's prose (see `cleaners.candidates`). When the
result holds little of the page's prose, the slower candidates are asked too and the one the
page supports is taken.
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from cleaners.article import CleanArticle
from cleaners.body_chunks import join_body_chunks
from cleaners.candidates import (
    LOW_CONFIDENCE,
    Candidate,
    Choice,
    choose,
    confidence,
    declared_bodies,
    declared_body,
    has_gap,
    page_prose,
    widen_by_recall,
)
from cleaners.language import guess_language
from cleaners.page_input import empty_reason, page_shape, unreadable_reason
from cleaners.page_metadata import read_metadata
from cleaners.prune import prune_tree
from cleaners.stoplist import hash_stoplist_once

# Below this many characters the fast pass probably missed the article: ask the others.
_SHORT_BODY = 250
FIRST_CANDIDATE = "trafilatura fast, precision widened by recall"


def _body(tree: HtmlElement, url: str | None, fast: bool, precision: bool) -> str:
    if not fast:  # the slow modes fall back on justext, whose stoplist lookup this makes O(1)
        hash_stoplist_once()
    document = trafilatura.bare_extraction(
        tree, url=url, fast=fast, favor_precision=precision, include_comments=False,
        include_tables=True, with_metadata=False,
    )
    return (document.text or "") if document else ""


def _extract_body(tree: HtmlElement, declared: list[str], url: str | None) -> Choice:
    prose = page_prose(tree)
    precise = _body(tree, url, fast=True, precision=True)
    text = precise
    if has_gap(precise, prose):  # the precision pass dropped a paragraph inside the article
        text = widen_by_recall(precise, _body(tree, url, fast=True, precision=False))
    sure = confidence(text, prose)
    if sure >= LOW_CONFIDENCE and len(text) >= _SHORT_BODY:
        return Choice(text, FIRST_CANDIDATE, sure, "")
    candidates = (
        Candidate(FIRST_CANDIDATE, text),
        Candidate("trafilatura default", _body(tree, url, fast=False, precision=False)),
        Candidate("the page's JSON-LD articleBody", declared_body(declared)),
    )
    return choose(candidates, prose)


def extract_html(html: str | bytes, url: str | None = None) -> CleanArticle:
    """Extract the article body (without the headline) and its metadata from a page."""
    reason = unreadable_reason(html)
    tree = load_html(html) if reason is None else None
    if tree is None:
        return CleanArticle(text="", empty_reason=reason or "the page could not be parsed")
    metadata = read_metadata(tree, url)
    # Read before pruning: a frameset or a script-only shell is told by what pruning drops.
    shape = page_shape(tree)
    declared = declared_bodies(tree)
    pruned = prune_tree(tree)
    join_body_chunks(tree)
    choice = _extract_body(tree, declared, url)
    return CleanArticle(
        text=choice.text,
        title=metadata.title,
        authors=metadata.authors,
        published=metadata.published,
        # The words win over the markup: templates often hard-code lang="en" on every page.
        language=guess_language(choice.text) or metadata.language,
        site_name=metadata.site_name,
        canonical_url=metadata.canonical_url,
        images=metadata.images,
        removed=pruned,
        confidence=round(choice.confidence, 3),
        extracted_by=choice.name,
        extraction_note=choice.reason or None,
        empty_reason=None if choice.text.strip() else empty_reason(shape, tree),
        updated=metadata.updated,
        section=metadata.section,
        tags=metadata.tags,
        accessible_for_free=metadata.accessible_for_free,
        metadata_evidence=metadata.evidence,
    )
