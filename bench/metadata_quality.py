"""Article metadata quality on news-dev: headline, authors and publishing day beside the peers.

news-dev's publishers are split into two halves by a stable hash of the publisher's key, so
rules tuned on one half are judged on the other (`--tune A` says which half was tuned on; the
report marks the other as the one to quote). Each field is scored per page:

- headline right: token F1 (casefolded `\\w+` tokens, as multisets) of the title >= 0.9;
- authors: F1 of the sets of names (names compared casefolded, without spaces or dots), 1.0
  where both are empty;
- publishing day right: the day of the publishing time, read in the truth's own UTC offset.

trafilatura (`bare_extraction`, metadata on) and newspaper4k (parsing the saved HTML; the
network is shut for the whole run) run on the same pages in the same run. Titles and author
names that still hold HTML entities or markup are counted apart. `--misses` lists the pages
where wirewash is wrong and a peer is right.

`--speed N` times reading the metadata beside the whole `clean_html` on the same pages.

Run: `.venv/bin/python bench/metadata_quality.py [--tune A] [--misses] [--speed 3]` (the `bench`
extra for newspaper4k: `.venv/bin/pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import socket
import statistics
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "news-dev"
FIELDS = ("headline", "authors", "day")
_TOKEN = re.compile(r"\w+")
_HEADLINE_RIGHT = 0.9
_LEFTOVER_MARKUP = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);|</?[a-z][^>]*>", re.I)


@dataclass(frozen=True)
class Page:
    """One news-dev page with what fundus's parser for its publisher reads from it."""

    page_id: str
    html: str
    url: str
    publisher: str
    language: str
    title: str
    authors: tuple[str, ...]
    published: str | None


@dataclass
class Metadata:
    """What one tool read from one page."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | date | None = None


def load_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every page of news-dev with its truth, sorted by id."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(
            page_id, raw.decode("utf-8", "replace"), entry["url"], entry["publisher"],
            entry["language"], entry.get("title") or "", tuple(entry.get("authors") or ()),
            entry.get("published"),
        ))
    return pages


def half_of(publisher: str) -> str:
    """"A" or "B": a stable hash of the publisher's key, the same on every machine and run."""
    return "AB"[hashlib.sha256(publisher.encode()).digest()[0] % 2]


# --- scores ---------------------------------------------------------------------------------


def _tokens(text: str | None) -> Counter[str]:
    return Counter(token.casefold() for token in _TOKEN.findall(text or ""))


def headline_f1(truth: str, found: str | None) -> float:
    """Token F1 of two titles (multisets of casefolded `\\w+` tokens)."""
    expected, got = _tokens(truth), _tokens(found)
    common = sum((expected & got).values())
    if not common:
        return 1.0 if not expected and not got else 0.0
    precision, recall = common / sum(got.values()), common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s.·・]+", "", name)


def authors_f1(truth: Sequence[str], found: Sequence[str]) -> float:
    """F1 of the two sets of names; 1.0 where both are empty."""
    expected = {_name_key(n) for n in truth} - {""}
    got = {_name_key(n) for n in found} - {""}
    if not expected and not got:
        return 1.0
    common = len(expected & got)
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def _truth_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def day_right(truth: str | None, found: datetime | date | None) -> bool:
    """Whether the publishing day matches, read in the truth's UTC offset where both have one."""
    if truth is None:
        return found is None
    if found is None:
        return False
    expected = _truth_time(truth)
    if not isinstance(found, datetime):
        return found == expected.date()
    if found.tzinfo is not None and expected.tzinfo is not None:
        found = found.astimezone(expected.tzinfo)
    return found.date() == expected.date()


def page_scores(page: Page, found: Metadata) -> dict[str, float]:
    return {
        "headline": float(headline_f1(page.title, found.title) >= _HEADLINE_RIGHT),
        "authors": authors_f1(page.authors, found.authors),
        "day": float(day_right(page.published, found.published)),
    }


def has_leftover_markup(found: Metadata) -> bool:
    return any(_LEFTOVER_MARKUP.search(text or "") for text in [found.title, *found.authors])


# --- the tools ------------------------------------------------------------------------------


def _wirewash(page: Page) -> Metadata:
    from cleaners import clean_html

    article = clean_html(page.html, page.url)
    return Metadata(article.title, list(article.authors), article.published)


def _date_or_time(value: str | None) -> datetime | date | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.date() if len(value) <= 10 else parsed


def _trafilatura(page: Page) -> Metadata:
    import trafilatura

    document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if not document:
        return Metadata()
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    return Metadata(document.title, authors, _date_or_time(document.date))


def _newspaper(page: Page) -> Metadata:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.follow_meta_refresh = False
    article = Article(page.url, config=config)
    article.download(input_html=page.html)
    article.parse()
    return Metadata(article.title, list(article.authors), article.publish_date)


TOOLS: dict[str, Callable[[Page], Metadata]] = {
    "wirewash": _wirewash,
    "trafilatura": _trafilatura,
    "newspaper4k": _newspaper,
}


def _shut_the_network() -> None:
    """Every connection attempt fails at once: the peers must read the saved pages only."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("metadata_quality: no network in this bench")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def run_tools(pages: Sequence[Page]) -> dict[str, dict[str, Metadata]]:
    """Each tool's reading of each page; a tool that fails on a page found nothing there."""
    found: dict[str, dict[str, Metadata]] = {}
    for name, tool in TOOLS.items():
        found[name] = {}
        for page in pages:
            try:
                found[name][page.page_id] = tool(page)
            except Exception as exc:  # a peer's crash on one page is its miss, not ours
                print(f"  {name} failed on {page.page_id[:12]}: {exc!r:.80}", file=sys.stderr)
                found[name][page.page_id] = Metadata()
    return found


