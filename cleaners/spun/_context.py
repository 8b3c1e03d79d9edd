"""The words around a phrase, as the lexicon's cues see them."""

from __future__ import annotations

from cleaners.spun._lexicon import DETERMINERS, Cue
from cleaners.spun._tokens import Words

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


def neighbours(words: Words, first: int, last: int, side: str) -> list[str]:
    """The word (or punctuation mark) next to words first..last; past one determiner on the right.

    Words keep their capitals so the "^" cue can see them.
    """
    text, count = words.text, len(words.originals)
    found: list[str] = []
    if side == "next":
        position = last
        while position + 1 < count:
            mark = _punctuation(words.gap(position))
            if mark is not None:
                if not found:
                    found.append(mark)
                break
            position += 1
            found.append(words.originals[position])
            if words.norms[position] not in DETERMINERS:
                break
        if not found and last + 1 == count:
            mark = _punctuation(text[words.end(last) :][:3])
            found = [mark] if mark else []
        return found
    if first == 0:
        return []
    mark = _punctuation(words.gap(first - 1))
    return [mark] if mark is not None else [words.originals[first - 1]]


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
