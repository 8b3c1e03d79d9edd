"""trafilatura's justext stoplist hashed once: the same words, the same extraction, O(1) lookups."""

from __future__ import annotations

import pytest

from cleaners.stoplist import hash_stoplist_once


def test_the_stoplist_keeps_its_words_and_justext_classifies_alike():
    external = pytest.importorskip("trafilatura.external")
    from justext.core import define_stoplist

    words = tuple(external.JT_STOPLIST or external.jt_stoplist_init())
    hash_stoplist_once()
    hash_stoplist_once()  # idempotent
    hashed = external.JT_STOPLIST
    assert hashed == words and hash(hashed) == hash(words)
    assert define_stoplist(hashed) == frozenset(w.lower() for w in words)
