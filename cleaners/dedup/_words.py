"""Words as dedup sees them: normalised tokens, and the skeleton a spinner leaves alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleaners.dedup._mix import splitmix

# Words are runs of letters and digits (apostrophes and hyphens split them, so "Korea's"
# and "Korea’s" agree); sentence ends and line breaks are tokens too, so that the next
# capitalised word is not taken for a name.
_TOKEN = re.compile(r"[^\W_]+|[.!?:;…\n\x00]")
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


_FUNCTION_HASHES = np.sort(hash_words(np.array(sorted(FUNCTION_WORDS), dtype=_WIDTH_DTYPE)))
PLACEHOLDER_HASH = int(hash_words(np.array([PLACEHOLDER], dtype=_WIDTH_DTYPE))[0])


@dataclass(frozen=True)
class Words:
    """A text's words (NFKC, case-folded, in order), their hashes and its skeleton.

    The skeleton replaces every content word by a placeholder; function words, numbers
    and names (capitalised words inside a sentence) stay, so a copy whose content words
    were swapped for synonyms keeps the same skeleton.
    """

    folded: np.ndarray  # fixed-width strings
    hashes: np.ndarray  # uint64, one per word
    kept: np.ndarray  # bool, one per word: it stays in the skeleton
    docs: np.ndarray  # int, one per word: which text of the batch it belongs to

    @property
    def skeleton_hashes(self) -> np.ndarray:
        return np.where(self.kept, self.hashes, np.uint64(PLACEHOLDER_HASH))

    def skeleton(self) -> list[str]:
        return [
            w if k else PLACEHOLDER
            for w, k in zip(self.folded.tolist(), self.kept.tolist(), strict=True)
        ]


def analyse(text: str) -> Words:
    """The words of one text."""
    return analyse_batch([text])


def _tokens(text: str) -> list[str]:
    """`_TOKEN.findall(text)`, faster: most space-separated pieces are one whole word, and
    only the others (punctuation, line breaks, separators) need the expression."""
    tokens: list[str] = []
    for piece in text.split(" "):
        if piece.isalnum():  # what [^\W_] matches, and nothing else
            tokens.append(piece)
        else:
            tokens.extend(_TOKEN.findall(piece))
    return tokens


def _ascii_lower(words: np.ndarray) -> np.ndarray:
    """Casefold of ASCII words (A-Z to a-z), on their code points."""
    codes = words.view(np.uint32)
    upper = (codes >= ord("A")) & (codes <= ord("Z"))
    return (codes + np.uint32(ord("a") - ord("A")) * upper).view(words.dtype)


def analyse_batch(texts: Sequence[str]) -> Words:
    """The words of many texts at once: one tokenising pass, then array operations."""
    joined = unicodedata.normalize(
        "NFKC", _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts)
    )
    raw = _tokens(joined)
    if not raw:
        empty = np.empty(0, dtype=np.uint64)
        nowhere = np.empty(0, dtype=np.int64)
        return Words(np.empty(0, dtype=_WIDTH_DTYPE), empty, np.empty(0, dtype=bool), nowhere)
    original = np.array(raw, dtype=_WIDTH_DTYPE)
    if joined.isascii():
        folded = _ascii_lower(original)
    else:  # one casefold of the joined tokens is far faster than one per token
        folded = np.array(" ".join(raw).casefold().split(" "), dtype=_WIDTH_DTYPE)
    is_mark = ~np.strings.isalnum(folded)
    docs = np.cumsum(folded == _SEPARATOR)
    starts = np.empty(len(raw), dtype=bool)
    starts[0] = True
    starts[1:] = is_mark[:-1]
    words = ~is_mark
    folded, original, starts, docs = folded[words], original[words], starts[words], docs[words]
    hashes = hash_words(folded)
    found = np.searchsorted(_FUNCTION_HASHES, hashes).clip(max=_FUNCTION_HASHES.size - 1)
    is_function = _FUNCTION_HASHES[found] == hashes
    is_name = ~starts & ~np.strings.islower(original)
    kept = is_function | ~np.strings.isalpha(original) | is_name
    return Words(folded, hashes, kept, docs)
