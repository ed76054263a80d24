"""The Dask path on generated articles: wall time, documents/s, worker memory, speed-up.

Writes N synthetic articles as JSON Lines shards of 1,000 records (the shape news
crawlers write), then runs read + extract on a LocalCluster with 1 and with 2 worker
processes (one thread each) and loads the Parquet dataset into a store, as
`parley ingest --engine dask` does. The period of the engagements grows with N (as in
bench_ingest.py), so the news density is the same at every size.

    .venv/bin/python benchmarks/bench_dask.py [N]        (default 20000)
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

SHARD = 1000
DAYS_PER_DOC = 0.0913


def write_shards(n: int, root: Path) -> None:
    from parley.synth import Generator

    root.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed=21, start=dt.date(2000, 1, 1), days=int(n * DAYS_PER_DOC))
    fh = None
    for i, d in enumerate(gen.documents(n)):
        if i % SHARD == 0:
            if fh:
                fh.close()
            fh = (root / f"shard-{i // SHARD:05d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps({"url": f"https://example.org/{d.name}", "text": d.text}) + "\n")
    if fh:
        fh.close()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, shards: Path, workers: int, tmp: Path) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from parley.scale import dask_ingest

    out = tmp / f"w{workers}.parquet"
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        t = time.perf_counter()
        results = client.gather(dask_ingest.submit(client, [str(shards)], str(out)))
        extract_s = time.perf_counter() - t
        peaks = client.run(_peak_mb)
    t = time.perf_counter()
    counts = dask_ingest.load(str(out), str(tmp / f"w{workers}.db"))
    load_s = time.perf_counter() - t
    return {
        "workers": workers,
        "documents": sum(r.documents for r in results),
        "read_extract_s": round(extract_s, 1),
        "read_extract_docs_per_s": round(n / extract_s, 1),
        "load_merge_s": round(load_s, 1),
        "wall_s": round(extract_s + load_s, 1),
        "peak_worker_mb": round(max(peaks.values()), 1),
        "stored": counts["new"],
    }


def main(n: int = 20_000) -> list[dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_shards(n, tmp / "shards")
        rows = [run(n, tmp / "shards", w, tmp) for w in (1, 2)]
    rows[1]["speed_up_read_extract"] = round(
        rows[0]["read_extract_s"] / rows[1]["read_extract_s"], 2
    )
    for r in rows:
        print(json.dumps(r))
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
