"""Extraction quality on every corpus, by half, by language, beside trafilatura in the same run.

The metric is the article-extraction benchmark's own: tokens are `\\w+` matches, each text is a
multiset of word 4-grams, per page TP/FP/FN are counted on the multisets (normalised so long
pages weigh no more than short ones), precision and recall are averaged over pages and F1 is
the harmonic mean of the two averages. Run: `.venv/bin/python bench/extraction_quality.py`
(`--corpus news-dev` for one corpus, `--show-boilerplate` lists the chrome lines left).

Each corpus is split in two halves: rules are written looking at one half only and the other
half is the figure that counts; then the halves swap, so a figure is never one lucky split
(which half was read when, and the figures of both directions: docs/extraction.md). news-dev
is split by publisher, so no site's template is in both halves; extraction-dev by page id.
`--misses A` lists, page by page, the lines wirewash adds and misses on one half: read it only
for the half being tuned on.
trafilatura runs in the same process on the same pages with its default settings,
`favor_precision` and `fast`.

Boilerplate pages: pages whose output keeps a share/follow/subscribe/newsletter/related/
comment/copyright line ("any"), and of those the lines the person who marked the page did not
keep in the body ("not in truth"). The line patterns are written apart from the cleaners but
by the same hand, so read the second column beside trafilatura's, not as an absolute.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPUS = CORPORA / "extraction-dev"
NEWS_CORPUS = CORPORA / "news-dev"

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
    """The multiset of word n-grams of a text (a text shorter than n is one shingle).

    Texts are put in Unicode NFC first: `\\w` does not match a combining accent, so a page
    stored decomposed (NFD) would otherwise score by how an extractor happens to normalise.
    """
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text or ""))
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
    """One page of a corpus: its id, HTML, URL, the body a person marked, and where it is from."""

    page_id: str
    html: str
    url: str
    truth: str
    corpus: str = "extraction-dev"
    language: str = "en"
    publisher: str = ""
    half: str = "A"  # A is tuned on, B is only checked


def _half_of(key: str) -> str:
    return "A" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "B"


def load_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every page of a corpus with its ground truth and its half, sorted by id.

    extraction-dev is split by page id (the first half of the sorted ids is A); news-dev by
    publisher (a hash of the publisher's key), so no publisher is in both halves.
    """
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = []
    for position, page_id in enumerate(ids):
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        publisher = entry.get("publisher", "")
        half = _half_of(publisher) if publisher else ("A" if position < len(ids) // 2 else "B")
        pages.append(
            Page(page_id, raw.decode("utf-8", "replace"), entry["url"], entry["articleBody"],
                 corpus.name, entry.get("language", "en"), publisher, half)
        )
    return pages


def available_corpora() -> list[Path]:
    """The corpora found beside the checkout (none on a machine without ../shared)."""
    return [c for c in (CORPUS, NEWS_CORPUS) if (c / "ground-truth.json").exists()]


def halves(pages: Sequence[Page]) -> dict[str, list[Page]]:
    """Half A, half B and all pages (which half was tuned on when: docs/extraction.md)."""
    return {"half A": [p for p in pages if p.half == "A"],
            "half B": [p for p in pages if p.half == "B"], "all": list(pages)}


Extractor = Callable[[Page], str]


def _wirewash(page: Page) -> str:
    from cleaners import clean_html

    return clean_html(page.html, page.url).text


def _trafilatura(**options: bool) -> Extractor:
    import trafilatura

    def extract(page: Page) -> str:
        return trafilatura.extract(page.html, url=page.url, **options) or ""

    return extract


WIREWASH = "wirewash clean_html"
EXTRACTORS: dict[str, Extractor] = {
    WIREWASH: _wirewash,
    "trafilatura default": _trafilatura(),
    "trafilatura favor_precision": _trafilatura(favor_precision=True),
    "trafilatura fast": _trafilatura(fast=True),
}
# A page's output is an article when its page F1 reaches this; below it, nothing or junk.
FOUND = 0.5


def page_f1(truth: str, prediction: str) -> float:
    """One page's F1 on the 4-gram multisets."""
    tp, fp, fn = page_counts(truth, prediction)
    precision, recall = _precision(tp, fp, fn), _recall(tp, fp, fn)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _chrome_not_in_truth(page: Page, text: str) -> list[str]:
    """Chrome lines of an output that the person marking the page did not keep as body."""
    truth = " ".join(page.truth.split())
    return [
        line for line in boilerplate_lines(text)
        if " ".join(line.lstrip("-•* ").split()) not in truth
    ]


def _lost(pages: Sequence[Page], outputs: dict[str, dict[str, str]]) -> list[Page]:
    """Pages where some trafilatura setting finds the article and wirewash does not."""
    lost = []
    for page in pages:
        peers = [page_f1(page.truth, by_id[page.page_id])
                 for name, by_id in outputs.items() if name != WIREWASH]
        if max(peers) >= FOUND > page_f1(page.truth, outputs[WIREWASH][page.page_id]):
            lost.append(page)
    return lost


def _table(title: str, groups: dict[str, list[Page]], outputs: dict[str, dict[str, str]]) -> None:
    print(f"\n{title}")
    print(f"{'pages':<24} {'n':>4} {'extractor':<29} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'chrome':>7} {'lost':>5}")
    for part, part_pages in groups.items():
        if not part_pages:
            continue
        lost = len(_lost(part_pages, outputs))
        for name, by_id in outputs.items():
            scores = score((p.truth, by_id[p.page_id]) for p in part_pages)
            chrome = sum(1 for p in part_pages if _chrome_not_in_truth(p, by_id[p.page_id]))
            lost_cell = str(lost) if name == WIREWASH else ""
            print(f"{part:<24} {len(part_pages):>4} {name:<29} {scores.precision:6.3f} "
                  f"{scores.recall:6.3f} {scores.f1:6.3f} {chrome:>7} {lost_cell:>5}")


def _by_language(pages: Sequence[Page]) -> dict[str, list[Page]]:
    languages: dict[str, list[Page]] = {}
    for page in pages:
        languages.setdefault(page.language, []).append(page)
    ordered = sorted(languages.items(), key=lambda item: (-len(item[1]), item[0]))
    return {f"lang {language} (A{sum(p.half == 'A' for p in group)}"
            f"/B{sum(p.half == 'B' for p in group)})": group for language, group in ordered}


def _worst(pages: Sequence[Page], outputs: dict[str, dict[str, str]], count: int) -> None:
    """The pages where wirewash is furthest behind the best trafilatura setting."""
    gaps = []
    for page in pages:
        ours = page_f1(page.truth, outputs[WIREWASH][page.page_id])
        best_name, best = max(
            ((name, page_f1(page.truth, by_id[page.page_id]))
             for name, by_id in outputs.items() if name != WIREWASH),
            key=lambda item: item[1],
        )
        gaps.append((best - ours, page, ours, best_name, best))
    gaps.sort(key=lambda item: -item[0])
    print(f"\nfurthest behind trafilatura (page F1), {count} worst")
    for gap, page, ours, best_name, best in gaps[:count]:
        if gap <= 0:
            break
        where = page.publisher or page.url[:50]
        print(f"  {page.half} {page.page_id[:10]} {page.language:<3} {where:<28} wirewash "
              f"{ours:.3f} {best_name.removeprefix('trafilatura ')} {best:.3f} "
              f"(words: ours {len(outputs[WIREWASH][page.page_id].split())}, "
              f"truth {len(page.truth.split())})")


def run_corpus(corpus: Path, worst: int, show_chrome: bool) -> None:
    """Print one corpus's tables: halves, languages, and the worst pages."""
    pages = load_pages(corpus)
    print(f"\n=== {corpus.name}: {len(pages)} pages, split "
          f"{'by publisher' if pages[0].publisher else 'by page id'} "
          f"(A {sum(p.half == 'A' for p in pages)}, B {sum(p.half == 'B' for p in pages)})")
    outputs = {name: {p.page_id: extract(p) for p in pages} for name, extract in EXTRACTORS.items()}
    _table("by half", halves(pages), outputs)
    if len(_by_language(pages)) > 1:
        _table("by language (all pages; A/B counts in the label)", _by_language(pages), outputs)
    _worst(pages, outputs, worst)
    if show_chrome:
        for p in pages:
            for line in boilerplate_lines(outputs[WIREWASH][p.page_id]):
                print(f"    {p.page_id[:8]} {line[:100]!r}")


def _line_cover(line: str, other: Counter[tuple[str, ...]], other_text: str) -> float:
    """The share of a line's 4-grams found in another text's 4-grams (a line of under four
    words: 1.0 when its words stand in that order in the other text, else 0.0)."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", line))
    if len(tokens) < 4:
        flat = " ".join(_TOKEN.findall(unicodedata.normalize("NFC", other_text)))
        return 1.0 if f" {' '.join(tokens)} " in f" {flat} " else 0.0
    grams = shingles(line)
    total = sum(grams.values())
    return sum((grams & other).values()) / total if total else 1.0


def run_misses(corpus: Path, half: str) -> None:
    """Per page of one half: wirewash's P/R/F1, its lines the truth lacks and the truth's lines
    it misses (a line counts when under half of its 4-grams are on the other side).

    Read this for the half being tuned on only; of the other half, read the aggregate figures.
    """
    from cleaners import clean_html

    pages = [p for p in load_pages(corpus) if p.half == half]
    print(f"\n=== misses on {corpus.name}, half {half}: {len(pages)} pages, worst first")
    rows = []
    for page in pages:
        text = clean_html(page.html, page.url).text
        tp, fp, fn = page_counts(page.truth, text)
        rows.append((page_f1(page.truth, text), _precision(tp, fp, fn), _recall(tp, fp, fn),
                     page, text))
    for f1, precision, recall, page, text in sorted(rows, key=lambda row: row[0]):
        if f1 >= 0.995:
            continue
        where = page.publisher or page.url[:60]
        print(f"\n--- {page.page_id[:10]} {page.language} {where} F1 {f1:.3f} "
              f"P {precision:.3f} R {recall:.3f} {page.url[:90]}")
        truth_grams, text_grams = shingles(page.truth), shingles(text)
        for line in text.split("\n"):
            if line.strip() and _line_cover(line, truth_grams, page.truth) < 0.5:
                print(f"  + {line.strip()[:160]!r}")
        for line in page.truth.split("\n"):
            if line.strip() and _line_cover(line, text_grams, text) < 0.5:
                print(f"  - {line.strip()[:160]!r}")


def _site_lines(texts: Sequence[str]) -> frozenset[str]:
    """Line keys found on every one of these texts: what the site's other pages repeat."""
    from cleaners import line_key

    keys = [{line_key(line) for line in text.split("\n")} - {""} for text in texts]
    return frozenset(set.intersection(*keys)) if keys else frozenset()


def run_site_learning(corpus: Path) -> None:
    """Same site, learning off and on: each page cleaned with the lines its site's other pages
    all carry as `CleanContext.site_boilerplate` (leave-one-out over publishers with 2+ pages).

    The store learns a line once it is on 5 of a host's articles and 10% of them; news-dev has
    at most 4 pages of a publisher, so here a line must be on every other page of it instead.
    """
    from cleaners import CleanContext, clean_html

    pages = [p for p in load_pages(corpus) if p.publisher]
    sites: dict[str, list[Page]] = {}
    for page in pages:
        sites.setdefault(page.publisher, []).append(page)
    repeated = [p for p in pages if len(sites[p.publisher]) > 1]
    off = {p.page_id: clean_html(p.html, p.url).text for p in repeated}
    on = {}
    for page in repeated:
        others = [off[o.page_id] for o in sites[page.publisher] if o.page_id != page.page_id]
        context = CleanContext(site_boilerplate=_site_lines(others))
        on[page.page_id] = clean_html(page.html, page.url, context).text
    outputs = {"wirewash, learning off": off, "wirewash, learning on": on}
    groups = halves(repeated)
    print(f"\n=== site learning on {corpus.name}: {len(repeated)} pages of "
          f"{len({p.publisher for p in repeated})} publishers with 2+ pages")
    print(f"{'pages':<24} {'n':>4} {'extractor':<29} {'P':>6} {'R':>6} {'F1':>6}")
    for part, part_pages in groups.items():
        for name, by_id in outputs.items():
            scores = score((p.truth, by_id[p.page_id]) for p in part_pages)
            print(f"{part:<24} {len(part_pages):>4} {name:<29} {scores.precision:6.3f} "
                  f"{scores.recall:6.3f} {scores.f1:6.3f}")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["extraction-dev", "news-dev"], action="append",
                        help="only this corpus (repeatable); default: every one found")
    parser.add_argument("--worst", type=int, default=12, help="how many worst pages to list")
    parser.add_argument("--show-boilerplate", action="store_true",
                        help="list the chrome lines wirewash left")
    parser.add_argument("--site-learning", action="store_true",
                        help="only compare learning a site's repeated lines on and off (news-dev)")
    parser.add_argument("--misses", choices=["A", "B"],
                        help="only list, page by page, the lines wirewash adds and misses on "
                        "this half (read only the half you tune on)")
    args = parser.parse_args(argv)
    corpora = [c for c in available_corpora() if not args.corpus or c.name in args.corpus]
    if not corpora:
        print(f"skipped: no corpus found under {CORPUS.parent} (the shared corpora are absent)")
        return 0
    if args.misses:
        for corpus in corpora:
            run_misses(corpus, args.misses)
        return 0
    if args.site_learning:
        for corpus in corpora:
            if corpus.name == NEWS_CORPUS.name:
                run_site_learning(corpus)
        return 0
    print("F1 as the benchmark computes it; 'chrome': pages keeping a chrome line the truth "
          f"lacks; 'lost': pages where a trafilatura setting reaches page F1 {FOUND} and "
          "wirewash does not")
    for corpus in corpora:
        run_corpus(corpus, args.worst, args.show_boilerplate)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
