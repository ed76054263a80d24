"""The store's rows, declared once: every column of every table parley writes, with its
SQLite type, its Parquet type and where its value comes from.

The SQLite column lists (:mod:`parley.store.db`, :mod:`parley.store.bulk`), the Dask
dataset's Parquet schemas (:mod:`parley.scale.dataset`) and the row codecs below are all
derived from these declarations, so a field of an engagement is written out in one place.
``tests/store/test_rows.py`` checks that the declarations, the SQLite schema a new store
gets, the Parquet schemas and the model agree.

Adding a plain field to an engagement (docs/architecture.md, "Adding a field"): the
model's ``Event``, one :class:`Column` in :data:`RECORD` here (how to read it from an
``Event``; merged events take the most common value among the reports), a migration in
:mod:`parley.store.schema` adding it to ``mentions`` and ``events``, and a test. A field
the API shows also reaches ``events.item`` (store/items.py) through the reader that builds
it, ``query.event_item``; the migration then fills the column again for stored events.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from parley.model import Document, Event, Statement, as_kind, as_precision, as_status
from parley.store.merge import MentionRecord
from parley.text import slug

SqlType = Literal["TEXT", "INTEGER", "REAL", "BLOB"]
ArrowType = Literal["string", "int64", "float64", "bool", "binary"]


@dataclass(frozen=True)
class Column:
    """One column. ``of_event`` reads a mention's value from an extracted :class:`Event`;
    ``of_merged`` reads a merged event's value from :func:`merge.merged_record`'s dict.
    ``merged`` is "explicit" for the fields :func:`merge.merged_record` decides by its own
    rule (best date, any report held, ...) and "most_common" for every other field, which
    merging carries without knowing it (:attr:`MentionRecord.values`)."""

    name: str
    sql: SqlType
    arrow: ArrowType
    of_event: Callable[[Event], Any] | None = None
    of_merged: Callable[[Mapping[str, Any]], Any] | None = None
    merged: Literal["explicit", "most_common"] = "explicit"


def _place(name: str) -> Column:
    """A column of where the engagement took place (``Event.location``)."""
    arrow: ArrowType = "float64" if name in ("lat", "lon") else "string"
    sql: SqlType = "REAL" if name in ("lat", "lon") else "TEXT"
    if name == "geonames_id":
        arrow, sql = "int64", "INTEGER"
    return Column(
        name,
        sql,
        arrow,
        lambda e: getattr(e.location, name, None),
        lambda ev: (ev["location"] or {}).get(name),
    )


#: Where an engagement took place, as ``mentions`` and ``events`` store it.
PLACE_COLUMNS = ("city", "admin1", "country", "lat", "lon", "geonames_id")

#: What a mention and a merged event both say about an engagement, one value each.
RECORD: tuple[Column, ...] = (
    Column("kind", "TEXT", "string", lambda e: e.kind, lambda ev: ev["kind"]),
    Column("status", "TEXT", "string", lambda e: e.status, lambda ev: ev["status"]),
    Column(
        "is_primary", "INTEGER", "bool", lambda e: bool(e.primary), lambda ev: bool(ev["primary"])
    ),
    Column("date", "TEXT", "string", lambda e: e.date, lambda ev: ev["date"]),
    Column(
        "date_precision",
        "TEXT",
        "string",
        lambda e: e.date_precision,
        lambda ev: ev["date_precision"],
    ),
    *(_place(c) for c in PLACE_COLUMNS),
    Column("occasion", "TEXT", "string", lambda e: e.occasion, lambda ev: ev["occasion"]),
    Column("initiator", "TEXT", "string", lambda e: e.initiator, lambda ev: ev["initiator"]),
    Column("cameo", "TEXT", "string", lambda e: e.cameo, lambda ev: ev["cameo"]),
    Column(
        "plover_type",
        "TEXT",
        "string",
        lambda e: e.plover.get("type", "CONSULT"),
        lambda ev: ev["plover"]["type"],
    ),
    Column(
        "plover_mode",
        "TEXT",
        "string",
        lambda e: e.plover.get("mode") or None,
        lambda ev: ev["plover"]["mode"] or None,
    ),
    Column(
        "confidence", "REAL", "float64", lambda e: float(e.confidence), lambda ev: ev["confidence"]
    ),
)

_TEXT: tuple[SqlType, ArrowType] = ("TEXT", "string")
_INT: tuple[SqlType, ArrowType] = ("INTEGER", "int64")


def _cols(*spec: tuple[str, tuple[SqlType, ArrowType]]) -> tuple[Column, ...]:
    return tuple(Column(name, *types) for name, types in spec)


#: ``mentions``: one engagement as one document reports it (JSON lists as JSON text).
MENTION: tuple[Column, ...] = (
    *_cols(("document_id", _TEXT), ("position", _INT)),
    *RECORD,
    *_cols(("participants", _TEXT), ("countries", _TEXT), ("evidence", _TEXT), ("topics", _TEXT)),
)
#: ``events``: one engagement, merged over every report of it.
EVENT: tuple[Column, ...] = (
    *_cols(("id", _TEXT)),
    *RECORD,
    *_cols(
        ("countries", _TEXT),
        ("n_sources", _INT),
        ("n_outlets", _INT),
        ("disagreements", _TEXT),
        ("topics", _TEXT),
        # the event as the API lists it (JSON), which the store writes once the event's
        # participants and sources are in (store/items.py): None in a row of this codec
        ("item", _TEXT),
    ),
)
#: ``documents``, as the store keeps them (``duplicate_of`` and after: the store decides).
DOCUMENT: tuple[Column, ...] = (
    *_cols(
        ("id", _TEXT),
        ("path", _TEXT),
        ("url", _TEXT),
        ("outlet", _TEXT),
        ("published", _TEXT),
        ("lang", _TEXT),
        ("title", _TEXT),
        ("text", _TEXT),
        ("original", _TEXT),
        ("duplicate_of", _TEXT),
    ),
    Column("similarity", "REAL", "float64"),
    *_cols(("near_parent", _TEXT)),
)
STATEMENT: tuple[Column, ...] = _cols(
    ("document_id", _TEXT),
    ("position", _INT),
    ("speaker_name", _TEXT),
    ("speaker_key", _TEXT),
    ("speaker_country", _TEXT),
    ("mention_position", _INT),
    ("text", _TEXT),
    ("start", _INT),
    ("end", _INT),
    ("mode", _TEXT),
    ("stance", _TEXT),
    ("target_name", _TEXT),
    ("target_country", _TEXT),
    ("cameo", _TEXT),
    ("plover", _TEXT),
    ("topics", _TEXT),
)
PARTICIPANT: tuple[Column, ...] = _cols(
    ("event_id", _TEXT),
    ("position", _INT),
    ("actor_key", _TEXT),
    ("name", _TEXT),
    ("country", _TEXT),
    ("role", _TEXT),
    ("wikidata_id", _TEXT),
)
SOURCE: tuple[Column, ...] = _cols(("event_id", _TEXT), ("document_id", _TEXT), ("position", _INT))
ACTOR: tuple[Column, ...] = _cols(
    ("key", _TEXT), ("name", _TEXT), ("country", _TEXT), ("wikidata_id", _TEXT)
)

#: The SQLite table each declaration is written to.
TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENT,
    "mentions": MENTION,
    "statements": STATEMENT,
    "events": EVENT,
    "event_participants": PARTICIPANT,
    "event_sources": SOURCE,
    "actors": ACTOR,
}


def names(columns: tuple[Column, ...]) -> tuple[str, ...]:
    return tuple(c.name for c in columns)


MENTION_COLUMNS = names(MENTION)
EVENT_COLUMNS = names(EVENT)
DOCUMENT_COLUMNS = names(DOCUMENT)
STATEMENT_COLUMNS = names(STATEMENT)
PARTICIPANT_COLUMNS = names(PARTICIPANT)
SOURCE_COLUMNS = names(SOURCE)
#: The ``documents`` columns a document brings (:func:`document_values`); the rest the
#: store decides.
DOCUMENT_VALUE_COLUMNS = DOCUMENT_COLUMNS[: DOCUMENT_COLUMNS.index("duplicate_of")]
#: Record fields merging carries without a rule of its own.
CARRIED = tuple(c for c in RECORD if c.merged == "most_common")

#: Which ``Event`` field each stored column reads; a field of the model is either stored
#: (here) or deliberately left out (:data:`NOT_STORED`), and a test holds the two together.
STORED_FIELDS: dict[str, tuple[str, ...]] = {
    "doc": ("document_id",),
    "kind": ("kind",),
    "status": ("status",),
    "primary": ("is_primary",),
    "participants": ("participants",),
    "countries": ("countries",),
    "date": ("date",),
    "date_precision": ("date_precision",),
    "location": PLACE_COLUMNS,
    "occasion": ("occasion",),
    "initiator": ("initiator",),
    "cameo": ("cameo",),
    "plover": ("plover_type", "plover_mode"),
    "evidence": ("evidence",),
    "confidence": ("confidence",),
    "topics": ("topics",),
}
#: Fields of ``Event`` the store does not keep, and why.
NOT_STORED: dict[str, str] = {
    "host": "who received whom: coded into PLOVER's recipient at extraction, not a column",
    "field_evidence": "per-field spans, shown by `parley extract`; the store keeps evidence",
    "explanation": "what each decision weighed, for `parley extract --explain` only",
}


def _participant_json(e: Event) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "mention": p.mention or p.name,
            "country": p.country,
            "role": p.role,
            "id": p.id,
            "key": p.key or slug(p.name),
        }
        for p in e.participants
    ]


def document_values(doc: Document) -> dict[str, Any]:
    """The ``documents`` columns a document fills before near-duplicate detection."""
    values = {
        "id": doc.id,
        "path": doc.doc,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published,
        "lang": doc.lang,
        "title": doc.title,
        "text": doc.text,
        "original": doc.original,
    }
    return {c: values[c] for c in DOCUMENT_VALUE_COLUMNS}


def mention_values(doc_id: str, i: int, e: Event) -> dict[str, Any]:
    """One ``mentions`` row: what a local ingest and the Dask engine both store."""
    return {
        "document_id": doc_id,
        "position": i,
        **{c.name: c.of_event(e) for c in RECORD if c.of_event is not None},
        "participants": json.dumps(_participant_json(e), ensure_ascii=False),
        "countries": json.dumps(e.countries),
        "evidence": json.dumps([s.to_dict() for s in e.evidence], ensure_ascii=False),
        "topics": json.dumps(e.topics),
    }


def statement_values(doc_id: str, i: int, st: Statement) -> dict[str, Any]:
    """One ``statements`` row (its topics also go to ``statement_topics``)."""
    who = st.speaker
    person = who.get("name") if who.get("name") != "both sides" else None
    target = st.target or {}
    return {
        "document_id": doc_id,
        "position": i,
        "speaker_name": who.get("name") or "",
        "speaker_key": slug(person) if person else None,
        "speaker_country": who.get("country"),
        "mention_position": st.event,
        "text": st.text,
        "start": st.start,
        "end": st.end,
        "mode": st.mode,
        "stance": st.stance,
        "target_name": target.get("name"),
        "target_country": target.get("country"),
        "cameo": st.cameo,
        "plover": st.plover,
        "topics": json.dumps(st.topics),
    }


def event_values(ev: Mapping[str, Any]) -> dict[str, Any]:
    """The ``events`` row of a merged record (:func:`parley.store.merge.merged_record`)."""
    return {
        "id": ev["id"],
        **{c.name: c.of_merged(ev) if c.of_merged is not None else ev[c.name] for c in RECORD},
        "countries": json.dumps(ev["countries"]),
        "n_sources": ev["n_sources"],
        "n_outlets": ev["n_outlets"],
        "disagreements": json.dumps(ev["disagreements"], ensure_ascii=False),
        "topics": json.dumps(ev["topics"]),
        "item": None,
    }


def participant_values(ev: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``event_participants`` rows of a merged record, in its participant order."""
    return [
        {
            "event_id": ev["id"],
            "position": i,
            "actor_key": p.get("key") or slug(p["name"]),
            "name": p["name"],
            "country": p.get("country"),
            "role": p.get("role"),
            "wikidata_id": p.get("id"),
        }
        for i, p in enumerate(ev["participants"])
    ]


