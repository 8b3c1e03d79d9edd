"""Machine-spun text: detect spun copies, mark the swapped phrases, restore the original wording."""

from __future__ import annotations

from cleaners.spun._align import restore_from_original
from cleaners.spun._apply import mark
from cleaners.spun._detect import THRESHOLD, assess

__all__ = ["THRESHOLD", "assess", "mark", "restore_from_original"]
