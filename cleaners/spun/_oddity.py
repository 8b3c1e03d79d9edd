"""Evidence of spinning from context alone, without the lexicon: words that fit their places badly.

A spinner writes legitimate synonyms that are unusual where they stand. Two measures, both from
the bigram context model on the shipped counts only (so a threshold chosen on one corpus means
the same on every machine, whatever news counts the store has gathered):

- `swap_density`: per 100 content words, the evidence (capped) that a candidate original from
  the reverse swap table fits the place better than the word as written, summed over the
  distinct written words the table knows (`_guess.guesses`), grammar words and other spellings
  ("centre") left out: many such words is a spinner with a WordNet-like thesaurus;
- `rare_pairs`: the share of content words between two neighbours whose pairs with them are
  rare in English (fit under RARE_FIT: a neighbour whose pairs are counted was never seen with
  it), even where no candidate is known (a spinner whose synonyms no table of ours holds).

Only English prose is judged: a text where English function words are rare gets no context
verdict (its words would all look misplaced to an English model), nor does a text with long
runs of bare content words (word lists, generated filler: "with declared launch method enemy
accepted diseases"), whose pairs are rare without any spinner; a spinner keeps the sentence's
grammar words, and with them the runs of its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.spun._guess import FUNCTION_WORDS, Guess, eligible, neighbour
from cleaners.spun._ngrams import ContextModel
from cleaners.spun._tokens import Words

# A guess's margin counts up to this much: one wild candidate is not a spinner.
MARGIN_CAP = 15.0
# Short texts are measured as if they had this many content words.
MIN_CONTENT_WORDS = 120
# A content word fits this badly (log lift over its two edges) when a counted neighbour was never
# seen beside it: log(1 - PAIR_WEIGHT) is -1.6 per unseen pair.
RARE_FIT = -1.5
# Short texts are measured as if this many content words stood between two neighbours.
MIN_PLACED_WORDS = 60
# Share of the text's words that must be these function words for a context verdict. English
# news has 0.12-0.30; other languages (19 in news-dev) stay under 0.07.
ENGLISH = frozenset({"the", "of", "and", "to", "is", "was", "that", "with", "for", "on"})
MIN_ENGLISH_SHARE = 0.10
# Words in runs of at least RUN lower-case content words with no punctuation or grammar word
# between: at most 0.06 of a news body's words in news-dev and extraction-dev (both halves),
# 0.09 in the tuning half's copies spun by wordnet-split at 0.9 (its multi-word lemmas make
# runs; with RUN 4 they reached 0.25), 0.25-0.27 in the word-salad filler of the test sites;
# from MAX_RUN_SHARE a text is not judged.
RUN = 6
MAX_RUN_SHARE = 0.15


_SPELLINGS = (("our", "or"), ("re", "er"), ("ise", "ize"), ("isation", "ization"), ("ll", "l"))


def _counts(guess: Guess, words: Words) -> bool:
    """A guess is evidence unless its original is a grammar word or another spelling of it."""
    if guess.original in FUNCTION_WORDS:
        return False  # "in" for "inch": spinners leave the grammar alone
    written = " ".join(words.norms[guess.first : guess.last + 1])
    original = guess.original.replace("-", " ")
    for british, american in _SPELLINGS:
        written, original = written.replace(british, american), original.replace(british, american)
    return written.replace(" ", "") != original.replace(" ", "")  # centre/center, work flow


@dataclass(frozen=True, slots=True)
class Oddity:
    """The two context measures of a text (0 and 0 where it is not judged)."""

    swap_density: float
    rare_pairs: float
    judged: bool


def is_english(norms: list[str]) -> bool:
    """Cheap language check: English function words make up at least MIN_ENGLISH_SHARE."""
    return bool(norms) and sum(n in ENGLISH for n in norms) >= MIN_ENGLISH_SHARE * len(norms)


def run_share(words: Words) -> float:
    """The share of a text's words standing in runs of RUN or more bare content words."""
    in_runs, current = 0, 0
    for i, norm in enumerate(words.norms):
        content = (
            norm.isalpha()
            and norm not in FUNCTION_WORDS
            and not words.text[words.start(i)].isupper()
        )
        if content and current and neighbour(words, i, -1) is not None:
            current += 1
            continue
        in_runs += current if current >= RUN else 0
        current = 1 if content else 0
    in_runs += current if current >= RUN else 0
    return in_runs / len(words.norms) if words.norms else 0.0


def judged(words: Words) -> bool:
    """Whether a text gets a context verdict: English prose, not a run of bare content words."""
    return is_english(words.norms) and run_share(words) < MAX_RUN_SHARE


NOT_JUDGED = Oddity(0.0, 0.0, judged=False)


def oddity(
    words: Words, found: list[Guess], model: ContextModel, protected: list[tuple[int, int]]
) -> Oddity:
    """The context measures of a text `judged` to get them, from its guesses (all scored,
    none skipped as well placed) and the fit of its content words."""
    content = 0
    rare, placed = 0, 0
    for i, norm in enumerate(words.norms):
        if not eligible(words, i, protected):
            continue
        content += 1
        previous, following = neighbour(words, i, -1), neighbour(words, i, 1)
        if previous is not None and following is not None:
            rare += model.fit(previous, (norm,), following) < RARE_FIT
            placed += 1
    # A distinct written phrase counts once: a topic's word repeated ten times is one piece.
    best: dict[tuple[str, ...], float] = {}
    for g in found:
        if g.margin > 0 and _counts(g, words):
            phrase = tuple(words.norms[g.first : g.last + 1])
            best[phrase] = max(best.get(phrase, 0.0), min(g.margin, MARGIN_CAP))
    evidence = sum(best.values())
    density = 100 * evidence / max(content, MIN_CONTENT_WORDS)
    return Oddity(density, rare / max(placed, MIN_PLACED_WORDS), judged=True)
