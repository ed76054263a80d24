"""CI check of issue 18: what the store holds is a function of the set of documents.

Usage: python scripts/check_order.py [--documents N] [--seed S]

Generates N synthetic documents: articles, exact copies of some (another publication date
and outlet) and near-duplicates of others. Ingests them forwards, backwards and shuffled (each with
another batch size), and compares every table of the three databases, sorted. Prints
the figures; exits 1 with one line per table that differs.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from parley.read import iter_documents
from parley.store import Store
from parley.store.db import snapshot
from parley.store.ingest import ingest
from parley.synth import write_with_copies


def _ingest(paths: list[str], db: Path, batch: int) -> dict[str, list[tuple[object, ...]]]:
    with Store(db) as store:
        ingest(store, iter_documents(paths, lambda f: None), batch_size=batch)
    con = sqlite3.connect(db)
    try:
        return snapshot(con)
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        paths = write_with_copies(docs, args.documents, args.seed)
        orders = {
            "forwards": (paths, 200),
            "backwards": (paths[::-1], 37),
            "shuffled": (random.Random(args.seed).sample(paths, len(paths)), 101),
        }
        got, seconds = {}, {}
        for name, (order, batch) in orders.items():
            start = time.perf_counter()
            got[name] = _ingest(order, Path(tmp) / f"{name}.db", batch)
            seconds[name] = time.perf_counter() - start
    want = got["forwards"]
    problems = [
        f"{name}: table {table} differs ({len(got[name].get(table, []))} rows, "
        f"forwards {len(rows)})"
        for name in ("backwards", "shuffled")
        for table, rows in want.items()
        if got[name].get(table) != rows
    ]
    problems += [
        f"{name}: tables {sorted(set(got[name]) ^ set(want))} not in both"
        for name in ("backwards", "shuffled")
        if set(got[name]) != set(want)
    ]
    rows = ", ".join(f"{t} {len(r)}" for t, r in want.items())
    timing = ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items())
    if problems:
        for p in problems:
            print(f"order: {p}", file=sys.stderr)
        return 1
    print(
        f"order: {len(paths)} documents ({len(want['documents'])} bodies, the others copies) "
        f"give the same database forwards, backwards and shuffled: {rows} ({timing})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
