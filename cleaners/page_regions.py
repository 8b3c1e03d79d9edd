"""Tell whether an element of a page sits in the article or elsewhere: a comment, a teaser of
another story, a photo credit, the site's navigation or footer."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Above these the classes describe the whole page ("single-post comments-open"), not a region.
_PAGE_TAGS = {"body", "html"}


def in_region(element: HtmlElement, tags: set[str], hint: re.Pattern[str]) -> bool:
    """Whether the element or one of its ancestors below <body> is one of `tags` or has a
    class or id that `hint` matches."""
    for node in (element, *element.iterancestors()):
        if node.tag in _PAGE_TAGS:
            return False
        if node.tag in tags or hint.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False
