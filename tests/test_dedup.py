"""Fingerprints and verdicts of near-duplicate detection, without a store."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from bench import dedup_copies as copies
from cleaners import clean_text
from cleaners.dedup import _fingerprint, compare, evidence, fingerprint, fingerprints
from cleaners.dedup._candidates import matching_pairs, most_shared, pairs_within
from cleaners.dedup._words import (
    FUNCTION_WORDS,
    PLACEHOLDER,
    WORD_WIDTH,
    analyse,
    analyse_batch,
    hash_words,
)

# A few synonyms, the way a spinner swaps them; names, numbers and function words stay.
SWAPS = {
    "said": "stated",
    "military": "army",
    "soldiers": "troopers",
    "troops": "forces",
    "speech": "address",
    "ceremony": "event",
    "memorial": "monument",
    "leader": "chief",
    "ties": "relations",
    "war": "battle",
    "fighting": "combat",
    "killed": "slain",
    "estimated": "reckoned",
    "support": "back",
    "latest": "newest",
    "comments": "remarks",
}


def spin(text: str) -> str:
    return re.sub(r"\b[a-z]+\b", lambda m: SWAPS.get(m.group(), m.group()), text)


@pytest.fixture
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {
        path.name[:3]: clean_text(path.read_text(encoding="utf-8")).text
        for path in sorted(seeds_dir.glob("*.txt"))
    }


def test_skeleton_keeps_function_words_names_and_numbers() -> None:
    words = analyse("Kim said 2,000 soldiers died in Kursk. Troops left.")
    assert words.folded() == [
        "kim",
        "said",
        "2",
        "000",
        "soldiers",
        "died",
        "in",
        "kursk",
        "troops",
        "left",
    ]
    _ = PLACEHOLDER
    assert words.skeleton() == [_, _, "2", "000", _, _, "in", "kursk", _, _]


def test_curly_and_straight_apostrophes_are_one_copy() -> None:
    text = "North Korea's leader spoke on Friday about the country's ties with Russia. " * 3
    assert compare(fingerprint(text), fingerprint(text.replace("'", "’"))).kind == "exact"


def test_seed_verdicts(seed_texts: dict[str, str]) -> None:
    prints = {key: fingerprint(text) for key, text in seed_texts.items()}
    assert compare(prints["000"], prints["001"]).kind == "rewrite"
    for a, b in [("000", "002"), ("000", "003"), ("001", "003"), ("002", "003"), ("003", "004")]:
        assert compare(prints[a], prints[b]) is None, (a, b)


def test_excerpt_and_spun_copy(seed_texts: dict[str, str]) -> None:
    original = seed_texts["000"]
    excerpt = original[: len(original) // 2].rsplit(".", 1)[0] + "."
    match = compare(fingerprint(excerpt), fingerprint(original))
    assert match.kind == "excerpt" and match.similarity > 0.9
    spun = spin(original)
    assert spun != original
    match = compare(fingerprint(spun), fingerprint(original))
    assert match.kind in {"spun", "rewrite"} and match.similarity >= 0.5


def test_a_shared_background_paragraph_is_not_a_copy(seed_texts: dict[str, str]) -> None:
    background = seed_texts["003"].split("\n\n")[-1]
    a = seed_texts["000"] + "\n\n" + background
    b = seed_texts["004"] + "\n\n" + background
    assert compare(fingerprint(a), fingerprint(b)) is None


def test_band_keys_are_the_same_in_another_process(seed_texts: dict[str, str]) -> None:
    keys = fingerprint(seed_texts["001"]).band_keys
    code = (
        "import sys; from cleaners.dedup import fingerprint; "
        "print(list(fingerprint(sys.stdin.read()).band_keys))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        input=seed_texts["001"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123"},
        cwd=Path(__file__).resolve().parents[1],
    )
    assert other.stdout.strip() == str(list(keys))
    assert all(-(2**63) <= key < 2**63 for key in keys)


def test_band_keys_do_not_change_between_versions() -> None:
    # Stored band rows were made by earlier versions: a new one must make the same keys.
    text = (
        "Kim said 2,000 soldiers died in Kursk. Troops left the front on Monday, officials "
        "said, and the talks in Seoul went on."
    )
    assert fingerprint(text).band_keys.tolist() == [
        214193370, 1443057207, 406390519, 1678190296, 1592050041, 1575831108, -1775587376,
        681808293, -1177833747, 1920619789, -2021235971, -1848825688, -1958764515, 989039829,
        1558729527, 1347329200, -1913990973, -1910778412, 1980752580, 921216011, -1495832503,
        -1592812766, -484371557, -1816116035,
    ]  # fmt: skip


def test_candidates_count_shared_bands_most_shared_first() -> None:
    owners, others = matching_pairs(np.array([5, 3, 5, 9, 4]), np.array([5, 1, 3, 7, 5]))
    assert sorted(zip(owners.tolist(), others.tolist(), strict=True)) == [
        (0, 0),
        (0, 4),
        (1, 2),
        (2, 0),
        (2, 4),
    ]
    ranked = most_shared(np.array([0, 0, 0, 1, 0, 1]), np.array([7, 7, 3, 2, 9, 2]), 2)
    assert ranked == {0: [(7, 2), (3, 1)], 1: [(2, 2)]}


def test_pairs_within_a_batch_are_those_of_repeated_keys() -> None:
    keys = np.array([8, 3, 8, 6, 3, 8, 1])
    first, second = pairs_within(keys)
    pairs = set(zip(first.tolist(), second.tolist(), strict=True))
    every = matching_pairs(keys, keys)
    assert pairs == {
        (i, j) for i, j in zip(*(side.tolist() for side in every), strict=True) if keys[i] in (3, 8)
    }
    assert pairs_within(np.array([4, 2, 9]))[0].size == 0


# What analyse_batch computes with arrays, written out token by token with str methods.
_TOKEN = re.compile(r"[^\W_]+|[.!?:;…\n\x00]")


def _reference(text: str) -> tuple[list[str], list[bool]]:
    """Folded words and whether each stays in the skeleton, one token at a time."""
    words, kept, sentence_start = [], [], True
    for token in _TOKEN.findall(unicodedata.normalize("NFKC", text)):
        if not token.isalnum():
            sentence_start = True
            continue
        head = token[:WORD_WIDTH]
        name = not sentence_start and not head.islower()
        words.append(token.casefold())
        kept.append(token.casefold() in FUNCTION_WORDS or not head.isalpha() or name)
        sentence_start = False
    return words, kept


TRICKY = (
    "Kim’s 2,000 troops_left\tKursk… «Seoul» said: ok!\n\nßtraße İstanbul ½ e-mail end. "
    "ÉCOLE Élan ǅemal Ⅻ ① ² ǰ ΐ ﬁnal x\u0301y MCDONALD’S. IPhone iPhone "
    "Averyveryverylongwordindeedyes aBCDEFGHIJKLMNOPQRSTUV abcdefghijklmnoPQ 1990s"
)


def test_words_are_what_the_expression_and_str_methods_make(seed_texts: dict[str, str]) -> None:
    for text in [TRICKY, *seed_texts.values()]:
        words = analyse(text)
        folded, kept = _reference(text)
        assert words.folded() == folded
        assert words.kept.tolist() == kept
        assert words.hashes.tolist() == hash_words(np.array(folded, dtype="<U16")).tolist()


def test_a_batch_keeps_its_texts_apart() -> None:
    ascii_only = analyse_batch(["Kim SAID it.", "Then LEFT."])
    assert ascii_only.folded() == ["kim", "said", "it", "then", "left"]
    assert ascii_only.docs.tolist() == [0, 0, 0, 1, 1]
    mixed = analyse_batch(["Kim SAID it", "Straße und Köln.", "", "\x00 x"])
    assert mixed.folded() == ["kim", "said", "it", "strasse", "und", "köln", "x"]
    assert mixed.docs.tolist() == [0, 0, 0, 1, 1, 1, 3]
    # A text's first word starts a sentence, whatever the text before it ended with.
    assert mixed.kept.tolist()[3] == analyse("Straße und Köln.").kept.tolist()[0]


def test_fingerprints_are_the_same_whatever_groups_the_texts_fall_in(
    seed_texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [*seed_texts.values(), "", TRICKY, "short one", *seed_texts.values()]
    whole = fingerprints(texts)
    monkeypatch.setattr(_fingerprint, "CHUNK", 100)  # nearly every text a group of its own
    for grouped, alone in zip(fingerprints(texts), whole, strict=True):
        assert grouped.exact_hash == alone.exact_hash
        assert grouped.shingles.tolist() == alone.shingles.tolist()
        assert grouped.skeleton_shingles.tolist() == alone.skeleton_shingles.tolist()
        assert grouped.band_keys.tolist() == alone.band_keys.tolist()


# A report in a script written without spaces: each run of letters is one "word" to the word
# shingles, so only the character shingles can see a republication of it.
JAPANESE = (
    "東京都は二十四日、新しい防災計画を発表した。計画では首都直下地震に備えて、"
    "避難所の数を今後五年間で二割増やし、食料や水の備蓄も見直す。都の担当者によると、"
    "高齢者や障害のある人が安全に避難できるよう、地域ごとに支援の担当者を置く。"
    "また、外国人住民に向けて多言語の案内を整え、訓練への参加を呼びかける方針だ。"
    "専門家は、計画の実効性を高めるには区や市町村との連携が欠かせないと指摘している。"
    "都は来年度の予算案に関連の費用を盛り込み、議会での審議を経て実施する予定だ。"
)


def test_a_republication_in_a_script_without_spaces_matches() -> None:
    copy = f"【共同】{JAPANESE}\n関連記事：都の予算案、過去最大に"
    match = compare(fingerprint(copy), fingerprint(JAPANESE))
    assert match is not None and match.kind == "rewrite"
    other = "大阪府は二十四日、観光客の増加に対応するため、主要な駅の案内表示を改める" * 3
    assert compare(fingerprint(other), fingerprint(JAPANESE)) is None


def test_ocr_noise_and_wire_furniture_still_match(seed_texts: dict[str, str]) -> None:
    text = seed_texts["000"]
    rng = random.Random(2)
    original = fingerprint(text)
    noisy = copies.ocr_noise(text, rng)
    assert compare(fingerprint(noisy), original) is not None
    wired = copies.syndicate(text, rng, ["Another headline", "And a third one"])
    match = compare(fingerprint(wired), original)
    assert match is not None and match.similarity > 0.8
    seen = evidence(fingerprint(wired), original)
    assert seen.shared_of_second > 0.95 and seen.first_span[0] > 0.0  # a byline before it
