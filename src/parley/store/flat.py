"""Events and statements as flat rows: the one set of names the exports, the SQLite views,
``parley events --format csv`` and the Python API share.

An event's own row calls its id ``id`` and every row that points to an event calls it
``event_id``; the flat name of a nested contract field is its path joined by ``_``
(``plover.type`` is ``plover_type``; ``location.country`` is ``location_country``, the
venue's country, never confused with a participant's ``country``). Kept free of pyarrow
and pandas so that `parley events` starts fast.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

LOCATION = ("city", "admin1", "country", "lat", "lon", "geonames_id")

# `parley events --format csv` and the `events_flat` view: one line per event, lists
# written as text ("; " between participants, "," between codes)
FLAT_EVENT_COLUMNS = (
    "id",
    "date",
    "date_precision",
    "kind",
    "status",
    "primary",
    "participants",
    "countries",
    *(f"location_{k}" for k in LOCATION),
    "occasion",
    "initiator",
    "cameo",
    "plover_type",
    "plover_mode",
    "topics",
    "n_sources",
    "n_outlets",
    "confidence",
    "source_url",
)


def day(value: str | None) -> date | None:
    """An ISO date (the first ten characters of a date or date-time), or None."""
    return date.fromisoformat(value[:10]) if value else None


def moment(value: str | None) -> datetime | None:
    """An ISO date or date-time as a UTC instant (a bare date is its midnight UTC); None
    when there is none or it cannot be read."""
    if not value:
        return None
    try:
        got = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if got.tzinfo is None:
        got = got.replace(tzinfo=UTC)
    return got.astimezone(UTC)


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    """A merged event (the contract's shape, from :func:`query.events`) as a typed row."""
    loc = ev["location"] or {}
    people = [
        {
            "actor_key": None,
            "name": p["name"],
            "country": p["country"],
            "role": p["role"],
            "wikidata_id": p["id"],
        }
        for p in ev["participants"]
    ]
    return {
        "id": ev["id"],
        "date": day(ev["date"]),
        "date_precision": ev["date_precision"],
        "kind": ev["kind"],
        "status": ev["status"],
        "primary": bool(ev["primary"]),
        "participants": people,
        "countries": list(ev["countries"]),
        **{f"location_{k}": loc.get(k) for k in LOCATION},
        "occasion": ev["occasion"],
        "initiator": ev["initiator"],
        "cameo": ev["cameo"],
        "plover_type": ev["plover"]["type"],
        "plover_mode": ev["plover"]["mode"] or None,
        "topics": list(ev.get("topics") or []),
        "n_sources": ev["n_sources"],
        "n_outlets": ev["n_outlets"],
        "confidence": ev["confidence"],
        "source_url": next((s["url"] for s in ev["sources"] if s.get("url")), None),
        "evidence": [
            {"doc": e["doc"], "text": e["text"], "start": e["start"], "end": e["end"]}
            for e in ev["evidence"]
        ],
        "disagreements": [
            {"field": field, "value": str(value), "documents": list(docs)}
            for field, values in sorted(ev["disagreements"].items())
            for value, docs in sorted(values.items())
        ],
    }


def flat_event(ev: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a line of text columns (:data:`FLAT_EVENT_COLUMNS`)."""
    row = event_row(ev)
    row["date"] = ev["date"]
    row["participants"] = "; ".join(
        f"{p['name']} ({p['country']})" if p["country"] else p["name"] for p in row["participants"]
    )
    row["countries"] = ",".join(row["countries"])
    row["topics"] = ",".join(row["topics"])
    row["primary"] = int(row["primary"])
    return {k: row[k] for k in FLAT_EVENT_COLUMNS}
