"""The exact-copy key of a text: equal for texts that differ only in case and spacing."""

from __future__ import annotations

import hashlib
import re

_SPACES = re.compile(r"\s+")


def text_hash(text: str) -> str:
    """Hash of the text with case and spacing folded: equal for exact copies."""
    folded = _SPACES.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
