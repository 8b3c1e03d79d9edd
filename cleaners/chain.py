"""The cleaner chain: small pure steps run in a fixed order, each saying what it removed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from cleaners.article import CleanContext, Removal

Cleaner = Callable[[str, CleanContext], tuple[str, list[Removal]]]

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalise_whitespace(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Unicode NFC, one space between words, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), []


CHAIN: Sequence[tuple[str, Cleaner]] = (("whitespace", normalise_whitespace),)


def run_chain(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Run every cleaner of the chain in order; collect what each removed."""
    removed: list[Removal] = []
    for _name, cleaner in CHAIN:
        text, removals = cleaner(text, context)
        removed.extend(removals)
    return text, removed
