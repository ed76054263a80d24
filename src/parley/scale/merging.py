"""Merging across all partitions: the store's clusters, computed where the mentions are.

After a local ingest the events are, for every connected group of mentions (two mentions
are connected when they share a block, ``store.merge.blocks``: pair of
participants, month), ``store.merge.cluster`` of that group: the store clusters groups
one by one (``merge.cluster_groups``) and each batch re-clusters every group its new
mentions join, whole, so whatever the batches, the last word on a group is the
clustering of all of it. The same here, in three steps:

1. block rows ``(block, mention)`` shuffled on block; a block holding k mentions gives
   k - 1 edges (its first mention to each other one). Singleton blocks give nothing.
2. the edges come to the client, which labels connected groups (:mod:`parley.graph`,
   scipy's ``connected_components`` on a sparse graph: linear, a few seconds for tens of
   millions of edges). They are small — two integers per shared block — and one pass on one
   machine is simpler and faster than iterated distributed label propagation, which
   needs a shuffle per round. A group is named by its smallest mention key.
3. mentions (with their group, and the ``duplicate_of`` decided by :mod:`.dedup`)
   shuffled on group; each partition clusters its groups with ``merge.cluster`` and
   ``merge.merged_record`` and writes events, sources and participants, and returns
   which event each mention went to (written back per shard by the client) and the first
   naming of each actor among the events' participants (the store's ``actors`` rule:
   the first in (name, country, Wikidata id) order).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from parley.graph import component_labels
from parley.scale import dataset
from parley.scale.dataset import POSITION_BITS, SHARD_SHIFT
from parley.store import merge
from parley.store.rows import event_values, participant_values, record_from_row, source_values

_BLOCKS_META = pd.DataFrame(
    {"block": pd.Series(dtype="string[pyarrow]"), "mention": pd.Series(dtype="int64")}
)
_EDGES_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("u", "v")})
_MENTIONS_META = dataset.frame(
    dataset.SCHEMAS["mentions"]
    .append(pa.field("mention", pa.int64()))
    .append(pa.field("group", pa.int64()))
    .empty_table()
).astype({"mention": "int64"})
_ACTOR_COLUMNS = ["key", "name", "country", "wikidata_id"]


def mention_keys(table: pa.Table) -> np.ndarray:
    """One int64 per mention: ``order << POSITION_BITS | position``."""
    orders = table.column("order").to_numpy()
    positions = table.column("position").to_numpy()
    keys: np.ndarray = (orders << POSITION_BITS) | positions  # pyarrow is untyped
    return keys


def shard_of_mention(keys: np.ndarray) -> np.ndarray:
    return keys >> (POSITION_BITS + SHARD_SHIFT)


def _lookup(out: str, table: str, name: str, key: str, value: str) -> dict[Any, Any]:
    part = dataset.read_part(out, table, name, [key, value])
    return dict(zip(part.column(key).to_pylist(), part.column(value).to_pylist(), strict=True))


def _mentions(out: str, name: str, grouped: bool = True) -> pd.DataFrame:
    """A shard's mentions (later copies dropped) with their key, ``duplicate_of`` as
    decided across all shards and, once known, their group."""
    table = dataset.first_rows(out, "mentions", name)
    keys = mention_keys(table)
    dup = _lookup(out, "near_duplicates", name, "order", "duplicate_of")
    orders = table.column("order").to_pylist()
    table = table.set_column(
        table.schema.get_field_index("duplicate_of"),
        "duplicate_of",
        pa.array([dup.get(o) for o in orders], pa.string()),
    )
    table = table.append_column("mention", pa.array(keys, pa.int64()))
    if grouped:
        groups = _lookup(out, "groups", name, "mention", "group")
        group = [groups.get(int(k), int(k)) for k in keys]
        table = table.append_column("group", pa.array(group, pa.int64()))
    return dataset.frame(table).astype({"mention": "int64"})


def _block_rows(out: str, name: str) -> pd.DataFrame:
    df = _mentions(out, name, grouped=False)
    rows = [
        (block, r["mention"]) for r in _records(df) for block in merge.blocks(record_from_row(r))
    ]
    return pd.DataFrame(rows, columns=["block", "mention"]).astype(_BLOCKS_META.dtypes)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows with exact Python values (None stays None, integers stay integers)."""
    rows: list[dict[str, Any]] = pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    return rows


