"""The Dask engine stores exactly what a local ingest stores, also when a worker dies.

Runs a real LocalCluster with two worker processes. "Exactly" is every table of the
store (documents with ``duplicate_of``, paths, MinHash index, mentions with their event,
blocks, events, participants, sources, per-country keys, actors, statements, the
full-text index), compared row for row with a local ingest of the same paths.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from parley.read import iter_documents
from parley.scale import dask_ingest, dataset
from parley.scale.load import load
from parley.store import Store
from parley.store.ingest import ingest
from parley.synth import Generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "docs"
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "docs"

pytestmark = [pytest.mark.slow, pytest.mark.dask]

_TABLES = {
    "documents": "SELECT * FROM documents",
    "document_paths": "SELECT * FROM document_paths",
    "document_minhashes": "SELECT * FROM document_minhashes",
    "document_minhash_bands": "SELECT * FROM document_minhash_bands",
    "mentions": "SELECT * FROM mentions",
    "mention_blocks": "SELECT * FROM mention_blocks",
    "events": "SELECT * FROM events",
    "event_participants": "SELECT * FROM event_participants",
    "event_sources": "SELECT * FROM event_sources",
    "event_countries": "SELECT * FROM event_countries",
    "actors": "SELECT * FROM actors",
    "statements": "SELECT * FROM statements",
    "statement_topics": "SELECT * FROM statement_topics",
    "evidence_search": "SELECT m.document_id, m.position, f.text FROM evidence_search f "
    "JOIN mentions m ON m.rowid = f.rowid",
}


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (row ids aside), in a canonical order."""
    con = sqlite3.connect(db)
    try:
        return {t: sorted(con.execute(q).fetchall(), key=repr) for t, q in _TABLES.items()}
    finally:
        con.close()


def _assert_same_store(got: Path, want: Path) -> None:
    a, b = _tables(got), _tables(want)
    assert a["documents"], "nothing was stored"
    for table in _TABLES:
        assert a[table] == b[table], f"{table} differs from the local ingest"


def _local(paths: list[str], db: Path) -> Path:
    with Store(db) as store:
        ingest(store, iter_documents(paths, lambda f: None))
    return db


@pytest.fixture(scope="module")
def client():
    with dask_ingest.connect(None, workers=2) as c:
        yield c


