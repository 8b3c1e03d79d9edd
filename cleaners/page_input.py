"""Say why a page holds no article text: binary bytes, empty, a frameset, a script-only shell.

Bad input is not an error of the cleaners: `clean_html` returns an empty article with one of
these reasons in `CleanArticle.empty_reason`, and the caller records it and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

# Control characters other than tab, newline, form feed and carriage return never occur in
# text; a few in the first kilobytes mean the bytes are an image, an archive or a binary.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_SNIFF = 4096
_MAX_CONTROL_SHARE = 0.01
# lxml and trafilatura handle pages far larger than any article; beyond this the page is a
# dump, not an article, and parsing it would hold a worker for seconds.
MAX_PAGE_CHARS = 50_000_000

_FRAMES = XPath("//frame/@src | //iframe/@src")
_HAS_SCRIPT = XPath("boolean(//script)")
_VISIBLE_TEXT = XPath("//body//text()")  # on the pruned tree: scripts and styles are gone


def unreadable_reason(page: str | bytes) -> str | None:
    """Why the page cannot be read as HTML at all, or None when it can."""
    if not page or not page.strip():
        return "empty page"
    if len(page) > MAX_PAGE_CHARS:
        return f"page too large ({len(page) // 1_000_000} MB; the limit is 50 MB)"
    head = page[:_SNIFF]
    codes = head if isinstance(head, bytes) else head.encode("utf-8", "replace")
    if sum(1 for code in codes if code in _CONTROL) > _MAX_CONTROL_SHARE * len(codes):
        return "binary content, not an HTML page"
    return None


@dataclass(frozen=True)
class PageShape:
    """What pruning drops but an empty result is explained by: frames and scripts."""

    is_frameset: bool
    frames: tuple[str, ...]
    has_script: bool


def page_shape(tree: HtmlElement) -> PageShape:
    """Read a page's frames and scripts (before pruning removes them)."""
    is_frameset = tree.tag == "frameset" or tree.find(".//frameset") is not None
    frames = tuple(str(src) for src in _FRAMES(tree)) if is_frameset else ()
    return PageShape(is_frameset, frames, bool(_HAS_SCRIPT(tree)))


def empty_reason(shape: PageShape, pruned: HtmlElement) -> str:
    """Why a page gave no article text, from its shape and its pruned tree."""
    if shape.is_frameset:
        where = f": {', '.join(shape.frames[:3])}" if shape.frames else ""
        return f"frameset page: its text is in its frames{where}"
    if not any(text.strip() for text in _VISIBLE_TEXT(pruned)):
        if shape.has_script:
            return "script-only page: its text is built by JavaScript, none is in the markup"
        return "the page has no visible text"
    return "no article text found on the page"
