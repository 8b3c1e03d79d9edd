"""Build the shipped reverse swap table from WordNet 3.0 and the tortured-phrase corpus.

A build tool, not part of the cleaning path: run it after changing a source or a filter and
commit the result (`cleaners/spun/swaps.tsv.gz`); a fresh clone needs nothing at run time.

    apt-get install -y wordnet-base        # Princeton WordNet 3.0 under /usr/share/wordnet
    python -m cleaners.spun.build_tables   # add --tortured PATH (default: ../shared/...)
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wordfreq import zipf_frequency

from cleaners.spun._sources import (
    parse_tortured,
    reverse_table,
    table_lines,
    tortured_edges,
    tortured_half,
)
from cleaners.spun._wordnet import (
    POS_FILES,
    Synset,
    parse_data,
    parse_exceptions,
    parse_index,
    synonym_edges,
)

WORDNET = Path("/usr/share/wordnet")
REPO = Path(__file__).resolve().parents[2]
TORTURED = REPO.parent / "shared" / "corpora" / "tortured-phrases" / "tortured-phrases.tsv"
OUTPUT = Path(__file__).with_name("swaps.tsv.gz")
# An original worth restoring is a word news writes often; a swapped-in form must be a word.
ORIGINAL_ZIPF = 3.0
WORD_ZIPF = 1.0
# Synsets among an original's commonest senses only (see `synonym_edges`).
MAX_SENSE_RANK = 2
HEADER = (
    "# wirewash reverse swap table: swapped-in phrase, an original it may stand for, source.\n"
    "# Built by `python -m cleaners.spun.build_tables`. Sources: wn = WordNet 3.0 (Princeton\n"
    "# University, WordNet licence), tp = half of the tortured phrases of the Problematic Paper\n"
    "# Screener (CC BY 4.0). See NOTICE.\n"
)


def read_synsets(folder: Path) -> list[Synset]:
    """Every synset of the four parts of speech."""
    return [
        synset
        for pos, name in POS_FILES.items()
        for synset in parse_data((folder / f"data.{name}").read_text("latin-1"), pos)
    ]


def read_irregular(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Irregular forms by part of speech, from WordNet's exception lists."""
    return {
        pos: parse_exceptions((folder / f"{name}.exc").read_text("latin-1"))
        for pos, name in POS_FILES.items()
    }


def read_senses(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Each lemma's synsets by part of speech, commonest sense first."""
    return {
        pos: parse_index((folder / f"index.{name}").read_text("latin-1"), pos)
        for pos, name in POS_FILES.items()
    }


@dataclass(frozen=True)
class WordNet:
    """What the build reads from WordNet: synsets, irregular forms, sense order."""

    synsets: list[Synset]
    irregular: dict[str, dict[str, list[str]]]
    senses: dict[str, dict[str, list[str]]]

    @classmethod
    def read(cls, folder: Path) -> WordNet:
        return cls(read_synsets(folder), read_irregular(folder), read_senses(folder))

    def rank(self, lemma: str, key: str) -> int:
        order = self.senses[key[-1]].get(lemma, [])
        return order.index(key) if key in order else len(order)


def wordnet_edges(wordnet: WordNet, synsets: list[Synset]) -> Iterator[tuple[str, str, str]]:
    """(original, swapped-in, "wn") over the given synsets, inflected forms included."""
    def is_word(form: str) -> bool:
        return zipf_frequency(form, "en") >= WORD_ZIPF

    for original, swapped in synonym_edges(
        synsets, wordnet.irregular, is_word, wordnet.rank, MAX_SENSE_RANK
    ):
        yield original, swapped, "wn"


def build(
    wordnet: WordNet,
    tortured_text: str | None,
    keep_synset: Callable[[Synset], bool] = lambda synset: True,
    keep_tortured: Callable[[str], bool] = lambda correct: tortured_half(correct) == 0,
) -> dict[str, dict[str, str]]:
    """The reverse table from the kept synsets and the restorer's half of the tortured pairs."""
    edges = list(wordnet_edges(wordnet, [s for s in wordnet.synsets if keep_synset(s)]))
    if tortured_text is not None:
        pairs = [p for p in parse_tortured(tortured_text) if keep_tortured(p[1])]
        edges += [(o, s, "tp") for o, s in tortured_edges(pairs)]
    return reverse_table(edges, lambda w: zipf_frequency(w, "en"), ORIGINAL_ZIPF)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=WORDNET)
    parser.add_argument("--tortured", type=Path, default=TORTURED)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(f"error: no WordNet at {args.wordnet} (apt-get install wordnet-base)",
              file=sys.stderr)
        return 2
    if not args.tortured.is_file():
        print(f"error: no tortured-phrase corpus at {args.tortured}", file=sys.stderr)
        return 2
    table = build(WordNet.read(args.wordnet), args.tortured.read_text("utf-8"))
    lines = table_lines(table)
    # mtime=0: the same sources give the same bytes.
    with gzip.GzipFile(args.output, "wb", mtime=0) as out:
        out.write((HEADER + "\n".join(lines) + "\n").encode("utf-8"))
    print(f"{len(table)} swapped-in phrases, {len(lines)} pairs -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
