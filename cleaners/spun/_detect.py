"""Find spinner swaps in a text from the lexicon, score how spun it is, restore it if it is."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cleaners.article import SpunReport, Substitution
from cleaners.spun._apply import apply_substitutions
from cleaners.spun._context import cue_holds, neighbours, sentence_start
from cleaners.spun._lexicon import Entry, Lexicon, shipped_lexicon
from cleaners.spun._tokens import Token, match_case, tokenize

# Evidence per 100 words at which the score reaches 1 - 1/e (chosen on the tuning half).
SCORE_SCALE = 4.0
# Score from which a text is called spun (chosen on the tuning half, see bench/spun_eval.py).
THRESHOLD = 0.5
# Short texts are judged as if they had this many words, so two hits in a caption prove little.
MIN_WORDS = 80
# English function words; a text where they are rare is not English and is left alone.
_ENGLISH = frozenset({"the", "of", "and", "to", "is", "was", "that", "with", "for", "on"})
MIN_ENGLISH_SHARE = 0.08


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon entry found at tokens[first..last] of the text."""

    entry: Entry
    first: int
    last: int


def _entry_fits(entry: Entry, text: str, tokens: list[Token], first: int, last: int) -> bool:
    if entry.no_comma and text[tokens[last].end : tokens[last].end + 1] == ",":
        return False
    if entry.tier != "S" and text[tokens[first].start].isupper() and not sentence_start(
        text, tokens[first].start
    ):
        return False  # a capitalised word mid-sentence is a name: "Final Fantasy", "Chief Keef"
    for cue in entry.cues:
        if not cue_holds(cue, neighbours(text, tokens, first, last, cue.side)):
            return False
    return True


def _one_phrase(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """True when only spaces separate the phrase's words ("with out", not "with. Out")."""
    return all(
        not text[tokens[i].end : tokens[i + 1].start].strip() for i in range(first, last)
    )


def find_hits(text: str, tokens: list[Token], lexicon: Lexicon) -> list[Hit]:
    """Longest lexicon phrases that fit their context, left to right, without overlap."""
    hits: list[Hit] = []
    norms = [t.norm for t in tokens]
    i = 0
    while i < len(tokens):
        matched = 0
        for length in range(min(lexicon.longest, len(tokens) - i), 0, -1):
            group = lexicon.entries.get(tuple(norms[i : i + length]))
            if group is None or not _one_phrase(text, tokens, i, i + length - 1):
                continue
            entry = next(
                (e for e in group if _entry_fits(e, text, tokens, i, i + length - 1)), None
            )
            if entry is not None:
                hits.append(Hit(entry, i, i + length - 1))
                matched = length
                break
        i += matched or 1
    return hits


def _score(hits: list[Hit], tokens: list[Token]) -> float:
    if not tokens:
        return 0.0
    english = sum(1 for t in tokens if t.norm in _ENGLISH) / len(tokens)
    if english < MIN_ENGLISH_SHARE:
        return 0.0
    evidence = sum(hit.entry.weight for hit in hits)
    density = 100 * evidence / max(len(tokens), MIN_WORDS)
    return 1 - math.exp(-density / SCORE_SCALE)


def assess(text: str, lexicon: Lexicon | None = None) -> SpunReport:
    """Score how likely a text is machine-spun; when it is, mark the swaps and restore them."""
    tokens = tokenize(text)
    hits = find_hits(text, tokens, lexicon or shipped_lexicon())
    score = _score(hits, tokens)
    if score < THRESHOLD:
        return SpunReport(score=score, is_spun=False, restored_text=None)
    substitutions = []
    for hit in hits:
        start, end = tokens[hit.first].start, tokens[hit.last].end
        found = text[start:end]
        substitutions.append(Substitution(found, match_case(hit.entry.original, found), start, end))
    return SpunReport(
        score=score,
        is_spun=True,
        restored_text=apply_substitutions(text, substitutions),
        substitutions=tuple(substitutions),
    )
