"""Join an article body that the page split into chunks (between ads) back into one element.

Many sites cut the body into several containers of the same class with adverts between
them (Wired's `body__container` items, for one). Extractors take the first container that
looks like the body and lose the rest, so the later chunks are moved into the first.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml.etree import XPath
from lxml.html import HtmlElement

_CONTAINERS = XPath("//div[@class] | //section[@class]")
_BODY_CLASS = re.compile(r"body", re.IGNORECASE)  # article-body, story-body, body__container
# A chunk of the body holds at least one real paragraph, not just a teaser or a label.
_HAS_PARAGRAPH = XPath(".//p[string-length(normalize-space()) > 150]")
# Sections of one body sit in rows and columns of the page's grid: a few levels apart, not the
# whole page apart.
_MAX_LEVELS_APART = 6


def _ancestors(element: HtmlElement) -> list[HtmlElement]:
    return list(element.iterancestors())[:_MAX_LEVELS_APART]


def _near_each_other(chunks: list[HtmlElement]) -> bool:
    """Whether all chunks hang from one ancestor at most six levels up (kin, not strangers)."""
    # Sets of the elements themselves, not their ids: lxml makes a new proxy object for an
    # element nobody holds, and a freed proxy's id can come back for another element.
    shared = set(_ancestors(chunks[0]))
    for chunk in chunks[1:]:
        shared &= set(_ancestors(chunk))
    return bool(shared)


def join_body_chunks(tree: HtmlElement) -> int:
    """Move the content of later same-class body chunks into the first; return chunks joined."""
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for element in _CONTAINERS(tree):
        name = element.get("class", "")
        if _BODY_CLASS.search(name):
            groups[(element.tag, name)].append(element)
    joined = 0
    for members in groups.values():
        with_paragraphs = [index for index, m in enumerate(members) if _HAS_PARAGRAPH(m)]
        if len(with_paragraphs) < 2:
            continue
        # The chunks between the first and the last with a paragraph come too: a chunk that
        # holds only a subheading or a short paragraph is the body's as much as the others.
        chunks = members[with_paragraphs[0] : with_paragraphs[-1] + 1]
        if not _near_each_other(chunks):
            continue
        if any(c in set(chunks[0].iterdescendants()) for c in chunks[1:]):
            continue  # nested, not chunks
        first = chunks[0]
        for chunk in chunks[1:]:
            first.extend(list(chunk))
            chunk.drop_tree()
            joined += 1
    return joined
