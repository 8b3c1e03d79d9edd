"""A batch of rows as one statement parameter: JSON on SQLite, one array per column on
PostgreSQL, so a statement over hundreds of rows is compiled once and bound once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, text


def relation(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[str, dict[str, Any]]:
    """SQL for a relation `r` holding `rows` (values for these columns of `table`, in their
    types), to follow FROM; and the parameters it binds."""
    if connection.dialect.name == "sqlite":
        # json_extract rather than ->>, which needs SQLite 3.38 (UPDATE ... FROM needs 3.33).
        picks = ", ".join(
            f"json_extract(r.value, '$[{i}]') AS {name}" for i, name in enumerate(names)
        )
        return f"(SELECT {picks} FROM json_each(:rows) AS r) AS r", {"rows": json.dumps(rows)}
    casts = ", ".join(
        f"CAST(:c{i} AS {table.c[name].type.compile(dialect=connection.dialect)}[])"
        for i, name in enumerate(names)
    )
    parameters = {f"c{i}": [row[i] for row in rows] for i in range(len(names))}
    return f"unnest({casts}) AS r({', '.join(names)})", parameters


def update_by_id(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Set columns of many rows, each found by its id, in one statement."""
    if not rows:
        return
    names = ["id", *(name for name in rows[0] if name != "id")]
    source, parameters = relation(connection, table, names, [[r[n] for n in names] for r in rows])
    assignments = ", ".join(f"{name} = r.{name}" for name in names[1:])
    statement = f"UPDATE {table.name} SET {assignments} FROM {source} WHERE {table.name}.id = r.id"
    connection.execute(text(statement), parameters)
