"""Main text and metadata out of an HTML page: parse once, read metadata, prune, extract.

The page is parsed once with lxml. Metadata comes from the page's markup (JSON-LD and meta
tags), which is cheaper than trafilatura's metadata pass; the tree is pruned of captions and
handed to trafilatura for the body in its fast mode, with its fallback extractors run only
when the fast pass finds next to nothing.
"""

from __future__ import annotations

import trafilatura
from trafilatura.utils import load_html

from cleaners.article import CleanArticle
from cleaners.body_chunks import join_body_chunks
from cleaners.language import guess_language
from cleaners.page_metadata import read_metadata
from cleaners.prune import prune_tree

# Below this many characters the fast pass probably missed the article: try the fallbacks.
_SHORT_BODY = 250


def _body(tree: object, url: str | None, fast: bool) -> str:
    document = trafilatura.bare_extraction(
        tree, url=url, fast=fast, favor_precision=True, include_comments=False,
        include_tables=True, with_metadata=False,
    )
    return (document.text or "") if document else ""


def extract_html(html: str | bytes, url: str | None = None) -> CleanArticle:
    """Extract the article body (without the headline) and its metadata from a page."""
    tree = load_html(html)
    if tree is None:
        return CleanArticle(text="")
    metadata = read_metadata(tree, url)
    pruned = prune_tree(tree)
    join_body_chunks(tree)
    text = _body(tree, url, fast=True)
    if len(text) < _SHORT_BODY:
        text = _body(tree, url, fast=False) or text
    return CleanArticle(
        text=text,
        title=metadata.title,
        authors=metadata.authors,
        published=metadata.published,
        # The words win over the markup: templates often hard-code lang="en" on every page.
        language=guess_language(text) or metadata.language,
        site_name=metadata.site_name,
        canonical_url=metadata.canonical_url,
        images=metadata.images,
        removed=pruned,
        updated=metadata.updated,
        section=metadata.section,
        tags=metadata.tags,
        accessible_for_free=metadata.accessible_for_free,
        metadata_evidence=metadata.evidence,
    )
