"""Machine-spun text: detect spun copies, mark the swapped phrases, restore the original wording."""

from __future__ import annotations

from cleaners.spun._align import restore_from_original

__all__ = ["restore_from_original"]
