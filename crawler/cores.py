"""How many worker processes "one per core" means: the cores this process may use.

Its own module, so that the importer counts cores without loading the crawl engine.
"""

from __future__ import annotations

import os


def worker_count(configured: int) -> int:
    """`[fetch] workers`: 0 means one per core this process may use."""
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
