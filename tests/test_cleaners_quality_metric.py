"""Our scorer of the extraction benchmark's metric, on texts whose scores are known by hand."""

from __future__ import annotations

import pytest

from bench.extraction_quality import boilerplate_lines, page_counts, score, shingles


def test_shingles_are_word_4grams_as_a_multiset() -> None:
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1, ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert shingles("only three words") == {("only", "three", "words"): 1}
    assert shingles("") == {}


def test_page_counts_are_normalised_so_each_page_weighs_the_same() -> None:
    truth = "one two three four five"  # shingles: 1234, 2345
    prediction = "one two three four six"  # shingles: 1234, 2346
    assert page_counts(truth, prediction) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_precision_and_recall_are_averaged_over_pages_then_combined() -> None:
    perfect = ("w1 w2 w3 w4 w5", "w1 w2 w3 w4 w5")
    half = ("a b c d e", "a b c d x y z")  # truth 2 shingles; prediction 4, 1 shared
    scores = score([perfect, half])
    assert scores.precision == pytest.approx((1 + 1 / 4) / 2)
    assert scores.recall == pytest.approx((1 + 1 / 2) / 2)
    assert scores.f1 == pytest.approx(
        2 * scores.precision * scores.recall / (scores.precision + scores.recall)
    )


def test_an_empty_prediction_counts_for_recall_only() -> None:
    scores = score([("a b c d e", ""), ("a b c d e", "a b c d e")])
    assert scores.precision == 1.0  # the empty page has no precision to average
    assert scores.recall == pytest.approx(0.5)


def test_boilerplate_lines_are_short_chrome_lines_only() -> None:
    text = (
        "Comments\nRead more: Other story\n© 2019 Example Ltd\nFollow us on Twitter\n"
        "Subscribers to the service complained that the newsletter arrived late, the firm said."
    )
    assert boilerplate_lines(text) == [
        "Comments", "Read more: Other story", "© 2019 Example Ltd", "Follow us on Twitter",
    ]
