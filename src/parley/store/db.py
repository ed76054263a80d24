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
from collections.abc import Iterable
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
            "country": p.country,
            "role": p.role,
            "id": p.id,
            "key": p.key or slug(p.name),
        }
        for p in e.participants
    ]


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
        res = BatchResult()
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
            res.events_before = self._count_events()
            touched: list[tuple[str, int]] = []
            for item in batch:
                doc, events = item[0], item[1]
                said = item[2] if len(item) > 2 else []  # type: ignore[misc]
                touched.extend(self._add_document(doc, events, res, said))
            self._remerge(touched)
            res.events_after = self._count_events()
            con.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {explain_error(e)}") from None
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        return res

    def _count_events(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])

    def _add_document(
        self, doc: Document, events: list[Event], res: BatchResult, said: list[Statement]
    ) -> list[tuple[str, int]]:
        con = self.con
        if self.known_document(doc.id):
            self._add_path(doc)
            res.duplicates += 1
            return []
        sig = neardup.signature(doc.text)
        original = neardup.find_original(con, sig, doc.id)
        dup_of, sim = None, None
        if original is not None:
            root = con.execute(
                "SELECT duplicate_of FROM documents WHERE id = ?", (original[0],)
            ).fetchone()
            dup_of, sim = (root[0] if root and root[0] else original[0]), original[1]
            res.near_duplicates += 1
        con.execute(
            "INSERT INTO documents(id, path, url, outlet, published, lang, title, text, original, "
            "duplicate_of, similarity) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id,
                doc.doc,
                doc.url,
                doc.outlet,
                doc.published,
                doc.lang,
                doc.title,
                doc.text,
                doc.original,
                dup_of,
                sim,
            ),
        )
        self._add_path(doc)
        neardup.remember(con, doc.id, sig)
        res.new_documents += 1
        keys = []
        for i, e in enumerate(events):
            self._add_mention(doc, i, e)
            keys.append((doc.id, i))
        res.mentions += len(keys)
        for i, st in enumerate(said):
            self._add_statement(doc, i, st)
        res.statements += len(said)
        return keys

    def _add_statement(self, doc: Document, i: int, st: Statement) -> None:
        who = st.speaker
        person = who.get("name") if who.get("name") != "both sides" else None
        target = st.target or {}
        self.con.execute(
            "INSERT INTO statements(document_id, position, speaker_name, speaker_key, "
            'speaker_country, mention_position, text, start, "end", mode, stance, target_name, '
            "target_country, cameo, plover, topics) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id,
                i,
                who.get("name") or "",
                slug(person) if person else None,
                who.get("country"),
                st.event,
                st.text,
                st.start,
                st.end,
                st.mode,
                st.stance,
                target.get("name"),
                target.get("country"),
                st.cameo,
                st.plover,
                json.dumps(st.topics),
            ),
        )
        self.con.executemany(
            "INSERT OR IGNORE INTO statement_topics(document_id, position, topic) VALUES (?,?,?)",
            [(doc.id, i, t) for t in st.topics],
        )

    def _add_path(self, doc: Document) -> None:
        self.con.execute(
            "INSERT OR IGNORE INTO document_paths(path, document_id) VALUES (?, ?)",
            (doc.doc, doc.id),
        )

    def _add_mention(self, doc: Document, i: int, e: Event) -> None:
        loc = e.location
        people = _participant_json(e)
        cur = self.con.execute(
            f"INSERT INTO mentions({_MENTION_COLUMNS}) VALUES ({','.join('?' * 23)})",
            (
                doc.id,
                i,
                e.kind,
                e.status,
                int(e.primary),
                e.date,
                e.date_precision,
                loc.city if loc else None,
                loc.admin1 if loc else None,
                loc.country if loc else None,
                loc.lat if loc else None,
                loc.lon if loc else None,
                loc.geonames_id if loc else None,
                e.occasion,
                e.initiator,
                e.cameo,
                e.plover.get("type", "CONSULT"),
                e.plover.get("mode") or None,
                float(e.confidence),
                json.dumps(people, ensure_ascii=False),
                json.dumps(e.countries),
                json.dumps([s.to_dict() for s in e.evidence], ensure_ascii=False),
                json.dumps(e.topics),
            ),
        )
        self.con.execute(
            "INSERT INTO evidence_search(rowid, text) VALUES (?, ?)",
            (cur.lastrowid, " … ".join(span.text for span in e.evidence)),
        )
        record = self._record(doc.id, i)
        self.con.executemany(
            "INSERT OR IGNORE INTO mention_blocks(block, document_id, position) VALUES (?, ?, ?)",
            [(b, doc.id, i) for b in merge.blocks(record)],
        )
        self.con.executemany(
            "INSERT OR IGNORE INTO actors(key, name, country, wikidata_id) VALUES (?, ?, ?, ?)",
            [(p["key"], p["name"], p["country"], p["id"]) for p in people],
        )

    def _record(self, doc_id: str, position: int) -> merge.MentionRecord:
        row = self.con.execute(
            "SELECT m.*, d.published AS published, d.outlet AS outlet, d.duplicate_of AS "
            "duplicate_of "
            "FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.document_id = ? AND m.position = ?",
            (doc_id, position),
        ).fetchone()
        return _to_record(row)

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
        if not seeds:
            return
        keys = self._closure(seeds)
        records = [self._record(d, p) for d, p in keys]
        old = {
            r[0]
            for d, p in keys
            for r in self.con.execute(
                "SELECT event_id FROM mentions WHERE document_id = ? AND position = ? AND "
                "event_id IS NOT NULL",
                (d, p),
            )
        }
        # an old event may also hold mentions outside this closure: they are re-merged too
        have = set(keys)
        for ev in sorted(old):
            for d, p in self.con.execute(
                "SELECT document_id, position FROM event_sources WHERE event_id = ?", (ev,)
            ).fetchall():
                if (d, p) not in have:
                    have.add((d, p))
                    records.append(self._record(d, p))
        for ev in old:
            self._delete_event(ev)
        for c in merge.cluster(records):
            self._write_event(merge.merged_record(c))

    def _delete_event(self, event_id: str) -> None:
        for table in ("event_participants", "event_sources", "event_countries"):
            self.con.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        self.con.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def _write_event(self, ev: dict[str, Any]) -> None:
        loc = ev["location"] or {}
        self.con.execute(
            "INSERT INTO events(id, kind, status, is_primary, date, date_precision, city, "
            "admin1, country, "
            "lat, lon, geonames_id, occasion, initiator, cameo, plover_type, plover_mode, "
            "confidence, "
            "countries, n_sources, n_outlets, disagreements, topics) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                ev["id"],
                ev["kind"],
                ev["status"],
                int(ev["primary"]),
                ev["date"],
                ev["date_precision"],
                loc.get("city"),
                loc.get("admin1"),
                loc.get("country"),
                loc.get("lat"),
                loc.get("lon"),
                loc.get("geonames_id"),
                ev["occasion"],
                ev["initiator"],
                ev["cameo"],
                ev["plover"]["type"],
                ev["plover"]["mode"] or None,
                ev["confidence"],
                json.dumps(ev["countries"]),
                ev["n_sources"],
                ev["n_outlets"],
                json.dumps(ev["disagreements"], ensure_ascii=False),
                json.dumps(ev["topics"]),
            ),
        )
        self.con.executemany(
            "INSERT INTO event_participants(event_id, position, actor_key, name, country, role, "
            "wikidata_id) "
            "VALUES (?,?,?,?,?,?,?)",
            [
                (
                    ev["id"],
                    i,
                    p.get("key") or slug(p["name"]),
                    p["name"],
                    p.get("country"),
                    p.get("role"),
                    p.get("id"),
                )
                for i, p in enumerate(ev["participants"])
            ],
        )
        self.con.executemany(
            "INSERT OR IGNORE INTO event_countries(country, sort_day, event_id) VALUES (?,?,?)",
            [(c, ev["date"] or "", ev["id"]) for c in dict.fromkeys(ev["countries"]) if c],
        )
        for doc_id, pos in ev["sources"]:
            self.con.execute(
                "INSERT INTO event_sources(event_id, document_id, position) VALUES (?,?,?)",
                (ev["id"], doc_id, pos),
            )
            self.con.execute(
                "UPDATE mentions SET event_id = ? WHERE document_id = ? AND position = ?",
                (ev["id"], doc_id, pos),
            )


def _to_record(row: sqlite3.Row) -> merge.MentionRecord:
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
