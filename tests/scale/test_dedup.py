"""Near-duplicates decided across partitions give the store's answer, without a cluster.

``store.neardup.decide`` says what ``duplicate_of`` is for a set of documents (each
document's original is its most similar earlier one in rank order: the earliest
published, then the smaller id); the store keeps it current one document at a time in
any order, and :mod:`parley.scale.dedup` decides it for all documents at once from
candidate pairs. These tests run all three on the same signatures.
"""

from __future__ import annotations

import math
import random
import tempfile
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from parley.scale import dedup
from parley.store import neardup


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


def _published(rng: random.Random, n: int) -> list[str | None]:
    """Publication dates with ties and gaps, some missing."""
    days = [None, "2024-05-01", "2024-05-02", "2024-05-02T10:00:00+02:00", "2024-05-03"]
    return [rng.choice(days) for _ in range(n)]


def _as_the_store_does(
    ids: list[str], published: list[str | None], sigs: list[np.ndarray], order: list[int]
) -> dict[str, tuple[str, float]]:
    """The store's decisions after adding the documents one by one in ``order``."""
    from parley.store.db import DocumentRows, Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        original = neardup.signature
        by_text = {f"text {i}": sig for i, sig in enumerate(sigs)}
        neardup.signature = lambda text: by_text[text]  # type: ignore[assignment]
        try:
            for i in order:
                doc = {
                    "id": ids[i],
                    "path": f"d{i}.txt",
                    "url": None,
                    "outlet": None,
                    "published": published[i],
                    "lang": "en",
                    "title": None,
                    "text": f"text {i}",
                    "original": f"text {i}",
                }
                store.add_rows([DocumentRows(doc)])
        finally:
            neardup.signature = original  # type: ignore[assignment]
        rows = store.con.execute(
            "SELECT id, duplicate_of, similarity FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _as_dask_does(
    ids: list[str], published: list[str | None], sigs: list[np.ndarray]
) -> dict[str, tuple[str, float]]:
    orders = np.arange(len(ids), dtype=np.int64)
    keys = dedup.pair_keys(_values(np.stack(sigs)))
    bands = pd.DataFrame({"key": keys.ravel(), "order": np.repeat(orders, len(dedup.BAND_PAIRS))})
    pairs = dedup._pairs(bands)
    ranks = [neardup.rank(p, i) for p, i in zip(published, ids, strict=True)]
    blobs = pd.DataFrame(
        {
            "order": orders,
            "id": ids,
            "sig": pa.array([s.tobytes() for s in sigs]),
            "rank": ranks,
        }
    )
    left = blobs.rename(columns={"order": "a", "id": "a_id", "sig": "a_sig", "rank": "a_rank"})
    right = blobs.rename(columns={"order": "b", "id": "b_id", "sig": "b_sig", "rank": "b_rank"})
    found = dedup.resolve(dedup._score(pairs.merge(left, on="a").merge(right, on="b")))
    return {
        ids[o]: (d, s)
        for o, d, s in found[["order", "duplicate_of", "similarity"]].itertuples(index=False)
    }


def _reference(
    ids: list[str], published: list[str | None], sigs: list[np.ndarray]
) -> dict[str, tuple[str, float]]:
    docs = [(i, neardup.rank(p, i), s) for i, p, s in zip(ids, published, sigs, strict=True)]
    return {k: (root, sim) for k, (root, _, sim) in neardup.decide(docs).items()}


def _case(seed: int, n: int) -> tuple[random.Random, list[str], list[str | None], list]:
    """A family of ``n`` signatures with random ids and publication dates."""
    rng = random.Random(seed)
    sigs = _family(rng, n)
    ids = [f"{rng.getrandbits(40):010x}" for _ in sigs]
    return rng, ids, _published(rng, len(ids)), sigs


@pytest.mark.parametrize("seed", range(6))
def test_duplicate_of_is_what_the_store_decides(seed):
    _, ids, published, sigs = _case(seed, 80)
    want = _reference(ids, published, sigs)
    assert len(want) >= 10  # the family has near-duplicates, and chains of them
    assert _as_dask_does(ids, published, sigs) == want


@pytest.mark.parametrize("seed", range(4))
def test_the_store_decides_the_same_in_any_order(seed):
    rng, ids, published, sigs = _case(seed, 60)
    want = _reference(ids, published, sigs)
    assert len(want) >= 8
    forwards = list(range(len(ids)))
    for order in (forwards, forwards[::-1], rng.sample(forwards, len(forwards))):
        assert _as_the_store_does(ids, published, sigs, order) == want
