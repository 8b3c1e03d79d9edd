"""Evaluate spun-text detection and restoration on spinners whose tables the restorer does not use.

Material: the English article bodies of news-dev and extraction-dev (../shared/corpora), split
into a tuning half and a held-out half by a hash of the publisher (news-dev) or page id
(extraction-dev). Clean negatives: every body of the half in every language, and, held out,
the clean seeds and the paragraphs of bench/spun_negatives.py.

Test spinners (bench/spun_test_spinner.py swaps each phrase its table knows with the given
probability, at rates 0.3, 0.6 and 0.9):
- handwritten: the thesaurus written for the test (its overlap with the product's tables is
  printed);
- tortured: the half of the tortured-phrase pairs the shipped table was NOT built from;
- mythes: LibreOffice's English thesaurus (Debian's mythes-en-us), a table the restorer never
  reads, the commonest synonyms of a word's first senses (bench/spun_mythes_spinner.py; skipped
  with a reason where the thesaurus is not installed);
- wordnet-split: WordNet synsets split in two by a hash of their id; the spinner swaps within
  one half and the restorer is rebuilt for the run from the other half (needs WordNet under
  /usr/share/wordnet, skipped with a reason otherwise). Pairs two synsets share remain known,
  as a real thesaurus shares pairs with WordNet; their share is printed.

The context model that restores gets the news counts of the tuning half's bodies (what a store
of clean articles gives it); the context verdict reads the shipped counts only; figures are
printed for both halves, the held-out one being the report.
`--tune NAME` sweeps one constant of the restorer on the tuning half; `--calibrate` prints the
context verdict's measures on the tuning half (its limits are chosen there); `--lexicon-only`
runs the peer, the lexicon's verdict alone.
Run: `.venv/bin/python bench/spun_eval.py [--tune NAME] [--spinners NAME ...]`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
import zlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from spun_mythes_spinner import MYTHES, mythes_table
from spun_negatives import BRITISH, NON_ENGLISH
from spun_test_spinner import Swap, parse_table, spin

import cleaners.spun._detect as detect
import cleaners.spun._guess as guess
from cleaners import clean_html
from cleaners.article import SpunReport
from cleaners.spun import assess, restore_from_original
from cleaners.spun._guess import shipped_table
from cleaners.spun._lexicon import shipped_lexicon
from cleaners.spun._ngrams import ContextModel, NewsCounts
from cleaners.spun._oddity import Oddity
from cleaners.spun._sources import parse_tortured, tortured_edges, tortured_half
from cleaners.spun._tokens import Token, Words, tokenize

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"
SEEDS = SHARED / "seeds"
SEED_DATA = REPO / "tests" / "data" / "spun"
WORDNET = Path("/usr/share/wordnet")
RATES = (0.3, 0.6, 0.9)
_FUNCTION_WORDS = frozenset({"the", "of", "and", "to", "is", "was", "that", "with", "for", "on"})
Table = dict[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Doc:
    """One clean text: its name, half, kind, and the page's HTML where it has one."""

    name: str
    text: str
    half: str  # "tune" or "held-out"
    kind: str  # "english", "foreign", "seed", "british"
    html_path: Path | None = None


@dataclass(frozen=True)
class Spinner:
    """A test spinner: its table, and the restorer's swap table to use against it."""

    name: str
    table: Table
    restorer_table: dict[str, dict[str, str]] | None  # None: the shipped one


def _half(key: str) -> str:
    return "tune" if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 2 else "held-out"


def _english(text: str) -> bool:
    tokens = tokenize(text)
    return bool(tokens) and sum(t.norm in _FUNCTION_WORDS for t in tokens) / len(tokens) > 0.1


def load_docs() -> list[Doc]:
    """The bodies of both corpora, the seeds and the written paragraphs."""
    docs = []
    for corpus in ("news-dev", "extraction-dev"):
        folder = CORPORA / corpus
        for page_id, page in json.loads((folder / "ground-truth.json").read_text("utf-8")).items():
            body = page["articleBody"]
            key = page.get("publisher") or page_id
            kind = "english" if _english(body) else "foreign"
            html = folder / "html" / f"{page_id}.html.gz"
            docs.append(Doc(f"{corpus}:{page_id[:10]}", body, _half(key), kind, html))
    for name in ("000", "001", "003", "004"):
        path = next(SEEDS.glob(f"{name}_*.txt"))
        docs.append(Doc(f"seed-{name}", path.read_text("utf-8"), "held-out", "seed"))
    docs += [Doc(f"british-{i}", t, "held-out", "british") for i, t in enumerate(BRITISH)]
    docs += [Doc(f"foreign-{i}", t, "held-out", "foreign") for i, t in enumerate(NON_ENGLISH)]
    return docs


