"""The store end to end: idempotent, order-independent, crash-safe, clear about bad files."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

import parley
from parley.read import iter_documents
from parley.store import SCHEMA_VERSION, Store, StoreError, query
from parley.store.ingest import ingest
from parley.synth import write_corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


def _ingest(db: Path, paths: list[str]) -> None:
    with Store(db) as store:
        ingest(store, iter_documents(paths, lambda f: None), batch_size=3)


def _snapshot(db: Path) -> list[tuple]:
    """Everything a user sees of the events, independent of ingest order and time."""
    with Store(db, readonly=True) as store:
        out = []
        for ev in query.events(store.con):
            out.append(
                (
                    ev["id"],
                    ev["date"],
                    tuple(p["name"] for p in ev["participants"]),
                    (ev["location"] or {}).get("city"),
                    ev["n_sources"],
                    tuple(sorted(s["id"] for s in ev["sources"])),
                )
            )
        return sorted(out, key=repr)


def test_two_outlets_one_meeting(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    with Store(db, readonly=True) as store:
        found = query.events(
            store.con,
            query.EventFilter(
                actor="Antony Blinken", since="2024-04-26", until="2024-04-26", primary=True
            ),
        )
    assert len(found) == 1
    assert found[0]["n_sources"] == 2 and found[0]["n_outlets"] == 2
    assert {s["doc"].rsplit("/", 1)[-1][:2] for s in found[0]["sources"]} == {"01", "02"}


def test_ingesting_again_stores_nothing_twice(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    before = _snapshot(db)
    with Store(db) as store:
        summary = ingest(store, iter_documents([str(EXAMPLES)], lambda f: None))
        n_docs = store.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert summary.new == 0 and summary.duplicates == summary.read
    assert _snapshot(db) == before
    assert n_docs == summary.read


def test_any_order_gives_the_same_events(tmp_path):
    files = sorted(str(p) for p in EXAMPLES.iterdir())
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _ingest(a, files)
    _ingest(b, files[::-1])
    assert _snapshot(a) == _snapshot(b)


def test_near_duplicate_is_linked_not_counted(tmp_path):
    src = (EXAMPLES / "03_jaishankar_lavrov_moscow.txt").read_text("utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(src, "utf-8")
    # the same wire story on another site: other furniture, one word changed
    other = src.replace("Menu  Search  ePaper  Sign In", "Home | Nation | World").replace(
        "very steady", "very stable"
    )
    (tmp_path / "docs" / "b.txt").write_text(other, "utf-8")
    db = tmp_path / "p.db"
    _ingest(db, [str(tmp_path / "docs")])
    with Store(db, readonly=True) as store:
        dup = store.con.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
        ev = query.events(store.con, query.EventFilter(actor="Sergey Lavrov", primary=True))
    assert dup == 1
    assert ev[0]["n_sources"] == 1 and len(ev[0]["sources"]) == 2


def test_python_api_returns_a_dataframe(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    with parley.open(str(db)) as p:
        frame = p.events(country="IND")
    assert len(frame) >= 2
    assert frame["countries"].map(lambda states: "IND" in states).all()


def test_full_text_search_over_evidence(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    with Store(db, readonly=True) as store:
        hits = query.events(store.con, query.EventFilter(search="Diriyah"))
        none = query.events(store.con, query.EventFilter(search='"unbalanced quote'))
    assert [h["location"]["city"] for h in hits] == ["Riyadh"]
    assert none == []


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "p.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer parley"):
        Store(db)


def _raw_store(db: Path, uri: str, timeout: float = 0.2) -> Store:
    """A Store over a connection opened the way a hostile environment would leave it."""
    store = Store.__new__(Store)
    store.path = str(db)
    store.con = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    store.con.row_factory = sqlite3.Row
    return store


def test_read_only_database_gives_a_clear_message(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES / "01_wang_blinken_beijing.txt")])
    before = _snapshot(db)
    store = _raw_store(db, f"file:{db}?mode=ro")
    docs = list(iter_documents([str(EXAMPLES / "02_blinken_wang_wire.txt")], lambda f: None))
    with pytest.raises(StoreError, match="read-only"):
        store.add_batch([(docs[0], [])])
    store.con.close()
    assert _snapshot(db) == before


def test_locked_database_gives_a_clear_message_and_loses_nothing(tmp_path, monkeypatch):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES / "01_wang_blinken_beijing.txt")])
    before = _snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = _raw_store(db, f"file:{db}")
        docs = list(iter_documents([str(EXAMPLES / "02_blinken_wang_wire.txt")], lambda f: None))
        with pytest.raises(StoreError, match="locked"):
            store.add_batch([(docs[0], [])])
        store.con.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _snapshot(db) == before


def test_cli_reports_a_bad_database_in_one_line(tmp_path, parley_bin):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    run = subprocess.run([parley_bin, "events", "--db", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and str(bad) in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow  # three ingests of a synthetic corpus, one killed: make test-all
def test_kill_9_then_rerun_gives_the_uninterrupted_result(tmp_path, parley_bin):
    corpus = tmp_path / "synth"
    write_corpus(400, corpus, seed=7)
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    cmd = [parley_bin, "ingest", str(corpus / "docs"), "--batch-size", "10"]
    subprocess.run([*cmd, "--db", str(whole)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [*cmd, "--db", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 60
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=0.1)
            committed = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.Error:
            continue
        if committed >= 50:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < committed < 400, "the run must be killed part-way"
    subprocess.run([*cmd, "--db", str(killed)], check=True, capture_output=True)
    assert _snapshot(killed) == _snapshot(whole)
    shutil.rmtree(corpus)


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    from parley.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    con.execute(
        "INSERT INTO documents(id, path, text, original) VALUES ('d1', 'old.txt', 'body', 'body')"
    )
    con.commit()
    con.close()
    with Store(db) as store:
        version = store.con.execute("PRAGMA user_version").fetchone()[0]
        kept = store.con.execute("SELECT path FROM documents").fetchall()
        store.con.execute("SELECT count(*) FROM statements").fetchone()
    assert version == SCHEMA_VERSION and [tuple(r) for r in kept] == [("old.txt",)]


def test_statements_are_stored_with_their_event(tmp_path):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    with Store(db, readonly=True) as store:
        at_usa = query.statements(store.con, query.StatementFilter(target="USA"))
        calls = query.statements(store.con, query.StatementFilter(stance="call"))
        about_ukraine = query.statements(store.con, query.StatementFilter(topic="ukraine"))
        ev = query.events(store.con, query.EventFilter(search="Diaoyutai"))[0]
        shown = query.event(store.con, ev["id"], with_context=True)
    assert at_usa and all(s["target"]["country"] == "USA" for s in at_usa)
    assert calls and all(s["stance"] == "call" for s in calls)
    assert about_ukraine and all("ukraine" in s["topics"] for s in about_ukraine)
    assert shown["statements"] and all(s["event_id"] == ev["id"] for s in shown["statements"])


@pytest.mark.parametrize("newest_first", [False, True])
def test_country_pages_follow_the_full_order(tmp_path, newest_first):
    db = tmp_path / "p.db"
    _ingest(db, [str(EXAMPLES)])
    with Store(db, readonly=True) as store:
        whole = query.event_ids(store.con, query.EventFilter(country="USA"), newest_first)
        paged: list[str] = []
        for offset in range(0, len(whole) + 2, 2):
            flt = query.EventFilter(country="USA", limit=2, offset=offset)
            paged += query.event_ids(store.con, flt, newest_first)
        dates = [e["date"] for e in query.events_by_id(store.con, whole)]
    assert paged == whole and len(whole) >= 5
    assert None in dates and dates[-1] is None  # undated events come last either way
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=newest_first)
