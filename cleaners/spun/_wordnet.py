"""Read WordNet's database text into synonym sets, with the inflected forms news text uses.

Pure functions over the text of WordNet 3.0's `data.<pos>` and `<pos>.exc` files; the build
script (`python -m cleaners.spun.build_tables`) reads the files and writes the shipped table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Synset:
    """One WordNet synonym set: its id (offset and part of speech) and its lemmas, spaced."""

    key: str
    pos: str
    lemmas: tuple[str, ...]


def parse_data(text: str, pos: str) -> Iterator[Synset]:
    """Synsets of one `data.<pos>` file (licence header lines start with two spaces)."""
    for line in text.splitlines():
        if not line or line.startswith("  "):
            continue
        fields = line.split(" ", 4)
        count = int(fields[3], 16)
        rest = fields[4].split(" ")
        lemmas = []
        for i in range(count):
            lemma = rest[2 * i].split("(")[0]  # adjective markers: "big(a)"
            lemmas.append(lemma.replace("_", " ").lower())
        yield Synset(f"{fields[0]}{pos}", pos, tuple(dict.fromkeys(lemmas)))


def parse_index(text: str, pos: str) -> dict[str, list[str]]:
    """Each lemma's synset keys of one `index.<pos>` file, commonest sense first."""
    senses: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("  "):
            continue
        fields = line.split()
        count = int(fields[2])
        senses[fields[0].replace("_", " ").lower()] = [f"{o}{pos}" for o in fields[-count:]]
    return senses


def parse_exceptions(text: str) -> dict[str, list[str]]:
    """Irregular forms of one `<pos>.exc` file, by base form: "go" -> ["went", "gone", ...]."""
    forms: dict[str, list[str]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            for base in parts[1:]:
                forms.setdefault(base.replace("_", " "), []).append(parts[0].replace("_", " "))
    return forms


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _suffixed(word: str, suffix: str) -> list[str]:
    """A verb with -ed or -ing: the regular spelling, and the doubled final consonant."""
    if word.endswith("e"):
        stem = word[:-1]
        return [stem + suffix] if suffix == "ing" else [word + "d"]
    if suffix == "ed" and word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return [word[:-1] + "ied"]
    forms = [word + suffix]
    if len(word) >= 3 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
        forms.append(word + word[-1] + suffix)
    return forms


def inflections(lemma: str, pos: str, irregular: dict[str, list[str]]) -> dict[str, list[str]]:
    """The forms of a one-word lemma by slot ("base", "plural", "s", "ed", "ing").

    Candidates a spelling rule makes may not be words; the caller keeps the ones a word list
    knows. Irregular forms replace the regular ones of their slot where WordNet lists them.
    """
    slots: dict[str, list[str]] = {"base": [lemma]}
    if " " in lemma or "-" in lemma:
        return slots
    odd = irregular.get(lemma, [])
    if pos == "n":
        slots["plural"] = [f for f in odd if not f.endswith("ing")] or [_plural(lemma)]
    elif pos == "v":
        slots["s"] = [_plural(lemma)]
        slots["ed"] = [f for f in odd if not f.endswith("ing")] or _suffixed(lemma, "ed")
        slots["ing"] = _suffixed(lemma, "ing")
    return slots


def synonym_edges(
    synsets: Iterable[Synset],
    irregular: dict[str, dict[str, list[str]]],
    is_word: Callable[[str], bool],
    sense_rank: Callable[[str, str], int],
    max_rank: int,
) -> Iterator[tuple[str, str]]:
    """(original, swapped-in) word pairs: two lemmas of one synset, in the same inflection.

    Only synsets among the original's `max_rank` commonest senses count: a thesaurus offers
    a word's main senses, and a rare sense ("returning" as "passing") only adds noise.
    """
    for synset in synsets:
        if len(synset.lemmas) < 2:
            continue
        forms = {
            lemma: inflections(lemma, synset.pos, irregular.get(synset.pos, {}))
            for lemma in synset.lemmas
        }
        for original in synset.lemmas:
            if sense_rank(original, synset.key) >= max_rank:
                continue
            for swapped in synset.lemmas:
                if swapped == original:
                    continue
                for slot, original_forms in forms[original].items():
                    swapped_forms = [f for f in forms[swapped].get(slot, []) if is_word(f)]
                    for original_form in original_forms:
                        if swapped_forms and is_word(original_form):
                            yield original_form, swapped_forms[0]
