"""The spinner lexicon: load the shipped TSV once and index its entries by spun phrase."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise

from cleaners.spun._tokens import tokenize

LEXICON_FILE = "lexicon.tsv"
# Evidence weight of one hit, by tier (see the lexicon's header for what a tier means).
TIER_WEIGHTS = {"S": 3.0, "M": 1.5, "W": 0.5}
# Words a "next=" cue looks past, so "in accordance with the law" is judged on "law".
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "our"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One condition on a neighbouring word: which side, negated or not, and the allowed set."""

    side: str  # "prev" or "next"
    negated: bool
    words: frozenset[str]
    number: bool = False
    capitalised: bool = False
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """A spun phrase, the original it usually stands for, how telling it is, and where from."""

    spun: tuple[str, ...]
    gaps: tuple[str, ...]  # what stands between the spun words besides spaces: "." in "p.c."
    original: str
    tier: str
    cues: tuple[Cue, ...]
    no_comma: bool
    source: str

    @property
    def weight(self) -> float:
        return TIER_WEIGHTS[self.tier]


@dataclass(frozen=True)
class Lexicon:
    """All entries, indexed by their spun word tuple (several entries may share one)."""

    version: str
    entries: dict[tuple[str, ...], tuple[Entry, ...]]
    longest: int
    first_words: frozenset[str]
    # Per first word, the lengths of the entries it starts, longest first: the only lengths
    # worth looking up where that word stands.
    lengths: dict[str, tuple[int, ...]]


def parse_cues(text: str) -> tuple[tuple[Cue, ...], bool]:
    """Parse a cue column ("-", "nocomma", "next=a|b !prev=^ ...") into cues and the comma flag."""
    cues: list[Cue] = []
    no_comma = False
    for part in text.split():
        if part == "-":
            continue
        if part == "nocomma":
            no_comma = True
            continue
        key, _, value = part.partition("=")
        if key.lstrip("!") not in ("prev", "next") or not value:
            raise ValueError(f"bad cue {part!r} in {text!r}")
        items = set(value.lower().split("|"))
        flags = {flag: flag_mark in items for flag, flag_mark in
                 (("number", "#"), ("capitalised", "^"), ("plural", "plural"))}
        items -= {"#", "^", "plural"}
        cues.append(Cue(key.lstrip("!"), key.startswith("!"), frozenset(items), **flags))
    return tuple(cues), no_comma


def parse_lexicon(text: str) -> Lexicon:
    """Build a lexicon from the TSV text (comment lines start with '#', '# version' names it)."""
    version = "0"
    grouped: dict[tuple[str, ...], list[Entry]] = {}
    for line in text.splitlines():
        if line.startswith("# version"):
            version = line.split("\t", 1)[1].strip()
        if not line.strip() or line.startswith("#"):
            continue
        spun, original, tier, cue_text, source = line.split("\t")
        cues, no_comma = parse_cues(cue_text)
        tokens = tokenize(spun)
        key = tuple(token.norm for token in tokens)
        gaps = tuple(spun[a.end : b.start].strip() for a, b in pairwise(tokens))
        grouped.setdefault(key, []).append(
            Entry(key, gaps, original, tier, cues, no_comma, source)
        )
    entries = {key: tuple(group) for key, group in grouped.items()}
    longest = max((len(k) for k in entries), default=1)
    lengths: dict[str, set[int]] = {}
    for key in entries:
        lengths.setdefault(key[0], set()).add(len(key))
    return Lexicon(
        version,
        entries,
        longest,
        frozenset(lengths),
        {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()},
    )


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped inside the package, parsed once per process."""
    return parse_lexicon(files("cleaners.spun").joinpath(LEXICON_FILE).read_text("utf-8"))
