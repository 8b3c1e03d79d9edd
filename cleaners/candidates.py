"""Choose the article text among independent candidate extractions, by what the page shows.

The page's prose is the text of its paragraph elements, and its runs of text outside them,
long enough to be sentences: a measure in characters, not words, so it needs no language.

The first candidate is trafilatura's precision mode on the pruned tree. When a prose paragraph
is missing between two it holds, it is widened by the recall mode: lines the recall mode finds
between the first and the last line both modes agree on are paragraphs the precision mode
dropped inside the article (a short paragraph, a subheading); what recall alone finds before
or after them is left out (teasers, author boxes).

Confidence is how much of the page's prose the chosen text holds, by size. When the first
candidate holds little of it, the others are asked (trafilatura's full default with its
fallback extractors; the article body the page declares in its JSON-LD) and the one the prose
supports best is taken: most prose held, least text the page does not show as prose.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

from cleaners._lines import line_key

# A paragraph or a run of text holding this many characters is prose, in any script.
_PROSE_CHARS = 80
# Below this much prose on the page, its paragraphs say too little to judge a candidate by.
_MIN_PAGE_PROSE = 500
# A candidate holding less than this share of the page's prose is not trusted alone.
LOW_CONFIDENCE = 0.5
# Text a candidate holds that is not the page's prose counts against it at this weight.
_EXTRA_WEIGHT = 0.5


@dataclass(frozen=True)
class Candidate:
    """One extraction of a page's article text and the extractor that made it."""

    name: str
    text: str


@dataclass(frozen=True)
class Choice:
    """The candidate taken, how sure we are of it (0-1) and why it was taken."""

    text: str
    name: str
    confidence: float
    reason: str


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# Runs of text outside paragraph elements long enough to be prose (pages that set their text in
# divs or spans); one XPath pass in C.
_LONG_TEXT_OUTSIDE_P = XPath(
    f"//body//text()[not(ancestor::p) and string-length(normalize-space(.)) >= {_PROSE_CHARS}]"
)


def page_prose(tree: HtmlElement) -> list[str]:
    """The page's paragraphs long enough to be prose, and long runs of text outside
    paragraphs, whitespace-collapsed, once each."""
    seen: dict[str, None] = {}
    for element in tree.iter("p"):
        text = _flat(element.text_content())
        if len(text) >= _PROSE_CHARS:
            seen.setdefault(text, None)
    for run in _LONG_TEXT_OUTSIDE_P(tree):
        seen.setdefault(_flat(str(run)), None)
    return list(seen)


def has_gap(text: str, prose: Sequence[str]) -> bool:
    """Whether a prose paragraph of the page is missing between two the text holds."""
    flat = _flat(text)
    held = [paragraph in flat for paragraph in prose]
    if True not in held:
        return False
    first, last = held.index(True), len(held) - 1 - held[::-1].index(True)
    return not all(held[first : last + 1])


def prose_held(text: str, prose: Sequence[str]) -> int:
    """Characters of the page's prose paragraphs found whole in the text."""
    flat = _flat(text)
    return sum(len(paragraph) for paragraph in prose if paragraph in flat)


def confidence(text: str, prose: Sequence[str]) -> float:
    """How much of the page's prose the text holds (by size), 1.0 when the page has little."""
    total = sum(map(len, prose))
    if total < _MIN_PAGE_PROSE:
        return 1.0 if text.strip() else 0.0
    return min(1.0, len(_flat(text)) / total)


_JSON_LD = XPath("//script[@type='application/ld+json']/text()")


def declared_bodies(tree: HtmlElement) -> list[str]:
    """The JSON-LD blocks of a page as text (read before pruning drops the scripts)."""
    return [str(block) for block in _JSON_LD(tree) if "articleBody" in block]


def _find_body(data: object) -> str | None:
    if isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            if (found := _find_body(item)) is not None:
                return found
    return None


def declared_body(blocks: Sequence[str]) -> str:
    """The article body the page declares in its JSON-LD (`articleBody`), or ''."""
    for block in blocks:
        try:
            found = _find_body(json.loads(block))
        except ValueError:
            continue
        if found:
            return "\n".join(line.strip() for line in found.splitlines() if line.strip())
    return ""


def widen_by_recall(precise: str, recall: str) -> str:
    """The recall text from the first to the last line the precision text also has.

    Falls back to the precision text when the two share no line.
    """
    keys = {line_key(line) for line in precise.split("\n")} - {""}
    lines = recall.split("\n")
    shared = [index for index, line in enumerate(lines) if line_key(line) in keys]
    if not shared:
        return precise
    return "\n".join(lines[shared[0] : shared[-1] + 1])


def _support(text: str, prose: Sequence[str]) -> float:
    held = prose_held(text, prose)
    return held - _EXTRA_WEIGHT * max(0, len(_flat(text)) - held)


def choose(candidates: Sequence[Candidate], prose: Sequence[str]) -> Choice:
    """The candidate the page's prose supports best; the first wins ties."""
    first = candidates[0]
    scored = [(_support(c.text, prose), -index, c) for index, c in enumerate(candidates)
              if c.text.strip()]
    if not scored:
        return Choice(first.text, first.name, 0.0, "no candidate found text")
    _support_score, _order, best = max(scored, key=lambda item: item[:2])
    total = sum(map(len, prose)) or 1
    held = {c.name: prose_held(c.text, prose) / total for _s, _o, c in scored}
    reason = ", ".join(f"{name} holds {share:.0%}" for name, share in held.items())
    return Choice(best.text, best.name, confidence(best.text, prose),
                  f"low confidence in {first.name}; of the page's prose {reason}")
