"""The SQLite views an analyst opens as they are (``events_flat``, ``event_actors``,
``statements_flat``, schema version 6), and one name per field across the views, the
exports, `parley events --format csv` and the Python API."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import parley
from parley.store.flat import FLAT_EVENT_COLUMNS
from parley.store.frames import EVENT_COLUMNS, PARTICIPANT_COLUMNS, STATEMENT_COLUMNS


@pytest.fixture(scope="module")
def parquet_dir(examples_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    run = subprocess.run(
        [_parley(), "export", str(out), "--db", str(examples_db), "--format", "parquet"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return out


def _parley() -> str:
    return str(Path(sys.executable).with_name("parley"))


# -- one name per field -----------------------------------------------------------------


def test_every_reader_uses_the_same_names(examples_db, parquet_dir):
    con = sqlite3.connect(examples_db)
    view = lambda name: [d[0] for d in con.execute(f"SELECT * FROM {name} LIMIT 0").description]  # noqa: E731
    exported = pq.read_schema(parquet_dir / "events.parquet").names
    csv_header = subprocess.run(
        [_parley(), "events", "--db", str(examples_db), "-f", "csv", "--any"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()[0]
    assert view("events_flat") == list(FLAT_EVENT_COLUMNS) == csv_header.split(",")
    assert set(FLAT_EVENT_COLUMNS) <= set(exported)
    assert set(EVENT_COLUMNS) <= set(exported)  # the Python API's names are the export's
    assert view("event_actors") == list(PARTICIPANT_COLUMNS)
    assert view("statements_flat") == list(STATEMENT_COLUMNS)
    for names in (exported, view("events_flat"), list(EVENT_COLUMNS)):
        assert "is_primary" not in names and "plover" not in names and "country" not in names
    said = pq.read_schema(parquet_dir / "statements.parquet").names
    assert said == list(STATEMENT_COLUMNS)


# -- SQLite views ---------------------------------------------------------------------------


def test_views_open_as_they_are_and_agree_with_the_api(examples_db):
    con = sqlite3.connect(examples_db)
    con.row_factory = sqlite3.Row
    flat = {r["id"]: dict(r) for r in con.execute("SELECT * FROM events_flat")}
    with parley.open(examples_db) as db:
        events = db.events()
        said = db.statements()
    assert set(flat) == set(events["id"])
    for _, ev in events.iterrows():
        row = flat[ev["id"]]
        assert row["countries"].split(",") == ev["countries"]
        assert (
            row["participants"].split("; ")
            == [f"{p['name']} ({p['country']})" for p in ev["participants"]]
            or not ev["participants"]
        )
        assert row["location_country"] == (
            None if pd.isna(ev["location_country"]) else ev["location_country"]
        )
    actors = con.execute("SELECT count(*) FROM event_actors").fetchone()[0]
    assert actors == sum(len(p) for p in events["participants"])
    by_view = con.execute(
        "SELECT count(*) FROM statements_flat WHERE event_id IS NOT NULL"
    ).fetchone()[0]
    assert 0 < by_view == said["event_id"].notna().sum()


def test_views_follow_the_tables_after_a_change(edited_db):
    con = sqlite3.connect(edited_db)
    first = con.execute("SELECT id FROM events ORDER BY id").fetchone()[0]
    con.execute("UPDATE events SET city = 'Somewhere Else' WHERE id = ?", [first])
    con.commit()
    got = con.execute("SELECT location_city FROM events_flat WHERE id = ?", [first]).fetchone()
    assert got == ("Somewhere Else",)
