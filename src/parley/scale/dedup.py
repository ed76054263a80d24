"""Copies and near-duplicates across all partitions, decided as the store decides them.

What the store keeps is a function of the set of documents (``store.db``,
``store.neardup``), and so is what is decided here:

- copies: rows ``(order, id, published, path)`` shuffled on id; within an id, the copy
  kept is the first by ``store.db.copy_rank`` (the earliest published, then the smallest
  path), and every other occurrence only adds its path;
- candidates: a near-duplicate (similarity >= 0.8, so at most 12 of the 64 MinHash
  values differ) has at least 4 of its 16 bands equal to its original's. Each document
  is filed under 35 keys, one per pair of bands inside three groups of bands (6 + 5 + 5):
  any 4 bands include two of one group, so a document and its original always share a
  key, and two documents that only happen to share one band (a common phrase puts
  thousands of unrelated articles in one band bucket, and those buckets grow with the
  archive) share none. Keys are shuffled on; a bucket pairs its documents. A pair that
  scores >= 0.8 shares bands, so it is one the store compares too: the matches are the
  same;
- similarity: the pairs are joined with both signatures and ranks (two hash joins) and
  scored with the store's own ``similarity`` arithmetic; each pair is turned so that its
  earlier document (``neardup.rank``: the earliest published, then the smaller id) is
  the candidate original of the later one, and each partition keeps, of the pairs at or
  above the threshold, each document's best one (the most similar, then the larger id),
  so the client receives about one row per near-duplicate of the whole corpus; it
  follows the chains to their first document in one pass in rank order.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from parley.scale import dataset
from parley.store import neardup

_KEYS_META = pd.DataFrame(
    {
        "order": pd.Series(dtype="int64"),
        "id": pd.Series(dtype="string[pyarrow]"),
        "published": pd.Series(dtype="string[pyarrow]"),
        "path": pd.Series(dtype="string[pyarrow]"),
    }
)
_BANDS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("key", "order")})
_PAIRS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("a", "b")})


def _keys(out: str, name: str) -> pd.DataFrame:
    docs = dataset.read_part(out, "extracted/documents", name, ["order", "id", "published", "path"])
    keys: pd.DataFrame = docs.to_pandas().astype(
        {"id": "string[pyarrow]", "published": "string[pyarrow]", "path": "string[pyarrow]"}
    )
    return keys


def _later(df: pd.DataFrame) -> pd.DataFrame:
    """Every occurrence of an id but the copy kept (``store.db.copy_rank``)."""
    ranked = df.assign(undated=df["published"].isna(), published=df["published"].fillna(""))
    ranked = ranked.sort_values(["id", "undated", "published", "path", "order"], kind="stable")
    return ranked.loc[ranked.duplicated("id"), ["order"]]


def later_copies(client: Any, out: str, names: list[str], partitions: int) -> int:
    """Find every occurrence of a document id but the copy kept; write them per shard."""

    if not names:
        return 0
    keys = dataset.read_parts(_keys, out, names, _KEYS_META, partitions)
    later = keys.shuffle(on="id", npartitions=partitions).map_partitions(
        _later, meta=_KEYS_META[["order"]]
    )
    found: pd.DataFrame = client.compute(later, retries=dataset.RETRIES).result()
    dataset.write_by_shard(out, "repeats", found, _shard_of(found["order"]))
    return len(found)


def _shard_of(orders: pd.Series) -> np.ndarray:
    return orders.to_numpy(dtype="int64") >> dataset.SHARD_SHIFT


def _stack(blobs: Any) -> np.ndarray:
    """Signatures stored as bytes back to a (documents x permutations) array."""
    values = blobs.to_pylist() if isinstance(blobs, pa.Array | pa.ChunkedArray) else blobs
    joined = b"".join(values)
    return np.frombuffer(joined, dtype=np.uint64).reshape(-1, neardup.NUM_PERM)


_GROUPS = (range(0, 6), range(6, 11), range(11, 16))
#: The band pairs a document is filed under (see the module docstring).
BAND_PAIRS = tuple((i, j) for g in _GROUPS for i, j in combinations(g, 2))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads a 64-bit value over all 64 bits."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = x ^ (x >> np.uint64(31))
    return mixed


def pair_keys(band_values: np.ndarray) -> np.ndarray:
    """(documents x 35) keys from (documents x 16) band hashes. Two documents with the
    same two bands get the same key; a chance collision of unrelated keys only adds a
    candidate, which scoring then rejects."""
    h = band_values.astype(np.uint64)
    keys = [_mix(_mix(h[:, i] ^ np.uint64(k)) ^ h[:, j]) for k, (i, j) in enumerate(BAND_PAIRS)]
    return (np.stack(keys, axis=1) >> np.uint64(1)).astype(np.int64)


def _bands(out: str, name: str) -> pd.DataFrame:
    docs = dataset.first_rows(out, "documents", name, ["order", "minhash"])
    orders = docs.column("order").to_numpy()
    values = np.array(
        [[h for _, h in neardup.band_hashes(sig)] for sig in _stack(docs.column("minhash"))],
        dtype=np.uint64,
    ).reshape(-1, neardup.BANDS)
    keys = pair_keys(values)
    return pd.DataFrame(
        {"key": keys.ravel(), "order": np.repeat(orders, len(BAND_PAIRS)).astype(np.int64)}
    )


def _pairs(df: pd.DataFrame) -> pd.DataFrame:
    """Every two documents filed under the same key, once (the smaller order first)."""
    shared = df[df.duplicated("key", keep=False)]
    both = shared.merge(shared, on="key", suffixes=("_a", "_b"))
    both = both[both["order_a"] < both["order_b"]]
    pairs = both[["order_a", "order_b"]].drop_duplicates()
    return pd.DataFrame(
        {"a": pairs["order_a"].to_numpy("int64"), "b": pairs["order_b"].to_numpy("int64")}
    )


def _signature_rows(out: str, name: str) -> pd.DataFrame:
    table = dataset.first_rows(out, "documents", name, ["order", "id", "published", "minhash"])
    docs = dataset.frame(table).astype({"order": "int64"})
    ranks = [
        neardup.rank(p, i)
        for p, i in zip(
            table.column("published").to_pylist(), table.column("id").to_pylist(), strict=True
        )
    ]
    docs["rank"] = pd.array(ranks, dtype="string[pyarrow]")
    return docs.drop(columns=["published"])


_SIGS_META = dataset.frame(
    pa.schema([("order", pa.int64()), ("id", pa.string()), ("minhash", pa.binary())]).empty_table()
).astype({"order": "int64"})
_SIGS_META["rank"] = pd.Series(dtype="string[pyarrow]")

_MATCH_TYPES = {
    "b": "int64",
    "a": "int64",
    "a_id": "string[pyarrow]",
    "similarity": "float64",
    "b_rank": "string[pyarrow]",
}


def _score(df: pd.DataFrame) -> pd.DataFrame:
    """Similarity of each pair as ``neardup.similarity`` computes it; keep the matches,
    each turned so that ``a`` is the earlier document by rank and ``b`` the later one."""
    if df.empty:
        return pd.DataFrame({c: [] for c in _MATCH_TYPES}).astype(_MATCH_TYPES)
    equal = _stack(pa.array(df["a_sig"])) == _stack(pa.array(df["b_sig"]))
    sims = equal.mean(axis=1)
    keep = sims >= neardup.THRESHOLD
    a_rank = df["a_rank"].to_numpy(dtype=object)[keep]
    b_rank = df["b_rank"].to_numpy(dtype=object)[keep]
    turn = a_rank > b_rank  # the pair's later document by rank is its b
    a, b = df["a"].to_numpy(dtype="int64")[keep], df["b"].to_numpy(dtype="int64")[keep]
    a_id = df["a_id"].to_numpy(dtype=object)[keep]
    b_id = df["b_id"].to_numpy(dtype=object)[keep]
    matches = pd.DataFrame(
        {
            "b": np.where(turn, a, b),
            "a": np.where(turn, b, a),
            "a_id": pd.array(np.where(turn, b_id, a_id), dtype="string[pyarrow]"),
            "similarity": sims[keep],
            "b_rank": pd.array(np.where(turn, a_rank, b_rank), dtype="string[pyarrow]"),
        }
    ).astype(_MATCH_TYPES)
    # a story republished by n sites gives n(n-1)/2 matches; only each b's best one goes
    # on to the client, so what it holds is one row per near-duplicate
    return _best_per_document(matches)


def _best_per_document(matches: pd.DataFrame) -> pd.DataFrame:
    """Each later document's best earlier match: highest similarity, then larger id (the
    store's tie-break in ``neardup.find_original``)."""
    ordered = matches.sort_values(["b", "similarity", "a_id"], kind="stable")
    return ordered.drop_duplicates("b", keep="last")


