"""The Python API (store/frames.py): typed DataFrames, as an analyst uses them."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

import parley
from parley.store.frames import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    SOURCE_COLUMNS,
    STATEMENT_COLUMNS,
)


def test_open_is_a_context_manager_that_closes(examples_db):
    with parley.open(examples_db) as db:
        assert len(db.events()) > 0
    with pytest.raises(sqlite3.ProgrammingError):
        db.con.execute("SELECT 1")


def test_events_have_typed_columns_and_lists(examples_db):
    with parley.open(examples_db) as db:
        ev = db.events()
    assert list(ev.columns) == list(EVENT_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(ev["date"])
    assert ev["primary"].dtype == bool and str(ev["n_sources"].dtype) == "Int64"
    assert str(ev["location_geonames_id"].dtype) == "Int64"
    with_people = ev[ev["participants"].map(len) > 0].iloc[0]
    person = with_people["participants"][0]
    assert set(person) == {"actor_key", "name", "country", "role", "wikidata_id"}
    assert isinstance(with_people["countries"], list) and isinstance(with_people["topics"], list)
    wang = [p for ps in ev["participants"] for p in ps if p["actor_key"] == "wang-yi"]
    assert wang and wang[0]["wikidata_id"] == "Q701801" and wang[0]["country"] == "CHN"


def test_month_precision_is_a_date_with_its_precision(edited_db):
    con = sqlite3.connect(edited_db)
    first = con.execute("SELECT id FROM events ORDER BY id").fetchone()[0]
    con.execute(
        "UPDATE events SET date = '2023-11-01', date_precision = 'month' WHERE id = ?", [first]
    )
    con.execute("UPDATE events SET date = NULL, date_precision = NULL WHERE id != ?", [first])
    con.commit()
    con.close()
    with parley.open(edited_db) as db:
        ev = db.events().set_index("id")
    assert ev.loc[first, "date"] == pd.Timestamp("2023-11-01")
    assert ev.loc[first, "date_precision"] == "month"
    assert ev.drop(first)["date"].isna().all()


def test_an_empty_result_keeps_its_columns_and_types(examples_db):
    with parley.open(examples_db) as db:
        full, empty = db.events(), db.events(search="nothingmatchesthisword")
        said = db.statements(speaker="nobody at all")
    assert empty.empty and list(empty.columns) == list(full.columns)
    assert (empty.dtypes == full.dtypes).all()
    assert said.empty and list(said.columns) == list(STATEMENT_COLUMNS)


def test_between_filters_like_since_and_until(examples_db):
    with parley.open(examples_db) as db:
        between = db.events(between=("2024-05", "2024-07"))
        since_until = db.events(since="2024-05", until="2024-07")
    assert len(between) > 0 and between["id"].tolist() == since_until["id"].tolist()
    assert (between["date"] >= pd.Timestamp("2024-05-01")).all()
    assert (between["date"] < pd.Timestamp("2024-08-01")).all()


def test_filters_take_names_and_lists_and_refuse_nonsense(examples_db):
    with parley.open(examples_db) as db:
        assert db.events(country="China")["id"].tolist() == db.events(country="CHN")["id"].tolist()
        pair = db.events(country=["China", "United States"])
        assert len(pair) > 0 and pair["countries"].map(lambda c: {"CHN", "USA"} <= set(c)).all()
        assert len(db.events(primary=False)) == len(db.events())
        with pytest.raises(ValueError, match="'visit'"):
            db.events(kind="visit")
        with pytest.raises(ValueError, match="Chna"):
            db.events(country="Chna")
        with pytest.raises(TypeError):
            db.events(colour="red")


def test_statements_actors_sources_documents_participants(examples_db):
    with parley.open(examples_db) as db:
        ev = db.events(search="Diaoyutai").iloc[0]
        sources = db.sources(ev["id"])
        said, actors, docs = db.statements(), db.actors(), db.documents()
        people = db.participants(country="CHN")
        texts = db.documents(text=True)
    assert list(sources.columns) == list(SOURCE_COLUMNS) and len(sources) == ev["n_sources"]
    assert sources["evidence"].map(lambda spans: all("start" in s for s in spans)).all()
    assert str(sources["published"].dtype).startswith("datetime64")
    assert list(said.columns) == list(STATEMENT_COLUMNS) and len(said) > 0
    assert said["topics"].map(lambda t: isinstance(t, list)).all()
    assert list(actors.columns) == list(ACTOR_COLUMNS)
    assert actors.set_index("actor_key").loc["wang-yi", "name"] == "Wang Yi"
    assert list(docs.columns) == list(DOCUMENT_COLUMNS) and "text" in texts
    assert set(people["event_id"]) <= set(db_ids(examples_db, country="CHN"))
    assert (people.groupby("event_id")["position"].min() == 0).all()


def db_ids(path, **filters) -> list[str]:
    with parley.open(path) as db:
        return db.event_ids(**filters)


@pytest.mark.parametrize("page", ["README.md", "docs/store.md"])
def test_the_documented_example_runs(examples_db, page):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, f"no Python example in {page}"
    for code in blocks:
        scope: dict[str, object] = {}
        exec(code.replace('"parley.db"', repr(str(examples_db))), scope)
        assert isinstance(scope["events"], pd.DataFrame) and len(scope["events"]) > 0