def _edges(df: pd.DataFrame) -> pd.DataFrame:
    """Within each block, its first mention to every other one."""
    if df.empty:
        return _EDGES_META
    first = df.groupby("block", sort=False)["mention"].transform("min")
    keep = df["mention"] != first
    return pd.DataFrame(
        {"u": first[keep].to_numpy(dtype="int64"), "v": df["mention"][keep].to_numpy("int64")}
    )


def components(edges: pd.DataFrame) -> pd.DataFrame:
    """Each mention that shares a block, with its group: the smallest mention key of its
    connected component. A mention in no edge is a group of its own (not listed)."""
    if edges.empty:
        return pd.DataFrame({"mention": [], "group": []}, dtype="int64")
    nodes, index = np.unique(
        np.concatenate([edges["u"].to_numpy(), edges["v"].to_numpy()]), return_inverse=True
    )
    half = len(edges)
    # nodes are sorted, so the smallest node of a component has the smallest key
    smallest = nodes[component_labels(len(nodes), index[:half], index[half:])]
    return pd.DataFrame({"mention": nodes, "group": smallest})


def _shards(df: pd.DataFrame) -> np.ndarray:
    return shard_of_mention(df["mention"].to_numpy(dtype="int64"))


def _cluster(df: pd.DataFrame, out: str, index: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster each group of one partition and write its events; return which event each
    mention joined and the first naming of each actor seen here."""
    by_group: dict[int, list[dict[str, Any]]] = {}
    for r in _records(df):
        by_group.setdefault(r["group"], []).append(r)
    events: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    joined: list[tuple[int, str]] = []
    for members in by_group.values():
        key = {(r["document_id"], r["position"]): r["mention"] for r in members}
        for c in merge.cluster([record_from_row(r) for r in members]):
            ev = merge.merged_record(c)
            events.append(event_values(ev))
            people.extend(participant_values(ev))
            sources.extend(source_values(ev))
            joined.extend((key[s], ev["id"]) for s in ev["sources"])
    name = dataset.part_name(index)
    dataset.write_part(out, "events", name, events)
    dataset.write_part(out, "event_participants", name, people)
    dataset.write_part(out, "event_sources", name, sources)
    event_of = pd.DataFrame(joined, columns=["mention", "event_id"])
    actors = pd.DataFrame(
        [(p["actor_key"], p["name"], p["country"], p["wikidata_id"]) for p in people],
        columns=_ACTOR_COLUMNS,
        dtype=object,
    )
    return event_of, _earliest(actors)


def _earliest(actors: pd.DataFrame) -> pd.DataFrame:
    """For each actor key, its first naming in (name, country, Wikidata id) order, nulls
    first: the row ``store.db.refresh_actors`` keeps."""
    ordered = actors.sort_values(_ACTOR_COLUMNS, kind="stable", na_position="first")
    return ordered.drop_duplicates("key", keep="first")


def _block_edges(client: Any, out: str, names: list[str], partitions: int) -> pd.DataFrame:

    blocks = dataset.read_parts(_block_rows, out, names, _BLOCKS_META, partitions)
    edges = blocks.shuffle(on="block", npartitions=partitions).map_partitions(
        _edges, meta=_EDGES_META
    )
    found: pd.DataFrame = client.compute(edges, retries=dataset.RETRIES).result()
    return found


def _clustered(
    client: Any, out: str, names: list[str], partitions: int
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    from dask.delayed import delayed

    mentions = dataset.read_parts(_mentions, out, names, _MENTIONS_META, partitions)
    shuffled = mentions.shuffle(on="group", npartitions=partitions)
    tasks = [delayed(_cluster)(p, out, i) for i, p in enumerate(shuffled.to_delayed())]
    futures = client.compute(tasks, retries=dataset.RETRIES)
    return list(client.gather(futures))


def merge_all(
    client: Any, out: str, names: list[str], block_partitions: int, mention_partitions: int
) -> dict[str, int]:
    """Merge every mention of the dataset; write events and the per-shard annotations."""
    if not names:
        return {"events": 0, "actors": 0}
    groups = components(_block_edges(client, out, names, block_partitions))
    dataset.write_by_shard(out, "groups", groups, _shards(groups))
    results = _clustered(client, out, names, mention_partitions)
    event_of = pd.concat([r[0] for r in results], ignore_index=True)
    dataset.write_by_shard(out, "event_of", event_of, _shards(event_of))
    actors = _earliest(pd.concat([r[1] for r in results], ignore_index=True))
    dataset.write_part(out, "actors", dataset.part_name(0), actors)
    return {"events": int(event_of["event_id"].nunique()), "actors": len(actors)}
