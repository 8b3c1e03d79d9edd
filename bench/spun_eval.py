"""Evaluate the spun-text detector and restorer on text it was not tuned on; print the figures.

Negatives are real clean text: the article bodies of the extraction-dev corpus (88 pages, some
not in English), the clean seeds and hand-written British-English and foreign paragraphs
(bench/spun_negatives.py). Positives are spun copies of the English ones, made by a spinner
written for the test with its own thesaurus (bench/spun_test_spinner.py), not the product's
lexicon; the overlap of the two tables is printed. The corpus is split by page id into a tuning
half and a held-out half; the detector's constants were set on the tuning half only. Lexicon
pairs added after the test table was written (v2, v3) raise the overlap, so the held-out figures
are also printed with the lexicon cut to the pairs written before it (bench/data/), and the
figures on swaps whose pair the lexicon lacks show what coverage bounds.
Run: `.venv/bin/python bench/spun_eval.py`.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib.resources import files
from pathlib import Path

from spun_negatives import BRITISH, NON_ENGLISH
from spun_test_spinner import Swap, parse_table, spin

from cleaners.article import SpunReport, Substitution
from cleaners.spun import assess, restore_from_original
from cleaners.spun._lexicon import LEXICON_FILE, Lexicon, parse_lexicon, shipped_lexicon
from cleaners.spun._tokens import Token, tokenize

CORPUS = Path("/work/shared/corpora/extraction-dev/ground-truth.json")
SEEDS = Path("/work/shared/seeds")
SEED_DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "spun"
V1_PAIRS = Path(__file__).resolve().parent / "data" / "spun_lexicon_v1_pairs.tsv"
_FUNCTION_WORDS = frozenset({"the", "of", "and", "to", "is", "was", "that", "with", "for", "on"})


@dataclass(frozen=True)
class Doc:
    """One clean text of the evaluation, the half it belongs to and what kind of text it is."""

    name: str
    text: str
    half: str  # "tune" or "held-out"
    kind: str  # "corpus", "seed", "british", "foreign"


@dataclass(frozen=True)
class Spun:
    """A spun copy made by the test spinner, with the spinner's own record of what it swapped."""

    source: Doc
    text: str
    swaps: list[Swap]


def _half(name: str) -> str:
    return "tune" if int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 2 else "held-out"


def _english(text: str) -> bool:
    tokens = tokenize(text)
    return bool(tokens) and sum(t.norm in _FUNCTION_WORDS for t in tokens) / len(tokens) > 0.1


def load_docs() -> list[Doc]:
    """Every clean text: corpus pages split by id, the rest held out (never tuned on)."""
    docs = []
    for page_id, page in json.loads(CORPUS.read_text("utf-8")).items():
        body = page["articleBody"]
        kind = "corpus" if _english(body) else "foreign"
        docs.append(Doc(page_id[:12], body, _half(page_id), kind))
    for name in ("000", "001", "003", "004"):
        path = next(SEEDS.glob(f"{name}_*.txt"))
        docs.append(Doc(f"seed-{name}", path.read_text("utf-8"), "held-out", "seed"))
    docs += [Doc(f"british-{i}", t, "held-out", "british") for i, t in enumerate(BRITISH)]
    docs += [Doc(f"foreign-{i}", t, "held-out", "foreign") for i, t in enumerate(NON_ENGLISH)]
    return docs


def make_spun(docs: list[Doc], table: dict | None = None) -> list[Spun]:
    """One spun copy per English text, at a swap rate drawn per text between 0.5 and 1."""
    copies = []
    for doc in docs:
        if doc.kind == "foreign":
            continue
        rng = random.Random(doc.name)
        text, swaps = spin(doc.text, rng, rng.uniform(0.5, 1.0), table)
        if swaps:
            copies.append(Spun(doc, text, swaps))
    return copies


def _equal_positions(a: list[Token], b: list[Token]) -> tuple[set[int], set[int]]:
    matcher = SequenceMatcher(None, [t.norm for t in a], [t.norm for t in b], autojunk=False)
    in_a: set[int] = set()
    in_b: set[int] = set()
    for block in matcher.get_matching_blocks():
        in_a.update(range(block.a, block.a + block.size))
        in_b.update(range(block.b, block.b + block.size))
    return in_a, in_b


def _indices(tokens: list[Token], start: int, end: int) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]


def _restored_spans(subs: tuple[Substitution, ...]) -> list[tuple[int, int]]:
    """Where each substitution's original wording stands in the restored text."""
    spans, shift = [], 0
    for sub in sorted(subs, key=lambda s: s.start):
        spans.append((sub.start + shift, sub.start + shift + len(sub.original)))
        shift += len(sub.original) - (sub.end - sub.start)
    return spans


