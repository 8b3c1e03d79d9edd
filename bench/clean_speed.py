"""Time per page of the whole clean beside trafilatura's extract on the same pages, same run.

The whole clean is `cleaners.clean_html`: extraction, the cleaner chain and the spun score
when the spun detector is hooked in. Reading the metadata (`read_metadata`, on trees parsed
before timing) is timed as its own row, and its share of the whole clean is printed. Figures
are printed, never asserted: the machine is shared.
Run: `.venv/bin/python bench/clean_speed.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence

import trafilatura
from extraction_quality import Page, available_corpora, load_pages
from trafilatura.utils import load_html

from cleaners import clean_html
from cleaners.page_metadata import read_metadata

Work = Callable[[Page], object]
_CLEAN = "wirewash clean_html (whole clean)"
_METADATA = "wirewash read_metadata (part of it)"

CONTENDERS: dict[str, Work] = {
    _CLEAN: lambda page: clean_html(page.html, page.url),
    "trafilatura.extract (default)": lambda page: trafilatura.extract(page.html, url=page.url),
    "trafilatura.extract (fast=True)": lambda page: trafilatura.extract(
        page.html, url=page.url, fast=True
    ),
}


def time_pages(work: Work, pages: Sequence[Page]) -> list[float]:
    """Seconds each page took."""
    seconds = []
    for page in pages:
        started = time.perf_counter()
        work(page)
        seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; best kept")
    args = parser.parse_args(argv)
    corpora = available_corpora()
    if not corpora:
        print("skipped: the shared corpora are absent (../shared/corpora)")
        return 0
    pages = [page for corpus in corpora for page in load_pages(corpus)]
    trees = {id(page): load_html(page.html) for page in pages}
    CONTENDERS[_METADATA] = lambda page: read_metadata(trees[id(page)], page.url)
    for work in CONTENDERS.values():  # warm caches and imports before timing
        work(pages[0])
    best: dict[str, list[float]] = {}
    for _round in range(args.rounds):  # interleave so load on the shared machine hits all alike
        for name, work in CONTENDERS.items():
            seconds = time_pages(work, pages)
            if name not in best or sum(seconds) < sum(best[name]):
                best[name] = seconds
    print(f"{len(pages)} pages ({', '.join(c.name for c in corpora)}), best of {args.rounds}"
          " interleaved rounds")
    peer = sum(best["trafilatura.extract (default)"])
    print(f"{'':<36} {'median ms/page':>15} {'mean ms/page':>13} {'total s':>8} {'x default':>9}")
    for name, seconds in best.items():
        print(f"{name:<36} {statistics.median(seconds) * 1000:>15.1f} "
              f"{statistics.mean(seconds) * 1000:>13.1f} {sum(seconds):>8.2f} "
              f"{sum(seconds) / peer:>9.2f}")
    print(f"metadata's share of the whole clean: {sum(best[_METADATA]) / sum(best[_CLEAN]):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
