"""The rows module, the SQLite schema a new store gets, the Dask dataset's Parquet
schemas and the model agree: a field declared in one place and missing in another fails
here, not in a user's query."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from parley.model import Event, Location, Participant, Span
from parley.scale.dataset import SCHEMAS
from parley.store import Store, merge, rows

#: Columns a table has that no extracted record fills: the store decides them.
STORE_DECIDED = {"mentions": {"event_id"}}


@pytest.fixture(scope="module")
def sqlite_columns(tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    path = tmp_path_factory.mktemp("rows") / "p.db"
    with Store(path) as store:
        return {
            table: [(r[1], r[2]) for r in store.con.execute(f'PRAGMA table_info("{table}")')]
            for table in rows.TABLES
        }


@pytest.mark.parametrize("table", sorted(rows.TABLES))
def test_sqlite_tables_have_the_declared_columns_and_types(sqlite_columns, table) -> None:
    declared = [(c.name, c.sql) for c in rows.TABLES[table]]
    actual = [(n, t) for n, t in sqlite_columns[table] if n not in STORE_DECIDED.get(table, ())]
    assert sorted(actual) == sorted(declared)


@pytest.mark.parametrize("table", sorted(rows.TABLES))
def test_parquet_schemas_have_the_declared_columns_and_types(table) -> None:
    schema = SCHEMAS[table]
    arrow = {"string": "string", "int64": "int64", "float64": "double", "bool": "bool"}
    for c in rows.TABLES[table]:
        assert str(schema.field(c.name).type) == arrow[c.arrow], c.name


def test_every_field_of_the_model_is_stored_or_left_out_on_purpose() -> None:
    fields = {f.name for f in dataclasses.fields(Event)}
    assert fields == set(rows.STORED_FIELDS) | set(rows.NOT_STORED)
    assert not set(rows.STORED_FIELDS) & set(rows.NOT_STORED)
    mention = set(rows.MENTION_COLUMNS)
    for field, columns in rows.STORED_FIELDS.items():
        assert set(columns) <= mention, field


def _event(doc: str, date: str) -> Event:
    return Event(
        doc=doc,
        kind="meeting",
        status="occurred",
        primary=True,
        participants=[Participant("Ana Example", "PRT", key="ana-example")],
        countries=["PRT", "ESP"],
        date=date,
        date_precision="day",
        location=Location("Lisbon", None, "PRT"),
        evidence=[Span(0, 4, "Talk")],
        host="PRT",
    )


def test_a_new_record_field_flows_from_event_to_merged_row(monkeypatch) -> None:
    """A field declared as one Column (carried: most common value) reaches the mention
    row, the merge record and the merged event's row with no other change."""
    host = rows.Column("host", "TEXT", "string", lambda e: e.host, merged="most_common")
    monkeypatch.setattr(rows, "RECORD", (*rows.RECORD, host))
    monkeypatch.setattr(rows, "CARRIED", (host,))
    mentions = []
    for i, doc in enumerate(("a", "b")):
        values = rows.mention_values(doc, 0, _event(doc, "2024-05-0" + str(i + 1)))
        assert values["host"] == "PRT"
        mentions.append(
            rows.record_from_row(
                {**values, "published": "2024-05-02", "outlet": doc, "duplicate_of": None}
            )
        )
    (cluster,) = merge.cluster(mentions)
    merged = rows.event_values(merge.merged_record(cluster))
    assert merged["host"] == "PRT"
    assert json.loads(merged["countries"]) == ["PRT"]


def test_rows_match_what_ingest_writes(examples_db: Path) -> None:
    import sqlite3

    con = sqlite3.connect(examples_db)
    con.row_factory = sqlite3.Row
    row = con.execute("SELECT * FROM mentions LIMIT 1").fetchone()
    record = rows.record_from_row(
        {**dict(row), "published": None, "outlet": None, "duplicate_of": None}
    )
    assert record.document_id == row["document_id"]
    assert set(rows.MENTION_COLUMNS) <= set(row.keys())
