"""Mine spinner swaps from aligned (spun copy, clean original) texts, and grow the lexicon."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaners.spun._align import aligned_swaps
from cleaners.spun._lexicon import parse_lexicon
from cleaners.spun._tokens import tokenize


@dataclass(frozen=True)
class MinedPair:
    """A phrase seen standing for another in spun copies, and in how many places."""

    spun: str
    original: str
    count: int


def _wordy(phrase: str) -> bool:
    """A phrase of words, not a number or a date that an editor updated."""
    return any(ch.isalpha() for ch in phrase)


def mine_pairs(texts: Iterable[tuple[str, str]], min_count: int = 2) -> list[MinedPair]:
    """Count (spun phrase -> original phrase) swaps over (spun, original) text pairs."""
    counts: Counter[tuple[str, str]] = Counter()
    for spun_text, original_text in texts:
        spun_tokens, original_tokens = tokenize(spun_text), tokenize(original_text)
        for spun_slice, original_slice in aligned_swaps(
            spun_text, spun_tokens, original_text, original_tokens
        ):
            spun = " ".join(t.norm for t in spun_tokens[spun_slice])
            original = " ".join(t.norm for t in original_tokens[original_slice])
            if spun != original and _wordy(spun) and _wordy(original):
                counts[(spun, original)] += 1
    return [
        MinedPair(spun, original, n)
        for (spun, original), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if n >= min_count
    ]


def extend_lexicon(lexicon_text: str, mined: Sequence[MinedPair]) -> tuple[str, int]:
    """The lexicon TSV with the mined pairs it lacks appended and its version raised by one.

    New pairs enter at the weakest tier ("W": restored only in a text judged spun, counted
    lightly) with no cue; an engineer promotes them after reading them. Returns the new text and
    the number of pairs added.
    """
    lexicon = parse_lexicon(lexicon_text)
    known = {
        (" ".join(entry.spun), entry.original.lower())
        for group in lexicon.entries.values()
        for entry in group
    }
    added = [pair for pair in mined if (pair.spun, pair.original) not in known]
    if not added:
        return lexicon_text, 0
    lines = lexicon_text.rstrip("\n").split("\n")
    lines = [
        f"# version\t{int(lexicon.version) + 1}" if line.startswith("# version") else line
        for line in lines
    ]
    lines += [f"{p.spun}\t{p.original}\tW\t-\tmined:{p.count}" for p in added]
    return "\n".join(lines) + "\n", len(added)
