"""Bulk load: precomputed tables into an empty store, with nothing merged again.

The Dask engine decides everything a local ingest decides (which copy of an article is
kept, ``duplicate_of``, the merged events); what is left is to insert its rows. This
module inserts them as they are, plus what the store derives from them for later use:
the MinHash band index (so a later ``parley ingest`` into the same file finds
near-duplicates of these documents), each mention's blocks (so it re-merges with them),
the full-text index of the evidence, the per-country event keys and each event's item
(store/items.py), built once every table is in.

Everything goes in one transaction: a load that is interrupted leaves the store empty,
and running it again starts from the beginning.

Speed: once the file outgrows SQLite's page cache, inserting millions of random keys
(document ids, MinHash band hashes, block keys are all hashes) into B-tree indexes one
at a time becomes random I/O. So the secondary indexes are dropped for the load and
built again at its end (one sort each), and ``mention_blocks``, whose primary key is
such a random key, is staged in a temporary table and inserted in key order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from parley.store import items, merge, neardup
from parley.store.db import (
    Store,
    add_statements,
    evidence_text,
    insert_events,
    insert_sql,
)
from parley.store.rows import (
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    PARTICIPANT_COLUMNS,
    SOURCE_COLUMNS,
    rebuild_actors,
    record_from_row,
)
from parley.store.schema import StoreError

Rows = list[dict[str, Any]]
#: For a table name, its rows in chunks (one Parquet part at a time, say).
Tables = Callable[[str], Iterable[Rows]]

_MENTION_SQL = (
    f"INSERT INTO mentions(rowid, {', '.join(MENTION_COLUMNS)}, event_id) "
    f"VALUES (:rowid, {', '.join(':' + c for c in MENTION_COLUMNS)}, :event_id)"
)


def document_count(store: Store) -> int:
    return int(store.con.execute("SELECT count(*) FROM documents").fetchone()[0])


def load(store: Store, tables: Tables) -> dict[str, int]:
    """Insert every table into ``store``, which must hold no documents yet."""
    if document_count(store):
        raise StoreError(f"{store.path}: not empty; a bulk load needs an empty store")
    counts: dict[str, int] = {}
    with store.transaction() as con, _indexes_built_after(con), _blocks_staged(con):
        # tables go in one after another, and mentions before the events they name:
        # references are checked once, at the commit
        con.execute("PRAGMA defer_foreign_keys = ON")
        for table, insert in _INSERTS:
            counts[table] = 0
            for chunk in tables(table):
                insert(con, chunk)
                counts[table] += len(chunk)
        rebuild_actors(con)  # the store's own rule, whatever the dataset wrote
        items.fill(con)  # once every event's participants and sources are in
    return counts


@contextmanager
def _indexes_built_after(con: sqlite3.Connection) -> Iterator[None]:
    """Drop the secondary indexes, and create them again once the rows are in."""
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        con.execute(sql)


@contextmanager
def _blocks_staged(con: sqlite3.Connection) -> Iterator[None]:
    """Collect mention blocks in a temporary table; insert them sorted at the end."""
    con.execute("CREATE TEMP TABLE staged_blocks(block TEXT, document_id TEXT, position INT)")
    yield
    con.execute(
        "INSERT OR IGNORE INTO mention_blocks(block, document_id, position) "
        "SELECT block, document_id, position FROM staged_blocks ORDER BY 1, 2, 3"
    )
    con.execute("DROP TABLE staged_blocks")


def _documents(con: sqlite3.Connection, rows: Rows) -> None:
    con.executemany(
        insert_sql("documents", DOCUMENT_COLUMNS),
        ({"near_parent": None, **r} for r in rows),
    )
    for r in rows:
        neardup.remember(con, r["id"], np.frombuffer(r["minhash"], dtype=np.uint64))


def _paths(con: sqlite3.Connection, rows: Rows) -> None:
    con.executemany(
        "INSERT OR IGNORE INTO document_paths(path, document_id) VALUES (:path, :document_id)",
        rows,
    )


def _mentions(con: sqlite3.Connection, rows: Rows) -> None:
    first = int(con.execute("SELECT coalesce(max(rowid), 0) + 1 FROM mentions").fetchone()[0])
    numbered = [{**r, "rowid": first + i} for i, r in enumerate(rows)]
    con.executemany(_MENTION_SQL, numbered)
    con.executemany(
        "INSERT INTO evidence_search(rowid, text) VALUES (?, ?)",
        [(r["rowid"], evidence_text(r["evidence"])) for r in numbered],
    )
    con.executemany(
        "INSERT INTO staged_blocks(block, document_id, position) VALUES (?, ?, ?)",
        [
            (b, r["document_id"], r["position"])
            for r in rows
            for b in merge.blocks(record_from_row(r))
        ],
    )


def _events(con: sqlite3.Connection, rows: Rows) -> None:
    insert_events(con, rows, [], [], fill=False)


def _participants(con: sqlite3.Connection, rows: Rows) -> None:
    con.executemany(insert_sql("event_participants", PARTICIPANT_COLUMNS), rows)


def _sources(con: sqlite3.Connection, rows: Rows) -> None:
    con.executemany(insert_sql("event_sources", SOURCE_COLUMNS), rows)


def _actors(con: sqlite3.Connection, rows: Rows) -> None:
    con.executemany(
        "INSERT OR IGNORE INTO actors(key, name, country, wikidata_id) "
        "VALUES (:key, :name, :country, :wikidata_id)",
        rows,
    )


def _statements(con: sqlite3.Connection, rows: Rows) -> None:
    add_statements(con, rows)


_INSERTS: list[tuple[str, Callable[[sqlite3.Connection, Rows], None]]] = [
    ("documents", _documents),
    ("document_paths", _paths),
    ("mentions", _mentions),
    ("events", _events),
    ("event_participants", _participants),
    ("event_sources", _sources),
    ("actors", _actors),
    ("statements", _statements),
]
