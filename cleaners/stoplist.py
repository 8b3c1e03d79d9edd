"""trafilatura's justext fallback, made cheap to call: its stoplist hashed once, not per page.

trafilatura hands justext one tuple of every language's stopwords (about 150,000 words);
justext looks it up in an `lru_cache` on every call, which hashes the whole tuple each
time: 1.5 ms or more a page, most of the CPU a worker spends on a small page. The same
words in a tuple that keeps its hash make that lookup O(1); what justext computes is the
same. Where trafilatura does not keep the stoplist where this looks, nothing is changed.
"""

from __future__ import annotations


class _HashedOnce(tuple):  # type: ignore[type-arg]
    """A tuple whose hash is computed once (its items never change)."""

    _hash: int

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            self._hash = tuple.__hash__(self)
            return self._hash


def hash_stoplist_once() -> None:
    """Swap trafilatura's justext stoplist for the same words hashed once (idempotent)."""
    try:
        from trafilatura import external
    except ImportError:
        return
    initialise = getattr(external, "jt_stoplist_init", None)
    if initialise is None or not hasattr(external, "JT_STOPLIST"):
        return
    stoplist = external.JT_STOPLIST or initialise()
    if isinstance(stoplist, tuple) and not isinstance(stoplist, _HashedOnce):
        external.JT_STOPLIST = _HashedOnce(stoplist)
