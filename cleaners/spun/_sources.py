"""Turn the lexicon sources (WordNet synsets, tortured-phrase pairs) into reverse swap tables.

A reverse table maps a word or phrase a spinner may have written to the originals it may have
replaced. Pure functions; `build_tables` does the reading and writing. The tortured-phrase
pairs are split in two halves by a hash of the correct phrase: the restorer is built from
the first, the evaluation's test spinner from the second, so the two never share a pair.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator

_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_BRACKETED = re.compile(r"\s*\([^)]*\)")
# Phrases of plain words only: no "u.s. army", no "people's", no one-letter words.
MAX_WORDS = 3
MAX_ORIGINALS = 8
_PLAIN = re.compile(r"[a-z][a-z-]+(?: [a-z][a-z-]+)*")


def tortured_half(correct: str) -> int:
    """0 for a pair the restorer may learn from, 1 for one kept for the test spinner."""
    return zlib.crc32(correct.encode("utf-8")) % 2


def parse_tortured(text: str) -> Iterator[tuple[str, str]]:
    """(tortured, correct) pairs of the corpus TSV, lower-cased, abbreviations in brackets cut."""
    for line in text.splitlines()[1:]:
        tortured, _, correct = line.partition("\t")
        tortured = _BRACKETED.sub("", tortured).strip().lower()
        correct = _BRACKETED.sub("", correct).strip().lower()
        if tortured and correct and tortured != correct and "?" not in correct + tortured:
            yield tortured, correct


def tortured_edges(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(original, swapped-in) pairs: whole phrases, and single words where they differ by one."""
    for tortured, correct in pairs:
        spun_words, original_words = _WORD.findall(tortured), _WORD.findall(correct)
        if not spun_words or not original_words:
            continue
        yield " ".join(original_words), " ".join(spun_words)
        if len(spun_words) == len(original_words):
            pairs = zip(spun_words, original_words, strict=True)
            differ = [i for i, (a, b) in enumerate(pairs) if a != b]
            if len(differ) == 1:
                yield original_words[differ[0]], spun_words[differ[0]]


def reverse_table(
    edges: Iterable[tuple[str, str, str]], frequency: Callable[[str], float], floor: float
) -> dict[str, dict[str, str]]:
    """swapped-in phrase -> {original: source}: originals whose words all reach `floor` in
    `frequency`, the MAX_ORIGINALS commonest per phrase (rarer ones never win in context)."""
    table: dict[str, dict[str, str]] = {}
    for original, swapped, source in edges:
        if original == swapped or not _PLAIN.fullmatch(original) or not _PLAIN.fullmatch(swapped):
            continue
        original_words, swapped_words = set(original.split()), set(swapped.split())
        if original_words & swapped_words or len(original_words) > MAX_WORDS:
            continue  # "final" is no swap for "final exam"
        if not all(frequency(w) >= floor for w in original_words):
            continue
        table.setdefault(swapped, {}).setdefault(original, source)
    return {
        swapped: dict(sorted(originals.items(), key=lambda item: -_phrase_frequency(
            item[0], frequency))[:MAX_ORIGINALS])
        for swapped, originals in table.items()
    }


def _phrase_frequency(phrase: str, frequency: Callable[[str], float]) -> float:
    return min(frequency(w) for w in phrase.split())


def table_lines(table: dict[str, dict[str, str]]) -> list[str]:
    """The table as sorted TSV lines: swapped, original, source."""
    return [
        f"{swapped}\t{original}\t{source}"
        for swapped in sorted(table)
        for original, source in sorted(table[swapped].items())
    ]


def parse_table_lines(text: str) -> dict[str, dict[str, str]]:
    """Read back what `table_lines` wrote (lines starting with '#' are comments)."""
    table: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            swapped, original, source = line.split("\t")
            table.setdefault(swapped, {})[original] = source
    return table
