"""Near-duplicate articles: one wire story republished with small edits by many sites.

A document's MinHash signature (datasketch, over word 5-gram shingles of the clean body)
is cut into bands; each band's hash goes into an indexed table, so finding candidates
is one indexed lookup per band and memory does not grow with the archive (datasketch's
in-memory LSH index would). Candidates are confirmed by the estimated Jaccard
similarity of the full signatures.

What is decided depends only on the set of documents, never on the order they came in:
documents stand in a fixed order, :func:`rank` (the earliest published first, then the
smaller id), and a document's *original* (``near_parent``) is, among the documents before
it in that order whose similarity reaches :data:`THRESHOLD`, the most similar one (on a
tie, the larger id); ``duplicate_of`` is the first document of that chain of originals.
:func:`decide` computes this for a whole set at once; the store keeps it current one
batch at a time, and the Dask engine computes it for the whole corpus.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import cache

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


def rank(published: str | None, doc_id: str) -> str:
    """A document's place in the order near-duplicates are decided in, as a string that
    sorts in it: the earliest published first (ISO text, as stored; undated last), then
    the smaller id."""
    return ("1" if published is None else "0") + (published or "") + "\x00" + doc_id


@cache
def _empty() -> MinHash:
    """An empty MinHash of the seed, its permutations drawn once: MinHash draws them
    again for every new signature otherwise, more work than the rest of the signature
    for the single writer of `ingest --jobs` (a copy keeps them)."""
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> np.ndarray:
    """MinHash of the body's word 5-grams (the whole body when it is shorter), after the
    NFKC and case folding the document id applies: copies of one body (one id) always
    have one signature."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    m = _empty().copy()
    grams = [" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]
    m.update_batch([g.encode("utf-8") for g in grams])
    signature: np.ndarray = m.hashvalues.astype(np.uint64)  # datasketch is untyped
    return signature


def band_hashes(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, 63-bit hash) pairs: what the lookup table stores for a signature."""
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "big") >> 1))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def neighbors(con: sqlite3.Connection, sig: np.ndarray, exclude: str) -> list[tuple[str, float]]:
    """Every stored document (but ``exclude``) whose similarity with ``sig`` reaches the
    threshold, with that similarity, in id order."""
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
    found: list[tuple[str, float]] = []
    for doc_id in sorted(r[0] for r in rows):
        if doc_id == exclude:
            continue
        got = con.execute(
            "SELECT signature FROM document_minhashes WHERE document_id = ?", (doc_id,)
        ).fetchone()
        if got is None:
            continue
        sim = similarity(sig, np.frombuffer(got[0], dtype=np.uint64))
        if sim >= THRESHOLD:
            found.append((doc_id, sim))
    return found


def find_original(
    con: sqlite3.Connection, sig: np.ndarray, exclude: str
) -> tuple[str, float] | None:
    """The most similar stored document at or above the threshold (on a tie, the larger
    id), with the similarity; None when there is none."""
    best: tuple[str, float] | None = None
    for found in neighbors(con, sig, exclude):
        best = better(best, found)
    return best


def better(a: tuple[str, float] | None, b: tuple[str, float] | None) -> tuple[str, float] | None:
    """The better of two candidate originals ``(id, similarity)``: the more similar, then
    the larger id (None is no candidate)."""
    if a is None or b is None:
        return a or b
    return a if (a[1], a[0]) >= (b[1], b[0]) else b


def decide(
    docs: Iterable[tuple[str, str, np.ndarray]],
) -> dict[str, tuple[str, str, float]]:
    """For a whole set of ``(id, rank, signature)``: each near-duplicate's ``(duplicate_of,
    near_parent, similarity)``. Quadratic: the reference the store and the Dask engine are
    tested against, and what :func:`rank` means."""
    ordered = sorted(docs, key=lambda d: d[1])
    out: dict[str, tuple[str, str, float]] = {}
    for i, (doc_id, _, sig) in enumerate(ordered):
        best: tuple[str, float] | None = None
        for other, _, osig in ordered[:i]:
            sim = similarity(sig, osig)
            if sim >= THRESHOLD:
                best = better(best, (other, sim))
        if best is not None:
            root = out[best[0]][0] if best[0] in out else best[0]
            out[doc_id] = (root, best[0], best[1])
    return out


def remember(con: sqlite3.Connection, doc_id: str, sig: np.ndarray) -> None:
    con.execute(
        "INSERT OR REPLACE INTO document_minhashes(document_id, signature) VALUES (?, ?)",
        (doc_id, sig.tobytes()),
    )
    con.executemany(
        "INSERT INTO document_minhash_bands(band, hash, document_id) VALUES (?, ?, ?)",
        [(b, h, doc_id) for b, h in band_hashes(sig)],
    )