def _as_table(edges: list[tuple[str, str]]) -> Table:
    table: dict[tuple[str, ...], list[str]] = {}
    for original, swapped in edges:
        options = table.setdefault(tuple(original.split()), [])
        if swapped not in options:
            options.append(swapped)
    return {k: tuple(v) for k, v in table.items()}


def make_spinners() -> list[Spinner]:
    """The three test spinners (wordnet-split only where WordNet is installed)."""
    tortured = [
        p
        for p in parse_tortured((CORPORA / "tortured-phrases" / "tortured-phrases.tsv").read_text())
        if tortured_half(p[1]) == 1
    ]
    spinners = [
        Spinner("handwritten", parse_table(), None),
        Spinner("tortured", _as_table(list(tortured_edges(tortured))), None),
    ]
    mythes = mythes_table()
    if mythes is None:
        print(f"mythes spinner skipped: no thesaurus at {MYTHES} (apt-get install mythes-en-us)")
    else:
        spinners.append(Spinner("mythes", mythes, None))
    if not (WORDNET / "data.noun").is_file():
        print(f"wordnet-split spinner skipped: no WordNet at {WORDNET} "
              "(apt-get install wordnet-base)")
        return spinners
    from cleaners.spun.build_tables import TORTURED, WordNet, build, wordnet_edges

    wordnet = WordNet.read(WORDNET)

    def half_of(synset: object) -> int:
        return zlib.crc32(synset.key.encode()) % 2

    spinner_edges = wordnet_edges(wordnet, [s for s in wordnet.synsets if half_of(s) == 1])
    restorer = build(wordnet, TORTURED.read_text("utf-8"), lambda s: half_of(s) == 0)
    spinners.append(
        Spinner("wordnet-split", _as_table([(o, w) for o, w, _ in spinner_edges]), restorer)
    )
    return spinners


def overlap(spinner: Spinner) -> float:
    """Share of the spinner's (original, swapped) pairs that the restorer's tables hold."""
    table = spinner.restorer_table or shipped_table()
    lexicon = {
        (" ".join(e.spun), " ".join(t.norm for t in tokenize(e.original)))
        for g in shipped_lexicon().entries.values()
        for e in g
    }
    pairs = [(" ".join(o), w.lower()) for o, ws in spinner.table.items() for w in ws]
    known = sum(o in table.get(w, {}) or (w, o) in lexicon for o, w in pairs)
    return known / len(pairs)


@dataclass
class Counts:
    """What one spinner at one rate did to one half, and what the product made of it."""

    copies: int = 0
    caught: int = 0
    swapped_words: int = 0
    restored_words: int = 0
    kept_words: int = 0
    kept_changed: int = 0
    applied: int = 0
    applied_right: int = 0

    def line(self) -> str:
        return (
            f"TPR {_ratio(self.caught, self.copies):.3f} ({self.copies} copies)  "
            f"swapped words restored {_ratio(self.restored_words, self.swapped_words):.3f} "
            f"({self.restored_words}/{self.swapped_words})  "
            f"unswapped words changed {_ratio(self.kept_changed, self.kept_words):.4f}  "
            f"restoration precision {_ratio(self.applied_right, self.applied):.3f}"
        )


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


def _equal_positions(a: list[Token], b: list[Token]) -> set[int]:
    matcher = SequenceMatcher(None, [t.norm for t in a], [t.norm for t in b], autojunk=False)
    blocks = matcher.get_matching_blocks()
    return {i for block in blocks for i in range(block.a, block.a + block.size)}


def score_copy(counts: Counts, source: Doc, swaps: list[Swap], report: SpunReport,
               spun_text: str) -> None:
    """Count the copy's swapped words restored and its other words changed."""
    original = tokenize(source.text)
    restored = tokenize(report.restored_text or spun_text)
    equal = _equal_positions(original, restored)
    swapped_positions: set[int] = set()
    for swap in swaps:
        swapped_positions.update(
            i for i, t in enumerate(original)
            if t.start >= swap.original_start and t.end <= swap.original_end
        )
    counts.copies += 1
    counts.caught += report.is_spun
    counts.swapped_words += len(swapped_positions)
    counts.restored_words += len(swapped_positions & equal)
    kept = set(range(len(original))) - swapped_positions
    counts.kept_words += len(kept)
    counts.kept_changed += len(kept - equal)
    swapped_spans = {(s.spun_start, s.spun_end): s.original.lower() for s in swaps}
    for sub in report.substitutions:
        if sub.applied:
            counts.applied += 1
            counts.applied_right += swapped_spans.get((sub.start, sub.end)) == sub.original.lower()


