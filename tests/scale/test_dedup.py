"""Near-duplicates decided across partitions give the store's answer, without a cluster.

The store decides ``duplicate_of`` one document at a time against what it already holds
(``store.neardup.find_original``); :mod:`parley.scale.dedup` decides it for all
documents at once from candidate pairs. These tests run both on the same signatures.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from parley.scale import dedup
from parley.store import neardup
from parley.store.schema import connect


def test_any_two_near_duplicates_share_a_band_pair_key():
    """At >= THRESHOLD similarity at least this many bands are equal; any that many
    bands contain one of the filed band pairs."""
    mismatches = neardup.NUM_PERM - math.ceil(neardup.THRESHOLD * neardup.NUM_PERM)
    equal_bands = neardup.BANDS - mismatches
    assert equal_bands == 4
    filed = set(dedup.BAND_PAIRS)
    for bands in combinations(range(neardup.BANDS), equal_bands):
        assert any(pair in filed for pair in combinations(bands, 2)), bands


def _values(sigs: np.ndarray) -> np.ndarray:
    return np.array([[h for _, h in neardup.band_hashes(s)] for s in sigs], dtype=np.uint64)


def _shared_keys(a: np.ndarray, b: np.ndarray) -> set[int]:
    ka, kb = dedup.pair_keys(_values(np.stack([a, b])))
    return set(ka.tolist()) & set(kb.tolist())


def test_a_common_band_alone_does_not_make_a_candidate():
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 2**32, (2, neardup.NUM_PERM), dtype=np.uint64)
    b[:4] = a[:4]  # one band in common, as a shared stock phrase gives
    assert not _shared_keys(a, b)
    b[20:24] = a[20:24]  # and a second band, in the same group of bands
    assert _shared_keys(a, b)


def _family(rng: random.Random, n: int) -> list[np.ndarray]:
    """Random signatures, many of them edits of earlier ones (a few values changed), so
    there are chains, ties and pairs on both sides of the threshold."""
    sigs: list[np.ndarray] = []
    for _ in range(n):
        if sigs and rng.random() < 0.6:
            sig = rng.choice(sigs).copy()
            for pos in rng.sample(range(neardup.NUM_PERM), rng.choice([0, 3, 8, 12, 13, 20])):
                sig[pos] = rng.getrandbits(32)
        else:
            sig = np.array([rng.getrandbits(32) for _ in range(neardup.NUM_PERM)], np.uint64)
        sigs.append(sig.astype(np.uint64))
    return sigs


def _as_the_store_does(ids: list[str], sigs: list[np.ndarray]) -> dict[str, tuple[str, float]]:
    con = connect(":memory:")
    con.execute("PRAGMA foreign_keys = OFF")  # signatures only, no documents rows
    root: dict[str, str] = {}
    out = {}
    for doc_id, sig in zip(ids, sigs, strict=True):
        found = neardup.find_original(con, sig, doc_id)
        if found is not None:
            root[doc_id] = root.get(found[0], found[0])
            out[doc_id] = (root[doc_id], found[1])
        neardup.remember(con, doc_id, sig)
    return out


def _as_dask_does(ids: list[str], sigs: list[np.ndarray]) -> dict[str, tuple[str, float]]:
    orders = np.arange(len(ids), dtype=np.int64)
    keys = dedup.pair_keys(_values(np.stack(sigs)))
    bands = pd.DataFrame({"key": keys.ravel(), "order": np.repeat(orders, len(dedup.BAND_PAIRS))})
    pairs = dedup._pairs(bands)
    blobs = pd.DataFrame({"order": orders, "id": ids, "sig": pa.array([s.tobytes() for s in sigs])})
    left = blobs.rename(columns={"order": "a", "id": "a_id", "sig": "a_sig"})
    right = blobs[["order", "sig"]].rename(columns={"order": "b", "sig": "b_sig"})
    found = dedup.resolve(dedup._score(pairs.merge(left, on="a").merge(right, on="b")))
    return {
        ids[o]: (d, s)
        for o, d, s in found[["order", "duplicate_of", "similarity"]].itertuples(index=False)
    }


@pytest.mark.parametrize("seed", range(6))
def test_duplicate_of_is_what_the_store_decides(seed):
    rng = random.Random(seed)
    sigs = _family(rng, 80)
    ids = [f"{rng.getrandbits(40):010x}" for _ in sigs]
    want = _as_the_store_does(ids, sigs)
    assert len(want) >= 10  # the family has near-duplicates, and chains of them
    assert _as_dask_does(ids, sigs) == want
