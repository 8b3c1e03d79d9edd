"""Prune a parsed page before extraction: captions, hidden text and widgets the extractor keeps.

Everything pruned here is something no reader sees as article text: captions (already read
into the image metadata), hover cards and screen-reader-only labels, and blocks whose class
or id names them as share, follow, newsletter, related-links, comment or advert widgets.
"""

from __future__ import annotations

import re

from lxml.etree import XPath, strip_elements
from lxml.html import HtmlElement

from cleaners.article import Removal

NAME = "prune"

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


def _chrome_elements(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Captions, hidden elements and small elements whose class or id names a widget, with why.

    Candidates come from one XPath pass in C; each distinct class/id string is tested once.
    """
    verdicts: dict[str, str | None] = {}
    found = []
    for element in _CANDIDATES(tree):
        tag = element.tag
        if tag == "figcaption":
            found.append((element, "image caption (kept with the image)"))
            continue
        if tag in _NEVER_PRUNED:
            continue
        style = element.get("style")
        if element.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            found.append((element, "hidden element"))
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names not in verdicts:
            match = _CHROME_NAME.search(names)
            verdicts[names] = f"widget named {match.group().strip(' _-')!r}" if match else None
        reason = verdicts[names]
        if reason and len(element.text_content()) <= _MAX_WIDGET_CHARS:
            found.append((element, reason))
    return found


# Elements the extractor discards in any case (trafilatura's own list, less forms, which some
# sites wrap the whole page in, and figures, which can hold tables). Dropping them first, in C,
# makes every later pass and every copy the extractor takes of the tree smaller.
_NEVER_TEXT = (
    "head", "script", "style", "noscript", "template", "svg", "canvas", "iframe", "embed",
    "object", "applet", "audio", "video", "map", "picture", "button", "select", "textarea",
    "input", "aside", "footer", "nav", "menu", "dialog",
)


# An element holding more than this share of the page's text is where the article is, whatever
# its name or style says (a body inside an "ad"-named wrapper, a text hidden until a click).
MAX_SHARE_PRUNED = 0.5
_MIN_REFUSED_CHARS = 500


def prune_tree(tree: HtmlElement) -> list[Removal]:
    """Remove caption, hidden and widget elements in place (their tails stay); say what went.

    Elements that never hold article text (scripts, styles, navigation, footers) go first and
    are not listed: the extractor would drop them anyway, so they are not a cleaning decision.
    An element that holds most of the page's text is kept, and recorded as a refused removal.
    """
    strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    doomed = _chrome_elements(tree)
    page_chars = len(tree.text_content()) if doomed else 0
    refused_ids = set()
    removed = []
    for element, reason in doomed:
        size = len(element.text_content())
        if size >= _MIN_REFUSED_CHARS and size > MAX_SHARE_PRUNED * page_chars:
            refused_ids.add(id(element))
            text = " ".join(" ".join(element.itertext()).split())
            removed.append(Removal(NAME, text, f"refused: {reason} holds {size / page_chars:.0%}"
                                   " of the page's text", refused=True))
    doomed_ids = {id(element) for element, _ in doomed} - refused_ids
    for element, reason in doomed:
        if id(element) not in doomed_ids:
            continue
        if any(id(ancestor) in doomed_ids for ancestor in element.iterancestors()):
            continue  # goes with its ancestor, explained there
        text = " ".join(" ".join(element.itertext()).split())
        if text:
            removed.append(Removal(NAME, text, reason))
        element.drop_tree()
    return removed
