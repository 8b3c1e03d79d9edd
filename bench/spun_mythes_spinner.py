"""A test spinner's table from a thesaurus the restorer never reads: LibreOffice's English MyThes.

For the evaluation only (bench/spun_eval.py); nothing in the product reads this file or the
thesaurus. Debian's `mythes-en-us` installs `/usr/share/mythes/th_en_US_v2.dat`: per headword,
its senses, each a part of speech and a list of terms ("(generic term)" and the like mark
terms that are not synonyms). Like a commercial "article rewriter", the spinner offers for a
word the commonest plain synonyms of its first senses, and inflects regular plurals and verb
forms where both forms are English words.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
# Senses read per headword, synonyms kept per headword, and how common a synonym must be.
FIRST_SENSES = 2
PER_WORD = 3
SYNONYM_ZIPF = 3.0
# An inflected form is used when both it and its synonym's form are at least this common.
FORM_ZIPF = 2.0
# Like commercial spinners, the grammar's words are left alone: originals this common ("he",
# "as", "can", MyThes has nouns for them: "helium", "arsenic", "tin") or this short.
ORIGINAL_MAX_ZIPF = 5.8
ORIGINAL_MIN_LENGTH = 3

Table = dict[tuple[str, ...], tuple[str, ...]]


def _zipf(phrase: str) -> float:
    return min(zipf_frequency(word, "en") for word in phrase.split())


def _forms(word: str, pos: str) -> list[str]:
    """Regular inflections of a single word: plural of a noun; -s, -ed, -ing of a verb."""
    if " " in word or not word.isalpha():
        return []
    if word.endswith(("s", "x", "ch", "sh")):
        third = word + "es"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    if pos == "noun":
        return [third]
    if pos != "verb":
        return []
    stem = word[:-1] if word.endswith("e") else word
    return [third, stem + "ed", stem + "ing"]


def _synonyms(senses: list[str], headword: str) -> list[tuple[str, str]]:
    """(part of speech, synonym) of the first senses: plain terms, common, sharing no word."""
    found: dict[str, str] = {}
    words = set(headword.split())
    for sense in senses[:FIRST_SENSES]:
        pos, *terms = sense.split("|")
        for term in terms:
            if term != term.lower():
                continue  # a name: "American Samoa" is no synonym of "as"
            term = term.strip()
            if "(" in term or not term or words & set(term.split()) or term in found:
                continue
            if all(part.isalpha() for part in term.split()) and _zipf(term) >= SYNONYM_ZIPF:
                found[term] = pos.strip("()")
    ranked = sorted(found, key=_zipf, reverse=True)[:PER_WORD]
    return [(found[term], term) for term in ranked]


def read_entries(text: str) -> dict[str, list[str]]:
    """Headword -> its sense lines, from the .dat file's text."""
    lines = text.splitlines()
    entries: dict[str, list[str]] = {}
    i = 1  # the first line names the encoding
    while i < len(lines):
        headword, _, count = lines[i].partition("|")
        n = int(count)
        entries[headword.lower()] = lines[i + 1 : i + 1 + n]
        i += 1 + n
    return entries


def mythes_table(path: Path = MYTHES) -> Table | None:
    """original phrase -> the synonyms the spinner may write for it; None without the thesaurus."""
    if not path.is_file():
        return None
    table: dict[tuple[str, ...], list[str]] = {}

    def add(original: str, synonym: str) -> None:
        options = table.setdefault(tuple(original.split()), [])
        if synonym not in options:
            options.append(synonym)

    for headword, senses in read_entries(path.read_text("utf-8")).items():
        if not all(part.isalpha() for part in headword.split()):
            continue
        if len(headword) < ORIGINAL_MIN_LENGTH or _zipf(headword) > ORIGINAL_MAX_ZIPF:
            continue
        for pos, synonym in _synonyms(senses, headword):
            add(headword, synonym)
            forms = zip(_forms(headword, pos), _forms(synonym, pos), strict=False)
            for form, synonym_form in forms:
                if min(_zipf(form), _zipf(synonym_form)) >= FORM_ZIPF:
                    add(form, synonym_form)
    return {k: tuple(v) for k, v in table.items()}
