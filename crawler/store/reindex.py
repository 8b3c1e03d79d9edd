"""Band rows rebuilt from the articles' own texts, for migrations that change the signatures."""

from __future__ import annotations

import sqlalchemy as sa

from cleaners.dedup import fingerprints
from crawler.store.stories import band_rows, insert_band_rows

BATCH = 500
_ARTICLES = sa.table("articles", sa.column("id"), sa.column("text"))


def index_texts(bind: sa.Connection, days: dict[int, int]) -> None:
    """Band rows in `lsh_bands` for these articles (id -> the day each is indexed under),
    computed from their texts with the current signatures, BATCH articles at a time."""
    ids = sorted(days)
    for first in range(0, len(ids), BATCH):
        texts = bind.execute(
            sa.select(_ARTICLES.c.id, _ARTICLES.c.text).where(
                _ARTICLES.c.id.in_(ids[first : first + BATCH])
            )
        ).all()
        found = [row.id for row in texts]
        rows = band_rows(found, fingerprints([row.text for row in texts]), [days[i] for i in found])
        insert_band_rows(bind, "lsh_bands", rows)
