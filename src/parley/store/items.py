"""``events.item``: each merged event as the API lists it, stored as JSON text.

A page of 50 events used to be built on every request from five tables (the event, its
participants, its sources, their documents and mentions): about 14 B-tree searches per
event, which is most of the CPU of a list page at 1M events (docs/api.md). An event's
item changes only when the event is written again, so it is built once, by the writer,
with the reader that used to run per request (:func:`parley.store.query.build_events`),
and a page is then one search per event and a concatenation of stored text.

What an item reads besides the event itself (its documents' path, URL, outlet,
publication and ``duplicate_of``, its mentions' evidence) changes only together with
the event: a better copy of a document, or a new near-duplicate decision, merges the
document's mentions again (store/db.py), which writes their events and so their items.
Whatever writes the tables otherwise (an analyst's UPDATE in any SQLite client, a test
making a case the examples lack) cannot leave an item stale: the triggers below set it
to NULL when anything it is built from changes, and a reader builds a missing item
(:func:`parley.store.query.items_json`) until a writer fills it again.
"""

from __future__ import annotations

import sqlite3

import orjson

from parley.store import query
from parley.store.rows import EVENT_COLUMNS

_CHUNK = 500  # ids per query: the builder's two queries take them as one JSON list


def fill(con: sqlite3.Connection, ids: list[str] | None = None) -> int:
    """Write the item of the events ``ids`` names (by default every event without one)
    from the tables as they are now; return how many were written."""
    if ids is None:
        ids = [r[0] for r in con.execute("SELECT id FROM events WHERE item IS NULL")]
    written = 0
    for k in range(0, len(ids), _CHUNK):
        built = query.build_events(con, ids[k : k + _CHUNK])
        con.executemany(
            "UPDATE events SET item = ? WHERE id = ?",
            [(orjson.dumps(ev).decode(), ev["id"]) for ev in built],
        )
        written += len(built)
    return written


def _drop(table: str, when: str, ids: str) -> str:
    return (
        f"CREATE TRIGGER {table}_item_{when.split()[1].lower()} {when} ON {table} BEGIN "
        f"UPDATE events SET item = NULL WHERE item IS NOT NULL AND id IN ({ids}); END"
    )


_SOURCES_OF = "SELECT event_id FROM event_sources WHERE document_id = NEW.{}"
#: An item is dropped when what it was built from changes outside :func:`fill`. The
#: writers insert an event's rows before filling its item, so these cost them one
#: search per row and no write (``item IS NOT NULL`` is false then).
TRIGGERS = [
    _drop("events", f"AFTER UPDATE OF {', '.join(EVENT_COLUMNS[:-1])}", "NEW.id"),
    *(
        _drop(table, f"AFTER {verb}", ids)
        for table in ("event_participants", "event_sources")
        for verb, ids in (
            ("INSERT", "NEW.event_id"),
            ("UPDATE", "OLD.event_id, NEW.event_id"),
            ("DELETE", "OLD.event_id"),
        )
    ),
    _drop(
        "documents",
        "AFTER UPDATE OF path, url, outlet, published, duplicate_of",
        _SOURCES_OF.format("id"),
    ),
    _drop(
        "mentions",
        "AFTER UPDATE OF evidence",
        _SOURCES_OF.format("document_id") + " AND position = NEW.position",
    ),
]


def migrate(con: sqlite3.Connection) -> None:
    """Schema version 9: the column, filled for every stored event, and its triggers."""
    con.execute("ALTER TABLE events ADD COLUMN item TEXT")
    fill(con)
    for trigger in TRIGGERS:
        con.execute(trigger)
