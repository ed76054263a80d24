"""The Dask path on generated articles: wall time per stage, documents/s, memory, speed-up.

Writes N synthetic articles (``parley.synth``: engagements told by one to four outlets,
half of the retellings the same wire story with other furniture) as JSON Lines shards of
1,000 records, the shape news crawlers write. Then, for each worker count, a fresh
LocalCluster (one process per worker, one thread each) runs the whole distributed
pipeline (`ingest --engine dask`: extract, copies, near-duplicates, merge, write) and
`parley load` puts the dataset into a new SQLite file, in its own process.

Measured: seconds per stage, documents/s, peak RSS of each worker process, of the client
(which also hosts the scheduler and the connected-components step) and of the load
process, dataset and database sizes, and the machine's load average before and after
(other work on this machine slows a run down; the numbers say how much was going on).

The engagements fall in a period that grows with N as in bench_ingest.py (same news
density) up to 25 years (2000-2024): dates past 2100 are outside what the date parser
accepts, so above ~100,000 articles the density grows instead (10x at 1,000,000).

    .venv/bin/python benchmarks/bench_dask.py N [--workers 1,2] [--results FILE] [--tmp DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARD = 1000
DAYS_PER_DOC = 0.0913  # bench_ingest.py: 10,000 articles over 2.5 years
MAX_DAYS = 9131  # 2000-01-01 to 2024-12-31


def write_shards(n: int, root: Path) -> float:
    """N generated articles as JSON Lines shards; returns the seconds it took."""
    from parley.synth import Generator

    t = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    days = min(MAX_DAYS, int(n * DAYS_PER_DOC))
    gen = Generator(seed=21, start=dt.date(2000, 1, 1), days=days)
    fh = None
    for i, d in enumerate(gen.documents(n)):
        if i % SHARD == 0:
            if fh:
                fh.close()
            fh = (root / f"shard-{i // SHARD:05d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps({"url": f"https://example.org/{d.name}", "text": d.text}) + "\n")
    if fh:
        fh.close()
    return time.perf_counter() - t


def _peak_mb() -> float:
    """This process's peak resident memory (run on each worker through ``client.run``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _load(dataset: Path, db: Path) -> tuple[float, float]:
    """`parley load` in its own process: seconds and peak RSS (MB), polled with psutil."""
    import psutil

    parley = Path(sys.executable).with_name("parley")
    t = time.perf_counter()
    proc = subprocess.Popen([str(parley), "load", str(dataset), "--db", str(db)])
    watched, peak = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss / 1e6)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"parley load failed ({proc.returncode})")
    return time.perf_counter() - t, peak


def run(n: int, shards: Path, workers: int, tmp: Path) -> dict[str, Any]:
    from parley.scale import dask_ingest

    out, db = tmp / f"w{workers}.parquet", tmp / f"w{workers}.db"
    load_before = os.getloadavg()
    with dask_ingest.connect(None, workers) as client:
        t = time.perf_counter()
        result = dask_ingest.build(client, [str(shards)], str(out))
        dask_s = time.perf_counter() - t
        peaks = client.run(_peak_mb)
    client_peak = _peak_mb()
    load_s, load_peak = _load(out, db)
    stages = result.seconds
    return {
        "documents": n,
        "workers": workers,
        "dask_s": round(dask_s, 1),
        "stages_s": stages,
        "extract_docs_per_s": round(n / stages["extract"], 1),
        "dask_docs_per_s": round(n / dask_s, 1),
        "load_s": round(load_s, 1),
        "wall_s": round(dask_s + load_s, 1),
        "wall_docs_per_s": round(n / (dask_s + load_s), 1),
        "peak_worker_mb": sorted(round(v) for v in peaks.values()),
        "peak_client_scheduler_mb": round(client_peak),
        "peak_load_mb": round(load_peak),
        "dataset_mb": round(_size_mb(out)),
        "database_mb": round(_size_mb(db)),
        "totals": result.totals,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("n", type=int, nargs="?", default=20_000)
    ap.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 2 or 1,2")
    ap.add_argument("--results", type=Path, help="append one JSON line per run to this file")
    ap.add_argument("--tmp", type=Path, help="work folder (default: a temporary one)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(dir=args.tmp))
    try:
        gen_s = write_shards(args.n, tmp / "shards")
        print(json.dumps({"generated": args.n, "seconds": round(gen_s, 1)}), flush=True)
        rows = []
        for w in (int(x) for x in args.workers.split(",")):
            row = run(args.n, tmp / "shards", w, tmp)
            rows.append(row)
            print(json.dumps(row), flush=True)
            if args.results:
                with args.results.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(row) + "\n")
            shutil.rmtree(tmp / f"w{w}.parquet", ignore_errors=True)
            (tmp / f"w{w}.db").unlink(missing_ok=True)
        if len(rows) > 1:
            base = min(rows, key=lambda r: r["workers"])
            for r in (r for r in rows if r is not base):
                speed = {
                    "speed_up_vs_workers": [base["workers"], r["workers"]],
                    "dask": round(base["dask_s"] / r["dask_s"], 2),
                    "extract": round(base["stages_s"]["extract"] / r["stages_s"]["extract"], 2),
                    "wall": round(base["wall_s"] / r["wall_s"], 2),
                }
                print(json.dumps(speed), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
