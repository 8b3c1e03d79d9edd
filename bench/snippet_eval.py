"""Snippet-style extraction check: phrases each page's text must contain and must not contain.

Built like (not the same as) the public multilingual evaluation that trafilatura publishes
figures on, where each page comes with a few short phrases that must be in the extracted text
and a few that must not. Here the phrases are sampled from our own corpora (`../shared`):

- "must contain": up to 4 runs of 8 words (20 characters where the script has no spaces),
  each from a different line of the page's ground-truth body;
- "must not contain": up to 4 runs of 6 words (15 characters) from the page's visible text
  (the text of the markup less head, scripts, styles, templates and hidden elements), each
  from a different text node whose words share under a fifth of their word 4-grams with the
  truth, and never a phrase found in the truth: navigation, captions, teasers, footers, and
  on extraction-dev the standfirst, which that corpus's truth leaves out.

Phrases are drawn with a generator seeded by the page id, so the set is the same every run.
A phrase counts when it is found in (or is absent from) the extracted text, both compared
after NFKC, case-folding and taking out all whitespace (extractors space inline markup
differently). Per page: precision = found-and-wanted / found, recall = found-and-wanted /
wanted; precision and recall are averaged over pages and the figure is the F1 of the two
averages. The pooled figures (counts summed over all pages first, as trafilatura's own
comparison script does) are printed beside it. Halves are the quality bench's (which half
was tuned on when: docs/extraction.md).

Run: `.venv/bin/python bench/snippet_eval.py` (about a minute).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_quality import (
    EXTRACTORS,
    Page,
    available_corpora,
    halves,
    load_pages,
    shingles,
)

_WANTED = 4
_UNWANTED = 4
_WANTED_WORDS, _WANTED_CHARS = 8, 20
_UNWANTED_WORDS, _UNWANTED_CHARS = 6, 15
# A text node sharing this share of its 4-grams with the truth is body text, not boilerplate.
_MAX_TRUTH_SHARE = 0.2
_INVISIBLE = ("head", "script", "style", "noscript", "template", "svg", "iframe", "object")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def normalise(text: str) -> str:
    """NFKC, case-folded, every whitespace character taken out."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Snippets:
    """The phrases one page's extracted text must contain and must not contain."""

    page: Page
    wanted: tuple[str, ...]
    unwanted: tuple[str, ...]


def _window(text: str, rng: random.Random, words: int, chars: int) -> str | None:
    """A run of `words` words of a text (or `chars` characters where it has no spaces)."""
    tokens = text.split()
    if len(tokens) >= words:
        start = rng.randrange(len(tokens) - words + 1)
        return " ".join(tokens[start : start + words])
    if len(tokens) <= 2 and len(text.strip()) >= chars * 2:  # a script without spaces
        flat = text.strip()
        start = rng.randrange(len(flat) - chars + 1)
        return flat[start : start + chars]
    return None


def _visible_texts(html: str) -> list[str]:
    """The page's visible text nodes, whitespace-collapsed, in order."""
    from lxml.etree import strip_elements
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return []
    strip_elements(tree, *_INVISIBLE, with_tail=False)
    for element in tree.xpath("//*[@hidden or @style]"):
        style = element.get("style") or ""
        if (element.get("hidden") is not None or _HIDDEN_STYLE.search(style)) \
                and element.getparent() is not None:
            element.drop_tree()
    texts = []
    for node in tree.xpath("//body//text()"):
        flat = " ".join(str(node).split())
        if flat:
            texts.append(flat)
    return texts


def _truth_share(text: str, truth_grams) -> float:  # type: ignore[no-untyped-def]
    grams = shingles(text)
    total = sum(grams.values())
    return sum((grams & truth_grams).values()) / total if total else 1.0


