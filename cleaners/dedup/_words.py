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
_BITMAP_MASK = np.uint64(0xFFFF)
_FUNCTION_BITMAP = np.zeros(int(_BITMAP_MASK) + 1, dtype=bool)
_FUNCTION_BITMAP[_FUNCTION_HASHES & _BITMAP_MASK] = True
_CASE_AND_ALPHA = UPPER | LOWER | ALPHA
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


def _hashes(
    text: str,
    codes: np.ndarray,
    flags: np.ndarray,
    places: np.ndarray,
    firsts: np.ndarray,
    spans: np.ndarray,
) -> np.ndarray:
    """`hash_words` of the folded words, from their code points (`places`: each one's place
    in its word, `firsts`: where each word starts among them); words that fold to more code
    points (ß -> ss) are folded by Python.
    """
    weights = _PLACE_WEIGHTS[np.minimum(places, WORD_WIDTH)]
    with np.errstate(over="ignore"):
        mixed = np.add.reduceat(folds_of(codes).astype(np.uint64) * weights, firsts)
    hashes = splitmix(mixed)
    if not (flags & WIDE_FOLD).any():
        return hashes
    wide = np.flatnonzero(np.bitwise_or.reduceat(flags & WIDE_FOLD, firsts))
    words = [text[a:b].casefold() for a, b in spans[wide].tolist()]
    hashes[wide] = hash_words(np.array(words, dtype=_WIDTH_DTYPE))
    return hashes


def _before(positions: np.ndarray, places: np.ndarray) -> np.ndarray:
    """How many of the sorted `positions` lie before each of `places`."""
    return np.searchsorted(positions, places)


def _functional(hashes: np.ndarray) -> np.ndarray:
    """Whether each word hash is a function word's (a bitmap sifts out most words first)."""
    maybe = np.flatnonzero(_FUNCTION_BITMAP[hashes & _BITMAP_MASK])
    places = np.searchsorted(_FUNCTION_HASHES, hashes[maybe]).clip(max=_FUNCTION_HASHES.size - 1)
    found = np.zeros(hashes.size, dtype=bool)
    found[maybe] = _FUNCTION_HASHES[places] == hashes[maybe]
    return found


def analyse_batch(texts: Sequence[str]) -> Words:
    """The words of many texts at once, all in array operations over their code points.

    Words are runs of letters and digits (the expression [^\\W_]+); each mark (sentence
    end, line break, text separator) ends a sentence, so the next word is not a name.
    """
    text = _SEPARATOR.join(unicodedata.normalize("NFKC", t.replace(_SEPARATOR, " ")) for t in texts)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    flags = flags_of(codes)
    alnum = (flags & ALNUM) != 0
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
    firsts = np.cumsum(np.r_[0, spans[:-1, 1] - spans[:-1, 0]])  # word starts within `inside`
    word_flags = flags[inside]
    # The original word's first WORD_WIDTH characters decide its case and whether it is all
    # letters (as `str.islower` and `str.isalpha` would), from one OR per word.
    places = np.arange(inside.size) - np.repeat(firsts, spans[:, 1] - spans[:, 0])
    head = places < WORD_WIDTH
    seen = np.bitwise_or.reduceat(((word_flags ^ ALPHA) & _CASE_AND_ALPHA) * head, firsts)
    hashes = _hashes(text, codes[inside], word_flags, places, firsts, spans)
    marks_before = _before(np.flatnonzero(flags & MARK), spans[:, 0])
    docs = _before(np.flatnonzero(codes == 0), spans[:, 0])
    starts = np.r_[True, marks_before[1:] > marks_before[:-1]]
    is_name = ~starts & (((seen & UPPER) != 0) | ((seen & LOWER) == 0))
    function = _functional(hashes)
    kept = function | ((seen & ALPHA) != 0) | is_name
    return Words(hashes, kept, function, docs, text, spans)
