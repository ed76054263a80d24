"""The store: documents, their mentions of engagements, and the merged events.

Writes happen one batch per transaction, so a crash loses at most the batch in flight
and a rerun redoes exactly that batch: documents are keyed by their content hash, and
merged events are recomputed from the stored mentions, so the result never depends on
where a run stopped.

Nor on the order files came in: what is stored is a function of the set of documents.
Of several copies of one body (one id) the store keeps the one that comes first by
:func:`copy_rank` (the earliest published, then the smallest path), with its metadata
and the events extracted from it (their dates resolved against its publication date);
a better copy arriving later replaces the stored one. Near-duplicates are decided in a
fixed order of the documents too (:mod:`parley.store.neardup`), and each ``actors`` row
is the first naming of the key among the stored events' participants.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from parley.model import Document
from parley.store import items, merge, neardup
from parley.store.rows import (
    DOCUMENT_COLUMNS,
    DOCUMENT_VALUE_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    PARTICIPANT_COLUMNS,
    SOURCE_COLUMNS,
    STATEMENT_COLUMNS,
    document_values,
    event_values,
    mention_values,
    participant_values,
    record_from_row,
    source_values,
    statement_values,
)
from parley.store.schema import StoreError, connect, explain_error


def copy_rank(published: str | None, path: str) -> tuple[bool, str, str]:
    """Which copy of one body the store keeps: the smallest by this key, the earliest
    published (ISO text order; undated last), then the smallest path."""
    return (published is None, published or "", path)


@dataclass
class BatchResult:
    """What one batch did, for the ingest summary."""

    new_documents: int = 0
    duplicates: int = 0
    replaced: int = 0
    near_duplicates: int = 0
    mentions: int = 0
    statements: int = 0
    events_before: int = 0
    events_after: int = 0
    paths: list[str] = field(default_factory=list)


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
        self._stale_actors: set[str] = set()  # actors of events a batch deleted

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

    def keeps_stored_copy(self, doc: Document) -> bool:
        """Whether a copy of ``doc``'s body is stored that ranks before ``doc`` (or is it):
        then ``doc`` only adds its path and needs no extraction."""
        row = self.con.execute(
            "SELECT published, path FROM documents WHERE id = ?", (doc.id,)
        ).fetchone()
        return row is not None and copy_rank(row[0], row[1]) <= copy_rank(doc.published, doc.doc)

    def add_batch(self, batch: Iterable[tuple[Any, ...]]) -> BatchResult:
        """Store a batch of (document, events[, statements[, MinHash signature]]), then
        re-merge what they touch."""
        rows = []
        for item in batch:
            doc, events = item[0], item[1]
            said = item[2] if len(item) > 2 else []
            rows.append(
                DocumentRows(
                    document_values(doc),
                    [mention_values(doc.id, i, e) for i, e in enumerate(events)],
                    [statement_values(doc.id, i, st) for i, st in enumerate(said)],
                    item[3] if len(item) > 3 else None,
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
            near: dict[str, bool] = {}  # documents to place among near-duplicates
            self._stale_actors = set()
            for rows in batch:
                touched.extend(self._add_document(rows, res, near))
            for doc_id in self._near_duplicates(near):
                touched.extend(self._mention_keys(doc_id))
            res.near_duplicates = sum(
                1 for doc_id, moved in near.items() if not moved and self._is_near_duplicate(doc_id)
            )
            actors = self._remerge(touched)
            self._refresh_actors(actors | self._stale_actors)
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

    def _add_document(
        self, rows: DocumentRows, res: BatchResult, near: dict[str, bool]
    ) -> list[tuple[str, int]]:
        """Store one document (or record another path of a stored one); return the keys of
        the mentions to merge again. ``near`` collects the documents whose place among
        near-duplicates is to be decided (id -> whether it was stored before)."""
        con = self.con
        doc = rows.document
        stored = self._document_row(doc["id"])
        if stored is not None:
            self._add_path(doc["path"], doc["id"])
            res.duplicates += 1
            if "text" not in doc or copy_rank(stored["published"], stored["path"]) <= copy_rank(
                doc["published"], doc["path"]
            ):
                return []
            res.replaced += 1
            if stored["published"] != doc["published"]:
                near[doc["id"]] = near.get(doc["id"], True)
            return self._replace_copy(rows, res)
        if "text" not in doc:
            raise StoreError(f"{self.path}: {doc['path']}: a copy of a document not stored")
        con.execute(
            insert_sql("documents", DOCUMENT_COLUMNS),
            {**doc, "duplicate_of": None, "similarity": None, "near_parent": None},
        )
        self._add_path(doc["path"], doc["id"])
        sig = rows.signature if rows.signature is not None else neardup.signature(doc["text"])
        neardup.remember(con, doc["id"], sig)
        near[doc["id"]] = False
        res.new_documents += 1
        return self._add_contents(rows, res)

    def _add_contents(self, rows: DocumentRows, res: BatchResult) -> list[tuple[str, int]]:
        keys = []
        for m in rows.mentions:
            self._add_mention(m)
            keys.append((m["document_id"], m["position"]))
        res.mentions += len(keys)
        add_statements(self.con, rows.statements)
        res.statements += len(rows.statements)
        return keys

    def _replace_copy(self, rows: DocumentRows, res: BatchResult) -> list[tuple[str, int]]:
        """The stored copy of this body gives way to a better one: its metadata, mentions and
        statements are replaced; the events its mentions were in are merged again."""
        con = self.con
        doc = rows.document
        old = self._mention_keys(doc["id"])
        others: list[tuple[str, int]] = []
        for ev in self._events_of(old):
            others.extend(k for k in self._sources_of(ev) if k[0] != doc["id"])
            self._stale_actors.update(self._delete_event(ev))
        con.execute(
            "DELETE FROM evidence_search WHERE rowid IN "
            "(SELECT rowid FROM mentions WHERE document_id = ?)",
            (doc["id"],),
        )
        for table in ("mention_blocks", "mentions", "statement_topics", "statements"):
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc["id"],))
        fields = [c for c in DOCUMENT_VALUE_COLUMNS if c != "id"]
        con.execute(
            f"UPDATE documents SET {', '.join(f'{c} = :{c}' for c in fields)} WHERE id = :id",
            {c: doc[c] for c in ("id", *fields)},
        )
        return [*others, *self._add_contents(rows, res)]

    def _document_row(self, doc_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.con.execute(
            "SELECT id, path, published, duplicate_of, near_parent, similarity "
            "FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return row

    def _is_near_duplicate(self, doc_id: str) -> bool:
        row = self._document_row(doc_id)
        return row is not None and row["duplicate_of"] is not None

    def _mention_keys(self, doc_id: str) -> list[tuple[str, int]]:
        rows = self.con.execute(
            "SELECT document_id, position FROM mentions WHERE document_id = ?", (doc_id,)
        )
        return [(d, p) for d, p in rows]

    # -- near-duplicates ---------------------------------------------------------------

    def _near_duplicates(self, seeds: dict[str, bool]) -> set[str]:
        """Decide again ``near_parent``, ``duplicate_of`` and ``similarity`` wherever the
        documents of ``seeds`` can change them (see :mod:`parley.store.neardup` for the
        rule); ``seeds`` maps a new document to False and a stored one whose rank changed
        (a better copy with another publication date) to True. Returns the ids whose
        ``duplicate_of`` or ``similarity`` changed: their mentions are merged again."""
        con = self.con
        nodes = _Nodes(con)
        moved_parent: set[str] = set()

        def choose(doc_id: str, candidates: list[tuple[str, float]]) -> None:
            me = nodes.rank(doc_id)
            best: tuple[str, float] | None = None
            for other, sim in candidates:
                if nodes.rank(other) < me:
                    best = neardup.better(best, (other, sim))
            if nodes.set_parent(doc_id, best):
                moved_parent.add(doc_id)

        for doc_id, moved in seeds.items():
            around = neardup.neighbors(con, nodes.signature(doc_id), doc_id)
            choose(doc_id, around)
            me = nodes.rank(doc_id)
            for other, sim in around:
                if nodes.rank(other) <= me:
                    continue
                current = nodes.parent(other)
                if current is not None and current[0] == doc_id:
                    continue
                if neardup.better(current, (doc_id, sim)) != current:
                    nodes.set_parent(other, (doc_id, sim))
                    moved_parent.add(other)
            if moved:  # those it was the original of may now come before it
                for child in nodes.children(doc_id):
                    if nodes.rank(child) < me:
                        choose(child, neardup.neighbors(con, nodes.signature(child), child))
        return nodes.write_roots(moved_parent)

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

    def _refresh_actors(self, keys: set[str]) -> None:
        """The ``actors`` row of each key, again from the stored events (see
        :func:`refresh_actors`)."""
        refresh_actors(self.con, sorted(keys))

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

    def _remerge(self, seeds: list[tuple[str, int]]) -> set[str]:
        """Re-cluster every group of mentions the new ones reach. Events never span groups
        (``merge.cluster_groups``), so the old events of these mentions lie inside them;
        a file written before that rule may hold one that does not, and its other
        mentions' groups are then taken in too, so that no mention loses its event."""
        if not seeds:
            return set()
        keys = self._closure(sorted(set(seeds)))
        while True:
            old = self._events_of(keys)
            have = set(keys)
            outside = [k for ev in old for k in self._sources_of(ev) if k not in have]
            if not outside:
                break
            keys = self._closure(keys + outside)
        actors: set[str] = set()
        for ev in old:
            actors.update(self._delete_event(ev))
        records = [self._record(d, p) for d, p in keys if self._has_mention(d, p)]
        for c in merge.cluster_groups(records):
            merged = merge.merged_record(c)
            self._write_event(merged)
            actors.update(p["actor_key"] for p in participant_values(merged))
        return actors

    def _has_mention(self, doc_id: str, position: int) -> bool:
        found = self.con.execute(
            "SELECT 1 FROM mentions WHERE document_id = ? AND position = ?", (doc_id, position)
        ).fetchone()
        return found is not None

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

    def _delete_event(self, event_id: str) -> list[str]:
        """Delete an event; return the actor keys of its participants."""
        keys = [
            r[0]
            for r in self.con.execute(
                "SELECT actor_key FROM event_participants WHERE event_id = ?", (event_id,)
            )
        ]
        for table in ("event_participants", "event_sources", "event_countries"):
            self.con.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        self.con.execute("DELETE FROM events WHERE id = ?", (event_id,))
        self.con.execute("UPDATE mentions SET event_id = NULL WHERE event_id = ?", (event_id,))
        return keys

    def _write_event(self, ev: dict[str, Any]) -> None:
        values = event_values(ev)
        insert_events(self.con, [values], participant_values(ev), source_values(ev))
        self.con.executemany(
            "UPDATE mentions SET event_id = ? WHERE document_id = ? AND position = ?",
            [(ev["id"], doc_id, pos) for doc_id, pos in ev["sources"]],
        )