def snippets_of(page: Page) -> Snippets:
    """Sample a page's wanted and unwanted phrases (seeded by its id: the same every run)."""
    rng = random.Random(page.page_id)
    truth_flat = normalise(page.truth)
    lines = [line for line in page.truth.split("\n") if line.strip()]
    rng.shuffle(lines)
    wanted: list[str] = []
    for line in lines:
        phrase = _window(line, rng, _WANTED_WORDS, _WANTED_CHARS)
        if phrase and normalise(phrase) not in wanted:
            wanted.append(phrase)
        if len(wanted) == _WANTED:
            break
    truth_grams = shingles(page.truth)
    nodes = list(dict.fromkeys(_visible_texts(page.html)))
    rng.shuffle(nodes)
    unwanted: list[str] = []
    for node in nodes:
        if _truth_share(node, truth_grams) >= _MAX_TRUTH_SHARE:
            continue
        phrase = _window(node, rng, _UNWANTED_WORDS, _UNWANTED_CHARS)
        if phrase and normalise(phrase) not in truth_flat and phrase not in unwanted:
            unwanted.append(phrase)
        if len(unwanted) == _UNWANTED:
            break
    return Snippets(page, tuple(wanted), tuple(unwanted))


@dataclass(frozen=True)
class Counts:
    """Phrases found and wanted, found and unwanted, missed, rightly absent."""

    tp: int
    fp: int
    fn: int
    tn: int


def count(snippets: Snippets, text: str) -> Counts:
    """Score one page's extracted text against its phrases."""
    flat = normalise(text)
    found = [normalise(phrase) in flat for phrase in snippets.wanted]
    leaked = [normalise(phrase) in flat for phrase in snippets.unwanted]
    return Counts(sum(found), sum(leaked), len(found) - sum(found), len(leaked) - sum(leaked))


def _precision(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0


def _recall(c: Counts) -> float:
    return c.tp / (c.tp + c.fn) if c.tp + c.fn else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def summarise(counts: Sequence[Counts]) -> tuple[float, float, float, float, float]:
    """Averaged P, R, F1 of the averages; pooled F1 and pooled accuracy."""
    precision = statistics.mean(_precision(c) for c in counts)
    recall = statistics.mean(_recall(c) for c in counts)
    tp, fp = sum(c.tp for c in counts), sum(c.fp for c in counts)
    fn, tn = sum(c.fn for c in counts), sum(c.tn for c in counts)
    pooled = _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    accuracy = (tp + tn) / (tp + fp + fn + tn) if tp + fp + fn + tn else 0.0
    return precision, recall, _f1(precision, recall), pooled, accuracy


def main(argv: Sequence[str]) -> int:
    corpora = available_corpora()
    if not corpora:
        print("skipped: no corpus found (the shared corpora are absent)")
        return 0
    print("snippet-style check: per page P/R averaged, F1 of the averages; pooled F1 and "
          "accuracy as trafilatura's comparison script sums them")
    everything: dict[str, dict[str, list[Counts]]] = {}
    for corpus in corpora:
        pages = load_pages(corpus)
        sets = {p.page_id: snippets_of(p) for p in pages}
        wanted = sum(len(s.wanted) for s in sets.values())
        unwanted = sum(len(s.unwanted) for s in sets.values())
        print(f"\n=== {corpus.name}: {len(pages)} pages, {wanted} must-contain and {unwanted} "
              "must-not-contain phrases")
        print(f"{'pages':<12} {'n':>4} {'extractor':<29} {'P':>6} {'R':>6} {'F1':>6} "
              f"{'pooled':>7} {'acc':>6}")
        results = {name: {p.page_id: count(sets[p.page_id], extract(p)) for p in pages}
                   for name, extract in EXTRACTORS.items()}
        for part, part_pages in halves(pages).items():
            for name, by_id in results.items():
                counts = [by_id[p.page_id] for p in part_pages]
                everything.setdefault(part, {}).setdefault(name, []).extend(counts)
                precision, recall, f1, pooled, accuracy = summarise(counts)
                print(f"{part:<12} {len(part_pages):>4} {name:<29} {precision:6.3f} "
                      f"{recall:6.3f} {f1:6.3f} {pooled:7.3f} {accuracy:6.3f}")
    if len(corpora) > 1:
        print("\n=== both corpora together")
        for part, by_name in everything.items():
            for name, counts in by_name.items():
                precision, recall, f1, pooled, accuracy = summarise(counts)
                print(f"{part:<12} {len(counts):>4} {name:<29} {precision:6.3f} "
                      f"{recall:6.3f} {f1:6.3f} {pooled:7.3f} {accuracy:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
