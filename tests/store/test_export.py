"""Exports an analyst can trust: typed Parquet, one name per field, SQLite views, and the
field's formats (GDELT 2.0 event table, POLECAT/PLOVER JSON) checked against lists and a
schema written from their public codebooks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import jsonschema_rs
import pandas as pd
import pyarrow.parquet as pq
import pytest

import parley
from parley.store import formats
from parley.store.flat import FLAT_EVENT_COLUMNS
from parley.store.frames import EVENT_COLUMNS, PARTICIPANT_COLUMNS, STATEMENT_COLUMNS

HERE = Path(__file__).parent


def _export(parley_bin: str, db: Path, out: Path, fmt: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [parley_bin, "export", str(out), "--db", str(db), "--format", fmt],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def parquet_dir(examples_db, tmp_path_factory, parley_bin_module) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    _export(parley_bin_module, examples_db, out, "parquet")
    return out


@pytest.fixture(scope="module")
def parley_bin_module() -> str:
    import shutil
    import sys

    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else (shutil.which("parley") or "parley")


# -- typed Parquet -------------------------------------------------------------------------

# the documented types (docs/data-dictionary.md), as pyarrow prints them
EVENT_TYPES = {
    "id": "string",
    "date": "date32[day]",
    "date_precision": "string",
    "primary": "bool",
    "participants": "list<element: struct<actor_key: string, name: string, country: string, "
    "role: string, wikidata_id: string>>",
    "countries": "list<element: string>",
    "location_country": "string",
    "location_lat": "double",
    "location_geonames_id": "int64",
    "topics": "list<element: string>",
    "n_sources": "int64",
    "evidence": "list<element: struct<doc: string, text: string, start: int64, end: int64>>",
}


def test_parquet_events_carry_real_types(parquet_dir):
    schema = pq.read_schema(parquet_dir / "events.parquet")
    got = {f.name: str(f.type).replace("item", "element") for f in schema}
    for name, expected in EVENT_TYPES.items():
        assert got[name] == expected, name
    sources = pq.read_schema(parquet_dir / "event_sources.parquet")
    assert str(sources.field("published").type) == "timestamp[ms, tz=UTC]"
    statements = pq.read_schema(parquet_dir / "statements.parquet")
    assert str(statements.field("date").type) == "date32[day]"


def test_pandas_reads_the_documented_types(parquet_dir):
    ev = pd.read_parquet(parquet_dir / "events.parquet")
    assert ev["primary"].dtype == bool
    # an id with gaps is a nullable integer, never 524901.0
    assert str(ev["location_geonames_id"].dtype) == "Int64"
    assert str(ev["n_sources"].dtype) == "Int64"
    dated = ev["date"].dropna()
    assert len(dated) > 0 and all(type(d).__name__ == "date" for d in dated)
    person = next(p for ps in ev["participants"] for p in ps)
    assert set(person) == {"actor_key", "name", "country", "role", "wikidata_id"}
    assert all(isinstance(c, str) for cs in ev["countries"] for c in cs)
    sources = pd.read_parquet(parquet_dir / "event_sources.parquet")
    assert str(sources["published"].dtype).startswith("datetime64") and "UTC" in str(
        sources["published"].dtype
    )


def test_duckdb_reads_the_documented_types(parquet_dir):
    path = str(parquet_dir / "events.parquet")
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["date"] == "DATE" and types["primary"] == "BOOLEAN"
    assert types["location_geonames_id"] == "BIGINT" and types["countries"] == "VARCHAR[]"
    assert types["participants"].startswith("STRUCT(") and types["participants"].endswith("[]")
    # nested fields are queryable as they are
    pairs = duckdb.sql(
        f"SELECT count(*) FROM (SELECT unnest(participants) AS p FROM '{path}') "
        "WHERE p.country = 'CHN'"
    ).fetchall()[0][0]
    assert pairs > 0


# -- one name per field -----------------------------------------------------------------


def test_exports_csv_and_python_share_their_names(examples_db, parquet_dir, parley_bin_module):
    exported = pq.read_schema(parquet_dir / "events.parquet").names
    header = subprocess.run(
        [parley_bin_module, "events", "--db", str(examples_db), "-f", "csv", "--any"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()[0]
    assert header.split(",") == list(FLAT_EVENT_COLUMNS)
    assert set(FLAT_EVENT_COLUMNS) <= set(exported) and set(EVENT_COLUMNS) <= set(exported)
    for names in (exported, list(FLAT_EVENT_COLUMNS), list(EVENT_COLUMNS)):
        assert "is_primary" not in names and "plover" not in names and "country" not in names
    assert pq.read_schema(parquet_dir / "statements.parquet").names == list(STATEMENT_COLUMNS)
    people = pq.read_schema(parquet_dir / "event_participants.parquet").names
    assert people == list(PARTICIPANT_COLUMNS)[: len(people)]


# -- GDELT 2.0 --------------------------------------------------------------------------

# The GDELT 2.0 event table's 61 columns, in order, from its public codebook.
CODEBOOK_GDELT = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]
_CODES = {c: str for c in CODEBOOK_GDELT if c.endswith("Code") or c == "SOURCEURL"}


def test_gdelt_export_has_the_codebook_columns_and_loads_in_pandas(
    examples_db, tmp_path, parley_bin_module
):
    _export(parley_bin_module, examples_db, tmp_path, "gdelt")
    path = tmp_path / "events.gdelt.tsv"
    assert path.read_text("utf-8").splitlines()[0].split("\t") == CODEBOOK_GDELT
    g = pd.read_csv(path, sep="\t", dtype=_CODES)
    with parley.open(examples_db) as db:
        events = db.events()
    assert len(g) == len(events) > 0 and g["GLOBALEVENTID"].is_unique
    assert set(g["QuadClass"]) == {1}  # engagements are CAMEO 04x: verbal cooperation
    assert (g["EventRootCode"] == "04").all()
    assert (g["EventBaseCode"] == g["EventCode"].str[:3]).all()
    for code, score in zip(g["EventCode"], g["GoldsteinScale"], strict=True):
        assert score == formats.codes()["goldstein"][code]
    assert g["SOURCEURL"].notna().all()
    dated = g.dropna(subset=["SQLDATE"])
    assert len(dated) > 0
    assert (dated["SQLDATE"] // 100 == dated["MonthYear"]).all()
    assert (dated["MonthYear"] // 100 == dated["Year"]).all()
    gov = g.dropna(subset=["Actor1CountryCode"])
    assert (gov["Actor1Code"] == gov["Actor1CountryCode"] + "GOV").all()
    placed = g.dropna(subset=["ActionGeo_Lat"])
    assert len(placed) > 0 and placed["ActionGeo_Type"].isin([1, 3, 4]).all()


def _event(**over):
    """An invented merged event in the contract's shape (no article's text)."""
    ev = {
        "id": "ev-0123456789abcdef",
        "kind": "meeting",
        "status": "occurred",
        "primary": True,
        "participants": [
            {"name": "Ana Host", "country": "AAA", "role": "Foreign Minister", "id": "Q1"},
            {"name": "Bo Guest", "country": "BBB", "role": "Foreign Minister", "id": None},
        ],
        "countries": ["AAA", "BBB"],
        "date": "2024-02-03",
        "date_precision": "day",
        "location": {
            "city": "Capital",
            "admin1": None,
            "country": "AAA",
            "lat": 1.0,
            "lon": 2.0,
            "geonames_id": 42,
        },
        "occasion": None,
        "initiator": None,
        "cameo": "042",
        "plover": {"type": "CONSULT", "mode": "visit"},
        "evidence": [{"doc": "a.txt", "text": "They met.", "start": 0, "end": 9}],
        "confidence": 0.9,
        "sources": [
            {"doc": "a.txt", "id": "d1", "url": None, "outlet": "X", "published": "2024-02-04"},
            {
                "doc": "b.txt",
                "id": "d2",
                "url": "https://example.org/b",
                "outlet": "Y",
                "published": "2024-02-05T10:00:00+02:00",
            },
        ],
        "n_sources": 2,
        "n_outlets": 2,
        "disagreements": {},
        "topics": [],
    }
    ev.update(over)
    return ev


def test_gdelt_reads_the_code_in_cameo_order():
    urls = {"d1": None, "d2": "https://example.org/b"}
    visit = formats.gdelt_row(_event(), 2, urls)
    assert (visit["Actor1Name"], visit["Actor2Name"]) == ("Bo Guest", "Ana Host")  # 042
    host = formats.gdelt_row(_event(cameo="043"), 2, urls)
    assert (host["Actor1Name"], host["Actor2Name"]) == ("Ana Host", "Bo Guest")
    assert visit["SOURCEURL"] == "https://example.org/b"  # the first report with a URL
    assert visit["DATEADDED"] == "20240204000000" and visit["SQLDATE"] == 20240203
    assert visit["GoldsteinScale"] == 1.9 and host["GoldsteinScale"] == 2.8
    un = {"name": "Cy Body", "country": "UN", "role": "Secretary-General", "id": None}
    body = formats.gdelt_row(_event(participants=[un], cameo="040", location=None), 1, urls)
    assert body["Actor1Code"] == "IGOUNO" and body["Actor1KnownGroupCode"] == "UNO"
    assert body["Actor1CountryCode"] is None and body["ActionGeo_Type"] is None
    late_offset = _event(
        sources=[
            {"doc": "a", "id": "d1", "url": None, "published": "2024-02-04T09:00:00+08:00"},
            {"doc": "b", "id": "d2", "url": None, "published": "2024-02-04T02:00:00+00:00"},
        ]
    )
    # 09:00 in UTC+8 is 01:00 UTC: earlier than 02:00 UTC, though it sorts later as text
    assert formats.gdelt_row(late_offset, 2, {})["DATEADDED"] == "20240204010000"
    undated = formats.gdelt_row(_event(date=None, date_precision=None), 1, urls)
    assert undated["SQLDATE"] is None and undated["Year"] is None


# -- POLECAT / PLOVER -------------------------------------------------------------------


def test_plover_export_validates_against_the_schema_and_loads_in_pandas(
    examples_db, tmp_path, parley_bin_module
):
    _export(parley_bin_module, examples_db, tmp_path, "plover")
    path = tmp_path / "events.plover.jsonl"
    schema = json.loads((HERE / "data" / "plover.schema.json").read_text("utf-8"))
    validator = jsonschema_rs.validator_for(schema)
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for r in records:
        errors = [e.message for e in validator.iter_errors(r)]
        assert not errors, (r["id"], errors)
    df = pd.read_json(path, lines=True)
    assert len(df) == len(records) > 0 and {"actor", "recipient", "event_loc"} <= set(df.columns)
    assert any(r["actor"] and r["actor"][0]["identifier_id"] for r in records)
    assert any(r["event_loc"] and isinstance(r["event_loc"]["geonameid"], int) for r in records)


def test_plover_codes_a_visit_with_the_host_as_recipient_and_a_plan_as_future():
    visit = formats.plover_record(_event(), [])
    assert [a["actor_text"] for a in visit["actor"]] == ["Bo Guest"]
    assert [a["actor_text"] for a in visit["recipient"]] == ["Ana Host"]
    assert visit["recipient"][0]["identifier_id"] == "Q1"
    assert visit["event_loc"]["geonameid"] == 42 and visit["quad_code"] == 1
    third = formats.plover_record(
        _event(plover={"type": "CONSULT", "mode": "unspecified"}, status="planned", location=None),
        [],
    )
    assert third["mode"] is None and len(third["actor"]) == 2 and third["recipient"] == []
    assert "future" in third["context"] and third["event_loc"] is None
