"""Exports for analysts' tools: the store's tables as CSV, JSON Lines or Parquet.

Four files: ``events`` (one row per merged event), ``event_participants``,
``event_sources`` and ``events_cameo`` (the flat GDELT-style table). Columns are
described in docs/data-dictionary.md.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

_QUERIES = {
    "events": (
        "SELECT id AS event_id, kind, status, is_primary, date, date_precision, city, admin1, "
        "country, "
        "lat, lon, geonames_id, occasion, initiator, cameo, plover_type, plover_mode, confidence, "
        "countries, n_sources, n_outlets, disagreements FROM events ORDER BY date IS NULL, date, id"
    ),
    "event_participants": (
        "SELECT event_id, position, actor_key, name, country, role, wikidata_id "
        "FROM event_participants ORDER BY event_id, position"
    ),
    "event_sources": (
        "SELECT s.event_id, s.document_id, d.path, d.url, d.outlet, d.published, d.title, "
        "d.duplicate_of, m.evidence FROM event_sources s JOIN documents d ON d.id = s.document_id "
        "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position "
        "ORDER BY s.event_id, d.published, d.path"
    ),
    "statements": (
        "SELECT s.document_id, s.position, d.path, m.event_id, s.speaker_name, s.speaker_key, "
        "s.speaker_country, s.mode, s.stance, s.target_name, s.target_country, s.cameo, s.plover, "
        's.topics, s.text, s.start, s."end" FROM statements s '
        "JOIN documents d ON d.id = s.document_id LEFT JOIN mentions m "
        "ON m.document_id = s.document_id AND m.position = s.mention_position "
        "ORDER BY d.path, s.position"
    ),
}


def _cameo_table(con: sqlite3.Connection) -> pd.DataFrame:
    from parley.cli_store import flat_event
    from parley.store import query

    return pd.DataFrame([flat_event(r) for r in query.events(con)])


def export_all(con: sqlite3.Connection, out: Path, fmt: str) -> list[tuple[Path, int]]:
    out.mkdir(parents=True, exist_ok=True)
    frames = {name: pd.read_sql_query(sql, con) for name, sql in _QUERIES.items()}
    frames["events_cameo"] = _cameo_table(con)
    written = []
    for name, df in frames.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            df.to_csv(path, index=False)
        elif fmt == "jsonl":
            df.to_json(path, orient="records", lines=True, force_ascii=False)
        else:
            df.to_parquet(path, index=False)
        written.append((path, len(df)))
    return written
