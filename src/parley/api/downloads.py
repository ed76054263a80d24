"""What the dashboard hands an analyst: the filtered events as a file, and each report's
clean text with the evidence marked.

Kept out of app.py so that the web app's routes stay a list of thin handlers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from typing import Any

from parley.store import query
from parley.store.flat import FLAT_EVENT_COLUMNS, flat_event

FORMATS = ("csv", "json", "parquet")
# a link the page may carry: a document's "url" comes from the article's own metadata and
# could be "javascript:..."; only web addresses become links
_WEB = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}


def events_file(
    con: sqlite3.Connection, flt: query.EventFilter, fmt: str
) -> tuple[bytes, str, str]:
    """Every event the filter selects (no paging) as (body, media type, file name): CSV
    with the columns of `parley events --format csv`, a JSON array of events in the
    contract's shape, or typed Parquet as `parley export` writes ``events.parquet``."""
    name = f"parley-events.{fmt}"
    if fmt == "parquet":
        from parley.store.export import events, events_parquet

        return events_parquet(events(con, flt)), _MEDIA[fmt], name
    found = query.events(con, flt)
    if fmt == "json":
        return json.dumps(found, ensure_ascii=False).encode("utf-8"), _MEDIA[fmt], name
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(FLAT_EVENT_COLUMNS))
    w.writeheader()
    w.writerows(flat_event(ev) for ev in found)
    return out.getvalue().encode("utf-8"), _MEDIA[fmt], name


def locate(text: str, snippet: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``snippet`` (evidence cut from the text as read) stands in ``text`` (the
    clean body), from ``start``: exactly, else with any run of white space matching any
    other (cleaning joins and splits lines). None when the clean body does not hold it
    (evidence from a title or a dateline the cleaner kept apart)."""
    at = text.find(snippet, start)
    if at >= 0:
        return at, at + len(snippet)
    words = snippet.split()
    if not words:
        return None
    found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, start)
    return found.span() if found else None


def clean_spans(
    text: str, original: str, spans: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[str]]:
    """The evidence ``spans`` (offsets into ``original``) moved onto the clean ``text``,
    and the evidence texts that the clean text does not hold."""
    placed: list[tuple[int, int]] = []
    apart: list[str] = []
    for s, e in sorted(spans):
        snippet = original[max(0, s) : max(0, e)]
        where = locate(text, snippet)
        if where is None:
            if snippet.strip() and snippet.strip() not in apart:
                apart.append(snippet.strip())
        else:
            placed.append(where)
    return placed, apart


def group_sources(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Each source document of an event once (from its rows in
    :func:`~parley.store.query.source_rows`), with its clean text, the text as read, its
    URL and every evidence span of the event in it."""
    by_doc: dict[str, dict[str, Any]] = {}
    for r in rows:
        view = by_doc.setdefault(
            r["id"],
            {
                "doc": r["path"],
                "url": r["url"] if _WEB.match(r["url"] or "") else None,
                "outlet": r["outlet"],
                "published": r["published"],
                "title": r["title"],
                "text": r["text"],
                "original": r["original"],
                "spans": [],
            },
        )
        view["spans"].extend((s["start"], s["end"]) for s in json.loads(r["evidence"]))
    return list(by_doc.values())
