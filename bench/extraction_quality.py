"""Extraction quality on the extraction-dev corpus: the benchmark's F1 and a boilerplate-page rate.

The metric is the article-extraction benchmark's own: tokens are `\\w+` matches, each text is a
multiset of word 4-grams, per page TP/FP/FN are counted on the multisets (normalised so long
pages weigh no more than short ones), precision and recall are averaged over pages and F1 is
the harmonic mean of the two averages. Run: `.venv/bin/python bench/extraction_quality.py`
(`--show-boilerplate` lists the chrome lines each extractor left).

Boilerplate pages: pages whose output keeps a share/follow/subscribe/newsletter/related/
comment/copyright line ("any"), and of those the lines the person who marked the page did not
keep in the body ("not in truth"). The line patterns are written apart from the cleaners but
by the same hand, so read the second column beside trafilatura's, not as an absolute.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "extraction-dev"

_TOKEN = re.compile(r"\w+")

# A line a reader would call page chrome rather than article: share, follow, subscribe,
# newsletter, related/read-more, comments, copyright. Only short lines count, so a sentence of
# the story that mentions subscribers or sharing is not mistaken for chrome.
_BOILERPLATE_LINE = re.compile(
    r"""^\W*(?:
        share\b | shares\b | tweet\b | pin\ it | email\ this | print\ this
      | follow\ (?:us|me|him|her|them|@) | follow\ \w+\ on\ (?:twitter|facebook|instagram)
      | (?:subscribe|sign\ up|register)\b
      | newsletter | get\ (?:our|the)\ [\w\s]*newsletter
      | related\b | read\ (?:more|next|also)\b | also\ read\b | see\ also\b | more\ from\b
      | recommended\b | you\ (?:may|might)\ also\ like | most\ (?:read|popular)\b
      | (?:\d+\ )?comments?\b | leave\ a\ (?:reply|comment) | comments\ are\ closed
      | join\ the\ (?:conversation|discussion)
      | (?:copyright|©|\(c\)) | all\ rights\ reserved
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"all rights reserved|©\s*\d{4}|copyright\s+(?:©\s*)?\d{4}", re.IGNORECASE
)
_MAX_CHROME_WORDS = 12


@dataclass(frozen=True)
class Scores:
    """Precision and recall averaged over pages, and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of a text (a text shorter than n is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """True positives, false positives and false negatives of one page, summing to 1."""
    true_shingles, predicted_shingles = shingles(truth), shingles(prediction)
    tp = sum((true_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - true_shingles).values())
    fn = sum((true_shingles - predicted_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Benchmark F1 over (truth, prediction) pairs, one pair per page."""
    counts = [page_counts(truth, prediction) for truth, prediction in pairs]
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def boilerplate_lines(text: str) -> list[str]:
    """The lines of a text that are share/follow/subscribe/related/comment/copyright chrome."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        short = len(stripped.split()) <= _MAX_CHROME_WORDS
        if (short and _BOILERPLATE_LINE.match(stripped)) or _BOILERPLATE_ANYWHERE.search(stripped):
            found.append(stripped)
    return found


@dataclass(frozen=True)
class Page:
    """One page of the corpus: its id, its HTML, its URL and the body a person marked."""

    page_id: str
    html: str
    url: str
    truth: str


def load_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every page of the corpus with its ground truth, sorted by id."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(page_id, raw.decode("utf-8", "replace"), truth[page_id]["url"],
                 truth[page_id]["articleBody"])
        )
    return pages


def halves(pages: Sequence[Page]) -> dict[str, list[Page]]:
    """The corpus split by id: the first half is tuned on, the second only checked."""
    middle = len(pages) // 2
    return {"tune (ids 1st half)": list(pages[:middle]),
            "check (ids 2nd half)": list(pages[middle:]), "all": list(pages)}


Extractor = Callable[[Page], str]


def _wirewash(page: Page) -> str:
    from cleaners import clean_html

    return clean_html(page.html, page.url).text


def _trafilatura(**options: bool) -> Extractor:
    import trafilatura

    def extract(page: Page) -> str:
        return trafilatura.extract(page.html, url=page.url, **options) or ""

    return extract


EXTRACTORS: dict[str, Extractor] = {
    "wirewash clean_html": _wirewash,
    "trafilatura default": _trafilatura(),
    "trafilatura favor_precision": _trafilatura(favor_precision=True),
}


def _chrome_not_in_truth(page: Page, text: str) -> list[str]:
    """Chrome lines of an output that the person marking the page did not keep as body."""
    truth = " ".join(page.truth.split())
    return [
        line for line in boilerplate_lines(text)
        if " ".join(line.lstrip("-•* ").split()) not in truth
    ]


def _rate(dirty: int, total: int) -> str:
    return f"{dirty}/{total} {dirty / total:.1%}"


def _report_line(name: str, part: str, part_pages: list[Page], by_id: dict[str, str]) -> str:
    scores = score((p.truth, by_id[p.page_id]) for p in part_pages)
    dirty = sum(1 for p in part_pages if boilerplate_lines(by_id[p.page_id]))
    really_dirty = sum(1 for p in part_pages if _chrome_not_in_truth(p, by_id[p.page_id]))
    return (f"{name:<29} {part:<21} {scores.precision:6.3f} {scores.recall:6.3f} "
            f"{scores.f1:6.3f} {_rate(dirty, len(part_pages)):>12} "
            f"{_rate(really_dirty, len(part_pages)):>12}")


def main(argv: Sequence[str]) -> int:
    pages = load_pages()
    show_chrome = "--show-boilerplate" in argv
    print(f"{len(pages)} pages from {CORPUS}")
    print(f"{'':<65}{'pages with boilerplate lines':>25}")
    print(f"{'extractor':<29} {'pages':<21} {'P':>6} {'R':>6} {'F1':>6} {'any':>12} "
          f"{'not in truth':>12}")
    for name, extract in EXTRACTORS.items():
        by_id = {p.page_id: extract(p) for p in pages}
        for part, part_pages in halves(pages).items():
            print(_report_line(name, part, part_pages, by_id))
        if show_chrome:
            for p in pages:
                for line in boilerplate_lines(by_id[p.page_id]):
                    print(f"    {p.page_id[:8]} {line[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
