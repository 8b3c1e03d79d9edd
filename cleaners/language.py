"""Guess a text's language when the page does not say: by script, then by common words."""

from __future__ import annotations

import re
from collections import Counter

# Scripts that name their language well enough for news (ISO 639-1 codes).
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")),
    ("uk", re.compile(r"[ієїґІЄЇҐ]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_FIRST_SCRIPT_CHARACTER = "\u0370"
# The most frequent short words of each Latin-script language; a shared word counts for each.
_COMMON_WORDS: dict[str, str] = {
    "en": "the and of to is that was for with are this have from they which would been",
    "de": "der die und das ist nicht mit sich auf dem den ein eine auch für wird",
    "fr": "le les des est une dans pour qui pas sur sont avec ce du au",
    "es": "el los las una por con para del que se está son como pero más",
    "it": "il della che di è per una sono gli con non anche alla nel",
    "pt": "os das uma não para com que dos pelo está são mais foi ao",
    "nl": "het een van en niet dat zijn voor met ook maar bij wordt naar",
    "id": "yang dan di dari ini itu dengan untuk tidak ada akan dalam karena",
    "cs": "je se na že v a to jsou byl byla jako které podle když také jeho ale",
    "pl": "się nie jest że na do to jak przez oraz które jego był była także już",
    "sv": "och att det som är för på med inte har av till den ett var också",
    "da": "og at det som er for på med ikke har af til den et var også",
    "no": "og at det som er for på med ikke har av til den et var også ble",
    "tr": "ve bir bu için ile da de olarak çok daha gibi olan ancak ise",
    "fi": "ja on että ei se hän oli ovat myös kun mutta joka tai sen",
    "hu": "a az és hogy nem is egy meg van volt csak már mint ezt",
    "ro": "și în de la cu pe că nu care este mai din pentru sunt fost",
}
_WORD_LANGUAGES: dict[str, list[str]] = {}
for _language, _words in _COMMON_WORDS.items():
    for _word in _words.split():
        _WORD_LANGUAGES.setdefault(_word, []).append(_language)
_WORD = re.compile(r"\w+")
_SAMPLE_CHARS = 3000
_MIN_SCRIPT_SHARE = 0.3
_MIN_HITS = 8
_MIN_LEAD = 1.5  # the winner's hits over the runner-up's


# Japanese is written in kanji with kana among them; a text with this share of kana is Japanese.
_KANA = re.compile(r"[\u3040-\u30ff]")
_MIN_KANA_SHARE = 0.05


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code for the text's language, or None when the evidence is thin."""
    sample = text[:_SAMPLE_CHARS]
    letters = sum(map(str.isalpha, sample))
    if not letters:
        return None
    # Every script above starts at U+0370 or later: a text with nothing there skips them.
    scripts = _SCRIPTS if max(sample) >= _FIRST_SCRIPT_CHARACTER else ()
    for language, script in scripts:
        if len(script.findall(sample)) >= _MIN_SCRIPT_SHARE * letters:
            if language == "zh" and len(_KANA.findall(sample)) >= _MIN_KANA_SHARE * letters:
                return "ja"
            return language
    hits: Counter[str] = Counter()
    for word in _WORD.findall(sample.casefold()):
        for language in _WORD_LANGUAGES.get(word, ()):
            hits[language] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < _MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < _MIN_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]
