"""`parley load DATASET --db FILE`: a finished Dask dataset into the SQLite store.

Into an empty (or new) store the tables go in as they are (:mod:`parley.store.bulk`):
nothing is merged again, the Dask run already decided everything a local ingest would.

Into a store that already holds documents, the dataset's decisions are not enough: its
documents may be copies or near-duplicates of stored ones, and its mentions may merge
with stored mentions. Those documents then go through the store's own path
(``Store.add_rows``: the same copy choice, near-duplicate decisions and re-merge as
``parley ingest``), so the result is that of a local ingest of the same files into that
store. That path runs in one process at local-ingest speed (docs/store.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parley.scale import dataset
from parley.store import Store, bulk
from parley.store.db import DocumentRows


def _chunks(root: str, table: str) -> Iterator[list[dict[str, Any]]]:
    for name in dataset.part_names(root, table):
        yield dataset.read_part(root, table, name).to_pylist()


def _by_order(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["order"], []).append(r)
    return out


def shard_documents(root: str, name: str) -> Iterator[DocumentRows]:
    """A shard's documents in input order, each with its mentions and statements; another
    copy of a document the dataset keeps is just its id and path (the store only records
    the path)."""
    docs = {r["order"]: r for r in dataset.read_part(root, "documents", name).to_pylist()}
    mentions = _by_order(dataset.read_part(root, "mentions", name).to_pylist())
    said = _by_order(dataset.read_part(root, "statements", name).to_pylist())
    for p in dataset.read_part(root, "document_paths", name).to_pylist():
        doc = docs.get(p["order"])
        if doc is None:
            yield DocumentRows({"id": p["document_id"], "path": p["path"]})
        else:
            yield DocumentRows(doc, mentions.get(p["order"], []), said.get(p["order"], []))


def _merge_into(store: Store, root: str, batch_size: int) -> dict[str, int]:
    counts = {"documents": 0, "new": 0, "duplicates": 0, "near_duplicates": 0}
    batch: list[DocumentRows] = []

    def flush() -> None:
        res = store.add_rows(batch)
        counts["new"] += res.new_documents
        counts["duplicates"] += res.duplicates
        counts["near_duplicates"] += res.near_duplicates
        batch.clear()

    # the documents the dataset keeps first, the other paths of their bodies after: a copy
    # kept may sit in a later shard than another one (the store keeps the same either way)
    paths: list[DocumentRows] = []
    for name in dataset.part_names(root, "document_paths"):
        for rows in shard_documents(root, name):
            counts["documents"] += 1
            if "text" not in rows.document:
                paths.append(rows)
                continue
            batch.append(rows)
            if len(batch) >= batch_size:
                flush()
    for rows in paths:
        batch.append(rows)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    counts["events"] = store._count_events()
    return counts


def load(root: str, db: str, batch_size: int = 200) -> dict[str, Any]:
    """Load a finished dataset into ``db``: as it is into an empty store, through the
    store's merge path into one that already holds documents."""
    info = dataset.check(root)
    with Store(db) as store:
        if bulk.document_count(store) == 0:
            inserted = bulk.load(store, lambda table: _chunks(root, table))
            totals = info.get("totals", {})
            return {
                "mode": "bulk",
                "documents": inserted["document_paths"],
                "new": inserted["documents"],
                "duplicates": inserted["document_paths"] - inserted["documents"],
                "near_duplicates": int(totals.get("near_duplicates", 0)),
                "events": inserted["events"],
            }
        return {"mode": "merged into existing store", **_merge_into(store, root, batch_size)}