# --- the report -----------------------------------------------------------------------------


def _row(label: str, pages: Sequence[Page], found: dict[str, Metadata]) -> str:
    scores = [page_scores(p, found[p.page_id]) for p in pages]
    cells = [f"{statistics.mean(s[f] for s in scores):7.3f}" for f in FIELDS]
    dirty = sum(has_leftover_markup(found[p.page_id]) for p in pages)
    return f"  {label:<14}{len(pages):>5} {' '.join(cells)} {dirty:>8}"


def _table(title: str, pages: Sequence[Page], found: dict[str, dict[str, Metadata]]) -> None:
    publishers = len({p.publisher for p in pages})
    print(f"\n{title}: {len(pages)} pages, {publishers} publishers")
    print(f"  {'tool':<14}{'pages':>5} {'headline':>7} {'authors':>7} {'day':>7} {'markup':>8}")
    for name in TOOLS:
        print(_row(name, pages, found[name]))


def _languages(title: str, pages: Sequence[Page], found: dict[str, dict[str, Metadata]]) -> None:
    print(f"\n{title} per language (headline / authors / day)")
    print(f"  {'lang':<6}{'pages':>5}  " + "  ".join(f"{name:<20}" for name in TOOLS))
    by_language: dict[str, list[Page]] = {}
    for page in pages:
        by_language.setdefault(page.language, []).append(page)
    for language, group in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cells = []
        for name in TOOLS:
            scores = [page_scores(p, found[name][p.page_id]) for p in group]
            cells.append(" ".join(f"{statistics.mean(s[f] for s in scores):.2f}" for f in FIELDS))
        print(f"  {language:<6}{len(group):>5}  " + "  ".join(f"{c:<20}" for c in cells))


def _misses(pages: Sequence[Page], found: dict[str, dict[str, Metadata]]) -> None:
    """Pages where wirewash is wrong on a field and a peer is right, with what each read."""
    print("\nwirewash wrong, a peer right:")
    for page in pages:
        ours = page_scores(page, found["wirewash"][page.page_id])
        for name in FIELDS:
            peers = [t for t in TOOLS if t != "wirewash"
                     and page_scores(page, found[t][page.page_id])[name] > ours[name]]
            if not peers:
                continue
            value = {"headline": lambda m: m.title, "authors": lambda m: m.authors,
                     "day": lambda m: m.published}[name]
            print(f"  [{half_of(page.publisher)}] {page.page_id[:10]} {page.publisher} {name}: "
                  f"truth={value_of_truth(page, name)!r} "
                  f"wirewash={value(found['wirewash'][page.page_id])!r} "
                  + " ".join(f"{t}={value(found[t][page.page_id])!r}" for t in peers))


def value_of_truth(page: Page, name: str) -> object:
    return {"headline": page.title, "authors": list(page.authors), "day": page.published}[name]


def speed(pages: Sequence[Page], rounds: int) -> None:
    """Time of reading the metadata beside the whole clean of the same pages, best of rounds."""
    from trafilatura.utils import load_html

    from cleaners import clean_html
    from cleaners.page_metadata import read_metadata

    trees = [load_html(p.html) for p in pages]
    best_metadata = best_clean = float("inf")
    for _round in range(rounds):  # interleaved, so the shared machine's load hits both alike
        started = time.perf_counter()
        for page, tree in zip(pages, trees, strict=True):
            read_metadata(tree, page.url)
        best_metadata = min(best_metadata, time.perf_counter() - started)
        started = time.perf_counter()
        for page in pages:
            clean_html(page.html, page.url)
        best_clean = min(best_clean, time.perf_counter() - started)
    count = len(pages)
    print(f"\nspeed, {count} pages, best of {rounds} interleaved rounds: metadata "
          f"{best_metadata / count * 1000:.1f} ms/page, whole clean_html "
          f"{best_clean / count * 1000:.1f} ms/page, metadata's share "
          f"{best_metadata / best_clean:.1%}")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", choices=("A", "B"), default="A",
                        help="the half the rules were tuned on (default A); the other is quoted")
    parser.add_argument("--misses", action="store_true",
                        help="list pages where wirewash is wrong and a peer is right")
    parser.add_argument("--speed", type=int, metavar="ROUNDS", default=0,
                        help="also time the metadata beside the whole clean (best of ROUNDS)")
    parser.add_argument("--misses-half", choices=("A", "B", "all"), default="all",
                        help="which half's misses to list (default all)")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"metadata_quality: skipped: no corpus at {CORPUS}", file=sys.stderr)
        return 0
    warnings.filterwarnings("ignore")
    _shut_the_network()
    pages = load_pages()
    found = run_tools(pages)
    halves = {h: [p for p in pages if half_of(p.publisher) == h] for h in "AB"}
    check = "B" if args.tune == "A" else "A"
    print(f"{len(pages)} pages from {CORPUS}; tuned on half {args.tune}, checked on half {check}")
    print("headline: share of pages with title token F1 >= 0.9; authors: mean F1 of the name "
          "sets; day: share of pages with the publishing day right; markup: pages whose title "
          "or names keep HTML entities or tags")
    _table(f"half {check} (not tuned on)", halves[check], found)
    _table(f"half {args.tune} (tuned on)", halves[args.tune], found)
    _table("all", pages, found)
    _languages(f"half {check}", halves[check], found)
    _languages(f"half {args.tune}", halves[args.tune], found)
    if args.misses:
        _misses(pages if args.misses_half == "all" else halves[args.misses_half], found)
    if args.speed:
        speed(pages, args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
