"""The evaluation's MyThes spinner: common plain synonyms of a word's first senses, inflected."""

from __future__ import annotations

from pathlib import Path

from bench.spun_mythes_spinner import mythes_table

# The .dat format: encoding line; "headword|n" then n sense lines "(pos)|term|term ...".
DAT = """UTF-8
region|3
(noun)|area|location (generic term)
(noun)|part|body part (generic term)
(noun)|neighborhood|indefinite quantity (generic term)
he|1
(noun)|helium|He|atomic number 2|chemical element (generic term)
show|1
(verb)|display|Exhibit|present
"""


def test_spinner_offers_common_synonyms_of_the_first_senses(tmp_path: Path) -> None:
    path = tmp_path / "th_en_US_v2.dat"
    path.write_text(DAT, "utf-8")
    table = mythes_table(path)
    assert table is not None
    assert set(table[("region",)]) == {"area", "part"}  # not the third sense's "neighborhood"
    assert "areas" in table[("regions",)]  # a regular plural, both forms English words
    assert "displayed" in table[("showed",)] and "exhibit" not in table[("show",)]  # a name
    assert ("he",) not in table  # the grammar's words are left alone


def test_spinner_is_absent_without_the_thesaurus(tmp_path: Path) -> None:
    assert mythes_table(tmp_path / "missing.dat") is None