@dataclass
class Restoration:
    """Counts over spun copies: swapped words and swaps restored, substitutions right or wrong."""

    swapped_words: int = 0
    restored_words: int = 0
    swaps: int = 0
    swaps_recovered: int = 0
    predicted: int = 0
    predicted_right: int = 0
    in_lexicon_swaps: int = 0
    in_lexicon_recovered: int = 0
    unknown_words: int = 0
    unknown_restored_words: int = 0

    def add(self, copy: Spun, report: SpunReport, known: set[tuple[str, str]]) -> None:
        original = tokenize(copy.source.text)
        restored_text = report.restored_text or copy.text
        restored = tokenize(restored_text)
        equal_original, equal_restored = _equal_positions(original, restored)
        for swap in copy.swaps:
            positions = _indices(original, swap.original_start, swap.original_end)
            done = sum(i in equal_original for i in positions)
            self.swapped_words += len(positions)
            self.restored_words += done
            self.swaps += 1
            recovered = done == len(positions)
            self.swaps_recovered += recovered
            if (_words(swap.spun), _words(swap.original)) in known:
                self.in_lexicon_swaps += 1
                self.in_lexicon_recovered += recovered
            else:
                self.unknown_words += len(positions)
                self.unknown_restored_words += done
        for start, end in _restored_spans(report.substitutions):
            positions = _indices(restored, start, end)
            self.predicted += 1
            self.predicted_right += all(i in equal_restored for i in positions)


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


def _changed_words(doc: Doc, report: SpunReport) -> tuple[int, int]:
    before = tokenize(doc.text)
    after = tokenize(report.restored_text or doc.text)
    equal, _ = _equal_positions(before, after)
    return len(before) - len(equal), len(before)


def _words(phrase: str) -> str:
    return " ".join(t.norm for t in tokenize(phrase))


def known_pairs() -> set[tuple[str, str]]:
    """(spun, original) pairs of the product lexicon, as normalised words."""
    return {
        (" ".join(entry.spun), _words(entry.original))
        for group in shipped_lexicon().entries.values()
        for entry in group
    }


def overlap_report(known: set[tuple[str, str]]) -> tuple[int, int]:
    """How many (original -> replacement) pairs of the test table the product lexicon holds."""
    pairs = [
        (_words(replacement), " ".join(original))
        for original, replacements in parse_table().items()
        for replacement in replacements
    ]
    return sum(pair in known for pair in pairs), len(pairs)


def _timed(text: str, lexicon: Lexicon | None) -> tuple[SpunReport, float]:
    started = time.perf_counter()
    report = assess(text, lexicon)
    return report, time.perf_counter() - started


def _print_restoration(r: Restoration) -> None:
    print(f"   swapped words restored {_ratio(r.restored_words, r.swapped_words):.3f} "
          f"({r.restored_words}/{r.swapped_words})")
    print(f"   per substitution: precision {_ratio(r.predicted_right, r.predicted):.3f} "
          f"({r.predicted_right}/{r.predicted}), "
          f"recall {_ratio(r.swaps_recovered, r.swaps):.3f} ({r.swaps_recovered}/{r.swaps})")
    others = r.swaps - r.in_lexicon_swaps
    others_recovered = r.swaps_recovered - r.in_lexicon_recovered
    print(f"   recall on swaps whose pair is in the product lexicon "
          f"{_ratio(r.in_lexicon_recovered, r.in_lexicon_swaps):.3f} ({r.in_lexicon_swaps} swaps); "
          f"on the others {_ratio(others_recovered, others):.3f} ({others} swaps)")
    print(f"   swapped words restored where the lexicon lacks the pair "
          f"{_ratio(r.unknown_restored_words, r.unknown_words):.3f} "
          f"({r.unknown_restored_words}/{r.unknown_words})")


def _disjoint(negatives: list[Doc], known: set[tuple[str, str]]) -> None:
    """TPR and restoration when the test spinner uses only pairs the product lexicon lacks."""
    unseen = {
        original: tuple(r for r in options if (_words(r), " ".join(original)) not in known)
        for original, options in parse_table().items()
    }
    copies = make_spun(negatives, {k: v for k, v in unseen.items() if v})
    reports = [assess(c.text) for c in copies]
    r = Restoration()
    for copy, report in zip(copies, reports, strict=True):
        r.add(copy, report, known)
    print(f"   TPR when the test spinner uses only pairs the product lexicon lacks: "
          f"{_ratio(sum(rep.is_spun for rep in reports), len(copies)):.3f} ({len(copies)} copies); "
          f"swapped words restored {_ratio(r.restored_words, r.swapped_words):.3f}, "
          f"substitution precision {_ratio(r.predicted_right, r.predicted):.3f}")


def _paragraphs(docs: list[Doc]) -> list[str]:
    """Every paragraph of 40 words or more of the English clean texts: short-text false alarms."""
    return [
        paragraph
        for doc in docs
        if doc.kind != "foreign"
        for paragraph in doc.text.split("\n")
        if len(tokenize(paragraph)) >= 40
    ]


