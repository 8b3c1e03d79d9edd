"""Words as dedup sees them: normalised tokens, and the skeleton a spinner leaves alone."""

from __future__ import annotations

import re
import unicodedata

# Words are runs of letters and digits (apostrophes and hyphens split them, so "Korea's"
# and "Korea’s" agree); sentence ends and line breaks are tokens too, so that the next
# capitalised word is not taken for a name.
_TOKEN = re.compile(r"[^\W_]+|[.!?:;…\n]")
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


def words_and_skeleton(text: str) -> tuple[list[str], list[str]]:
    """The text's words (NFKC, case-folded, in order) and its skeleton, in one pass.

    The skeleton replaces every content word by a placeholder; function words, numbers
    and names (capitalised words inside a sentence) stay, so a copy whose content words
    were swapped for synonyms keeps the same skeleton.
    """
    words: list[str] = []
    skeleton: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(unicodedata.normalize("NFKC", text)):
        if not token[0].isalnum():
            sentence_start = True
            continue
        folded = token.casefold()
        words.append(folded)
        if folded in FUNCTION_WORDS or not token.isalpha():
            skeleton.append(folded)
        elif not sentence_start and not token.islower():
            skeleton.append(folded)  # a name: capitalised inside a sentence
        else:
            skeleton.append(PLACEHOLDER)
        sentence_start = False
    return words, skeleton
