"""The HTTP API and the pages, through FastAPI's test client on the example corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from parley.api import create_app
from parley.api.app import segments
from parley.read import iter_documents
from parley.store import Store
from parley.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "p.db"
    with Store(path) as store:
        ingest(store, iter_documents([str(EXAMPLES)], lambda f: None))
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def test_events_are_paged_sorted_and_filtered(client):
    first = client.get("/api/v1/events", params={"limit": 3, "sort": "-date"}).json()
    assert first["total"] >= 10 and len(first["items"]) == 3
    dates = [e["date"] for e in first["items"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/api/v1/events", params={"limit": 3, "offset": 3, "sort": "-date"}).json()
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    pair = client.get("/api/v1/events", params={"country": "IND", "country2": "CHN"}).json()
    assert pair["items"] and all({"IND", "CHN"} <= set(e["countries"]) for e in pair["items"])
    assert pair["total"] == len(pair["items"])


def test_bad_parameters_are_client_errors(client):
    assert client.get("/api/v1/events", params={"since": "May 2024"}).status_code == 422
    assert client.get("/api/v1/events", params={"limit": 0}).status_code == 422
    odd = client.get("/api/v1/events", params={"search": 'NEAR( "x'}).status_code
    assert odd in (200, 400)


def test_one_event_with_sources_evidence_and_statements(client):
    hit = client.get("/api/v1/events", params={"search": "Diaoyutai"}).json()["items"][0]
    ev = client.get(f"/api/v1/events/{hit['id']}").json()
    assert ev["id"] == hit["id"] and ev["n_sources"] == 2
    assert all(e["context"]["match"] == e["text"] for e in ev["evidence"])
    assert ev["statements"]
    assert client.get("/api/v1/events/ev-missing").status_code == 404


def test_aggregates(client):
    months = client.get("/api/v1/timeline").json()["by_month"]
    assert (
        months == sorted(months, key=lambda m: m["month"]) and sum(m["events"] for m in months) > 5
    )
    places = client.get("/api/v1/map", params={"country": "RUS"}).json()["places"]
    assert places and all(p["lat"] is not None for p in places)
    net = client.get("/api/v1/network").json()
    keys = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in keys and e["target"] in keys for e in net["edges"])
    assert any(t["id"] == "ukraine" for t in client.get("/api/v1/topics").json())


def test_event_page_escapes_article_markup(client):
    hit = client.get(
        "/api/v1/events", params={"search": "Vientiane", "country": "IND", "primary": True}
    ).json()["items"][0]
    page = client.get(f"/events/{hit['id']}")
    assert page.status_code == 200
    html = page.text
    assert "&lt;script&gt;alert(" in html
    assert '<script>alert("parley")' not in html
    assert '<mark class="evidence">' in html


def test_read_only_without_a_token(client):
    assert client.post("/api/v1/documents", params={"name": "x.txt"}, content=b"x").status_code in (
        404,
        405,
    )


def test_upload_needs_the_token(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    app = TestClient(create_app(copy, token="s3cret"))
    text = (EXAMPLES / "03_jaishankar_lavrov_moscow.txt").read_bytes().replace(b"Moscow", b"Moskva")
    assert app.post("/api/v1/documents", params={"name": "u.txt"}, content=text).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert (
        app.post(
            "/api/v1/documents", params={"name": "u.txt"}, content=text, headers=bad
        ).status_code
        == 401
    )
    ok = app.post(
        "/api/v1/documents",
        params={"name": "u.txt"},
        content=text,
        headers={"Authorization": "Bearer s3cret"},
    )
    assert ok.status_code == 200 and ok.json()["new"] == 1


@given(
    st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=5)
)
def test_segments_cover_the_text_and_mark_only_the_spans(text, spans):
    segs = segments(text, spans)
    assert "".join(s["text"] for s in segs) == text
    pos = 0
    for s in segs:
        inside = any(max(0, a) <= pos < min(len(text), b) for a, b in spans)
        if s["text"]:
            assert s["mark"] == inside
        pos += len(s["text"])
