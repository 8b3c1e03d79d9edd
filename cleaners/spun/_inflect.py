"""English inflection of WordNet lemmas: "make an attempt" -> "makes an attempt", "say" -> "said".

WordNet lists lemmas; text has forms. Regular forms follow the spelling rules below, irregular
ones come from WordNet's exception lists; a rule may offer several spellings ("stopped",
"stoped") and the caller keeps those the word counts know.
"""

from __future__ import annotations

# The endings a lemma can take, by part of speech ("" is the lemma itself).
ENDINGS = {
    "noun": ("", "s"), "verb": ("", "s", "ed", "ing"), "adj": ("", "er", "est"), "adv": ("",)
}
_VOWELS = frozenset("aeiou")


def _irregular_ending(pos: str, word: str) -> str:
    if pos == "noun":
        return "s"
    if pos == "adj":
        return "est" if word.endswith("st") else "er"
    if pos == "verb" and word.endswith("ing"):
        return "ing"
    return "ed"


def _suffixed(word: str, ending: str) -> list[str]:
    """Regular forms of one word with an ending (several spellings; the caller keeps real ones)."""
    if ending == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return [word + "es"]
        if word.endswith("y") and word[-2:-1] not in _VOWELS:
            return [word[:-1] + "ies"]
        return [word + "s"]
    suffix = ending
    if ending in ("er", "est", "ed") and word.endswith("e"):
        return [word + suffix[1:]]
    if ending != "ing" and word.endswith("y") and word[-2:-1] not in _VOWELS:
        return [word[:-1] + "i" + suffix]
    forms = [word + suffix, word + word[-1] + suffix]
    if ending == "ing" and word.endswith("e") and not word.endswith("ee"):
        forms = [word[:-1] + suffix]
    return forms


def inflections(
    lemma: str, pos: str, ending: str, irregular_by_lemma: dict[str, dict[str, list[str]]]
) -> list[str]:
    """Forms of a lemma with the ending: the verb's first word or the noun's last word changes."""
    if not ending:
        return [lemma]
    words = lemma.split(" ")
    head = 0 if pos == "verb" else len(words) - 1
    irregular = [
        form
        for form in irregular_by_lemma.get(pos, {}).get(words[head], [])
        if _irregular_ending(pos, form) == ending
    ]
    heads = irregular + _suffixed(words[head], ending)
    return [" ".join([*words[:head], form, *words[head + 1 :]]) for form in heads]
