"""Copies and near-duplicates across all partitions, decided as the store decides them.

A local ingest meets documents in input order. A document whose id (hash of the body) is
already stored only adds its path. A new document is compared with every *earlier* one
that shares a MinHash band (``store.neardup.find_original``); the most similar one at or
above the threshold (ties: the larger id) is its original, and ``duplicate_of`` is that
original's own ``duplicate_of`` when it has one — so it always names the first document
of the chain. Here:

- copies: rows ``(order, id)`` shuffled on id; within an id, all but the lowest order
  are later copies;
- candidates: a near-duplicate (similarity >= 0.8, so at most 12 of the 64 MinHash
  values differ) has at least 4 of its 16 bands equal to its original's. Each document
  is filed under 35 keys, one per pair of bands inside three groups of bands (6 + 5 + 5):
  any 4 bands include two of one group, so a document and its original always share a
  key, and two documents that only happen to share one band (a common phrase puts
  thousands of unrelated articles in one band bucket, and those buckets grow with the
  archive) share none. Keys are shuffled on; a bucket pairs each document with the
  earlier ones in it. A pair that scores >= 0.8 shares bands, so it is one the store
  compares too: the matches are the same;
- similarity: the pairs are joined with both signatures (two hash joins) and scored with
  the store's own ``similarity`` arithmetic; each partition keeps, of the pairs at or
  above the threshold, each document's best earlier match (a story republished by n
  sites gives n(n-1)/2 pairs), so the client receives about one row per near-duplicate
  of the whole corpus; it follows the chains to their first document in one pass in
  input order.
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
    {"order": pd.Series(dtype="int64"), "id": pd.Series(dtype="string[pyarrow]")}
)
_BANDS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("key", "order")})
_PAIRS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("a", "b")})


def _keys(out: str, name: str) -> pd.DataFrame:
    docs = dataset.read_part(out, "extracted/documents", name, ["order", "id"])
    return docs.to_pandas().astype({"id": "string[pyarrow]"})


def _later(df: pd.DataFrame) -> pd.DataFrame:
    ordered = df.sort_values("order", kind="stable")
    return ordered.loc[ordered.duplicated("id"), ["order"]]


def later_copies(client: Any, out: str, names: list[str], partitions: int) -> int:
    """Find every later occurrence of an already seen document id; write them per shard."""
    import dask.dataframe as dd

    if not names:
        return 0
    keys = dd.from_map(_keys, [out] * len(names), names, meta=_KEYS_META)
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
    return x ^ (x >> np.uint64(31))


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
    """(earlier, later) for every two documents filed under the same key."""
    shared = df[df.duplicated("key", keep=False)]
    both = shared.merge(shared, on="key", suffixes=("_a", "_b"))
    both = both[both["order_a"] < both["order_b"]]
    pairs = both[["order_a", "order_b"]].drop_duplicates()
    return pd.DataFrame(
        {"a": pairs["order_a"].to_numpy("int64"), "b": pairs["order_b"].to_numpy("int64")}
    )


def _signature_rows(out: str, name: str) -> pd.DataFrame:
    docs = dataset.frame(dataset.first_rows(out, "documents", name, ["order", "id", "minhash"]))
    return docs.astype({"order": "int64"})


_SIGS_META = dataset.frame(
    pa.schema([("order", pa.int64()), ("id", pa.string()), ("minhash", pa.binary())]).empty_table()
).astype({"order": "int64"})


def _score(df: pd.DataFrame) -> pd.DataFrame:
    """Similarity of each pair as ``neardup.similarity`` computes it; keep the matches."""
    if df.empty:
        return pd.DataFrame({"b": [], "a": [], "a_id": [], "similarity": []}).astype(
            {"b": "int64", "a": "int64", "a_id": "string[pyarrow]", "similarity": "float64"}
        )
    equal = _stack(pa.array(df["a_sig"])) == _stack(pa.array(df["b_sig"]))
    sims = equal.mean(axis=1)
    keep = sims >= neardup.THRESHOLD
    matches = pd.DataFrame(
        {
            "b": df["b"].to_numpy(dtype="int64")[keep],
            "a": df["a"].to_numpy(dtype="int64")[keep],
            "a_id": pd.array(df["a_id"].to_numpy()[keep], dtype="string[pyarrow]"),
            "similarity": sims[keep],
        }
    )
    # a story republished by n sites gives n(n-1)/2 matches; only each b's best one goes
    # on to the client, so what it holds is one row per near-duplicate
    return _best_per_document(matches)


def _best_per_document(matches: pd.DataFrame) -> pd.DataFrame:
    """Each later document's best earlier match: highest similarity, then larger id (the
    store's tie-break in ``neardup.find_original``)."""
    ordered = matches.sort_values(["b", "similarity", "a_id"], kind="stable")
    return ordered.drop_duplicates("b", keep="last")


def _matches(client: Any, out: str, names: list[str], partitions: int) -> pd.DataFrame:
    import dask.dataframe as dd

    n = len(names)
    bands = dd.from_map(_bands, [out] * n, names, meta=_BANDS_META)
    pairs = (
        bands.shuffle(on="key", npartitions=partitions)
        .map_partitions(_pairs, meta=_PAIRS_META)
        .drop_duplicates(split_out=partitions)  # two near-duplicates share many keys
    )
    sigs = dd.from_map(_signature_rows, [out] * n, names, meta=_SIGS_META)
    left = sigs.rename(columns={"order": "a", "id": "a_id", "minhash": "a_sig"})
    right = sigs[["order", "minhash"]].rename(columns={"order": "b", "minhash": "b_sig"})
    joined = pairs.merge(left, on="a").merge(right, on="b")
    scored = joined.map_partitions(_score, meta=_score(pd.DataFrame()))
    found: pd.DataFrame = client.compute(scored, retries=dataset.RETRIES).result()
    return found


def resolve(matches: pd.DataFrame) -> pd.DataFrame:
    """From every (later b, earlier a, similarity) match to each b's ``duplicate_of``: its
    best match (highest similarity, then larger id), followed to the first document."""
    out = pd.DataFrame({"order": [], "duplicate_of": [], "similarity": []})
    if matches.empty:
        return out.astype({"order": "int64", "duplicate_of": "object", "similarity": "float64"})
    best = _best_per_document(matches)
    root: dict[int, str] = {}
    rows = []
    for b, a, a_id, sim in best[["b", "a", "a_id", "similarity"]].itertuples(index=False):
        first = root.get(int(a), str(a_id))
        root[int(b)] = first
        rows.append((int(b), first, float(sim)))
    return pd.DataFrame(rows, columns=["order", "duplicate_of", "similarity"])


def near_duplicates(client: Any, out: str, names: list[str], partitions: int) -> int:
    """Decide every document's ``duplicate_of``; write the decisions per shard."""
    if not names:
        return 0
    found = resolve(_matches(client, out, names, partitions))
    dataset.write_by_shard(out, "near_duplicates", found, _shard_of(found["order"]))
    return len(found)
