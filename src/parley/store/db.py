"""The store: documents, their mentions of engagements, and the merged events.

Writes happen one batch per transaction, so a crash loses at most the batch in flight
and a rerun redoes exactly that batch: documents are keyed by their content hash and
skipped when present, and merged events are recomputed from the stored mentions, so
the result never depends on where a run stopped or in which order files came.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.model import Document, Event, Statement
from parley.store import merge, neardup
from parley.store.schema import StoreError, connect, explain_error

_MENTION_COLUMNS = (
    "document_id, position, kind, status, is_primary, date, date_precision, city, admin1, "
    "country, lat, lon, geonames_id, occasion, initiator, cameo, plover_type, plover_mode, "
    "confidence, participants, countries, evidence, topics"
)


def slug(name: str) -> str:
    """A person's key when the knowledge base does not know them ("Denis Manturov")."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass
class BatchResult:
    """What one batch did, for the ingest summary."""

    new_documents: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    mentions: int = 0
    statements: int = 0
    events_before: int = 0
    events_after: int = 0
    paths: list[str] = field(default_factory=list)


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


#: Where an engagement took place, as ``mentions`` and ``events`` store it.
PLACE_COLUMNS = ("city", "admin1", "country", "lat", "lon", "geonames_id")


def document_values(doc: Document) -> dict[str, Any]:
    """The ``documents`` columns a document fills before near-duplicate detection."""
    return {
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


def mention_values(doc_id: str, i: int, e: Event) -> dict[str, Any]:
    """One ``mentions`` row: what a local ingest and the Dask engine both store."""
    loc = e.location
    return {
        "document_id": doc_id,
        "position": i,
        "kind": e.kind,
        "status": e.status,
        "is_primary": bool(e.primary),
        "date": e.date,
        "date_precision": e.date_precision,
        **{c: getattr(loc, c, None) for c in PLACE_COLUMNS},
        "occasion": e.occasion,
        "initiator": e.initiator,
        "cameo": e.cameo,
        "plover_type": e.plover.get("type", "CONSULT"),
        "plover_mode": e.plover.get("mode") or None,
        "confidence": float(e.confidence),
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


def event_values(ev: dict[str, Any]) -> dict[str, Any]:
    """The ``events`` row of a merged record (:func:`parley.store.merge.merged_record`)."""
    loc = ev["location"] or {}
    return {
        "id": ev["id"],
        "kind": ev["kind"],
        "status": ev["status"],
        "is_primary": bool(ev["primary"]),
        "date": ev["date"],
        "date_precision": ev["date_precision"],
        **{c: loc.get(c) for c in PLACE_COLUMNS},
        "occasion": ev["occasion"],
        "initiator": ev["initiator"],
        "cameo": ev["cameo"],
        "plover_type": ev["plover"]["type"],
        "plover_mode": ev["plover"]["mode"] or None,
        "confidence": ev["confidence"],
        "countries": json.dumps(ev["countries"]),
        "n_sources": ev["n_sources"],
        "n_outlets": ev["n_outlets"],
        "disagreements": json.dumps(ev["disagreements"], ensure_ascii=False),
        "topics": json.dumps(ev["topics"]),
    }


def participant_values(ev: dict[str, Any]) -> list[dict[str, Any]]:
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


def insert_sql(table: str, columns: Iterable[str], verb: str = "INSERT") -> str:
    """A parameterized INSERT taking named values (``:column``) for ``columns``."""
    cols = list(columns)
    quoted = ", ".join(f'"{c}"' for c in cols)
    return f"{verb} INTO {table}({quoted}) VALUES ({', '.join(':' + c for c in cols)})"


class Store:
    """A parley database file. ``readonly`` opens it for queries only."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.con = connect(self.path, readonly=readonly)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def known_document(self, doc_id: str) -> bool:
        return (
            self.con.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            is not None
        )

    def add_batch(self, batch: Iterable[tuple[Any, ...]]) -> BatchResult:
        """Store a batch of (document, events[, statements]), then re-merge what they touch."""
        rows = []
        for item in batch:
            doc, events = item[0], item[1]
            said = item[2] if len(item) > 2 else []
            rows.append(
                DocumentRows(
                    document_values(doc),
                    [mention_values(doc.id, i, e) for i, e in enumerate(events)],
                    [statement_values(doc.id, i, st) for i, st in enumerate(said)],
                )
            )
        return self.add_rows(rows)

    def add_rows(self, batch: Iterable[DocumentRows]) -> BatchResult:
        """Store documents given as table rows (as the Dask engine writes them), then
        re-merge what they touch: the same path, transaction and result as ``add_batch``."""
        res = BatchResult()
        with self.transaction():
            res.events_before = self._count_events()
            touched: list[tuple[str, int]] = []
            for rows in batch:
                touched.extend(self._add_document(rows, res))
            self._remerge(touched)
            res.events_after = self._count_events()
        return res

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole or rolled back whole; a database error
        becomes a :class:`StoreError` naming the file."""
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {explain_error(e)}") from None
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    def _count_events(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])

    def _add_document(self, rows: DocumentRows, res: BatchResult) -> list[tuple[str, int]]:
        con = self.con
        doc = rows.document
        if self.known_document(doc["id"]):
            self._add_path(doc["path"], doc["id"])
            res.duplicates += 1
            return []
        sig = neardup.signature(doc["text"])
        original = neardup.find_original(con, sig, doc["id"])
        dup_of, sim = None, None
        if original is not None:
            root = con.execute(
                "SELECT duplicate_of FROM documents WHERE id = ?", (original[0],)
            ).fetchone()
            dup_of, sim = (root[0] if root and root[0] else original[0]), original[1]
            res.near_duplicates += 1
        con.execute(
            insert_sql("documents", DOCUMENT_COLUMNS),
            {**doc, "duplicate_of": dup_of, "similarity": sim},
        )
        self._add_path(doc["path"], doc["id"])
        neardup.remember(con, doc["id"], sig)
        res.new_documents += 1
        keys = []
        for m in rows.mentions:
            self._add_mention(m)
            keys.append((m["document_id"], m["position"]))
        res.mentions += len(keys)
        add_statements(con, rows.statements)
        res.statements += len(rows.statements)
        return keys

    def _add_path(self, path: str, doc_id: str) -> None:
        self.con.execute(
            "INSERT OR IGNORE INTO document_paths(path, document_id) VALUES (?, ?)",
            (path, doc_id),
        )

    def _add_mention(self, m: dict[str, Any]) -> None:
        cur = self.con.execute(insert_sql("mentions", MENTION_COLUMNS), m)
        self.con.execute(
            "INSERT INTO evidence_search(rowid, text) VALUES (?, ?)",
            (cur.lastrowid, evidence_text(m["evidence"])),
        )
        record = self._record(m["document_id"], m["position"])
        self.con.executemany(
            "INSERT OR IGNORE INTO mention_blocks(block, document_id, position) VALUES (?, ?, ?)",
            [(b, m["document_id"], m["position"]) for b in merge.blocks(record)],
        )
        self.con.executemany(
            "INSERT OR IGNORE INTO actors(key, name, country, wikidata_id) VALUES (?, ?, ?, ?)",
            actor_rows(m["participants"]),
        )

    def _record(self, doc_id: str, position: int) -> merge.MentionRecord:
        row = self.con.execute(
            "SELECT m.*, d.published AS published, d.outlet AS outlet, d.duplicate_of AS "
            "duplicate_of "
            "FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.document_id = ? AND m.position = ?",
            (doc_id, position),
        ).fetchone()
        return record_from_row(row)

    def _closure(self, seeds: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Every mention reachable from ``seeds`` through shared blocks."""
        seen = set(seeds)
        frontier_blocks: set[str] = set()
        for doc_id, pos in seeds:
            frontier_blocks.update(
                r[0]
                for r in self.con.execute(
                    "SELECT block FROM mention_blocks WHERE document_id = ? AND position = ?",
                    (doc_id, pos),
                )
            )
        done_blocks: set[str] = set()
        while frontier_blocks:
            block = frontier_blocks.pop()
            done_blocks.add(block)
            for doc_id, pos in self.con.execute(
                "SELECT document_id, position FROM mention_blocks WHERE block = ?", (block,)
            ).fetchall():
                if (doc_id, pos) in seen:
                    continue
                seen.add((doc_id, pos))
                for (b,) in self.con.execute(
                    "SELECT block FROM mention_blocks WHERE document_id = ? AND position = ?",
                    (doc_id, pos),
                ):
                    if b not in done_blocks:
                        frontier_blocks.add(b)
        return sorted(seen)

    def _remerge(self, seeds: list[tuple[str, int]]) -> None:
        """Re-cluster every group of mentions the new ones reach. Events never span groups
        (``merge.cluster_groups``), so the old events of these mentions lie inside them;
        a file written before that rule may hold one that does not, and its other
        mentions' groups are then taken in too, so that no mention loses its event."""
        if not seeds:
            return
        keys = self._closure(seeds)
        while True:
            old = self._events_of(keys)
            have = set(keys)
            outside = [k for ev in old for k in self._sources_of(ev) if k not in have]
            if not outside:
                break
            keys = self._closure(keys + outside)
        for ev in old:
            self._delete_event(ev)
        records = [self._record(d, p) for d, p in keys]
        for c in merge.cluster_groups(records):
            self._write_event(merge.merged_record(c))

    def _events_of(self, keys: list[tuple[str, int]]) -> list[str]:
        found: set[str] = set()
        for d, p in keys:
            found.update(
                r[0]
                for r in self.con.execute(
                    "SELECT event_id FROM mentions WHERE document_id = ? AND position = ? AND "
                    "event_id IS NOT NULL",
                    (d, p),
                )
            )
        return sorted(found)

    def _sources_of(self, event_id: str) -> list[tuple[str, int]]:
        rows = self.con.execute(
            "SELECT document_id, position FROM event_sources WHERE event_id = ?", (event_id,)
        )
        return [(d, p) for d, p in rows]

    def _delete_event(self, event_id: str) -> None:
        for table in ("event_participants", "event_sources", "event_countries"):
            self.con.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        self.con.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def _write_event(self, ev: dict[str, Any]) -> None:
        values = event_values(ev)
        insert_events(self.con, [values], participant_values(ev), source_values(ev))
        self.con.executemany(
            "UPDATE mentions SET event_id = ? WHERE document_id = ? AND position = ?",
            [(ev["id"], doc_id, pos) for doc_id, pos in ev["sources"]],
        )


def _names(columns: str) -> tuple[str, ...]:
    return tuple(columns.split(", "))


@dataclass
class DocumentRows:
    """One document as table rows: ``documents`` (without ``duplicate_of``, which the store
    decides), its ``mentions`` and its ``statements``."""

    document: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)


DOCUMENT_COLUMNS = _names(
    "id, path, url, outlet, published, lang, title, text, original, duplicate_of, similarity"
)
MENTION_COLUMNS = _names(_MENTION_COLUMNS)
STATEMENT_COLUMNS = _names(
    "document_id, position, speaker_name, speaker_key, speaker_country, mention_position, "
    "text, start, end, mode, stance, target_name, target_country, cameo, plover, topics"
)
EVENT_COLUMNS = _names(
    "id, kind, status, is_primary, date, date_precision, city, admin1, country, lat, lon, "
    "geonames_id, occasion, initiator, cameo, plover_type, plover_mode, confidence, countries, "
    "n_sources, n_outlets, disagreements, topics"
)
PARTICIPANT_COLUMNS = _names("event_id, position, actor_key, name, country, role, wikidata_id")
SOURCE_COLUMNS = ("event_id", "document_id", "position")


def source_values(ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``event_sources`` rows of a merged record, in its canonical member order."""
    return [{"event_id": ev["id"], "document_id": d, "position": p} for d, p in ev["sources"]]


def evidence_text(evidence_json: str) -> str:
    """What the full-text index holds for a mention: its evidence spans, joined."""
    return " … ".join(span["text"] for span in json.loads(evidence_json))


def actor_rows(participants_json: str) -> list[tuple[Any, ...]]:
    """``actors`` rows for a mention's participants (the first report of a key names it)."""
    return [(p["key"], p["name"], p["country"], p["id"]) for p in json.loads(participants_json)]


def add_statements(con: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Insert ``statements`` rows and their ``statement_topics``."""
    con.executemany(insert_sql("statements", STATEMENT_COLUMNS), rows)
    con.executemany(
        "INSERT OR IGNORE INTO statement_topics(document_id, position, topic) VALUES (?,?,?)",
        [(r["document_id"], r["position"], t) for r in rows for t in json.loads(r["topics"])],
    )


def insert_events(
    con: sqlite3.Connection,
    events: list[dict[str, Any]],
    participants: list[dict[str, Any]],
    sources: list[dict[str, Any]],
) -> None:
    """Insert merged events (``event_values`` rows) with their participants, sources and
    per-country keys."""
    con.executemany(insert_sql("events", EVENT_COLUMNS), events)
    con.executemany(insert_sql("event_participants", PARTICIPANT_COLUMNS), participants)
    con.executemany(
        "INSERT OR IGNORE INTO event_countries(country, sort_day, event_id) VALUES (?,?,?)",
        [
            (c, ev["date"] or "", ev["id"])
            for ev in events
            for c in dict.fromkeys(json.loads(ev["countries"]))
            if c
        ],
    )
    con.executemany(insert_sql("event_sources", SOURCE_COLUMNS), sources)


def record_from_row(row: Mapping[str, Any]) -> merge.MentionRecord:
    """What merging needs of a ``mentions`` row joined with its document's ``published``,
    ``outlet`` and ``duplicate_of`` (from SQLite or from the Dask engine's Parquet)."""
    loc = None
    if row["country"] or row["city"]:
        loc = {
            "city": row["city"],
            "admin1": row["admin1"],
            "country": row["country"],
            "lat": row["lat"],
            "lon": row["lon"],
            "geonames_id": row["geonames_id"],
        }
    return merge.MentionRecord(
        document_id=row["document_id"],
        position=row["position"],
        kind=row["kind"],
        status=row["status"],
        primary=bool(row["is_primary"]),
        date=row["date"],
        date_precision=row["date_precision"],
        location=loc,
        occasion=row["occasion"],
        initiator=row["initiator"],
        cameo=row["cameo"],
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        confidence=row["confidence"],
        participants=json.loads(row["participants"]),
        countries=json.loads(row["countries"]),
        evidence=json.loads(row["evidence"]),
        published=row["published"],
        outlet=row["outlet"],
        duplicate_of=row["duplicate_of"],
        topics=json.loads(row["topics"]),
    )
