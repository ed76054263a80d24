"""The Dask engine gives the same merged events as a local ingest, also when a worker dies.

Runs a real LocalCluster with two worker processes.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from parley.read import iter_documents
from parley.scale import dask_ingest
from parley.store import Store, query
from parley.store.ingest import ingest
from parley.synth import Generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "docs"
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "docs"

pytestmark = pytest.mark.slow


def _local(paths: list[str], db: Path) -> None:
    with Store(db) as store:
        ingest(store, iter_documents(paths, lambda f: None))


def _events(db: Path) -> list[str]:
    with Store(db, readonly=True) as store:
        return sorted(json.dumps(e, sort_keys=True) for e in query.events(store.con))


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _dask(client, paths: list[str], tmp: Path, name: str) -> Path:
    out = tmp / f"{name}.parquet"
    results = client.gather(dask_ingest.submit(client, paths, str(out)))
    assert all(not r.failures for r in results)
    db = tmp / f"{name}.db"
    dask_ingest.load(str(out), str(db))
    return db


def test_same_events_as_a_local_run_on_the_examples(client, tmp_path):
    paths = [str(EXAMPLES)]
    local = tmp_path / "local.db"
    _local(paths, local)
    assert _events(_dask(client, paths, tmp_path, "dask")) == _events(local)


@pytest.mark.shared
def test_same_events_as_a_local_run_on_dev(client, tmp_path):
    if not DEV.is_dir():
        pytest.skip("../shared/corpus is absent")
    local = tmp_path / "local.db"
    _local([str(DEV)], local)
    assert _events(_dask(client, [str(DEV)], tmp_path, "dask")) == _events(local)


def test_a_worker_killed_part_way_loses_and_duplicates_nothing(client, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for d in Generator(seed=3).documents(120):
        (docs / d.name).write_text(d.text, encoding="utf-8")
    local = tmp_path / "local.db"
    _local([str(docs)], local)

    out = tmp_path / "killed.parquet"
    futures = dask_ingest.submit(client, [str(docs)], str(out))
    deadline = time.time() + 60
    while sum(f.done() for f in futures) < 10 and time.time() < deadline:
        time.sleep(0.05)
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)  # mid-run: some shards are in flight on it
    results = client.gather(futures)
    assert sum(f.done() for f in futures) == len(futures)
    assert sum(r.documents for r in results) == 120
    db = tmp_path / "killed.db"
    counts = dask_ingest.load(str(out), str(db))
    assert counts["documents"] == 120  # every document once (wire reprints share an id)
    with Store(db, readonly=True) as a, Store(local, readonly=True) as b:
        stored = "SELECT id FROM documents ORDER BY id"
        assert a.con.execute(stored).fetchall() == b.con.execute(stored).fetchall()
    assert _events(db) == _events(local)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the worker


def test_an_unreadable_shard_is_reported_and_skipped(client, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(
        (EXAMPLES / "03_jaishankar_lavrov_moscow.txt").read_text("utf-8"), encoding="utf-8"
    )
    (docs / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    results = client.gather(dask_ingest.submit(client, [str(docs)], str(tmp_path / "o")))
    by_name = {Path(r.shard).name: r for r in results}
    assert by_name["good.txt"].documents == 1 and not by_name["good.txt"].failures
    assert by_name["bad.jsonl.gz"].failures and by_name["bad.jsonl.gz"].documents == 0
