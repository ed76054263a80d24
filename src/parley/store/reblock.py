"""Schema version 10: every mention's merge blocks as :func:`parley.store.merge.blocks`
writes them today.

Version 10 adds a block per pair of people and town ("a|b|at:2643743"), under which a
report that says nothing of when (no date, no publication date) finds the dated reports
of its people in its town. The blocks of the mentions stored before are written again;
merged events keep their clusters until a new report touches them, as at version 7.
"""

from __future__ import annotations

import sqlite3

from parley.store import merge, rows

_ROW = """
SELECT m.*, d.published, d.outlet, d.duplicate_of
FROM mentions m JOIN documents d ON d.id = m.document_id
"""


def migrate(con: sqlite3.Connection) -> None:
    """Add the blocks the mentions lack (inside the caller's transaction)."""
    for row in con.execute(_ROW).fetchall():
        record = rows.record_from_row(dict(row))
        con.executemany(
            "INSERT OR IGNORE INTO mention_blocks(block, document_id, position) VALUES (?, ?, ?)",
            [(b, row["document_id"], row["position"]) for b in merge.blocks(record)],
        )
