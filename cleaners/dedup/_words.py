"""Words as dedup sees them: normalised tokens, and the skeleton a spinner leaves alone."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleaners.dedup._codepoints import (
    ALNUM,
    ALPHA,
    LOWER,
    MARK,
    UPPER,
    WIDE_FOLD,
    flags_of,
    folds_of,
)
from cleaners.dedup._mix import splitmix

# Words are runs of letters and digits (apostrophes and hyphens split them, so "Korea's"
# and "Korea’s" agree); sentence ends and line breaks end a sentence, so that the next
# capitalised word is not taken for a name.
_SEPARATOR = "\x00"  # between the texts of a batch
PLACEHOLDER = "_"

# English function words: spinners swap content words and leave these in place.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also although am among an and another any are
    around as at be because been before being below between both but by can could did do
    does doing down during each either even ever every few for from further had has have
    having he her here hers herself him himself his how however i if in into is it its
    itself just least less many may me might more most much must my myself neither no nor
    not now of off on once one only or other ought our ours ourselves out over own per
    same shall she should since so some such than that the their theirs them themselves
    then there these they this those though through to too toward towards under until up
    upon us very was we were what when where whether which while who whom whose why will
    with within without would yet you your yours yourself yourselves s t re ve ll d m""".split()  # noqa: SIM905
)


# Words are compared on their first WORD_WIDTH characters (longer ones are rare).
WORD_WIDTH = 16
_WIDTH_DTYPE = f"<U{WORD_WIDTH}"
# A word is WORD_WIDTH UTF-32 code units, read as WORD_WIDTH // 2 uint64 lanes.
_LANE_MULTIPLIERS = np.random.default_rng(0xC0DE).integers(
    1, 2**63, size=WORD_WIDTH // 2, dtype=np.uint64
) * np.uint64(2) + np.uint64(1)


