"""Restoration beyond the lexicon: the shipped WordNet/tortured-phrase table, context guesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

import cleaners.spun._guess as guess_module
from cleaners.article import Substitution
from cleaners.spun import assess, mark
from cleaners.spun._guess import guesses, protected_spans, shipped_table
from cleaners.spun._ngrams import MAX_NEWS_PAIRS, ContextModel, NewsCounts
from cleaners.spun._sources import parse_tortured, reverse_table, tortured_edges, tortured_half
from cleaners.spun._tokens import Words
from cleaners.spun._wordnet import inflections, parse_data, parse_index, synonym_edges

SPUN_SEED = Path(__file__).parent / "data" / "spun" / "seed002_spun.txt"
# Two synsets in WordNet's own data-file format (licence header lines start with two spaces).
DATA = (
    "  1 This software and database is being provided ...\n"
    "08497294 15 n 02 area 0 region 0 000 | a part of an animate being\n"
    "09999999 15 n 02 country 0 nation 0 000 | a politically organized body of people\n"
)
INDEX = "area n 2 1 @ 2 2 08497294 05815517  \nregion n 1 1 @ 1 1 08497294  \n"


def test_wordnet_synsets_give_inflected_swaps_of_common_senses() -> None:
    synsets = list(parse_data(DATA, "n"))
    assert [s.lemmas for s in synsets] == [("area", "region"), ("country", "nation")]
    senses = parse_index(INDEX, "n")

    def rank(lemma: str, key: str) -> int:
        order = senses.get(lemma, [])
        return order.index(key) if key in order else 9

    edges = set(synonym_edges(synsets, {}, lambda form: True, rank, 2))
    assert ("area", "region") in edges and ("areas", "regions") in edges
    assert not any(o == "country" for o, _ in edges)  # not among the index's senses: left out
    assert inflections("go", "v", {"go": ["went", "gone"]})["ed"] == ["went", "gone"]
    assert inflections("stop", "v", {})["ing"] == ["stoping", "stopping"]


def test_tortured_pairs_split_into_disjoint_halves_and_single_word_swaps() -> None:
    text = "tortured\tcorrect\nsurface region\tsurface area\nbrain organization\tneural network\n"
    pairs = list(parse_tortured(text))
    assert {tortured_half(c) for _, c in pairs} <= {0, 1}
    edges = set(tortured_edges(pairs))
    assert ("area", "region") in edges and ("surface area", "surface region") in edges
    table = reverse_table([(o, s, "tp") for o, s in edges], lambda w: 5.0, 3.0)
    assert table["region"] == {"area": "tp"}
    assert "surface" not in table  # a word both phrases share is no swap


def test_shipped_table_knows_common_swaps() -> None:
    table = shipped_table()
    assert table["automobile"]["car"] == "wn"
    assert "families" in table["households"]
    assert "country" in table["nation"]


def test_news_counts_stay_bounded() -> None:
    news = NewsCounts()
    news.add(f"w{i} v{i}." for i in range(MAX_NEWS_PAIRS + 10))
    assert len(news.pairs) <= MAX_NEWS_PAIRS


def test_context_prefers_the_idiomatic_word(monkeypatch: pytest.MonkeyPatch) -> None:
    model = ContextModel()
    words = Words.of("The region was hit by heavy rain.")
    table = {"heavy": {"big": "wn"}}
    assert guesses(words, table, model, set(), []) == []  # "heavy rain" is English: unscored
    monkeypatch.setattr(guess_module, "WELL_PLACED", 99.0)
    [guess] = guesses(words, table, model, set(), [])
    assert guess.margin < 0  # and "big rain" would be no better


def test_names_numbers_quotes_and_urls_are_never_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guess_module, "WELL_PLACED", 99.0)  # score every eligible word
    text = (
        'Mr Region said "the region is calm" at www.region.com on 12 May, and the region '
        "voted."
    )
    words = Words.of(text)
    found = guesses(words, {"region": {"area": "wn"}}, ContextModel(), set(),
                    protected_spans(text))
    assert [words.start(g.first) for g in found] == [text.rindex("region")]


def test_marked_only_swaps_are_shown_but_not_applied() -> None:
    text = "the big dog"
    subs = [Substitution("big", "large", 4, 7, applied=False)]
    assert mark(text, subs) == "the [[big→?large]] dog"


def test_restorations_carry_source_confidence_and_evidence() -> None:
    report = assess(SPUN_SEED.read_text("utf-8"))
    assert report.is_spun
    sources = {s.source for s in report.substitutions}
    assert "lexicon" in sources
    assert all(s.evidence for s in report.substitutions)
    assert all(0.0 <= s.confidence <= 1.0 for s in report.substitutions)


def test_explain_lists_each_swap_with_alternatives_and_evidence() -> None:
    result = run_cli("clean", "--explain", str(SPUN_SEED))
    assert result.returncode == 0, result.stderr
    assert "--- each swap: source, confidence, alternatives, evidence" in result.stdout
    assert "'troopers' -> 'troops': restored, lexicon" in result.stdout
    assert "marked only, wordnet" in result.stdout
