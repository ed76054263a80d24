"""What makes the server fast must never make it wrong (issue 16): pooled connections see
new commits, a cached total is counted again after a write, an ETag names the data and
the URL, and the pages say the same as before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.api import create_app
from parley.api.serving import Pool, Totals, data_stamp, etag_matches
from parley.read import iter_documents
from parley.store import Store, query
from parley.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"
MOSCOW = EXAMPLES / "03_jaishankar_lavrov_moscow.txt"


@pytest.fixture
def db(examples_db, tmp_path) -> Path:
    """The examples without the Moscow report, which a test then adds (a write)."""
    path = tmp_path / "p.db"
    shutil.copy(examples_db, path)
    with Store(path) as store:
        con = store.con
        doc = con.execute("SELECT id FROM documents WHERE path LIKE ?", ("%03_jaishankar%",))
        doc_id = doc.fetchone()[0]
        events = [r[0] for r in con.execute(
            "SELECT event_id FROM event_sources WHERE document_id = ?", (doc_id,))]  # fmt: skip
        con.execute("BEGIN")
        for table, key in (
            ("event_countries", "event_id"),
            ("event_participants", "event_id"),
            ("event_sources", "event_id"),
            ("events", "id"),
        ):
            con.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(e,) for e in events])
        for table in (
            "statements",
            "statement_topics",
            "mention_blocks",
            "mentions",
            "document_paths",
            "document_minhash_bands",
            "document_minhashes",
        ):
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        con.execute("COMMIT")
    return path


def _add_moscow(db: Path) -> None:
    with Store(db) as store:
        summary = ingest(store, iter_documents([str(MOSCOW)], print))
    assert summary.new == 1


def test_the_list_reads_as_query_events_does(db):
    client = TestClient(create_app(db))
    for params in ({}, {"country": "CHN"}, {"country": "USA", "sort": "-date"}, {"limit": 2}):
        page = client.get("/api/v1/events", params=params).json()
        flt = query.EventFilter(country=params.get("country"))
        with Store(db, readonly=True) as store:
            every = query.events(store.con, flt, newest_first=params.get("sort") == "-date")
        assert page["total"] == len(every)
        assert page["items"] == every[: int(params.get("limit", 50))]


def test_an_unchanged_list_is_not_sent_twice(db):
    client = TestClient(create_app(db))
    first = client.get("/api/v1/events", params={"country": "RUS"})
    etag = first.headers["etag"]
    assert first.headers["last-modified"] and first.headers["cache-control"] == "no-cache"
    again = client.get("/api/v1/events", params={"country": "RUS"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # another filter is another representation, and a tag from elsewhere matches nothing
    other = client.get("/api/v1/events", params={"country": "CHN"}, headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    listed = f'"nope", {etag.removeprefix("W/")}'  # a strong form of the weak tag, in a list
    assert (
        client.get(
            "/api/v1/events", params={"country": "RUS"}, headers={"If-None-Match": listed}
        ).status_code
        == 304
    )


def test_event_json_and_page_answer_304_to_their_own_etag(db):
    client = TestClient(create_app(db))
    event_id = client.get("/api/v1/events").json()["items"][0]["id"]
    for path in (f"/api/v1/events/{event_id}", f"/events/{event_id}"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        assert "content-security-policy" in again.headers  # still guarded
    assert client.get("/api/v1/events/ev-missing").status_code == 404


def test_a_write_refreshes_the_total_and_the_etag(db):
    """The server keeps each filter's total, keyed on the state of the file: an ingest
    while it runs (another process's write) must show in the next page, never the count
    from before."""
    client = TestClient(create_app(db))
    before = client.get("/api/v1/events", params={"country": "IND"})
    assert client.get("/api/v1/events", params={"country": "IND"}).json() == before.json()
    _add_moscow(db)
    after = client.get(
        "/api/v1/events",
        params={"country": "IND"},
        headers={"If-None-Match": before.headers["etag"]},
    )
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert after.json()["total"] > before.json()["total"]
    assert len(after.json()["items"]) == after.json()["total"]
    assert any("03_jaishankar" in s["doc"] for e in after.json()["items"] for s in e["sources"])


def test_totals_are_counted_once_per_state_of_the_data():
    counted: list[str] = []

    def count(n: int):
        def run() -> int:
            counted.append("x")
            return n

        return run

    totals = Totals(size=2)
    assert totals.get("s1", ("CHN",), count(5)) == 5
    assert totals.get("s1", ("CHN",), count(6)) == 5 and len(counted) == 1
    assert totals.get("s2", ("CHN",), count(6)) == 6 and len(counted) == 2
    totals.get("s2", ("USA",), count(1))
    totals.get("s2", ("RUS",), count(1))  # the oldest entry makes room
    assert totals.get("s2", ("CHN",), count(7)) == 7


def test_the_stamp_moves_with_writes_only(db):
    stamp = data_stamp(str(db))
    with Store(db, readonly=True) as store:
        query.events(store.con)
    assert data_stamp(str(db)) == stamp  # reading changes nothing
    _add_moscow(db)
    assert data_stamp(str(db)).tag != stamp.tag


def test_a_pooled_connection_sees_commits_made_after_it_was_opened(db):
    pool = Pool(str(db))
    with pool.connection() as con:
        n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        kept = con
    _add_moscow(db)
    with pool.connection() as con:
        assert con is kept  # the same connection, warm
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == n + 1
        with pytest.raises(sqlite3.OperationalError):  # and still read-only
            con.execute("DELETE FROM documents")
    pool.close()


def test_a_missing_database_is_503_not_500(tmp_path):
    client = TestClient(create_app(tmp_path / "none.db"))
    assert client.get("/api/v1/events").status_code == 503
    assert client.get("/api/v1/events/ev-1").status_code == 503
    assert client.get("/events/ev-1").status_code == 503


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('W/"a-b"', True),
        ('"a-b"', True),
        ('"x", W/"a-b"', True),
        ("*", True),
        ('W/"a-c"', False),
        ("", False),
        (None, False),
    ],
)
def test_if_none_match_is_compared_weakly(header, matches):
    assert etag_matches(header, 'W/"a-b"') is matches


def test_serve_runs_on_the_c_http_stack() -> None:
    """`parley serve` leaves uvicorn's choice on "auto": with httptools and uvloop installed
    (parley's dependencies) it parses HTTP in C and runs uvloop, a third less CPU per
    page than h11 and asyncio's own loop (docs/api.md, Measured latency)."""
    import sys

    from uvicorn.config import Config
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    assert AutoHTTPProtocol.__name__ == "HttpToolsProtocol"
    if sys.platform != "win32":
        factory = Config("parley.api.app:app_from_env", loop="auto").get_loop_factory()
        assert factory is not None and factory.__module__.startswith("uvloop")