def run_spinner(
    spinner: Spinner,
    rate: float,
    docs: list[Doc],
    model: ContextModel,
    aligned: Counts | None = None,
) -> Counts:
    """Spin each English text and assess the copy; with `aligned`, restore it from its original."""
    counts = Counts()
    for doc in docs:
        if doc.kind == "foreign":
            continue
        rng = random.Random(f"{spinner.name}:{rate}:{doc.name}")
        text, swaps = spin(doc.text, rng, rate, spinner.table)
        if not swaps:
            continue
        report = assess(text, table=spinner.restorer_table, model=model)
        score_copy(counts, doc, swaps, report, text)
        if aligned is not None:
            score_copy(aligned, doc, swaps, restore_from_original(text, doc.text), text)
    return counts


def clean_figures(docs: list[Doc], model: ContextModel) -> tuple[list[str], int, float]:
    """Clean texts flagged, their number, and the share of their words changed."""
    flagged, changed, words = [], 0, 0
    for doc in docs:
        report = assess(doc.text, model=model)
        if report.is_spun:
            flagged.append(doc.name)
        before = tokenize(doc.text)
        words += len(before)
        changed += len(before) - len(_equal_positions(before, tokenize(report.restored_text
                                                                          or doc.text)))
    return flagged, len(docs), _ratio(changed, words)


def seed_agreement(model: ContextModel) -> tuple[float, float]:
    """Token agreement of seed 002 with its original wording, spun and restored."""
    spun = (SEED_DATA / "seed002_spun.txt").read_text("utf-8")
    original = [t.norm for t in tokenize((SEED_DATA / "seed002_original.txt").read_text("utf-8"))]
    restored = assess(spun, model=model).restored_text or spun

    def agree(text: str) -> float:
        words = [t.norm for t in tokenize(text)]
        return SequenceMatcher(None, words, original, autojunk=False).ratio()

    return agree(spun), agree(restored)


def timing(docs: list[Doc], model: ContextModel, table: Table, rounds: int = 3) -> None:
    """Time of the spun step beside the rest of the clean of the same pages, same run.

    Per round: the whole clean of each page (its spun step included), the spun step again on
    its text (clean pages: detection only), and the spun step on a copy of its text spun at
    rate 0.6 by `table` (a page judged spun: detection, guesses and restoration).
    """
    pages = [(d, gzip.decompress(d.html_path.read_bytes()).decode("utf-8", "replace"))
             for d in docs if d.html_path is not None and d.html_path.is_file()][:60]
    for round_number in range(rounds):
        clean_seconds = spun_seconds = restore_seconds = 0.0
        for doc, html in pages:
            started = time.perf_counter()
            article = clean_html(html)
            clean_seconds += time.perf_counter() - started
            started = time.perf_counter()
            assess(article.text, model=model)
            spun_seconds += time.perf_counter() - started
            copy, _ = spin(article.text, random.Random(doc.name), 0.6, table)
            started = time.perf_counter()
            assess(copy, model=model)
            restore_seconds += time.perf_counter() - started
        rest = clean_seconds - spun_seconds
        print(f"   round {round_number + 1}: clean without the spun step "
              f"{1000 * rest / len(pages):.1f} ms per page; spun step on the page "
              f"{1000 * spun_seconds / len(pages):.2f} ms (adds {spun_seconds / rest:.1%}), on a "
              f"spun copy {1000 * restore_seconds / len(pages):.2f} ms "
              f"(adds {restore_seconds / rest:.1%}); {len(pages)} pages"
              + ("; cold: loads the swap table, warms caches" if round_number == 0 else ""))


def report_half(half: str, docs: list[Doc], spinners: list[Spinner], model: ContextModel) -> None:
    mine = [d for d in docs if d.half == half]
    flagged, total, changed = clean_figures(mine, model)
    kinds = sorted({d.kind for d in mine})
    print(f"\n== {half}: clean texts "
          + ", ".join(f"{k} {sum(d.kind == k for d in mine)}" for k in kinds))
    print(f"   FPR {_ratio(len(flagged), total):.3f} ({len(flagged)}/{total}) {flagged}; "
          f"words changed in clean texts {changed:.4f}")
    for spinner in spinners:
        aligned = Counts()
        for rate in RATES:
            counts = run_spinner(spinner, rate, mine, model, aligned)
            print(f"   {spinner.name:13} rate {rate}: {counts.line()}")
        restored = _ratio(aligned.restored_words, aligned.swapped_words)
        print(f"   {spinner.name:13} restored from a clean copy in the store "
              f"(restore_from_original), all rates: swapped words restored {restored:.3f}, "
              f"precision {_ratio(aligned.applied_right, aligned.applied):.3f}")


