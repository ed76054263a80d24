"""What is stored is a function of the set of documents (issue 18).

Ingesting the same files forwards, backwards or shuffled, in batches of any size, gives
the same rows in every table: which copy of an identical body is kept (the earliest
published, then the smallest path) with its metadata and the events extracted from it,
each near-duplicate's original, the merged events, the actors. Also: the cases that used
to lose a whole batch (a file name that is not UTF-8, a document whose extraction
raises) lose only that document.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from parley.model import Document
from parley.read import ReadFailure, iter_documents
from parley.store import Store
from parley.store.db import snapshot
from parley.store.ingest import ingest
from parley.synth import write_with_copies


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        return snapshot(con)
    finally:
        con.close()


def _corpus(root: Path, n: int, seed: int) -> list[str]:
    """Generated wire copy with copies (another publication date and outlet line) and
    near-duplicates (a word added)."""
    return write_with_copies(root, n, seed)


def _ingest(paths: list[str], db: Path, batch: int) -> None:
    with Store(db) as store:
        ingest(store, iter_documents(paths, lambda f: None), batch_size=batch)


def test_forwards_backwards_and_shuffled_give_the_same_database(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = _corpus(docs, 240, seed=7)
    rng = random.Random(3)
    runs = {
        "forwards": (paths, 200),
        "backwards": (paths[::-1], 7),
        "shuffled": (rng.sample(paths, len(paths)), 13),
    }
    got = {}
    for name, (order, batch) in runs.items():
        _ingest(order, tmp_path / f"{name}.db", batch)
        got[name] = _tables(tmp_path / f"{name}.db")
    want = got["forwards"]
    assert len(want["documents"]) < len(want["document_paths"])  # copies were met
    con = sqlite3.connect(tmp_path / "forwards.db")
    assert con.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[
        0
    ]
    for name in ("backwards", "shuffled"):
        assert set(got[name]) == set(want)
        for table in want:
            assert got[name][table] == want[table], f"{name}: {table} differs"


def test_the_copy_kept_is_the_earliest_published_whatever_the_order(tmp_path):
    body = (
        "BEIJING, May 3 (Xinhua) -- Chinese Foreign Minister Wang Yi met Russian Foreign "
        "Minister Sergei Lavrov in Beijing on Friday.\n\nThe two discussed trade."
    )
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(f"Source: Xinhua | 2024-05-04\n\n{body}\n", encoding="utf-8")
    b.write_text(f"Source: Reuters | 2024-05-03\n\n{body}\n", encoding="utf-8")
    for order in ([a, b], [b, a]):
        db = tmp_path / f"{order[0].stem}.db"
        _ingest([str(p) for p in order], db, 1)
        con = sqlite3.connect(db)
        rows = con.execute("SELECT path, published, outlet FROM documents").fetchall()
        paths = con.execute("SELECT count(*) FROM document_paths").fetchone()[0]
        con.close()
        assert rows == [(str(b), "2024-05-03", "Reuters")] and paths == 2


def test_a_document_whose_extraction_raises_loses_only_itself(tmp_path):
    paths = _corpus(tmp_path, 6, seed=2)[:6]
    seen: list[ReadFailure] = []
    bad = Path(paths[2]).name

    def extractor(doc: Document, day: str | None) -> tuple[list, list]:
        if Path(doc.doc).name == bad:
            raise RuntimeError("a bug\nover two lines")
        from parley.extract import extract_document

        return extract_document(doc, day)

    with Store(tmp_path / "p.db") as store:
        summary = ingest(
            store,
            iter_documents(paths, lambda f: None),
            batch_size=50,
            extractor=extractor,
            on_error=seen.append,
        )
        stored = store.con.execute("SELECT count(*) FROM document_paths").fetchone()[0]
    assert stored == 5 and summary.failed == 1
    assert [Path(f.source).name for f in seen] == [bad]
    assert "RuntimeError" in seen[0].reason


def _parley() -> str:
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else "parley"


def test_a_file_name_that_is_not_utf8_is_stored_with_the_rest_of_its_batch(tmp_path):
    paths = _corpus(tmp_path, 4, seed=4)
    odd = os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.txt")
    with open(odd, "wb") as fh:
        fh.write(Path(paths[0]).read_bytes().replace(b"talks", b"a meeting"))
    files = len(os.listdir(tmp_path))
    db = tmp_path / "p.db"
    out = subprocess.run(
        [_parley(), "ingest", str(tmp_path), "--db", str(db)], capture_output=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    con = sqlite3.connect(db)
    stored = sorted(r[0] for r in con.execute("SELECT path FROM document_paths"))
    con.close()
    assert len(stored) == files and f"{tmp_path}/r\\xe9sum\\xe9.txt" in stored


@pytest.mark.parametrize("command", ["ingest"])
def test_a_fifo_does_not_hang_ingest(tmp_path, command):
    _corpus(tmp_path, 3, seed=5)
    files = len(os.listdir(tmp_path))
    os.mkfifo(tmp_path / "zz.txt")
    out = subprocess.run(
        [_parley(), command, str(tmp_path), "--db", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 1
    failures = [line for line in out.stderr.splitlines() if "zz.txt" in line]
    assert failures == [f"parley: {tmp_path}/zz.txt: not a regular file (a FIFO)"]
    con = sqlite3.connect(tmp_path / "p.db")
    assert con.execute("SELECT count(*) FROM document_paths").fetchone()[0] == files
    con.close()