@dataclass
class DocumentRows:
    """One document as table rows: ``documents`` (without ``duplicate_of``, which the store
    decides), its ``mentions`` and its ``statements``."""

    document: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    # the body's MinHash when the reader worked it out already (an ingest worker does,
    # so that the single writer need not); None: the store computes it
    signature: np.ndarray | None = None


class _Nodes:
    """Documents as near-duplicate decisions see them, read from the store on demand and
    written back: rank, signature, direct original (``near_parent``) and similarity."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._rank: dict[str, str] = {}
        self._parent: dict[str, tuple[str, float] | None] = {}

    def _load(self, doc_id: str) -> None:
        row = self.con.execute(
            "SELECT published, near_parent, similarity FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        self._rank[doc_id] = neardup.rank(row[0], doc_id)
        if doc_id not in self._parent:
            self._parent[doc_id] = (row[1], row[2] or 0.0) if row[1] else None

    def rank(self, doc_id: str) -> str:
        if doc_id not in self._rank:
            self._load(doc_id)
        return self._rank[doc_id]

    def parent(self, doc_id: str) -> tuple[str, float] | None:
        if doc_id not in self._parent:
            self._load(doc_id)
        return self._parent[doc_id]

    def signature(self, doc_id: str) -> np.ndarray:
        row = self.con.execute(
            "SELECT signature FROM document_minhashes WHERE document_id = ?", (doc_id,)
        ).fetchone()
        return np.frombuffer(row[0], dtype=np.uint64)

    def children(self, doc_id: str) -> list[str]:
        rows = self.con.execute(
            "SELECT id FROM documents WHERE near_parent = ? ORDER BY id", (doc_id,)
        )
        return [r[0] for r in rows]

    def set_parent(self, doc_id: str, parent: tuple[str, float] | None) -> bool:
        """Record ``doc_id``'s original; whether it changed."""
        before = self.parent(doc_id)
        if before == parent:
            return False
        self._parent[doc_id] = parent
        self.con.execute(
            "UPDATE documents SET near_parent = ?, similarity = ? WHERE id = ?",
            (parent[0] if parent else None, parent[1] if parent else None, doc_id),
        )
        return True

    def write_roots(self, changed: set[str]) -> set[str]:
        """``duplicate_of`` again for the documents whose original changed and every
        document below them; return the ids whose ``duplicate_of`` or ``similarity``
        changed."""
        below: set[str] = set()
        todo = sorted(changed)
        while todo:
            doc_id = todo.pop()
            if doc_id in below:
                continue
            below.add(doc_id)
            todo.extend(self.children(doc_id))
        roots: dict[str, str | None] = {}

        def root_of(doc_id: str) -> str | None:
            seen: list[str] = []
            at: str | None = doc_id
            found: str | None = None
            while at is not None:
                if at in roots:
                    found = roots[at] or at
                    break
                parent = self.parent(at)
                if parent is None:
                    found = at
                    break
                if at not in below:  # untouched: its stored root holds
                    stored = self.con.execute(
                        "SELECT duplicate_of FROM documents WHERE id = ?", (at,)
                    ).fetchone()
                    found = (stored[0] if stored else None) or at
                    break
                if at in seen:  # a cycle left by a database written before version 5
                    found = min(seen)
                    break
                seen.append(at)
                at = parent[0]
            for s in seen:
                roots[s] = found if found != s else None
            return roots.get(doc_id)

        touched: set[str] = set()
        for doc_id in sorted(below):
            root = root_of(doc_id) if self.parent(doc_id) is not None else None
            before = self.con.execute(
                "SELECT duplicate_of FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()[0]
            if root != before:
                self.con.execute(
                    "UPDATE documents SET duplicate_of = ? WHERE id = ?", (root, doc_id)
                )
                touched.add(doc_id)
        return touched | changed


def refresh_actors(con: sqlite3.Connection, keys: list[str]) -> None:
    """Each key's ``actors`` row: the first, in (name, country, Wikidata id) order, of its
    rows among the stored events' participants; none when no event names it any more."""
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        con.execute(f"DELETE FROM actors WHERE key IN ({marks})", chunk)
        con.execute(
            "INSERT INTO actors(key, name, country, wikidata_id) "
            "SELECT actor_key, name, country, wikidata_id FROM ("
            "  SELECT actor_key, name, country, wikidata_id, row_number() OVER ("
            "    PARTITION BY actor_key ORDER BY name, country, wikidata_id) AS n"
            f"  FROM event_participants WHERE actor_key IN ({marks})"
            ") WHERE n = 1",
            chunk,
        )


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
    fill: bool = True,
) -> None:
    """Insert merged events (``event_values`` rows) with their participants, sources and
    per-country keys, and then (``fill``) their items; a bulk load, whose participants
    and sources come later, fills every item at its end instead."""
    con.executemany(insert_sql("events", EVENT_COLUMNS), ({**ev, "item": None} for ev in events))
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
    if fill:
        items.fill(con, [ev["id"] for ev in events])


def snapshot(con: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted: two stores hold the same data when their snapshots are
    equal (what the order-independence checks compare). The full-text index is taken as
    (document, position, text), its own rowids being an artefact of insertion order."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'evidence_search%' ORDER BY name"
        )
    ]
    out = {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    out["evidence_search"] = sorted(
        con.execute(
            "SELECT m.document_id, m.position, f.text FROM evidence_search f "
            "JOIN mentions m ON m.rowid = f.rowid"
        ).fetchall(),
        key=repr,
    )
    return out
