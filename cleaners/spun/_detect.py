"""Find spinner swaps in a text from the lexicon, score how spun it is, restore it if it is."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cleaners.article import SpunReport, Substitution
from cleaners.spun._apply import apply_substitutions
from cleaners.spun._context import cue_holds, neighbours, sentence_start
from cleaners.spun._guess import (
    Guess,
    context_margin,
    guesses,
    protected_spans,
    shipped_table,
)
from cleaners.spun._lexicon import Entry, Lexicon, shipped_lexicon
from cleaners.spun._ngrams import ContextModel, shipped_model
from cleaners.spun._oddity import ENGLISH, NOT_JUDGED, Oddity, judged, oddity
from cleaners.spun._tokens import Words, match_case

# Evidence per 100 words at which the score reaches 1 - 1/e (chosen on the tuning half).
SCORE_SCALE = 0.8
# Score from which a text is called spun: halfway between the highest clean text and the lowest
# spun copy of the tuning half (bench/spun_eval.py), with the constants above picked there too.
THRESHOLD = 0.47
# Short texts are judged as if they had this many words, so two hits in a caption prove little.
MIN_WORDS = 120
# A spinner swaps many different words. Distinct lexicon entries are counted (a common-word entry
# counts half): under MIN_DISTINCT the score is scaled down, under NO_VERDICT_BELOW it is 0, so
# one "additionally" in a quote, or one "faux" in a fashion piece, is no evidence at all.
MIN_DISTINCT = 2
NO_VERDICT_BELOW = 1.5
# A text where English function words (_oddity.ENGLISH) are this rare is not English and is left
# alone by the lexicon (the context verdict asks for more: _oddity.MIN_ENGLISH_SHARE).
MIN_ENGLISH_SHARE = 0.03
# Context margins (log-odds of the best candidate original over the written word, see
# _guess.py): from RESTORE_MARGIN a guess is restored in a text judged spun, from MARK_MARGIN
# it is only marked. RESTORE_MARGIN gave the best precision on the tuning half (bench/spun_eval.py
# --tune RESTORE_MARGIN; again with the context verdict, spinners mythes, tortured and
# wordnet-split pooled: 3 gave precision 0.762, 6 0.804, 10 0.872, restored 0.159, 0.153, 0.120;
# 8 and below also undo right words of seed 002, 0.953 -> 0.950).
RESTORE_MARGIN = 10.0
MARK_MARGIN = 3.0
# A lexicon entry of a tier in VETO_TIERS (W, common English: "final" for "last") is applied
# only where the context does not prefer the written word by more than LEXICON_VETO; else it
# is only marked. Both chosen on the tuning half: -4 kept the restored words and cut the
# words wrongly changed from 0.14% to 0.08% (bench/spun_eval.py --tune LEXICON_VETO).
LEXICON_VETO = -4.0
VETO_TIERS = frozenset({"W"})
# The context verdict (_oddity.py), for texts the lexicon does not call spun: spun when the swap
# density or the share of rare pairs exceeds its limit. Both limits chosen on the tuning half's
# clean texts (bench/spun_eval.py --calibrate): about 6% above the highest of its 64 clean
# English texts (77.3 and 0.37).
SWAP_DENSITY_LIMIT = 82.0
RARE_PAIRS_LIMIT = 0.40
# The context verdict reads at most this many words of a text: enough evidence, bounded time.
JUDGED_WORDS = 600
_SOURCES = {"wn": "wordnet", "tp": "tortured-phrases"}


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon entry found at words first..last of the text."""

    entry: Entry
    first: int
    last: int


def _entry_fits(entry: Entry, words: Words, first: int, last: int) -> bool:
    text = words.text
    if any(words.gap(first + i).strip() != gap for i, gap in enumerate(entry.gaps)):
        return False  # "with out" must not match "with. Out"; "p.c." must keep its dots
    if entry.no_comma and text[words.end(last) : words.end(last) + 1] == ",":
        return False
    start = words.start(first)
    if entry.tier != "S" and text[start].isupper() and not sentence_start(text, start):
        return False  # a capitalised word mid-sentence is a name: "Final Fantasy", "Chief Keef"
    return all(cue_holds(cue, neighbours(words, first, last, cue.side)) for cue in entry.cues)


def _hit_at(words: Words, i: int, lexicon: Lexicon) -> Hit | None:
    norms = words.norms
    room = len(norms) - i
    for length in lexicon.lengths[norms[i]]:
        if length > room:
            continue
        group = lexicon.entries.get(tuple(norms[i : i + length]))
        if group is None:
            continue
        for entry in group:
            if _entry_fits(entry, words, i, i + length - 1):
                return Hit(entry, i, i + length - 1)
    return None


def find_hits(words: Words, lexicon: Lexicon) -> list[Hit]:
    """Longest lexicon phrases that fit their context, left to right, without overlap."""
    hits: list[Hit] = []
    first_words = lexicon.first_words
    next_free = 0
    for i, norm in enumerate(words.norms):
        if i < next_free or norm not in first_words:
            continue
        hit = _hit_at(words, i, lexicon)
        if hit is not None:
            hits.append(hit)
            next_free = hit.last + 1
    return hits