SWEEPS = {
    "RESTORE_MARGIN": (3.0, 6.0, 8.0, 10.0, 99.0),
    "LEXICON_VETO": (-99.0, -4.0, -2.0, -1.0, 0.0),
    "VETO_TIERS": (frozenset("W"), frozenset("WM"), frozenset("WMS")),
    "WELL_PLACED": (99.0, 3.0, 2.0, 1.0, 0.0),
}


def tune(docs: list[Doc], spinners: list[Spinner], model: ContextModel, name: str) -> None:
    """Sweep one constant of the restorer on the tuning half: restored vs wrongly changed words."""
    mine = [d for d in docs if d.half == "tune"]
    for value in SWEEPS[name]:
        setattr(guess if hasattr(guess, name) else detect, name, value)
        total = Counts()
        for spinner in spinners:
            for rate in RATES:
                c = run_spinner(spinner, rate, mine, model)
                for field in vars(total):
                    setattr(total, field, getattr(total, field) + getattr(c, field))
        print(f"{name} {value}: {total.line()}")


def measures(text: str, table: dict[str, dict[str, str]] | None = None) -> Oddity:
    """The context verdict's two measures of a text, as `assess` computes them."""
    return detect.measure(text, Words.of(text), table or shipped_table())


def calibrate(docs: list[Doc], spinners: list[Spinner]) -> None:
    """The context measures on the tuning half: clean texts (highest first), then spun copies."""
    mine = [d for d in docs if d.half == "tune"]
    clean = [(measures(d.text), d.name) for d in mine]
    judged = [(m, name) for m, name in clean if m.judged]
    print(f"tuning half, clean texts judged {len(judged)} of {len(clean)} (the rest not English)")
    for label in ("swap_density", "rare_pairs"):
        top = sorted(((getattr(m, label), name) for m, name in judged), reverse=True)[:4]
        print(f"   {label}: highest " + ", ".join(f"{v:.2f} ({n})" for v, n in top))
    for spinner in spinners:
        for rate in RATES:
            values = []
            for doc in mine:
                if doc.kind == "foreign":
                    continue
                text, swaps = spin(doc.text, random.Random(f"{spinner.name}:{rate}:{doc.name}"),
                                   rate, spinner.table)
                if swaps:
                    values.append(measures(text, spinner.restorer_table))
            over = sum(
                detect.context_score(m) >= detect.THRESHOLD
                for m in values
            )
            dens = sorted(m.swap_density for m in values)
            fits = sorted(m.rare_pairs for m in values)
            print(f"   {spinner.name:13} rate {rate}: over a limit {over / len(values):.3f}; "
                  f"swap_density 10th/50th pct {dens[len(dens) // 10]:.2f}/"
                  f"{dens[len(dens) // 2]:.2f}, rare_pairs {fits[len(fits) // 10]:.2f}/"
                  f"{fits[len(fits) // 2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", choices=sorted(SWEEPS), help="sweep a constant (tuning half)")
    parser.add_argument("--spinners", nargs="*", help="only these spinners (default: all)")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--calibrate", action="store_true",
                        help="the context verdict's measures on the tuning half")
    parser.add_argument("--lexicon-only", action="store_true",
                        help="the peer: the context verdict off, the lexicon's verdict alone")
    args = parser.parse_args(argv)
    if not (CORPORA / "news-dev" / "ground-truth.json").is_file():
        print(f"skipped: no corpora at {CORPORA} (shared/ lies beside the checkout only)")
        return 0
    if args.lexicon_only:
        detect.SWAP_DENSITY_LIMIT = detect.RARE_PAIRS_LIMIT = float("inf")
    docs = load_docs()
    news = NewsCounts()
    news.add(d.text for d in docs if d.half == "tune")
    model = ContextModel(news)
    spinners = [s for s in make_spinners() if not args.spinners or s.name in args.spinners]
    for spinner in spinners:
        pairs = sum(len(v) for v in spinner.table.values())
        print(f"spinner {spinner.name}: {pairs} pairs, {overlap(spinner):.0%} of them in the "
              f"restorer's tables")
    if args.calibrate:
        calibrate(docs, spinners)
        return 0
    if args.tune:
        tune(docs, spinners, model, args.tune)
        return 0
    for half in ("tune", "held-out"):
        report_half(half, docs, spinners, model)
    before, after = seed_agreement(model)
    print(f"\nseed 002: token agreement with its original {before:.3f} spun, {after:.3f} restored")
    if not args.no_timing:
        print("\ntime, held-out pages:")
        timing([d for d in docs if d.half == "held-out"], model, parse_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
