"""Near-duplicate articles: one wire story republished with small edits by many sites.

A document's MinHash signature (datasketch, over word 5-gram shingles of the clean body)
is cut into bands; each band's hash goes into an indexed table, so finding candidates
is one indexed lookup per band and memory does not grow with the archive (datasketch's
in-memory LSH index would). Candidates are confirmed by the estimated Jaccard
similarity of the full signatures.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.6 similarity almost always collide
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8  # estimated Jaccard similarity above which two bodies are one story
# At THRESHOLD at most 12 of the 64 values differ, which breaks at most 12 bands: a
# near-duplicate always shares at least 4 whole bands with its original.
MIN_SHARED_BANDS = BANDS - int(NUM_PERM * (1 - THRESHOLD) + 1e-9)
SHINGLE = 5
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """MinHash of the body's word 5-grams (the whole body when it is shorter)."""
    words = _WORD.findall(text.casefold())
    m = MinHash(num_perm=NUM_PERM, seed=1)
    grams = [" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues.astype(np.uint64)


def band_hashes(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, 63-bit hash) pairs: what the lookup table stores for a signature."""
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "big") >> 1))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def find_original(
    con: sqlite3.Connection, sig: np.ndarray, exclude: str
) -> tuple[str, float] | None:
    """The earliest stored document this one nearly duplicates, with the similarity."""
    bands = band_hashes(sig)
    clause = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
    params = [v for pair in bands for v in pair]
    # Sharing one band is common (a stock phrase puts thousands of unrelated articles in
    # one bucket, and buckets grow with the archive); a near-duplicate shares at least
    # MIN_SHARED_BANDS, so only those candidates have their signature read and compared.
    rows = con.execute(
        f"SELECT document_id FROM document_minhash_bands WHERE {clause} "
        "GROUP BY document_id HAVING count(DISTINCT band) >= ?",
        [*params, MIN_SHARED_BANDS],
    ).fetchall()
    best: tuple[str, float] | None = None
    for (doc_id,) in rows:
        if doc_id == exclude:
            continue
        got = con.execute(
            "SELECT signature FROM document_minhashes WHERE document_id = ?", (doc_id,)
        ).fetchone()
        if got is None:
            continue
        sim = similarity(sig, np.frombuffer(got[0], dtype=np.uint64))
        if sim >= THRESHOLD and (best is None or (sim, doc_id) > (best[1], best[0])):
            best = (doc_id, sim)
    return best


def remember(con: sqlite3.Connection, doc_id: str, sig: np.ndarray) -> None:
    con.execute(
        "INSERT OR REPLACE INTO document_minhashes(document_id, signature) VALUES (?, ?)",
        (doc_id, sig.tobytes()),
    )
    con.executemany(
        "INSERT INTO document_minhash_bands(band, hash, document_id) VALUES (?, ?, ?)",
        [(b, h, doc_id) for b, h in band_hashes(sig)],
    )