def _dask(client, paths: list[str], tmp: Path, name: str, **kw: Any) -> tuple[Path, Any]:
    out = tmp / f"{name}.parquet"
    result = dask_ingest.build(client, paths, str(out), **kw)
    db = tmp / f"{name}.db"
    load(str(out), str(db))
    return db, result


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """Wire copy in JSON Lines shards of 5 records (40 shards), with exact copies of
    earlier records in a later shard and in a plain text file, and an unreadable shard."""
    root = tmp_path_factory.mktemp("synthetic")
    docs = list(Generator(seed=5, start=dt.date(2021, 1, 1), days=90).documents(200))
    for i in range(0, len(docs), 5):
        with (root / f"shard-{i // 5:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for d in docs[i : i + 5]:
                fh.write(json.dumps({"url": f"https://a.example/{d.name}", "text": d.text}) + "\n")
    with (root / "zz-mirror.jsonl").open("w", encoding="utf-8") as fh:
        for d in docs[3:60:7]:
            fh.write(json.dumps({"url": f"https://b.example/{d.name}", "text": d.text}) + "\n")
    (root / "sub").mkdir()
    (root / "sub" / "copy.txt").write_text(docs[1].text, encoding="utf-8")
    (root / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    return root


@pytest.fixture(scope="module")
def synthetic_local(synthetic, tmp_path_factory) -> Path:
    return _local([str(synthetic)], tmp_path_factory.mktemp("local") / "local.db")


@pytest.fixture(scope="module")
def synthetic_dask(client, synthetic, tmp_path_factory) -> tuple[Path, Any]:
    """The synthetic corpus through the Dask engine once: (dataset folder, run result)."""
    out = tmp_path_factory.mktemp("dask") / "synthetic.parquet"
    return out, dask_ingest.build(client, [str(synthetic)], str(out))


def test_every_table_as_after_a_local_run_on_the_examples(client, tmp_path):
    paths = [str(EXAMPLES)]
    db, _ = _dask(client, paths, tmp_path, "dask")
    _assert_same_store(db, _local(paths, tmp_path / "local.db"))


@pytest.mark.shared
def test_every_table_as_after_a_local_run_on_dev(client, tmp_path):
    if not DEV.is_dir():
        pytest.skip("../shared/corpus is absent")
    db, _ = _dask(client, [str(DEV)], tmp_path, "dask")
    _assert_same_store(db, _local([str(DEV)], tmp_path / "local.db"))


def _warc(records: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC of HTTP responses, as a news crawler writes them."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        payload = io.BytesIO(html.encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
        )
    return buf.getvalue()


def _as_html(text: str) -> str:
    import html

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><body><article>{body}</article></body></html>"


def test_warc_and_gzipped_json_lines_behind_an_fsspec_url_as_a_local_run(client, tmp_path):
    import gzip

    docs = sorted(EXAMPLES.glob("*.txt"))
    assert len(docs) >= 4
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    html = [(f"https://news.example/{p.stem}", _as_html(p.read_text("utf-8"))) for p in docs]
    (crawl / "part-0.warc.gz").write_bytes(_warc(html[: len(html) // 2]))
    lines = [json.dumps({"url": u, "html": h}) for u, h in html[len(html) // 2 :]]
    (crawl / "part-1.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    db, result = _dask(client, [crawl.as_uri()], tmp_path, "dask")
    assert not result.failures and result.totals["documents"] == len(docs)
    _assert_same_store(db, _local([str(crawl)], tmp_path / "local.db"))


def _shard_of(con: sqlite3.Connection, doc_id: str) -> str:
    path = con.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    return path.rsplit(":", 1)[0]


def test_copies_and_near_duplicates_are_decided_across_shards(
    synthetic_dask, synthetic_local, tmp_path
):
    out, result = synthetic_dask
    assert result.totals["copies"] >= 6 and result.totals["near_duplicates"] >= 6
    db = tmp_path / "dask.db"
    load(str(out), str(db))
    _assert_same_store(db, synthetic_local)
    con = sqlite3.connect(db)
    pairs = con.execute(
        "SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"
    ).fetchall()
    across = [p for p in pairs if _shard_of(con, p[0]) != _shard_of(con, p[1])]
    con.close()
    assert across, "no near-duplicate was found in another shard than its original"


def test_an_unreadable_shard_is_reported_in_one_line_and_skipped(synthetic_dask):
    _, result = synthetic_dask
    assert len(result.failures) == 1
    line = result.failures[0]
    assert "broken.jsonl.gz" in line and "\n" not in line
    assert result.totals["documents"] > 150  # every other shard was read


def _kill_one_worker(client) -> None:
    pids = client.run(os.getpid)
    os.kill(sorted(pids.values())[0], signal.SIGKILL)


def _in_background(fn: Any) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = fn()
        except BaseException as e:
            box["error"] = e

    thread = threading.Thread(target=target)
    thread.start()
    return thread, box


def test_a_worker_killed_during_extraction_loses_and_duplicates_nothing(
    client, synthetic, synthetic_local, tmp_path
):
    out = tmp_path / "killed.parquet"
    thread, box = _in_background(lambda: dask_ingest.build(client, [str(synthetic)], str(out)))
    parts = out / dataset.WORK / "extracted" / "documents"
    deadline = time.time() + 120
    while len(list(parts.glob("*.parquet"))) < 10 and time.time() < deadline:
        time.sleep(0.02)
    done_before = len(list(parts.glob("*.parquet")))
    _kill_one_worker(client)  # some shards are in flight on it
    thread.join()
    assert "error" not in box, box.get("error")
    assert done_before < 40, "the kill came after extraction: it tested nothing"
    db = tmp_path / "killed.db"
    load(str(out), str(db))
    _assert_same_store(db, synthetic_local)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the worker


def test_a_worker_killed_during_the_merge_loses_and_duplicates_nothing(
    client, synthetic, synthetic_local, tmp_path
):
    merging = threading.Event()

    def progress(stage: str) -> None:
        if stage == "merge":
            merging.set()

    out = tmp_path / "killed.parquet"
    thread, box = _in_background(
        lambda: dask_ingest.build(client, [str(synthetic)], str(out), progress=progress)
    )
    assert merging.wait(120)
    time.sleep(0.3)  # the block shuffle is under way
    _kill_one_worker(client)
    thread.join()
    assert "error" not in box, box.get("error")
    db = tmp_path / "killed.db"
    load(str(out), str(db))
    _assert_same_store(db, synthetic_local)
    client.wait_for_workers(2, timeout=60)


def test_loading_into_a_store_with_documents_merges_as_a_local_ingest(
    synthetic, synthetic_dask, tmp_path
):
    out, _ = synthetic_dask
    first = [str(p) for p in sorted(synthetic.glob("shard-*.jsonl"))[:4]]
    want, got = _local(first, tmp_path / "want.db"), _local(first, tmp_path / "got.db")
    _local([str(synthetic)], want)
    counts = load(str(out), str(got))
    assert counts["mode"].startswith("merged")
    _assert_same_store(got, want)
    again = load(str(out), str(got))
    assert again["new"] == 0
    _assert_same_store(got, want)


def _parley(*args: str) -> subprocess.CompletedProcess[str]:
    from shutil import which

    exe = Path(sys.executable).with_name("parley")
    cmd = [str(exe) if exe.exists() else (which("parley") or "parley"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_events_command_answers_as_after_a_local_ingest(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    (docs / "zz-bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    ran = _parley("ingest", "--engine", "dask", "--workers", "2", "--db", str(dask), str(docs))
    assert ran.returncode == 1  # a shard failed, the rest was stored
    bad = [line for line in ran.stderr.splitlines() if "zz-bad.jsonl.gz" in line]
    assert len(bad) == 1 and "Traceback" not in ran.stderr
    _parley("ingest", "--db", str(local), str(docs))
    for query in ([], ["--search", "Diaoyutai"]):
        a = _parley("events", "--db", str(dask), "--format", "jsonl", *query)
        b = _parley("events", "--db", str(local), "--format", "jsonl", *query)
        assert a.returncode == 0 and a.stdout == b.stdout
    assert _parley("events", "--db", str(dask), "--search", "Diaoyutai").stdout.strip()
    said_a = _parley("statements", "--db", str(dask), "--format", "jsonl")
    said_b = _parley("statements", "--db", str(local), "--format", "jsonl")
    assert said_a.stdout and said_a.stdout == said_b.stdout


def test_load_refuses_an_incomplete_dataset_in_one_line(tmp_path):
    half = tmp_path / "half.parquet"
    (half / "documents").mkdir(parents=True)
    ran = _parley("load", str(half), "--db", str(tmp_path / "x.db"))
    assert ran.returncode == 1
    assert ran.stderr.count("\n") == 1 and "half.parquet" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_an_out_folder_holding_other_files_is_not_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(dataset.DatasetError, match="not a parley dataset"):
        dataset.prepare(str(tmp_path))
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_relative_path_is_stored_as_a_local_ingest_stores_it(client, tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)  # the workers keep their own working directory
    db, result = _dask(client, ["docs"], tmp_path, "dask")
    assert not result.failures
    _assert_same_store(db, _local(["docs"], tmp_path / "local.db"))
    with sqlite3.connect(db) as con:
        paths = [p for (p,) in con.execute("SELECT path FROM document_paths")]
    assert paths and all(p.startswith("docs/") for p in paths)


def test_a_folder_holding_only_a_table_folder_is_not_taken_for_a_dataset(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "mine.parquet").write_bytes(b"not ours")
    with pytest.raises(dataset.DatasetError, match="not a parley dataset"):
        dataset.prepare(str(tmp_path))
    assert (tmp_path / "documents" / "mine.parquet").exists()


def test_a_part_left_half_written_is_hidden_and_swept(tmp_path):
    root = str(tmp_path / "run.parquet")
    dataset.prepare(root)
    dataset.write_part(root, "actors", "000000000.parquet", [])
    left = tmp_path / "run.parquet" / "actors" / ".000000001.parquet.tmp-1-abc"
    left.write_bytes(b"half")
    assert dataset.part_names(root, "actors") == ["000000000.parquet"]
    dataset.finish(root, {})
    assert not left.exists()
    assert (tmp_path / "run.parquet" / "actors" / "000000000.parquet").exists()


def _doc_blocks(language: str) -> list[str]:
    """The ``language`` code blocks of docs/scaling.md's "Querying the dataset" section."""
    text = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    section = text.split("## Querying the dataset", 1)[1].split("\n## ", 1)[0]
    parts = section.split(f"```{language}\n")[1:]
    return [p.split("```", 1)[0] for p in parts]


def test_the_documented_duckdb_and_pandas_queries_work(synthetic_dask, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out, _ = synthetic_dask
    db = tmp_path / "q.db"
    load(str(out), str(db))
    sql = [s for block in _doc_blocks("sql") for s in block.split(";") if s.strip()]
    python = _doc_blocks("python")
    assert len(sql) >= 3 and python, "the documented queries are missing"
    con = duckdb.connect()
    for statement in sql:
        rows = con.execute(statement.replace("parley.db.parquet", str(out))).fetchall()
        assert rows, statement
    for block in python:
        space: dict[str, Any] = {}
        exec(block.replace("parley.db.parquet", str(out)), space)
        frames = [v for v in space.values() if hasattr(v, "empty")]
        assert frames and all(not f.empty for f in frames), block
    # the dataset's tables are the store's: same events, same reports
    total = f"SELECT count(*), sum(n_sources) FROM '{out}/events/*.parquet'"
    with sqlite3.connect(db) as lite:
        want = lite.execute("SELECT count(*), sum(n_sources) FROM events").fetchone()
    assert con.execute(total).fetchone() == want
