"""The stored events do not depend on how documents were cut into batches.

A report naming only one person and one naming that person and a second share no
block; `merge.cluster` would join them if they met in one batch and not if they came in
two. Events are therefore clustered per block-connected group (`merge.cluster_groups`),
which the Dask engine computes the same way from the whole corpus.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.store import Store
from parley.store.db import DocumentRows


def _rows(i: int, people: tuple[str, ...], date: str | None) -> DocumentRows:
    doc = f"{i:040x}"
    document = {
        "id": doc,
        "path": f"doc-{i}.txt",
        "url": None,
        "outlet": f"outlet-{i % 3}",
        "published": "2024-06-05",
        "lang": "en",
        "title": f"report {i}",
        "text": f"report number {i} " * 20,
        "original": f"report number {i} " * 20,
    }
    who = [{"name": p.title(), "country": None, "key": p, "id": None} for p in people]
    m = {
        "document_id": doc,
        "position": 0,
        "kind": "meeting",
        "status": "occurred",
        "is_primary": True,
        "date": date,
        "date_precision": "day" if date else None,
        "city": "Moscow",
        "admin1": None,
        "country": "RUS",
        "lat": None,
        "lon": None,
        "geonames_id": None,
        "occasion": None,
        "initiator": None,
        "cameo": "040",
        "plover_type": "CONSULT",
        "plover_mode": None,
        "confidence": 0.7,
        "participants": json.dumps(who),
        "countries": json.dumps([]),
        "evidence": json.dumps([]),
        "topics": json.dumps([]),
    }
    return DocumentRows(document, [m], [])


def _events(db: Path) -> set[tuple[str, frozenset[str]]]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT event_id, document_id FROM event_sources").fetchall()
    finally:
        con.close()
    by_event: dict[str, set[str]] = {}
    for ev, doc in rows:
        by_event.setdefault(ev, set()).add(doc)
    return {(ev, frozenset(docs)) for ev, docs in by_event.items()}


_PEOPLE = st.sampled_from(
    [("a",), ("a", "b"), ("a", "c"), ("a", "b", "c"), ("b", "c", "d"), ("a", "d")]
)
_DAYS = st.sampled_from(["2024-06-01", "2024-06-02", None])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(_PEOPLE, _DAYS), min_size=2, max_size=9), st.data())
def test_any_cut_into_batches_stores_the_events_of_one_batch(specs, data):
    docs = [_rows(i, p, d) for i, (p, d) in enumerate(specs)]
    order = data.draw(st.permutations(docs))
    cut = data.draw(st.integers(1, len(docs) - 1))
    with tempfile.TemporaryDirectory() as tmp:
        whole, parts = Path(tmp) / "whole.db", Path(tmp) / "parts.db"
        with Store(whole) as store:
            store.add_rows(docs)
        with Store(parts) as store:
            store.add_rows(order[:cut])
            store.add_rows(order[cut:])
        assert _events(parts) == _events(whole)
