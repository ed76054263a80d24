"""What the dashboard gives an analyst: every chart follows the filters, the filtered
events download as CSV, JSON and Parquet, and an event page shows the clean text with
the evidence marked, the source URL and outbound links."""

from __future__ import annotations

import csv
import html as html_text
import io
import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

import parley
from parley.api import create_app
from parley.api.downloads import clean_spans, locate
from parley.store.flat import FLAT_EVENT_COLUMNS

FILTERS = {"country": "RUS"}


@pytest.fixture(scope="module")
def client(examples_db) -> TestClient:
    return TestClient(create_app(examples_db))


def _ids(client: TestClient, params: dict[str, str]) -> list[str]:
    page = client.get("/api/v1/events", params={**params, "limit": 500}).json()
    return [e["id"] for e in page["items"]]


def test_the_topic_chart_follows_the_filters(client, examples_db):
    everything = client.get("/api/v1/trends").json()["by_month"]
    filtered = client.get("/api/v1/trends", params=FILTERS).json()["by_month"]
    ids = set(_ids(client, FILTERS))
    with parley.open(examples_db) as db:
        said = db.statements()
    at = said[said["event_id"].isin(ids) & said["date"].notna()]
    expected = sum(len(t) for t in at["topics"])
    assert 0 < sum(r["statements"] for r in filtered) == expected
    assert sum(r["statements"] for r in filtered) < sum(r["statements"] for r in everything)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_the_filtered_events_download(client, fmt, tmp_path):
    got = client.get("/api/v1/export/events", params={**FILTERS, "format": fmt})
    assert got.status_code == 200
    assert got.headers["content-disposition"] == f'attachment; filename="parley-events.{fmt}"'
    expected = set(_ids(client, FILTERS))
    assert 0 < len(expected) < len(_ids(client, {}))
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(got.text)))
        assert list(rows[0]) == list(FLAT_EVENT_COLUMNS)
        ids = [r["id"] for r in rows]
    elif fmt == "json":
        ids = [e["id"] for e in json.loads(got.text)]
    else:
        path = tmp_path / "e.parquet"
        path.write_bytes(got.content)
        frame = pd.read_parquet(path)
        assert str(frame["location_geonames_id"].dtype) == "Int64"
        ids = list(frame["id"])
    assert len(ids) == len(expected) and set(ids) == expected
    assert client.get("/api/v1/export/events", params={"format": "xls"}).status_code == 422


def test_evidence_is_found_in_the_clean_text():
    original = "MENU | Home\nThe two ministers met\n in the capital on Monday.\nShare this"
    clean = "The two ministers met in the capital on Monday."
    start = original.index("The two")
    end = original.index("Monday.") + len("Monday.")
    placed, apart = clean_spans(clean, original, [(start, end), (0, 11)])
    assert placed == [(0, len(clean))]
    assert apart == ["MENU | Home"]  # not in the clean body: listed apart, never lost
    assert locate(clean, "capital on") == (clean.index("capital"), clean.index(" Monday"))


def test_event_page_shows_clean_text_source_url_and_outbound_links(client, examples_db):
    con = sqlite3.connect(examples_db)
    event_id, url, text = con.execute(
        "SELECT s.event_id, d.url, d.text FROM event_sources s JOIN documents d "
        "ON d.id = s.document_id JOIN events e ON e.id = s.event_id "
        "WHERE d.url LIKE 'https://%' AND e.geonames_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id "
        "AND p.wikidata_id IS NOT NULL) ORDER BY s.event_id LIMIT 1"
    ).fetchone()
    html = client.get(f"/events/{event_id}").text
    assert f'href="{url}"' in html and 'class="out source-url"' in html
    assert re.search(r'href="https://www\.wikidata\.org/wiki/Q\d+"', html)
    assert re.search(r'href="https://www\.geonames\.org/\d+"', html)
    article = re.search(r'<div class="article">(.*?)</div>', html, re.S)
    assert article is not None
    shown = re.sub(r"</?mark[^>]*>", "", article.group(1))
    assert html_text.unescape(shown) == text  # the clean body, not the page as downloaded
    assert '<mark class="evidence">' in article.group(1)


def test_a_url_that_is_not_a_web_address_is_no_link(edited_db):
    con = sqlite3.connect(edited_db)
    doc = con.execute("SELECT id FROM documents WHERE url IS NOT NULL LIMIT 1").fetchone()[0]
    con.execute("UPDATE documents SET url = 'javascript:alert(1)' WHERE id = ?", [doc])
    con.commit()
    event_id = con.execute(
        "SELECT event_id FROM event_sources WHERE document_id = ?", [doc]
    ).fetchone()[0]
    html = TestClient(create_app(Path(edited_db))).get(f"/events/{event_id}").text
    assert "javascript:alert" not in html