def _score(hits: list[Hit], norms: list[str]) -> float:
    if not norms:
        return 0.0
    if sum(1 for n in norms if n in ENGLISH) < MIN_ENGLISH_SHARE * len(norms):
        return 0.0
    counts: dict[Entry, int] = {}
    for hit in hits:
        counts[hit.entry] = counts.get(hit.entry, 0) + 1
    # One entry seen again adds less than a new one: genuine prose repeats its words too.
    evidence = sum(entry.weight * (1 + math.log(n)) for entry, n in counts.items())
    density = 100 * evidence / max(len(norms), MIN_WORDS)
    distinct = sum(1.0 if entry.tier != "W" else 0.5 for entry in counts)
    if distinct < NO_VERDICT_BELOW:
        return 0.0
    return (1 - math.exp(-density / SCORE_SCALE)) * min(1.0, distinct / MIN_DISTINCT)


def _from_lexicon(text: str, words: Words, hit: Hit, model: ContextModel) -> Substitution:
    start, end = words.start(hit.first), words.end(hit.last)
    found = text[start:end]
    evidence = f"lexicon entry, tier {hit.entry.tier}, from {hit.entry.source}"
    applied = True
    if hit.entry.tier in VETO_TIERS:
        margin = context_margin(words, hit.first, hit.last, hit.entry.original, model)
        applied = margin >= LEXICON_VETO
        evidence += f"; context {margin:+.1f} log-odds for the original"
    return Substitution(
        found,
        match_case(hit.entry.original, found),
        start,
        end,
        confidence=1.0 if applied else 0.5,
        applied=applied,
        evidence=evidence,
    )


def _guessed(text: str, words: Words, guess: Guess) -> Substitution:
    start, end = words.start(guess.first), words.end(guess.last)
    found = text[start:end]
    confidence = 1 / (1 + math.exp(RESTORE_MARGIN - guess.margin))
    support = ", ".join(f"{o} {m:+.1f}" for o, m in guess.alternatives)
    return Substitution(
        found,
        match_case(guess.original, found),
        start,
        end,
        source=_SOURCES.get(guess.source, guess.source),
        confidence=round(confidence, 3),
        applied=guess.margin >= RESTORE_MARGIN,
        alternatives=tuple(o for o, _ in guess.alternatives),
        evidence=f"context fits the original {guess.margin:+.1f} log-odds over the written word"
        + (f"; other candidates {support}" if support else ""),
    )


def measure(text: str, words: Words, table: dict[str, dict[str, str]]) -> Oddity:
    """The context measures of a text's first JUDGED_WORDS words, on the shipped counts."""
    if len(words.norms) > JUDGED_WORDS:
        text = text[: words.end(JUDGED_WORDS - 1)]
        words = Words.of(text)
    if not judged(words):  # decided before the guesses, the costly part, are made
        return NOT_JUDGED
    protected, plain = protected_spans(text), shipped_model()
    found = guesses(words, table, plain, set(), protected, well_placed=math.inf)
    return oddity(words, found, plain, protected)


def context_score(oddity_found: Oddity) -> float:
    """The context verdict as a score: THRESHOLD where a measure reaches its limit, at most 1."""
    if not oddity_found.judged:
        return 0.0
    ratio = max(
        oddity_found.swap_density / SWAP_DENSITY_LIMIT, oddity_found.rare_pairs / RARE_PAIRS_LIMIT
    )
    return min(1.0, THRESHOLD * ratio)


def assess(
    text: str,
    lexicon: Lexicon | None = None,
    table: dict[str, dict[str, str]] | None = None,
    model: ContextModel | None = None,
) -> SpunReport:
    """Score how likely a text is machine-spun; when it is, mark the swaps and restore them.

    The verdict: the lexicon's score, or else the context's (`_oddity.py`, judged on the shipped
    counts only). In a text judged spun, lexicon hits come first; the other words the reverse
    swap table knows get a guess from context (`_guess.py`, on `model`), restored when the
    context is clear, marked when it is middling.
    """
    words = Words.of(text)
    hits = find_hits(words, lexicon or shipped_lexicon())
    score = _score(hits, words.norms)
    verdict = f"lexicon: {len({hit.entry for hit in hits})} distinct entries found"
    table = table or shipped_table()
    protected = protected_spans(text)
    taken = {i for hit in hits for i in range(hit.first, hit.last + 1)}
    if score < THRESHOLD:
        measured = measure(text, words, table)
        context = context_score(measured)
        if context > score:
            score = context
            verdict = (
                f"context: swap density {measured.swap_density:.1f} (limit "
                f"{SWAP_DENSITY_LIMIT:g}), rare pairs {measured.rare_pairs:.2f} (limit "
                f"{RARE_PAIRS_LIMIT:g})"
            )
    if score < THRESHOLD:
        return SpunReport(score=score, is_spun=False, restored_text=None, verdict=verdict)
    model = model or shipped_model()
    found = guesses(words, table, model, taken, protected)
    substitutions = [_from_lexicon(text, words, hit, model) for hit in hits]
    substitutions += [_guessed(text, words, g) for g in found if g.margin >= MARK_MARGIN]
    substitutions.sort(key=lambda sub: sub.start)
    return SpunReport(
        score=score,
        is_spun=True,
        restored_text=apply_substitutions(text, substitutions),
        substitutions=tuple(substitutions),
        verdict=verdict,
    )
