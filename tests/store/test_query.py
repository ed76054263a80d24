"""Reading the store back (store/query.py): filters, actors, counts."""

from __future__ import annotations

import sqlite3

from parley.store import Store, query
from parley.store.query import EventFilter


def _ids(db, **kw) -> list[str]:
    with Store(db, readonly=True) as store:
        return query.event_ids(store.con, EventFilter(**kw))


def test_primary_false_keeps_every_event(examples_db):
    every = _ids(examples_db)
    assert _ids(examples_db, primary=False) == every
    assert 0 < len(_ids(examples_db, primary=True)) < len(every)


def test_every_country_given_must_take_part(examples_db):
    with Store(examples_db, readonly=True) as store:
        rows = {e["id"]: set(e["countries"]) for e in query.events(store.con)}
    three = _ids(examples_db, country="CHN", country2="USA", more_countries=("RUS",))
    assert all({"CHN", "USA", "RUS"} <= rows[i] for i in three)
    pair = _ids(examples_db, country="CHN", country2="USA")
    assert pair and set(pair) == {i for i, c in rows.items() if {"CHN", "USA"} <= c}


def test_an_actor_is_named_by_the_knowledge_base_not_the_last_string_in_sort_order(edited_db):
    con = sqlite3.connect(edited_db)  # reports that wrote the names in other scripts
    con.execute("UPDATE event_participants SET name = '王毅' WHERE actor_key = 'wang-yi'")
    rows = con.execute(
        "SELECT rowid FROM event_participants WHERE actor_key = 'sergei-lavrov' ORDER BY rowid"
    ).fetchall()
    assert len(rows) >= 2
    names = ["A Diplomat", "Дипломат"]  # a tie: Latin script wins
    for (rowid,), name in zip(rows[:2], names, strict=True):
        con.execute(
            "UPDATE event_participants SET actor_key = 'a-diplomat', name = ? WHERE rowid = ?",
            [name, rowid],
        )
    con.commit()
    con.close()
    with Store(edited_db, readonly=True) as store:
        actors = {a["actor_key"]: a for a in query.actors(store.con)}
    assert actors["wang-yi"]["name"] == "Wang Yi"  # max(name) gave "王毅"
    assert actors["wang-yi"]["roles"] == ["Foreign Minister"]
    assert actors["wang-yi"]["first"] <= actors["wang-yi"]["last"]
    # outside the knowledge base: the name most reports give, Latin script on a tie
    assert actors["a-diplomat"]["name"] == "A Diplomat"


def test_stats_count_undated_events_and_year_only_ones_apart(edited_db):
    con = sqlite3.connect(edited_db)
    ids = [r[0] for r in con.execute("SELECT id FROM events WHERE status = 'occurred'")]
    con.execute("UPDATE events SET date = NULL, date_precision = NULL WHERE id = ?", [ids[0]])
    con.execute(
        "UPDATE events SET date = '1985-01-01', date_precision = 'year' WHERE id = ?", [ids[1]]
    )
    con.commit()
    con.close()
    with Store(edited_db, readonly=True) as store:
        stats = query.stats(store.con)
    assert stats["undated"] == 1
    assert {"month": "1985", "events": 1} in stats["by_month"]
    assert sum(m["events"] for m in stats["by_month"]) + 1 == stats["occurred"]


def test_statements_say_how_precise_their_date_is(examples_db):
    with Store(examples_db, readonly=True) as store:
        said = query.statements(store.con)
    assert said and all(s["date_precision"] in ("day", "month", "year") for s in said)
