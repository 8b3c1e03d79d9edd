"""WordNet as a spinner's thesaurus: which forms a word could have been swapped for."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cleaners.spun import _wordnet
from cleaners.spun._inflect import ENDINGS, inflections

# An original is offered only through its commonest sense: "in" is not the original of "inch",
# nor "be" of "embody" (chosen on the tuning half: with two senses, guesses were wrong twice as
# often for hardly more right ones).
TOP_SENSES = 1


class Thesaurus:
    """WordNet synonym sets read as (spun form, original form) pairs, endings kept alike."""

    def __init__(self, wordnet: _wordnet.WordNet) -> None:
        self._wordnet = wordnet
        self._forms_of: dict[str, dict[str, list[str]]] = {}
        for pos, forms in wordnet.irregular.items():
            by_lemma: dict[str, list[str]] = {}
            for form, lemma in forms.items():
                by_lemma.setdefault(lemma, []).append(form)
            self._forms_of[pos] = by_lemma

    def swaps(self, keep_original: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
        """(synonym form, original form) for the lemmas WordNet was opened with.

        "said" yields ("stated", "said"), ("declared", "said"), ...: the synonyms of the
        original's commonest sense, given the original's ending, for each original form the
        caller keeps.
        """
        wordnet, forms_of = self._wordnet, self._forms_of
        for pos, senses in wordnet.senses.items():
            for lemma, offsets in senses.items():
                synonyms = [
                    other
                    for offset in offsets[:TOP_SENSES]
                    for other in wordnet.synset(pos, offset)
                    if other != lemma
                ]
                if not synonyms:
                    continue
                for ending in ENDINGS[pos]:
                    for original in inflections(lemma, pos, ending, forms_of):
                        if not keep_original(original):
                            continue
                        for synonym in synonyms:
                            for form in inflections(synonym, pos, ending, forms_of):
                                yield form, original