def hash_words(words: np.ndarray) -> np.ndarray:
    """A stable 64-bit hash per word of a fixed-width string array, all in numpy."""
    lanes = np.ascontiguousarray(words, dtype=_WIDTH_DTYPE).view(np.uint64)
    lanes = lanes.reshape(len(words), WORD_WIDTH // 2)
    with np.errstate(over="ignore"):
        mixed = (lanes * _LANE_MULTIPLIERS).sum(axis=1, dtype=np.uint64)
    return splitmix(mixed)


# The same hash, one code point at a time: the weight of each place in a folded word (the
# low or high half of a lane), and none past WORD_WIDTH.
_PLACE_WEIGHTS = np.zeros(WORD_WIDTH + 1, dtype=np.uint64)
_PLACE_WEIGHTS[:WORD_WIDTH] = np.repeat(_LANE_MULTIPLIERS, 2) << np.tile(
    np.array([0, 32], dtype=np.uint64), WORD_WIDTH // 2
)
_FUNCTION_HASHES = np.sort(hash_words(np.array(sorted(FUNCTION_WORDS), dtype=_WIDTH_DTYPE)))
_WINDOW_MASK = np.uint64(0xFFFF)
# The characters of a word's head (at most WORD_WIDTH) that are upper case, lower case, or
# not letters, counted in three bytes of one uint32: what each flags value adds.
_UPPER_COUNT, _LOWER_COUNT, _NOT_ALPHA_COUNT = 0xFF, 0xFF00, 0xFF0000
_FLAG_VALUES = np.arange(256, dtype=np.uint8)
_HEAD_COUNTS = (
    ((_FLAG_VALUES & UPPER) != 0) * 0x1
    + ((_FLAG_VALUES & LOWER) != 0) * 0x100
    + ((_FLAG_VALUES & ALPHA) == 0) * 0x10000
).astype(np.uint32)
PLACEHOLDER_HASH = int(hash_words(np.array([PLACEHOLDER], dtype=_WIDTH_DTYPE))[0])


@dataclass(frozen=True)
class Words:
    """A text's words (NFKC, case-folded, in order), their hashes and its skeleton.

    The skeleton replaces every content word by a placeholder; function words, numbers
    and names (capitalised words inside a sentence) stay, so a copy whose content words
    were swapped for synonyms keeps the same skeleton.
    """

    hashes: np.ndarray  # uint64, one per word
    kept: np.ndarray  # bool, one per word: it stays in the skeleton
    function: np.ndarray  # bool, one per word: a function word
    docs: np.ndarray  # int, one per word: which text of the batch it belongs to
    text: str  # the texts, normalised and joined
    spans: np.ndarray  # (start, end) of each word in `text`

    @property
    def skeleton_hashes(self) -> np.ndarray:
        return np.where(self.kept, self.hashes, np.uint64(PLACEHOLDER_HASH))

    def folded(self) -> list[str]:
        """The words as folded strings (for reading; dedup itself only needs the hashes)."""
        return [self.text[a:b].casefold() for a, b in self.spans.tolist()]

    def skeleton(self) -> list[str]:
        return [
            w if k else PLACEHOLDER for w, k in zip(self.folded(), self.kept.tolist(), strict=True)
        ]


def analyse(text: str) -> Words:
    """The words of one text."""
    return analyse_batch([text])


def _word_sums(values: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """Per word, the sum of `values` over its characters (words follow one another from
    `firsts`), wrapping as integers do: a running sum read at the word ends, which costs a
    third of `np.add.reduceat`."""
    running = np.cumsum(values, dtype=values.dtype)
    before = running[firsts[1:] - 1]  # the running sum before each word but the first
    sums = np.empty(firsts.size, dtype=values.dtype)
    sums[:-1] = before
    sums[-1] = running[-1]
    sums[1:] -= before
    return sums


def _hashes(
    text: str,
    codes: np.ndarray,
    flags: np.ndarray,
    places: np.ndarray,
    firsts: np.ndarray,
    spans: np.ndarray,
) -> np.ndarray:
    """`hash_words` of the folded words, from their code points (`places`: each one's place
    in its word, at most WORD_WIDTH; `firsts`: where each word starts among them); words
    that fold to more code points (ß -> ss) are folded by Python.
    """
    with np.errstate(over="ignore"):
        mixed = _word_sums(folds_of(codes) * _PLACE_WEIGHTS[places], firsts)
    hashes = splitmix(mixed)
    if not (flags & WIDE_FOLD).any():
        return hashes
    wide = np.flatnonzero(np.bitwise_or.reduceat(flags & WIDE_FOLD, firsts))
    words = [text[a:b].casefold() for a, b in spans[wide].tolist()]
    hashes[wide] = hash_words(np.array(words, dtype=_WIDTH_DTYPE))
    return hashes


def _function_table() -> tuple[np.uint64, np.ndarray, np.ndarray]:
    """A direct lookup for function words: a shift after which 16 bits of the hash tell
    every function word apart; a table from those bits to 1 + the word's place among
    `_FUNCTION_HASHES` (0: no function word); and those hashes after a value for slot 0.
    """
    for shift in range(49):
        bits = (_FUNCTION_HASHES >> np.uint64(shift)) & _WINDOW_MASK
        if np.unique(bits).size == bits.size:
            table = np.zeros(int(_WINDOW_MASK) + 1, dtype=np.uint8)
            table[bits] = np.arange(1, bits.size + 1)
            # Slot 0's value has a function word's bits in the window, so no hash that
            # lands in slot 0 can equal it.
            outside = np.uint64(1) << np.uint64((shift + 16) % 64)
            return np.uint64(shift), table, np.r_[_FUNCTION_HASHES[0] ^ outside, _FUNCTION_HASHES]
    raise AssertionError("no 16 bits of the function word hashes tell them apart")


_FUNCTION_SHIFT, _FUNCTION_TABLE, _FUNCTION_AFTER_ZERO = _function_table()


def _functional(hashes: np.ndarray) -> np.ndarray:
    """Whether each word hash is a function word's (one table lookup and one comparison)."""
    places = _FUNCTION_TABLE[(hashes >> _FUNCTION_SHIFT) & _WINDOW_MASK]
    return _FUNCTION_AFTER_ZERO[places] == hashes


def _places(lengths: np.ndarray, firsts: np.ndarray, total: int) -> np.ndarray:
    """Each word character's place in its word (int32, capped at WORD_WIDTH), for words of
    these lengths that start at `firsts` among `total` characters: a running count that
    goes back to zero at each word's start."""
    steps = np.ones(total, dtype=np.int32)
    steps[0] = 0
    steps[firsts[1:]] = 1 - lengths[:-1]
    places = np.cumsum(steps, dtype=np.int32)
    return np.minimum(places, WORD_WIDTH, out=places)


def _first_after(starts: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Index of the first word starting after each of `positions` (sorted, not in a word)."""
    return np.searchsorted(starts, positions)


def analyse_batch(texts: Sequence[str]) -> Words:
    """The words of many texts at once, all in array operations over their code points.

    Words are runs of letters and digits (the expression [^\\W_]+); each mark (sentence
    end, line break, text separator) ends a sentence, so the next word is not a name.
    """
    normalised = [unicodedata.normalize("NFKC", t.replace(_SEPARATOR, " ")) for t in texts]
    text = _SEPARATOR.join(normalised)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    flags = flags_of(codes)
    alnum = (flags & ALNUM).view(bool)
    edges = np.flatnonzero(np.diff(np.r_[False, alnum, False]))
    spans = edges.reshape(-1, 2)
    if spans.size == 0:
        nothing = np.empty(0, dtype=np.int64)
        return Words(
            np.empty(0, dtype=np.uint64),
            np.empty(0, dtype=bool),
            np.empty(0, dtype=bool),
            nothing,
            text,
            nothing.reshape(0, 2),
        )
    inside = np.flatnonzero(alnum)  # positions of word characters
    lengths = spans[:, 1] - spans[:, 0]
    firsts = np.zeros(lengths.size, dtype=np.int64)  # word starts within `inside`
    np.cumsum(lengths[:-1], out=firsts[1:])
    word_flags = flags[inside]
    places = _places(lengths, firsts, inside.size)
    # The original word's first WORD_WIDTH characters decide its case and whether it is all
    # letters (as `str.islower` and `str.isalpha` would), from counts of each kind.
    seen = _word_sums(_HEAD_COUNTS[word_flags] * (places < WORD_WIDTH), firsts)
    hashes = _hashes(text, codes[inside], word_flags, places, firsts, spans)
    starts = np.zeros(lengths.size, dtype=bool)  # a sentence's first word
    starts[0] = True
    after_mark = _first_after(spans[:, 0], np.flatnonzero(flags & MARK))
    starts[after_mark[after_mark < lengths.size]] = True
    separators = np.cumsum([len(t) + 1 for t in normalised[:-1]], dtype=np.int64) - 1
    first_words = _first_after(spans[:, 0], separators)
    docs = np.repeat(np.arange(len(texts)), np.diff(np.r_[0, first_words, lengths.size]))
    is_name = ~starts & (((seen & _UPPER_COUNT) != 0) | ((seen & _LOWER_COUNT) == 0))
    function = _functional(hashes)
    kept = function | ((seen & _NOT_ALPHA_COUNT) != 0) | is_name
    return Words(hashes, kept, function, docs, text, spans)
