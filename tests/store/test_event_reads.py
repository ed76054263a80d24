"""The event reads of issue 16 (each event's item stored by its writer, read in one query;
the builder's two queries for a page, JSON built by SQLite for the lists inside an event)
give the same events as the reads they replaced (reference_events.py, kept verbatim),
field for field, including the cases the examples lack; the stored items follow every
write that changes an event, and a database from before them gets them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import orjson
import pytest
import reference_events as before

from parley.read import iter_documents
from parley.store import SCHEMA_VERSION, Store, items, query
from parley.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


def _all_ids(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute("SELECT id FROM events ORDER BY date, id")]


def _same_everywhere(db) -> None:
    with Store(db, readonly=True) as store:
        con = store.con
        ids = _all_ids(con)
        assert ids
        assert query.events_by_id(con, ids) == before.events_by_id(con, ids)
        assert query.build_events(con, ids) == before.events_by_id(con, ids)
        # the stored text is what the API concatenates into a page: orjson's own bytes
        assert query.items_json(con, ids) == [
            orjson.dumps(ev).decode() for ev in before.events_by_id(con, ids)
        ]
        # another order, a repeated id and an unknown one: the order asked, unknowns dropped
        odd = [*reversed(ids), ids[0], "ev-unknown"]
        assert query.events_by_id(con, odd) == before.events_by_id(con, odd)
        for event_id in ids:
            assert query.event(con, event_id) == before.event(con, event_id)
            got, reports = query.event_in_context(con, event_id)
            assert got == before.event(con, event_id, with_context=True)
            assert {r["id"] for r in reports} == {s["id"] for s in got["sources"]}


def test_every_example_event_reads_as_before(examples_db):
    with Store(examples_db, readonly=True) as store:
        said = store.con.execute(
            "SELECT count(*) FROM statements s JOIN mentions m ON m.document_id = s.document_id "
            "AND m.position = s.mention_position WHERE m.event_id IS NOT NULL"
        ).fetchone()[0]
    assert said > 0  # the statements' JSON is compared, not only empty lists
    _same_everywhere(examples_db)


def test_odd_stored_values_read_as_before(edited_db):
    """A near-duplicate source, a report that mentions the event twice, a statement
    without a target or a date, an event without a place, participants or a date."""
    con = sqlite3.connect(edited_db)
    with con:
        first, second = con.execute("SELECT id FROM documents ORDER BY id LIMIT 2").fetchall()
        con.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (first[0], second[0]))
        con.execute("UPDATE documents SET published = NULL, url = 'https://x.org/a' WHERE id = ?",
                    (first[0],))  # fmt: skip
        event_id, doc, pos = con.execute(
            "SELECT event_id, document_id, position FROM event_sources LIMIT 1"
        ).fetchone()
        con.execute(
            "INSERT INTO mentions SELECT document_id, position + 100, kind, status, is_primary, "
            "date, date_precision, city, admin1, country, lat, lon, geonames_id, occasion, "
            "initiator, cameo, plover_type, plover_mode, confidence, participants, countries, "
            "evidence, event_id, topics FROM mentions WHERE document_id = ? AND position = ?",
            (doc, pos),
        )
        con.execute(
            "INSERT INTO event_sources(event_id, document_id, position) VALUES (?, ?, ?)",
            (event_id, doc, pos + 100),
        )
        con.execute("UPDATE statements SET target_name = NULL, target_country = NULL "
                    "WHERE rowid IN (SELECT rowid FROM statements LIMIT 3)")  # fmt: skip
        bare = con.execute("SELECT id FROM events ORDER BY id DESC LIMIT 1").fetchone()[0]
        con.execute(
            "UPDATE events SET date = NULL, date_precision = NULL, city = NULL, country = NULL, "
            "plover_mode = NULL WHERE id = ?",
            (bare,),
        )
        con.execute("DELETE FROM event_participants WHERE event_id = ?", (bare,))
        # edited behind the writers' back: the items are written again as a writer would
        assert items.fill(con, _all_ids(con)) == len(_all_ids(con))
    con.close()
    _same_everywhere(edited_db)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE events SET kind = 'edited' WHERE id = :id",
        "UPDATE event_participants SET name = 'edited' WHERE event_id = :id",
        "DELETE FROM event_participants WHERE event_id = :id",
        "UPDATE documents SET outlet = 'edited' WHERE id IN "
        "(SELECT document_id FROM event_sources WHERE event_id = :id)",
        "UPDATE mentions SET evidence = '[]' WHERE event_id = :id",
        "DELETE FROM event_sources WHERE event_id = :id",
    ],
)
def test_an_edit_in_any_sqlite_client_is_served_at_once(edited_db, edit):
    """A page is served from the stored item, so whatever changes what it was built from
    drops it (triggers): the reads then build it until a writer fills it again, and
    never serve the item from before the edit."""
    con = sqlite3.connect(edited_db)
    event_id = con.execute(
        "SELECT event_id FROM event_sources GROUP BY event_id ORDER BY event_id LIMIT 1"
    ).fetchone()[0]
    with con:
        con.execute(edit, {"id": event_id})
    assert con.execute("SELECT item FROM events WHERE id = ?", (event_id,)).fetchone() == (None,)
    _same_everywhere(edited_db)
    with con:
        items.fill(con, [event_id])
    filled = con.execute("SELECT item IS NOT NULL FROM events WHERE id = ?", (event_id,))
    assert filled.fetchone()[0]
    con.close()
    _same_everywhere(edited_db)


def test_a_report_merged_into_a_stored_event_rewrites_its_item(tmp_path):
    """The wire story of the Beijing meeting arrives in a later batch than the first
    report: the event is merged again and its item lists both reports."""
    db = tmp_path / "p.db"
    for name in ("01_wang_blinken_beijing.txt", "02_blinken_wang_wire.txt"):
        with Store(db) as store:
            ingest(store, iter_documents([str(EXAMPLES / name)], lambda f: None))
    with Store(db, readonly=True) as store:
        found = query.events(store.con, query.EventFilter(actor="Antony Blinken"))
        assert any(ev["n_sources"] == 2 and len(ev["sources"]) == 2 for ev in found)
    _same_everywhere(db)


def test_a_near_duplicate_decided_later_rewrites_the_items(tmp_path):
    """Every document of the examples in its own batch, newest first: near-duplicate
    links and merges change as earlier documents arrive, and each event's item follows."""
    db = tmp_path / "p.db"
    for path in sorted(EXAMPLES.iterdir(), reverse=True):
        with Store(db) as store:
            ingest(store, iter_documents([str(path)], lambda f: None))
    _same_everywhere(db)


def test_a_database_from_before_the_items_gets_them(examples_db, tmp_path):
    """A store written at version 8 (no ``events.item``) is upgraded in place and reads
    as before."""
    old = tmp_path / "old.db"
    shutil.copy(examples_db, old)
    con = sqlite3.connect(old)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("ALTER TABLE events DROP COLUMN item")
    con.execute("PRAGMA user_version = 8")
    con.close()
    with Store(old) as store:
        assert store.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
        con = store.con
        assert con.execute("SELECT count(*) FROM events WHERE item IS NULL").fetchone()[0] == 0
        triggers = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone()[0] == len(items.TRIGGERS)
    _same_everywhere(old)
