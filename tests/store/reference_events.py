"""The event reads as they were before the API was made fast (issue 16), kept verbatim as
an oracle: the single-query reads must give the same events, field for field."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from parley.store.query import StatementFilter, statements


def event(con: sqlite3.Connection, event_id: str, with_context: bool = False) -> dict[str, Any]:
    """One merged event; ``with_context`` adds the evidence in context and the statements."""
    found = events_by_id(con, [event_id], with_context)
    if not found:
        raise KeyError(event_id)
    out = found[0]
    if with_context:
        out["statements"] = statements(con, StatementFilter(event=event_id))
    return out


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def events_by_id(
    con: sqlite3.Connection, ids: list[str], with_context: bool = False
) -> list[dict[str, Any]]:
    """Events in the order of ``ids``, read with three queries whatever their number."""
    if not ids:
        return []
    marks = _placeholders(len(ids))
    rows = {r["id"]: r for r in con.execute(f"SELECT * FROM events WHERE id IN ({marks})", ids)}
    people: dict[str, list[sqlite3.Row]] = {}
    for p in con.execute(
        f"SELECT * FROM event_participants WHERE event_id IN ({marks}) ORDER BY event_id, position",
        ids,
    ):
        people.setdefault(p["event_id"], []).append(p)
    sources: dict[str, list[sqlite3.Row]] = {}
    for src in con.execute(
        "SELECT s.event_id, s.document_id, s.position, d.path, d.url, d.outlet, d.published, "
        "d.duplicate_of, m.evidence, "
        + ("d.original " if with_context else "NULL AS original ")
        + "FROM event_sources s JOIN documents d ON d.id = s.document_id "
        "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position "
        f"WHERE s.event_id IN ({marks}) ORDER BY s.event_id, d.published, d.path",
        ids,
    ):
        sources.setdefault(src["event_id"], []).append(src)
    return [
        _event_dict(rows[i], people.get(i, []), sources.get(i, []), with_context)
        for i in ids
        if i in rows
    ]


def _event_dict(
    row: sqlite3.Row, people: list[sqlite3.Row], sources: list[sqlite3.Row], with_context: bool
) -> dict[str, Any]:
    location = None
    if row["country"] or row["city"]:
        location = {k: row[k] for k in ("city", "admin1", "country", "lat", "lon", "geonames_id")}
    evidence = []
    for s in sources:
        for span in json.loads(s["evidence"]):
            item = {"doc": s["path"], **span}
            if with_context:
                item["context"] = _context(s["original"], span["start"], span["end"])
            evidence.append(item)
    return {
        "id": row["id"],
        "kind": row["kind"],
        "status": row["status"],
        "primary": bool(row["is_primary"]),
        # a merged event names each person by the knowledge base's name; the forms each
        # report writes stay with its mentions (`show`), so `mention` is that name here
        "participants": [
            {
                "name": p["name"],
                "mention": p["name"],
                "country": p["country"],
                "role": p["role"],
                "id": p["wikidata_id"],
            }
            for p in people
        ],
        "countries": json.loads(row["countries"]),
        "date": row["date"],
        "date_precision": row["date_precision"],
        "location": location,
        "occasion": row["occasion"],
        "initiator": row["initiator"],
        "cameo": row["cameo"],
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"] or ""},
        "evidence": evidence,
        "confidence": row["confidence"],
        "sources": _sources(sources),
        "n_sources": row["n_sources"],
        "n_outlets": row["n_outlets"],
        "disagreements": json.loads(row["disagreements"]),
        "topics": json.loads(row["topics"]),
    }


def _sources(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for s in rows:
        if s["document_id"] in seen:
            continue
        seen.add(s["document_id"])
        item = {
            "doc": s["path"],
            "id": s["document_id"],
            "url": s["url"],
            "outlet": s["outlet"],
            "published": s["published"],
        }
        if s["duplicate_of"]:
            item["duplicate_of"] = s["duplicate_of"]
        out.append(item)
    return out


def _context(original: str, start: int, end: int, width: int = 300) -> dict[str, Any]:
    lo = max(0, original.rfind("\n", 0, max(0, start - width)) + 1)
    hi = original.find("\n", min(len(original), end + width))
    hi = len(original) if hi < 0 else hi
    return {"before": original[lo:start], "match": original[start:end], "after": original[end:hi]}
