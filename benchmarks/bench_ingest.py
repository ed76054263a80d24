"""Ingest throughput, memory and merge time at 10,000 and 100,000 generated documents.

Each size runs in its own process (so peak memory is that run's): synthetic wire copy
from ``parley.synth`` (engagements told by one to four outlets, half of the retellings
the same wire story with other furniture, i.e. near-duplicates), read and cleaned in
memory, then ingested into a fresh SQLite file in batches of 200 as `parley ingest`
does. The engagements fall in a period that grows with the corpus (see DAYS_PER_DOC), so
both sizes have the same number of reports per pair of leaders and month. Merge time is
the time spent re-merging the blocks each batch touches.

    .venv/bin/python benchmarks/bench_ingest.py [N ...]      (default: 10000 100000)

``--jobs N`` compares `parley ingest --jobs 1` with `--jobs 2` (or N) instead: the same
N generated documents (default 10,000) written as files, as a crawl leaves them, each
ingested into a fresh database by the command itself, one after the other; it prints
both times (wall and CPU, the workers' included), their ratio, the load average around
each run, and whether the two databases hold the same rows in every table.

    .venv/bin/python benchmarks/bench_ingest.py --jobs 10000 [--workers 2]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DAYS_PER_DOC = 0.0913  # 10,000 documents over 2.5 years; 100,000 over 25


def _one(n: int) -> dict[str, float]:
    from parley.extract import default_extractor
    from parley.model import Document
    from parley.read import read_text
    from parley.store import Store
    from parley.store.db import Store as _S
    from parley.store.ingest import ingest
    from parley.synth import Generator

    default_extractor()
    merge_s = 0.0
    original = _S._remerge

    def timed(self: _S, seeds: list[tuple[str, int]]) -> None:
        nonlocal merge_s
        t = time.perf_counter()
        original(self, seeds)
        merge_s += time.perf_counter() - t

    _S._remerge = timed  # type: ignore[method-assign]

    # the same news density at every size: the period grows with the corpus (10,000
    # articles per 2.5 years, ~4,000 a year), as a real archive grows in time
    days = int(n * DAYS_PER_DOC)

    def docs() -> Iterator[Document]:
        for d in Generator(seed=11, start=dt.date(2000, 1, 1), days=days).documents(n):
            yield read_text(d.text, d.name)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        with Store(db) as store:
            summary = ingest(store, docs())
            events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        wall = time.perf_counter() - t0
        size_mb = db.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "documents": n,
        "period_days": days,
        "seconds": round(wall, 1),
        "docs_per_second": round(n / wall, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "merge_seconds": round(merge_s, 1),
        "merge_ms_per_doc": round(1000 * merge_s / n, 3),
        "near_duplicates": summary.near_duplicates,
        "events": events,
        "db_mb": round(size_mb, 1),
    }


def _timed_ingest(folder: Path, db: Path, jobs: int) -> dict[str, Any]:
    """One `parley ingest` run as a user starts it: wall time, CPU of the command and its
    workers, and the load average before and after."""
    cmd = [sys.executable, "-c", "from parley.cli import main; main()"]
    before_load = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [*cmd, "ingest", str(folder), "--db", str(db), "--jobs", str(jobs)],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "jobs": jobs,
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "loadavg_before": round(before_load[0], 2),
        "loadavg_after": round(os.getloadavg()[0], 2),
    }


def compare_jobs(n: int, workers: int) -> dict[str, Any]:
    """`--jobs 1` against `--jobs workers` on the same n documents, in one run."""
    import sqlite3

    from parley.store.db import snapshot
    from parley.synth import Generator

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        days = int(n * DAYS_PER_DOC)
        for d in Generator(seed=11, start=dt.date(2000, 1, 1), days=days).documents(n):
            (folder / d.name).write_text(d.text, encoding="utf-8")
        one = _timed_ingest(folder, Path(tmp) / "one.db", 1)
        many = _timed_ingest(folder, Path(tmp) / "many.db", workers)
        tables = [snapshot(sqlite3.connect(Path(tmp) / f"{x}.db")) for x in ("one", "many")]
    return {
        "documents": n,
        "cores": os.cpu_count(),
        "one_job": one,
        f"{workers}_jobs": many,
        "speedup": round(one["seconds"] / many["seconds"], 2),
        "same_database": tables[0] == tables[1],
        "events": len(tables[0]["events"]),
    }


def main(sizes: list[int]) -> list[dict[str, float]]:
    results = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    return results


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(_one(int(sys.argv[2]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "--jobs":
        args = sys.argv[2:]
        workers = 2
        if "--workers" in args:
            workers = int(args[args.index("--workers") + 1])
            del args[args.index("--workers") : args.index("--workers") + 2]
        print(json.dumps(compare_jobs(int(args[0]) if args else 10_000, workers)))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
