"""Words as dedup sees them: normalised tokens, and the skeleton a spinner leaves alone."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleaners.dedup._codepoints import (
    ALNUM,
    ALPHA,
    FLAG_TABLE,
    FOLD_TABLE,
    KNOWN,
    LOWER,
    MARK,
    UPPER,
    WIDE_FOLD,
    classify,
)
from cleaners.dedup._kernels import scan
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
# The scan counts the characters of a word's head (at most WORD_WIDTH) that are upper case,
# lower case, or not letters, in three bytes of one uint32.
_UPPER_COUNT, _LOWER_COUNT, _NOT_ALPHA_COUNT = 0xFF, 0xFF00, 0xFF0000
_SCAN_BITS = (ALNUM, ALPHA, UPPER, LOWER, MARK, KNOWN)
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


def _rehash_wide(text: str, hashes: np.ndarray, ors: np.ndarray, spans: np.ndarray) -> None:
    """Hash again, folded by Python, the words holding a code point that case-folds to more
    than one (ß -> ss), which the scan cannot fold."""
    wide = np.flatnonzero(ors & WIDE_FOLD)
    if wide.size:
        words = [text[a:b].casefold() for a, b in spans[wide].tolist()]
        hashes[wide] = hash_words(np.array(words, dtype=_WIDTH_DTYPE))


def analyse_batch(texts: Sequence[str]) -> Words:
    """The words of many texts at once: one scan over their code points (in C), then array
    operations over the words.

    Words are runs of letters and digits (the expression [^\\W_]+); each mark (sentence
    end, line break, text separator) ends a sentence, so the next word is not a name.
    """
    normalised = [unicodedata.normalize("NFKC", t.replace(_SEPARATOR, " ")) for t in texts]
    text = _SEPARATOR.join(normalised)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    scanned = scan(codes, FLAG_TABLE, FOLD_TABLE, _PLACE_WEIGHTS, _SCAN_BITS)
    if scanned is None:  # a code point seen for the first time
        classify(codes)
        scanned = scan(codes, FLAG_TABLE, FOLD_TABLE, _PLACE_WEIGHTS, _SCAN_BITS)
    spans, sums, heads, ors, starts, docs = (
        np.frombuffer(array, dtype=dtype)
        for array, dtype in zip(
            scanned,
            (np.int64, np.uint64, np.uint32, np.uint8, np.bool_, np.int64),
            strict=True,
        )
    )
    spans = spans.reshape(-1, 2)
    hashes = splitmix(sums)
    _rehash_wide(text, hashes, ors, spans)
    # The original word's first WORD_WIDTH characters decide its case and whether it is all
    # letters (as `str.islower` and `str.isalpha` would).
    is_name = ~starts & (((heads & _UPPER_COUNT) != 0) | ((heads & _LOWER_COUNT) == 0))
    function = _functional(hashes)
    kept = function | ((heads & _NOT_ALPHA_COUNT) != 0) | is_name
    return Words(hashes, kept, function, docs, text, spans)
