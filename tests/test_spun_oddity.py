"""The context verdict: spun text caught without the lexicon, clean and foreign text left alone."""

from __future__ import annotations

import re
from pathlib import Path

from news_site import generated_paragraphs

from cleaners.spun import assess
from cleaners.spun._detect import THRESHOLD, context_score, measure
from cleaners.spun._guess import shipped_table
from cleaners.spun._lexicon import Lexicon
from cleaners.spun._oddity import MAX_RUN_SHARE, is_english, run_share
from cleaners.spun._tokens import Words

DATA = Path(__file__).parent / "data" / "spun"
ORIGINAL = (DATA / "seed002_original.txt").read_text("utf-8")
NO_LEXICON = Lexicon("none", {}, 1, frozenset(), {})
GERMAN = (
    "Die Regierung hat am Dienstag neue Maßnahmen angekündigt, die den Wohnungsbau in den "
    "Städten beschleunigen sollen. Nach Angaben des Ministeriums werden die Mittel für den "
    "sozialen Wohnungsbau im kommenden Jahr deutlich erhöht, während Genehmigungsverfahren "
    "vereinfacht werden. Kritiker bemängeln, dass die Pläne zu spät kommen."
)


def _spun_by_the_table(text: str, share: int) -> str:
    """Swap every `share`-th word the shipped table offers a swapped-in form for (a spinner)."""
    forward: dict[str, str] = {}
    for swapped, originals in shipped_table().items():
        for original in originals:
            if " " not in swapped and " " not in original:
                forward.setdefault(original, swapped)
    seen = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal seen
        word = match.group()
        if word not in forward:
            return word
        seen += 1
        return forward[word] if seen % share == 0 else word

    return re.sub(r"\b[a-z]+\b", swap, text)


def _context_score(text: str) -> float:
    return context_score(measure(text, Words.of(text), shipped_table()))


def test_language_check_tells_english_from_german() -> None:
    assert is_english(Words.of(ORIGINAL).norms)
    assert not is_english(Words.of(GERMAN).norms)
    assert _context_score(GERMAN) == 0.0


def test_clean_original_is_not_spun_by_context() -> None:
    assert _context_score(ORIGINAL) < THRESHOLD


def test_spun_copy_is_caught_without_any_lexicon_entry() -> None:
    spun = _spun_by_the_table(ORIGINAL, share=2)
    assert spun != ORIGINAL
    report = assess(spun, lexicon=NO_LEXICON)
    assert report.is_spun
    assert report.verdict.startswith("context: swap density")
    assert report.score >= THRESHOLD > _context_score(ORIGINAL)
    assert not assess(ORIGINAL, lexicon=NO_LEXICON).is_spun


def test_word_salad_is_not_judged_by_context() -> None:
    filler = "\n\n".join(generated_paragraphs(0))  # "..., with declared launch method enemy"
    assert run_share(Words.of(filler)) >= MAX_RUN_SHARE > run_share(Words.of(ORIGINAL))
    assert _context_score(filler) == 0.0
    assert not assess(filler, lexicon=NO_LEXICON).is_spun
