"""Prune a parsed page before extraction: captions, hidden text and widgets the extractor keeps.

Everything pruned here is something no reader sees as article text: captions (already read
into the image metadata, or the short text of a block built around an image), hover cards and
screen-reader-only labels, lists whose every item is a link to another page, and blocks whose
class or id names them as share, follow, newsletter, related-links, comment or advert widgets, or as
fact boxes set beside the story.
The shape rules (image blocks, link lists) read only the markup, so they hold in any language.
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
    r"|visuallyhidden|offscreen"
    # fact and info boxes beside the story: background the page sets apart from the article
    r"|factbox|fact-box|infobox|info-box|faktenbox|faktbox|faktaboks)(?=$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Only these can be chrome: captions, and elements with a name, a style or the hidden flag.
_CANDIDATES = XPath("//*[@class or @id or @style or @hidden] | //figcaption")
_NEVER_PRUNED = frozenset({"html", "body", "main", "article", "head"})
# A widget is small; a block holding this much text is content that happens to share a name.
_MAX_WIDGET_CHARS = 1500


# A list is a list of links when each item holds a link and links hold half its text or more
# ("Topic: <a>headline</a>" items, a last item with a link in a sentence): related stories,
# "read also", a link box.
_LINK_LIST_SHARE = 0.5
_MIN_LINK_ITEMS = 2
# Only lists with a link in them can be lists of links: XPath picks them in C.
_LISTS = XPath("//ul[li//a] | //ol[li//a]")


_TEXT_CHARS = XPath("string-length(normalize-space(string(.)))")


def _chars(element: HtmlElement) -> int:
    """Characters of an element's text, whitespace collapsed (counted in C)."""
    return int(_TEXT_CHARS(element))


def _link_lists(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Lists of two or more items, each holding a link, where links hold half the text."""
    found = []
    for listing in _LISTS(tree):
        items = [child for child in listing if child.tag == "li"]
        if len(items) < _MIN_LINK_ITEMS:
            continue
        chars = linked = 0
        for item in items:
            item_linked = sum(_chars(a) for a in item.iter("a"))
            if not item_linked:
                break
            chars += _chars(item)
            linked += item_linked
        else:
            if linked >= _LINK_LIST_SHARE * chars:
                found.append((listing, "list of links to other pages"))
    return found


# The text of a small block built around an image is its caption and credit, wherever the
# page's markup puts it (a <p> beside the <img>, a span, a credit line). An image inside a
# paragraph, a list item or a table cell is inline (an emoji, an icon): that text is prose.
_MAX_CAPTION_CHARS = 250
_IMAGE_BLOCK_LEVELS = 3
_IMAGE_BLOCK_TAGS = frozenset({"div", "figure", "span", "section", "a"})
_INLINE_IMAGE_PARENTS = frozenset({"p", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4"})
_IMAGES = XPath("//img")


def _image_blocks(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The largest block at most three levels above an image whose text is caption-sized."""
    found: dict[HtmlElement, str] = {}
    for image in _IMAGES(tree):
        block = None
        levels = 0
        for ancestor in image.iterancestors():
            if ancestor.tag == "picture":
                continue  # the image's own wrapper, not a level of the page
            levels += 1
            if levels > _IMAGE_BLOCK_LEVELS or ancestor.tag in _INLINE_IMAGE_PARENTS:
                break
            if ancestor.tag not in _IMAGE_BLOCK_TAGS:
                break
            if _chars(ancestor) > _MAX_CAPTION_CHARS:
                break
            block = ancestor
        # A <figcaption> says it is the caption itself: that rule explains it.
        if block is not None and _chars(block) and next(block.iter("figcaption"), None) is None:
            found.setdefault(block, "text of an image block (its caption or credit)")
    return list(found.items())


def _in_tree(element: HtmlElement, tree: HtmlElement) -> bool:
    """Whether an element is still in the tree (the strip may have taken an ancestor)."""
    return any(ancestor is tree for ancestor in element.iterancestors())


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
    images = _image_blocks(tree)  # before the strip: it drops <picture> with its <img>
    strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    images = [(block, why) for block, why in images if _in_tree(block, tree)]
    # One verdict an element: the first rule that names it explains it.
    verdicts: dict[HtmlElement, str] = {}
    for element, why in images + _link_lists(tree) + _chrome_elements(tree):
        verdicts.setdefault(element, why)
    doomed = list(verdicts.items())
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
