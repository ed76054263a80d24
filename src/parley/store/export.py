"""Exports for analysts' tools: the store's tables as CSV, JSON Lines or typed Parquet.

The analyst names one thing one way wherever it is read: these files, the SQLite views
(``events_flat``, ``event_actors``, ``statements_flat``), ``parley events --format csv``
and the Python API share the names of :data:`EVENTS` and its siblings. An event's own row
calls its id ``id`` and every row that points to an event calls it ``event_id``; the flat
name of a nested contract field is its path joined by ``_`` (``plover.type`` is
``plover_type``, ``location.country`` is ``location_country``: the venue's country, never
confused with a participant's). Parquet keeps the types a reader would otherwise have to
guess back: dates are dates, ids and counts integers, lists lists, participants and
evidence nested structs. Columns are described in docs/data-dictionary.md; the field's
own formats (GDELT, PLOVER) are in :mod:`parley.store.formats`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from parley.store import exporters, query
from parley.store.flat import day, event_row, moment

_TEXT = pa.string()
_INT = pa.int64()
_FLOAT = pa.float64()

PARTICIPANT = pa.struct(
    [
        ("actor_key", _TEXT),
        ("name", _TEXT),
        ("country", _TEXT),
        ("role", _TEXT),
        ("wikidata_id", _TEXT),
    ]
)
SPAN = pa.struct([("doc", _TEXT), ("text", _TEXT), ("start", _INT), ("end", _INT)])
DISAGREEMENT = pa.struct([("field", _TEXT), ("value", _TEXT), ("documents", pa.list_(_TEXT))])

# one merged event: the contract's fields, flattened
EVENTS = pa.schema(
    [
        ("id", _TEXT),
        ("date", pa.date32()),
        ("date_precision", _TEXT),
        ("kind", _TEXT),
        ("status", _TEXT),
        ("primary", pa.bool_()),
        ("participants", pa.list_(PARTICIPANT)),
        ("countries", pa.list_(_TEXT)),
        ("location_city", _TEXT),
        ("location_admin1", _TEXT),
        ("location_country", _TEXT),
        ("location_lat", _FLOAT),
        ("location_lon", _FLOAT),
        ("location_geonames_id", _INT),
        ("occasion", _TEXT),
        ("initiator", _TEXT),
        ("cameo", _TEXT),
        ("plover_type", _TEXT),
        ("plover_mode", _TEXT),
        ("topics", pa.list_(_TEXT)),
        ("n_sources", _INT),
        ("n_outlets", _INT),
        ("confidence", _FLOAT),
        ("source_url", _TEXT),
        ("evidence", pa.list_(SPAN)),
        ("disagreements", pa.list_(DISAGREEMENT)),
    ]
)
EVENT_PARTICIPANTS = pa.schema(
    [
        ("event_id", _TEXT),
        ("position", _INT),
        ("actor_key", _TEXT),
        ("name", _TEXT),
        ("country", _TEXT),
        ("role", _TEXT),
        ("wikidata_id", _TEXT),
    ]
)
EVENT_SOURCES = pa.schema(
    [
        ("event_id", _TEXT),
        ("document_id", _TEXT),
        ("doc", _TEXT),
        ("url", _TEXT),
        ("outlet", _TEXT),
        ("published", pa.timestamp("ms", tz="UTC")),
        ("title", _TEXT),
        ("lang", _TEXT),
        ("duplicate_of", _TEXT),
        ("evidence", pa.list_(SPAN)),
    ]
)
STATEMENTS = pa.schema(
    [
        ("document_id", _TEXT),
        ("position", _INT),
        ("event_id", _TEXT),
        ("doc", _TEXT),
        ("date", pa.date32()),
        ("date_precision", _TEXT),
        ("speaker_name", _TEXT),
        ("speaker_key", _TEXT),
        ("speaker_country", _TEXT),
        ("mode", _TEXT),
        ("stance", _TEXT),
        ("target_name", _TEXT),
        ("target_country", _TEXT),
        ("topics", pa.list_(_TEXT)),
        ("cameo", _TEXT),
        ("plover_type", _TEXT),
        ("text", _TEXT),
        ("start", _INT),
        ("end", _INT),
    ]
)
ACTORS = pa.schema(
    [
        ("actor_key", _TEXT),
        ("name", _TEXT),
        ("country", _TEXT),
        ("wikidata_id", _TEXT),
        ("events", _INT),
        ("roles", pa.list_(_TEXT)),
        ("first", pa.date32()),
        ("last", pa.date32()),
    ]
)
TABLES: dict[str, pa.Schema] = {
    "events": EVENTS,
    "event_participants": EVENT_PARTICIPANTS,
    "event_sources": EVENT_SOURCES,
    "statements": STATEMENTS,
    "actors": ACTORS,
}


def events(con: sqlite3.Connection, flt: query.EventFilter | None = None) -> list[dict[str, Any]]:
    """The merged events ``flt`` selects (every one by default) as typed rows, each
    participant with its actor key."""
    found = query.events(con, flt)
    people: dict[str, list[dict[str, Any]]] = {}
    ids = [ev["id"] for ev in found]
    for start in range(0, len(ids), 500):  # SQLite caps the number of bound parameters
        part = ids[start : start + 500]
        for r in con.execute(
            "SELECT event_id, actor_key, name, country, role, wikidata_id FROM event_participants "
            f"WHERE event_id IN ({','.join('?' * len(part))}) ORDER BY event_id, position",
            part,
        ):
            people.setdefault(r["event_id"], []).append(
                {k: r[k] for k in ("actor_key", "name", "country", "role", "wikidata_id")}
            )
    return [{**event_row(ev), "participants": people.get(ev["id"], [])} for ev in found]


def events_parquet(rows: list[dict[str, Any]]) -> bytes:
    """Typed event rows (:func:`events`) as the bytes of a Parquet file."""
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(rows, EVENTS), sink)
    return bytes(sink.getvalue().to_pybytes())


def _spans(doc: str, evidence: str | None) -> list[dict[str, Any]]:
    return [
        {"doc": doc, "text": s["text"], "start": s["start"], "end": s["end"]}
        for s in json.loads(evidence or "[]")
    ]


def tables(con: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every exported table as rows of Python values (dates as dates, lists as lists)."""
    participants = [
        dict(r)
        for r in con.execute(
            "SELECT event_id, position, actor_key, name, country, role, wikidata_id "
            "FROM event_participants ORDER BY event_id, position"
        )
    ]
    sources = [
        {
            **{k: r[k] for k in r.keys() if k != "evidence"},  # noqa: SIM118 (sqlite3.Row)
            "published": moment(r["published"]),
            "evidence": _spans(r["doc"], r["evidence"]),
        }
        for r in con.execute(
            "SELECT s.event_id, s.document_id, d.path AS doc, d.url, d.outlet, d.published, "
            "d.title, d.lang, d.duplicate_of, m.evidence FROM event_sources s "
            "JOIN documents d ON d.id = s.document_id "
            "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position "
            "ORDER BY s.event_id, d.published, d.path"
        )
    ]
    statements = [
        {
            "document_id": r["document_id"],
            "position": r["position"],
            "event_id": r["event_id"],
            "doc": r["path"],
            "date": day(r["day"]),
            "date_precision": query.statement_date_precision(r),
            "speaker_name": r["speaker_name"],
            "speaker_key": r["speaker_key"],
            "speaker_country": r["speaker_country"],
            "mode": r["mode"],
            "stance": r["stance"],
            "target_name": r["target_name"],
            "target_country": r["target_country"],
            "topics": json.loads(r["topics"] or "[]"),
            "cameo": r["cameo"],
            "plover_type": r["plover"],
            "text": r["text"],
            "start": r["start"],
            "end": r["end"],
        }
        for r in query.statement_rows(con)
    ]
    actors = [{**a, "first": day(a["first"]), "last": day(a["last"])} for a in query.actors(con)]
    return {
        "events": events(con),
        "event_participants": participants,
        "event_sources": sources,
        "statements": statements,
        "actors": actors,
    }


