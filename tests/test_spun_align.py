"""Restoring a spun copy from its clean original by word alignment."""

from __future__ import annotations

from difflib import SequenceMatcher

from cleaners.spun import restore_from_original
from cleaners.spun._align import replaced_runs
from cleaners.spun._tokens import tokenize

ORIGINAL = "North Korean leader Kim said, according to KCNA, that thousands were killed."
SPUN = "North Korean chief Kim mentioned, in accordance with KCNA, that 1000's have been killed."


def test_restores_every_swapped_phrase_with_positions() -> None:
    report = restore_from_original(SPUN, ORIGINAL)
    assert report.is_spun
    assert report.restored_text == ORIGINAL
    pairs = [(s.spun, s.original) for s in report.substitutions]
    assert ("chief", "leader") in pairs
    assert ("in accordance with", "according to") in pairs
    for sub in report.substitutions:
        assert SPUN[sub.start : sub.end] == sub.spun


def test_identical_copy_is_not_spun() -> None:
    report = restore_from_original(ORIGINAL, ORIGINAL)
    assert not report.is_spun
    assert report.restored_text is None
    assert report.substitutions == ()


def test_capitalisation_follows_the_spun_copy() -> None:
    report = restore_from_original("Additionally, he left.", "also, he left.")
    assert report.restored_text == "Also, he left."


def test_replaced_runs_are_difflibs_replace_opcodes() -> None:
    first = tokens("the chief said on monday that the deal was off the table for now")
    second = tokens("the leader mentioned on monday that the agreement was off the table")
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    expected = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op == "replace"]
    assert replaced_runs(first, second) == expected
    assert replaced_runs([], second) == []


def tokens(text: str) -> list[str]:
    return [token.norm for token in tokenize(text)]