def source_values(ev: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``event_sources`` rows of a merged record, in its canonical member order."""
    return [{"event_id": ev["id"], "document_id": d, "position": p} for d, p in ev["sources"]]


def record_from_row(row: Mapping[str, Any]) -> MentionRecord:
    """What merging needs of a ``mentions`` row joined with its document's ``published``,
    ``outlet`` and ``duplicate_of`` (from SQLite or from the Dask engine's Parquet).

    Every merge reads back the mentions of the blocks a batch touches: parsed with
    orjson, a third of the JSON module's time, in the single writer of `ingest --jobs`."""
    loc = None
    if row["country"] or row["city"]:
        loc = {c: row[c] for c in PLACE_COLUMNS}
    return MentionRecord(
        document_id=row["document_id"],
        position=row["position"],
        kind=as_kind(row["kind"]),
        status=as_status(row["status"]),
        primary=bool(row["is_primary"]),
        date=row["date"],
        date_precision=as_precision(row["date_precision"]),
        location=loc,
        occasion=row["occasion"],
        initiator=row["initiator"],
        cameo=row["cameo"],
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        confidence=row["confidence"],
        participants=orjson.loads(row["participants"]),
        countries=orjson.loads(row["countries"]),
        evidence=orjson.loads(row["evidence"]),
        published=row["published"],
        outlet=row["outlet"],
        duplicate_of=row["duplicate_of"],
        topics=orjson.loads(row["topics"]),
        values={c.name: row[c.name] for c in CARRIED},
    )


def rebuild_actors(con: sqlite3.Connection) -> None:
    """Every ``actors`` row again from the events' participants: after a bulk load, and
    after a migration rewrites keys (kept here, below the store, so both can call it)."""
    con.execute("DELETE FROM actors")
    con.execute(
        "INSERT INTO actors(key, name, country, wikidata_id) "
        "SELECT actor_key, name, country, wikidata_id FROM ("
        "  SELECT actor_key, name, country, wikidata_id, row_number() OVER ("
        "    PARTITION BY actor_key ORDER BY name, country, wikidata_id) AS n"
        "  FROM event_participants"
        ") WHERE n = 1"
    )
