"""Spun-text detection and restoration from the lexicon: the real spun seed, clean news, traps."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest

from cleaners import clean_text
from cleaners.spun import assess, mark
from cleaners.spun._tokens import tokenize

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
DATA = Path(__file__).parent / "data" / "spun"
SPUN_SEED = (DATA / "seed002_spun.txt").read_text("utf-8")
SEED_ORIGINAL = (DATA / "seed002_original.txt").read_text("utf-8")


def _agreement(a: str, b: str) -> float:
    return SequenceMatcher(
        None, [t.norm for t in tokenize(a)], [t.norm for t in tokenize(b)], autojunk=False
    ).ratio()


def test_spun_seed_is_flagged_and_restored() -> None:
    report = assess(SPUN_SEED)
    assert report.is_spun
    assert report.score > 0.9
    assert report.restored_text is not None
    assert _agreement(report.restored_text, SEED_ORIGINAL) >= 0.95
    assert _agreement(SPUN_SEED, SEED_ORIGINAL) < 0.9
    for sub in report.substitutions:
        assert SPUN_SEED[sub.start : sub.end] == sub.spun


def test_spun_seed_swaps_are_marked_in_place() -> None:
    report = assess(SPUN_SEED)
    marked = mark(SPUN_SEED, report.substitutions)
    assert "Korean Central [[Information Company→News Agency]]" in marked
    assert "[[1000’s→thousands]]" in marked
    assert "[[in accordance with→according to]]" in marked


@pytest.mark.parametrize("name", ["000", "001", "003", "004"])
def test_clean_seeds_are_not_flagged(name: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds: {SEEDS} is absent (shared/ lies beside the checkout only)")
    path = next(SEEDS.glob(f"{name}_*.txt"))
    report = assess(path.read_text("utf-8"))
    assert not report.is_spun
    assert report.restored_text is None
    assert report.substitutions == ()


TRAPS = {
    "law": (
        "The ministry said the search was carried out in accordance with the law and that "
        "officers acted in accordance with the rules. The chief executive of the firm said "
        "the company would appeal. Police said they had not yet decided whether to bring "
        "charges, and the final decision rests with prosecutors."
    ),
    "band": (
        "The band's live performance at Glastonbury drew the biggest crowd of the weekend. "
        "Fans who had waited for 12 months to see them said the final song was worth it, "
        "and the singer thanked the crowd for their patience."
    ),
    "british": (
        "The Ministry of Defence said inflation in the 12 months to March had fallen, and "
        "the Chancellor told the Commons that the government would honour its pledges "
        "towards the end of the year. Labour said the authorities had been slow to act, "
        "and that families across the country were still struggling with their bills."
    ),
    "quote": (
        "“We will finish the job,” the coach said after the match. “Additionally, I want to "
        "thank the fans. It was a strong performance from the team in the final minutes.”"
    ),
}


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_real_english_is_left_alone(name: str) -> None:
    report = assess(TRAPS[name])
    assert not report.is_spun
    assert report.restored_text is None


@pytest.mark.parametrize(
    "text",
    [
        "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen. Die Regierung sagte, "
        "die Maßnahmen seien notwendig, um die Wirtschaft zu stärken und Arbeitsplätze zu sichern.",
        "Le gouvernement a annoncé jeudi de nouvelles mesures pour soutenir les familles. "
        "Selon le ministre, plus de mille personnes ont été touchées par les inondations.",
    ],
)
def test_non_english_text_is_left_alone(text: str) -> None:
    assert not assess(text).is_spun


def test_names_are_not_restored() -> None:
    text = SPUN_SEED + "\nHe met Final Fantasy fans and Chief Keef in the Assembly Rooms."
    report = assess(text)
    tail = report.restored_text.split("\n")[-1]
    assert tail == "He met Final Fantasy fans and Chief Keef in the Assembly Rooms."


def test_clean_text_carries_the_spun_report() -> None:
    article = clean_text(SPUN_SEED)
    assert article.spun is not None and article.spun.is_spun
    assert not clean_text(TRAPS["law"]).spun.is_spun


def test_positions_hold_when_lower_casing_changes_length() -> None:
    text = "İstanbul: " + SPUN_SEED  # "İ".lower() is two characters long
    report = assess(text)
    assert report.is_spun
    assert all(text[s.start : s.end] == s.spun for s in report.substitutions)
