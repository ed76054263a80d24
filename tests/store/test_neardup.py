"""Near-duplicate lookup: only documents sharing enough bands are compared, and none
that reaches the threshold is missed."""

from __future__ import annotations

import numpy as np

from parley.store import neardup
from parley.store.schema import connect


def _store(tmp_path, sigs: dict[str, np.ndarray]):
    con = connect(tmp_path / "n.db")
    for doc_id, sig in sigs.items():
        con.execute(
            "INSERT INTO documents(id, path, text, original) VALUES (?, ?, 'x', 'x')",
            (doc_id, doc_id),
        )
        neardup.remember(con, doc_id, sig)
    return con


def test_the_least_similar_near_duplicate_is_still_found(tmp_path):
    rng = np.random.default_rng(3)
    original = rng.integers(0, 2**63, neardup.NUM_PERM, dtype=np.uint64)
    edited = original.copy()
    worst = neardup.NUM_PERM - int(np.ceil(neardup.THRESHOLD * neardup.NUM_PERM))
    edited[[b * neardup.ROWS for b in range(worst)]] += np.uint64(
        1
    )  # one value in each of 12 bands
    assert neardup.similarity(original, edited) >= neardup.THRESHOLD
    con = _store(tmp_path, {"a" * 40: original})
    assert neardup.find_original(con, edited, "b" * 40) == (
        "a" * 40,
        neardup.similarity(original, edited),
    )


def test_sharing_a_few_bands_is_not_enough_to_be_compared(tmp_path, monkeypatch):
    rng = np.random.default_rng(4)
    a = rng.integers(0, 2**63, neardup.NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, 2**63, neardup.NUM_PERM, dtype=np.uint64)
    b[: 3 * neardup.ROWS] = a[: 3 * neardup.ROWS]  # three bands of stock phrases in common
    con = _store(tmp_path, {"a" * 40: a})
    compared: list[object] = []
    real = neardup.similarity
    monkeypatch.setattr(neardup, "similarity", lambda x, y: compared.append(1) or real(x, y))
    assert neardup.find_original(con, b, "b" * 40) is None
    assert not compared