def arrow_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """``rows`` as an Arrow table of exactly ``schema`` (an empty one keeps its columns),
    with the pandas metadata that makes ``pd.read_parquet`` give integer columns holding
    nulls as nullable ``Int64`` rather than floats (524901.0)."""
    import pandas as pd

    table = pa.Table.from_pylist(rows, schema=schema)
    frame = table.to_pandas(types_mapper={_INT: pd.Int64Dtype()}.get)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def _text(value: Any) -> Any:
    """A value for a CSV cell or a JSON line: lists and structs as JSON, dates as ISO."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def write(rows: list[dict[str, Any]], schema: pa.Schema, path: Path, fmt: str) -> None:
    """One table to ``path``: Parquet typed by ``schema``; CSV with nested values as JSON
    text; JSON Lines with nested values as JSON."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(arrow_table(rows, schema), path)
        return
    names = schema.names
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                line = {k: _text(r.get(k)) for k in names}
                fh.write(json.dumps(line, ensure_ascii=False, default=_text) + "\n")
        return
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for r in rows:
            w.writerow(
                [
                    json.dumps(v, ensure_ascii=False, default=_text)
                    if isinstance(v, list | dict)
                    else _text(v)
                    for v in (r.get(k) for k in names)
                ]
            )


def export_all(con: sqlite3.Connection, out: Path, fmt: str) -> list[tuple[Path, int]]:
    """Write the database in any registered format (:mod:`parley.store.exporters`) into
    the folder ``out``; the files written and their row counts."""
    return exporters.export(con, out, fmt)


def _tables_as(fmt: str) -> exporters.Exporter:
    def write_tables(con: sqlite3.Connection, out: Path) -> list[tuple[Path, int]]:
        written = []
        for name, rows in tables(con).items():
            path = out / f"{name}.{fmt}"
            write(rows, TABLES[name], path, fmt)
            written.append((path, len(rows)))
        return written

    return write_tables


for _fmt, _help in (
    ("csv", "parley's tables as CSV (docs/data-dictionary.md)"),
    ("jsonl", "parley's tables as JSON Lines"),
    ("parquet", "parley's tables as typed Parquet"),
):
    exporters.exporter(_fmt, _help)(_tables_as(_fmt))
