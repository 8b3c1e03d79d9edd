"""Restore a spun copy from a clean near-duplicate of the same story by word alignment."""

from __future__ import annotations

import numpy as np

from cleaners.article import SpunReport, Substitution
from cleaners.dedup._kernels import matching_blocks
from cleaners.spun._apply import apply_substitutions
from cleaners.spun._tokens import Token, match_case, tokenize

# Spinners swap words and short phrases; a longer replaced block is an editor's rewrite.
MAX_PHRASE_WORDS = 4
# Share of the spun copy's words that must be swapped for the copy to count as spun.
SPUN_SHARE = 0.04


def aligned_swaps(
    spun_text: str, spun_tokens: list[Token], original_text: str, original_tokens: list[Token]
) -> list[tuple[slice, slice]]:
    """Pairs of token slices (spun, original) where the two texts differ by a short phrase."""
    swaps: list[tuple[slice, slice]] = []
    for s1, s2, o1, o2 in replaced_runs(
        [t.norm for t in spun_tokens], [t.norm for t in original_tokens]
    ):
        spun_parts = _split_at_punctuation(spun_text, spun_tokens, s1, s2)
        original_parts = _split_at_punctuation(original_text, original_tokens, o1, o2)
        if len(spun_parts) != len(original_parts):
            spun_parts, original_parts = [slice(s1, s2)], [slice(o1, o2)]
        for spun_part, original_part in zip(spun_parts, original_parts, strict=True):
            if _width(spun_part) <= MAX_PHRASE_WORDS and _width(original_part) <= MAX_PHRASE_WORDS:
                swaps.extend(_word_by_word(spun_part, original_part))
    return swaps


def replaced_runs(first: list[str], second: list[str]) -> list[tuple[int, int, int, int]]:
    """The `replace` opcodes (i1, i2, j1, j2) of difflib.SequenceMatcher(None, first, second,
    autojunk=False): the same alignment, its matching blocks found in C."""
    ids: dict[str, int] = {}
    codes = [np.array([ids.setdefault(w, len(ids)) for w in words], dtype=np.int64)
             for words in (first, second)]
    runs: list[tuple[int, int, int, int]] = []
    i = j = 0
    for ai, bj, size in matching_blocks(codes[0], codes[1]):
        if i < ai and j < bj:
            runs.append((i, ai, j, bj))
        i, j = ai + size, bj + size
    return runs


def _word_by_word(spun_part: slice, original_part: slice) -> list[tuple[slice, slice]]:
    """Runs of equal length are read as one-word swaps side by side ("additionally mentioned")."""
    if _width(spun_part) != _width(original_part):
        return [(spun_part, original_part)]
    return [
        (slice(s, s + 1), slice(o, o + 1))
        for s, o in zip(
            range(spun_part.start, spun_part.stop),
            range(original_part.start, original_part.stop),
            strict=True,
        )
    ]


def _width(part: slice) -> int:
    return part.stop - part.start


def _split_at_punctuation(text: str, tokens: list[Token], first: int, stop: int) -> list[slice]:
    """Cut a run of tokens where punctuation stands between two words (a phrase ends there)."""
    parts: list[slice] = []
    begin = first
    for i in range(first + 1, stop):
        if text[tokens[i - 1].end : tokens[i].start].strip():
            parts.append(slice(begin, i))
            begin = i
    parts.append(slice(begin, stop))
    return parts


def restore_from_original(spun_text: str, original_text: str) -> SpunReport:
    """Align a spun copy with its clean original and put the original wording back."""
    spun_tokens = tokenize(spun_text)
    original_tokens = tokenize(original_text)
    substitutions: list[Substitution] = []
    swapped_words = 0
    for spun_slice, original_slice in aligned_swaps(
        spun_text, spun_tokens, original_text, original_tokens
    ):
        s_tokens = spun_tokens[spun_slice]
        o_tokens = original_tokens[original_slice]
        start, end = s_tokens[0].start, s_tokens[-1].end
        found = spun_text[start:end]
        original = original_text[o_tokens[0].start : o_tokens[-1].end]
        substitutions.append(
            Substitution(found, match_case(original, found), start, end, source="aligned copy")
        )
        swapped_words += len(s_tokens)
    share = swapped_words / len(spun_tokens) if spun_tokens else 0.0
    score = min(1.0, share / (2 * SPUN_SHARE))
    return SpunReport(
        score=score,
        is_spun=share >= SPUN_SHARE,
        restored_text=apply_substitutions(spun_text, substitutions) if substitutions else None,
        substitutions=tuple(substitutions),
        verdict=f"aligned copy: {share:.1%} of the words differ from the clean copy",
    )
