"""Bit mixing for uint64 arrays (splitmix64's finaliser), shared by words and MinHash."""

from __future__ import annotations

import numpy as np

from cleaners.dedup import _kernels


def splitmix(values: np.ndarray) -> np.ndarray:
    """Spread the bits of uint64 values (in C: the finaliser shingles are hashed with too)."""
    contiguous = np.ascontiguousarray(values, dtype=np.uint64)
    mixed = np.frombuffer(_kernels.splitmix(contiguous), dtype=np.uint64)
    return mixed.reshape(contiguous.shape)
