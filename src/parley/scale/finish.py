"""The last stage: each shard's finished tables, from its extracted parts and decisions.

One task per shard joins what the earlier stages decided about that shard (later copies,
``duplicate_of``, the event of each mention) with its extracted rows and writes
``documents``, ``document_paths``, ``mentions`` and ``statements`` in shard order — the
order a local ingest inserts them in, which ``parley load`` keeps.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from parley.scale import dataset
from parley.scale.merging import mention_keys


def _with(table: pa.Table, column: str, values: list[Any], kind: pa.DataType) -> pa.Table:
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, kind))


def _lookup(out: str, table: str, name: str, key: str) -> dict[Any, dict[str, Any]]:
    return {r[key]: r for r in dataset.read_part(out, table, name).to_pylist()}


def _documents(out: str, name: str, near: dict[Any, dict[str, Any]]) -> int:
    """Every occurrence's path; the copies kept with their ``duplicate_of``."""
    every = dataset.read_part(out, "extracted/documents", name, ["order", "path", "id"])
    dataset.write_part(
        out, "document_paths", name, every.rename_columns(["order", "path", "document_id"])
    )
    docs = dataset.first_rows(out, "documents", name)
    found = [near.get(o, {}) for o in docs.column("order").to_pylist()]
    docs = _with(docs, "duplicate_of", [f.get("duplicate_of") for f in found], pa.string())
    docs = _with(docs, "similarity", [f.get("similarity") for f in found], pa.float64())
    docs = _with(docs, "near_parent", [f.get("near_parent") for f in found], pa.string())
    dataset.write_part(out, "documents", name, docs)
    return int(docs.num_rows)


def _mentions(out: str, name: str, near: dict[Any, dict[str, Any]]) -> int:
    """The mentions of first occurrences, with ``duplicate_of`` and the event each joined."""
    mentions = dataset.first_rows(out, "mentions", name)
    event_of = _lookup(out, "event_of", name, "mention")
    dup = [near.get(o, {}).get("duplicate_of") for o in mentions.column("order").to_pylist()]
    events = [event_of[int(k)]["event_id"] for k in mention_keys(mentions)]
    mentions = _with(mentions, "duplicate_of", dup, pa.string())
    mentions = _with(mentions, "event_id", events, pa.string())
    dataset.write_part(out, "mentions", name, mentions)
    return int(mentions.num_rows)


def finish_shard(out: str, name: str) -> dict[str, int]:
    """Write one shard's finished tables (a worker task); return their row counts."""
    near = _lookup(out, "near_duplicates", name, "order")
    said = dataset.first_rows(out, "statements", name)
    dataset.write_part(out, "statements", name, said)
    return {
        "documents": _documents(out, name, near),
        "mentions": _mentions(out, name, near),
        "statements": int(said.num_rows),
    }


def write_tables(client: Any, out: str, names: list[str]) -> dict[str, int]:
    """Finish every shard on the cluster; the totals of what was written."""
    n = len(names)
    futures = client.map(finish_shard, [out] * n, names, retries=dataset.RETRIES, pure=False)
    totals = {"documents": 0, "mentions": 0, "statements": 0}
    for counts in client.gather(futures):
        for k, v in counts.items():
            totals[k] += v
    return totals
