"""Bit mixing for uint64 arrays (splitmix64's finaliser), shared by words and MinHash."""

from __future__ import annotations

import numpy as np

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def splitmix(values: np.ndarray) -> np.ndarray:
    """Spread the bits of uint64 values; multiplication wraps, as a hash wants."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * _MIX1
        z ^= z >> np.uint64(27)
        z = z * _MIX2
        z ^= z >> np.uint64(31)
    return z
