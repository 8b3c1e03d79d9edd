"""The words around a phrase, as the lexicon's cues see them."""

from __future__ import annotations

from cleaners.spun._lexicon import DETERMINERS, Cue
from cleaners.spun._tokens import Token

_SENTENCE_ENDS = ".!?:;\n"
_OPENERS = "\"'“‘«([—–- \t"
_CURRENCY = "$£€¥"
_IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "police", "individuals"})


def sentence_start(text: str, start: int) -> bool:
    """True when only openers (quotes, brackets, dashes) stand since the last sentence end."""
    position = start - 1
    while position >= 0 and text[position] in _OPENERS:
        position -= 1
    return position < 0 or text[position] in _SENTENCE_ENDS


def _plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "'s", "us", "is"))


def _punctuation(gap: str) -> str | None:
    stripped = gap.strip()
    return stripped[-1] if stripped else None


def neighbours(text: str, tokens: list[Token], first: int, last: int, side: str) -> list[str]:
    """The word (or punctuation mark) next to tokens[first..last]; past one determiner on the right.

    Capitalised words are returned with their capital so the "^" cue can see it.
    """
    found: list[str] = []
    if side == "next":
        position = last
        while position + 1 < len(tokens):
            gap = text[tokens[position].end : tokens[position + 1].start]
            mark = _punctuation(gap)
            if mark is not None:
                if not found:
                    found.append(mark)
                break
            position += 1
            found.append(text[tokens[position].start : tokens[position].end])
            if tokens[position].norm not in DETERMINERS:
                break
        return found
    if first == 0:
        return []
    mark = _punctuation(text[tokens[first - 1].end : tokens[first].start])
    if mark is not None:
        return [mark]
    return [text[tokens[first - 1].start : tokens[first - 1].end]]


def _matches(cue: Cue, word: str) -> bool:
    norm = word.lower().replace("’", "'")
    return (
        norm in cue.words
        or (cue.number and (norm[:1].isdigit() or norm in _CURRENCY))
        or (cue.capitalised and word[:1].isupper())
        or (cue.plural and _plural(norm))
    )


def cue_holds(cue: Cue, words: list[str]) -> bool:
    """Whether one cue holds for the neighbouring words on its side."""
    return any(_matches(cue, word) for word in words) != cue.negated