def _matches(client: Any, out: str, names: list[str], partitions: int) -> pd.DataFrame:

    bands = dataset.read_parts(_bands, out, names, _BANDS_META, partitions)
    pairs = (
        bands.shuffle(on="key", npartitions=partitions)
        .map_partitions(_pairs, meta=_PAIRS_META)
        .drop_duplicates(split_out=partitions)  # two near-duplicates share many keys
    )
    sigs = dataset.read_parts(_signature_rows, out, names, _SIGS_META, partitions)
    left = sigs.rename(columns={"order": "a", "id": "a_id", "minhash": "a_sig", "rank": "a_rank"})
    right = sigs.rename(columns={"order": "b", "id": "b_id", "minhash": "b_sig", "rank": "b_rank"})
    joined = pairs.merge(left, on="a").merge(right, on="b")
    scored = joined.map_partitions(_score, meta=_score(pd.DataFrame()))
    found: pd.DataFrame = client.compute(scored, retries=dataset.RETRIES).result()
    return found


def resolve(matches: pd.DataFrame) -> pd.DataFrame:
    """From every (later b, earlier a, similarity) match to each b's original (its best
    match: highest similarity, then larger id) and ``duplicate_of`` (that original's own,
    or the original itself), in rank order so that an original is settled before the
    documents that follow it."""
    columns = ["order", "duplicate_of", "similarity", "near_parent"]
    if matches.empty:
        out = pd.DataFrame({c: [] for c in columns})
        return out.astype(
            {"order": "int64", "duplicate_of": "object", "similarity": "float64"}
        ).astype({"near_parent": "object"})
    best = _best_per_document(matches).sort_values("b_rank", kind="stable")
    root: dict[int, str] = {}
    rows = []
    for b, a, a_id, sim in best[["b", "a", "a_id", "similarity"]].itertuples(index=False):
        first = root.get(int(a), str(a_id))
        root[int(b)] = first
        rows.append((int(b), first, float(sim), str(a_id)))
    return pd.DataFrame(rows, columns=columns)


def near_duplicates(client: Any, out: str, names: list[str], partitions: int) -> int:
    """Decide every document's ``duplicate_of``; write the decisions per shard."""
    if not names:
        return 0
    found = resolve(_matches(client, out, names, partitions))
    dataset.write_by_shard(out, "near_duplicates", found, _shard_of(found["order"]))
    return len(found)
