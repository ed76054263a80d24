"""The event reads of issue 16 (two queries for a page, JSON built by SQLite for the lists
inside an event) give the same events as the reads they replaced (reference_events.py,
kept verbatim), field for field, including the cases the examples lack."""

from __future__ import annotations

import sqlite3

import reference_events as before

from parley.store import Store, query


def _all_ids(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute("SELECT id FROM events ORDER BY date, id")]


def _same_everywhere(db) -> None:
    with Store(db, readonly=True) as store:
        con = store.con
        ids = _all_ids(con)
        assert ids
        assert query.events_by_id(con, ids) == before.events_by_id(con, ids)
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
    con.close()
    _same_everywhere(edited_db)
