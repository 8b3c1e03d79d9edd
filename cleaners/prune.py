"""Prune a parsed page before extraction: captions, hidden text and widgets the extractor keeps.

Everything pruned here is something no reader sees as article text: captions (already read
into the image metadata), hover cards and screen-reader-only labels, and blocks whose class
or id names them as share, follow, newsletter, related-links, comment or advert widgets.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
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
# Only these can be chrome: captions, and elements with a name, a style or the hidden flag.
_CANDIDATES = XPath("//*[@class or @id or @style or @hidden] | //figcaption")
_NEVER_PRUNED = frozenset({"html", "body", "main", "article", "head"})
# A widget is small; a block holding this much text is content that happens to share a name.
_MAX_WIDGET_CHARS = 1500


def _chrome_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Captions, hidden elements and small elements whose class or id names a widget.

    Candidates come from one XPath pass in C; each distinct class/id string is tested once.
    """
    verdicts: dict[str, bool] = {}
    found = []
    for element in _CANDIDATES(tree):
        tag = element.tag
        if tag == "figcaption":
            found.append(element)
            continue
        if tag in _NEVER_PRUNED:
            continue
        style = element.get("style")
        if element.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            found.append(element)
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        verdict = verdicts.get(names)
        if verdict is None:
            verdict = verdicts[names] = bool(_CHROME_NAME.search(names))
        if verdict and len(element.text_content()) <= _MAX_WIDGET_CHARS:
            found.append(element)
    return found


def prune_tree(tree: HtmlElement) -> HtmlElement:
    """Remove caption, hidden and widget elements in place (their tails stay); return the tree."""
    for element in _chrome_elements(tree):
        if element.getparent() is not None:
            element.drop_tree()
    return tree