def evaluate(half: str, docs: list[Doc], known: set[tuple[str, str]]) -> None:
    """Print every figure for one half of the material."""
    negatives = [d for d in docs if d.half == half]
    positives = make_spun(negatives)
    neg_runs = [_timed(d.text, None) for d in negatives]
    pos_runs = [_timed(s.text, None) for s in positives]
    flagged = [d.name for d, (r, _) in zip(negatives, neg_runs, strict=True) if r.is_spun]
    caught = sum(r.is_spun for r, _ in pos_runs)
    print(f"\n== {half}: {len(negatives)} clean texts, {len(positives)} spun copies")
    kinds = sorted({d.kind for d in negatives})
    print("   clean texts by kind: "
          + ", ".join(f"{k} {sum(d.kind == k for d in negatives)}" for k in kinds))
    print(f"   TPR {_ratio(caught, len(positives)):.3f}   "
          f"FPR {_ratio(len(flagged), len(negatives)):.3f}  (flagged clean: {flagged})")
    clean = sorted(r.score for r, _ in neg_runs)
    spun = sorted(r.score for r, _ in pos_runs)
    print(f"   clean scores: max {clean[-1]:.3f}; spun scores: min {spun[0]:.3f}, "
          f"5th pct {spun[int(0.05 * (len(spun) - 1))]:.3f}, median {spun[len(spun) // 2]:.3f}")
    restoration = Restoration()
    for copy, (report, _) in zip(positives, pos_runs, strict=True):
        restoration.add(copy, report, known)
    _print_restoration(restoration)
    changed = [_changed_words(d, r) for d, (r, _) in zip(negatives, neg_runs, strict=True)]
    print(f"   words changed in clean text "
          f"{_ratio(sum(c for c, _ in changed), sum(n for _, n in changed)):.4f}")
    texts = [d.text for d in negatives] + [s.text for s in positives]
    words = sum(len(tokenize(t)) for t in texts)
    seconds = [t for _, t in neg_runs + pos_runs]
    print(f"   time: {1000 * statistics.mean(seconds):.2f} ms per article, "
          f"{600_000 * sum(seconds) / words:.2f} ms per 600 words")
    aligned = Restoration()
    for copy in positives:
        aligned.add(copy, restore_from_original(copy.text, copy.source.text), known)
    print(f"   restore_from_original (clean near-duplicate at hand): swapped words restored "
          f"{_ratio(aligned.restored_words, aligned.swapped_words):.3f}, substitution precision "
          f"{_ratio(aligned.predicted_right, aligned.predicted):.3f}")
    paragraphs = _paragraphs(negatives)
    flagged_paragraphs = sum(assess(p).is_spun for p in paragraphs)
    print(f"   FPR on single clean paragraphs of 40+ words: "
          f"{_ratio(flagged_paragraphs, len(paragraphs)):.3f} ({len(paragraphs)} paragraphs)")
    _disjoint(negatives, known)


def baseline_v1(docs: list[Doc]) -> None:
    """Held-out TPR and restoration with only the lexicon pairs written before the test table."""
    pairs = {
        tuple(line.split("\t"))
        for line in V1_PAIRS.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    shipped = files("cleaners.spun").joinpath(LEXICON_FILE).read_text("utf-8")
    kept = [
        line for line in shipped.splitlines()
        if line.startswith("#") or tuple(line.split("\t")[:2]) in pairs
    ]
    lexicon = parse_lexicon("\n".join(kept))
    known = {
        (" ".join(e.spun), _words(e.original)) for g in lexicon.entries.values() for e in g
    }
    negatives = [d for d in docs if d.half == "held-out"]
    positives = make_spun(negatives)
    reports = [assess(s.text, lexicon) for s in positives]
    flagged = sum(assess(d.text, lexicon).is_spun for d in negatives)
    restoration = Restoration()
    for copy, report in zip(positives, reports, strict=True):
        restoration.add(copy, report, known)
    in_product, total = overlap_report(known)
    print(f"\n== held-out, lexicon cut to the {len(known)} pairs written before the test table "
          f"({in_product}/{total} test pairs covered)")
    print(f"   TPR {_ratio(sum(r.is_spun for r in reports), len(positives)):.3f}   "
          f"FPR {_ratio(flagged, len(negatives)):.3f}")
    _print_restoration(restoration)


def seed_agreement() -> tuple[float, float]:
    """Token agreement of seed 002 with its original wording, before and after restoration."""
    spun = (SEED_DATA / "seed002_spun.txt").read_text("utf-8")
    original = tokenize((SEED_DATA / "seed002_original.txt").read_text("utf-8"))
    report = assess(spun)

    def agree(text: str) -> float:
        return SequenceMatcher(
            None, [t.norm for t in tokenize(text)], [t.norm for t in original], autojunk=False
        ).ratio()

    return agree(spun), agree(report.restored_text or spun)


def main() -> int:
    docs = load_docs()
    known = known_pairs()
    in_product, pairs = overlap_report(known)
    print(f"product lexicon v{shipped_lexicon().version}: {len(known)} pairs; test spinner "
          f"table: {pairs} pairs, {in_product} ({in_product / pairs:.0%}) also in the product's")
    for half in ("tune", "held-out"):
        evaluate(half, docs, known)
    baseline_v1(docs)
    before, after = seed_agreement()
    print(f"\nseed 002: token agreement with its original wording {before:.3f} spun, "
          f"{after:.3f} restored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
