"""Prune a parsed page before extraction: captions, hidden text and widgets the extractor keeps.

Everything pruned here is something no reader sees as article text: captions (already read
into the image metadata), hover cards and screen-reader-only labels, and blocks whose class
or id names them as share, follow, newsletter, related-links, comment or advert widgets.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Class or id tokens that name page chrome; matched against whole hyphen/underscore parts.
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharebar|social|socials|newsletter|newsletters|subscribe"
    r"|subscription|related|comments?|disqus|outbrain|taboola|advert|advertisement|ad|ads"
    r"|sponsored|promo|promoted|recommended|recommendations|most-read|mostread|trending"
    r"|rollover|tooltip|popover|hovercard|sr-only|screen-reader-text|visually-hidden"
    r"|visuallyhidden|offscreen)(?=$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NEVER_PRUNED = frozenset({"html", "body", "main", "article", "head"})
# A widget is small; a block holding this much text is content that happens to share a name.
_MAX_WIDGET_CHARS = 1500


def _is_chrome(element: HtmlElement) -> bool:
    if element.tag == "figcaption":
        return True
    if element.tag in _NEVER_PRUNED or not isinstance(element.tag, str):
        return False
    if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _CHROME_NAME.search(names):
        return False
    return len(element.text_content()) <= _MAX_WIDGET_CHARS


def prune_tree(tree: HtmlElement) -> HtmlElement:
    """Remove caption, hidden and widget elements in place (their tails stay); return the tree."""
    doomed = [element for element in tree.iter() if _is_chrome(element)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree
