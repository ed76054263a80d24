"""Reading merged events back: filters, one event with its sources, actors and counts.

Every filter becomes a parameterized SQL condition (never string-pasted user input), so
the same functions serve the CLI, the Python API and the HTTP API.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from parley.text import slug


def _known_keys(name: str) -> list[str]:
    """The knowledge base's people a written name stands for ("Sergey Lavrov" is
    sergei-lavrov): events store canonical names, analysts type any spelling."""
    from parley.kb.people import PeopleKB

    return [a.key for a in PeopleKB.default().find(name)][:3]


@dataclass
class EventFilter:
    """The options of `parley events`; unset fields do not filter."""

    actor: str | None = None  # a name, a KB key (sergei-lavrov) or a Wikidata id (Q...)
    country: str | None = None  # ISO alpha-3 of a participant's state
    country2: str | None = None  # with ``country``: a pair, both states taking part
    more_countries: tuple[str, ...] = ()  # further states that must all take part too
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    status: str | None = None
    place: str | None = None  # city or country code of where it took place
    search: str | None = None  # words that must occur in the evidence (SQLite FTS5)
    topic: str | None = None  # a topic id (kb/data/topics.toml)
    # True keeps the main subjects of their reports only; False and None keep every event
    # (``--any``): "not only primary" is what people mean, never "only the side events"
    primary: bool | None = None
    limit: int | None = None
    offset: int = 0

    @property
    def eid(self) -> str:
        """The event id column of the driving table."""
        return "c.event_id" if self.country else "e.id"

    def needs_events(self) -> bool:
        """Whether a condition reads the events table itself (not only ids and dates)."""
        return any(v is not None for v in (self.kind, self.status, self.place, self.topic)) or bool(
            self.primary
        )

    def where(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        eid = self.eid
        if self.actor:
            keys = [slug(self.actor), *_known_keys(self.actor)]
            marks = ", ".join("?" for _ in keys)
            conds.append(
                f"{eid} IN (SELECT event_id FROM event_participants WHERE actor_key IN ({marks}) "
                "OR wikidata_id = ? OR lower(name) = lower(?) OR actor_key LIKE ?)"
            )
            params += [*keys, self.actor, self.actor, f"%-{slug(self.actor)}"]
        day = "c.sort_day" if self.country else "e.date"
        if self.country:
            conds.append("c.country = ?")
            params.append(self.country.upper())
        for other in (self.country2, *self.more_countries):
            if other:
                conds.append(f"{eid} IN (SELECT event_id FROM event_countries WHERE country = ?)")
                params.append(other.upper())
        if self.since:
            conds.append(f"{day} >= ?")
            params.append(self.since)
        if self.until:
            conds.append(f"{day} <= ? AND {day} != ''" if self.country else f"{day} <= ?")
            params.append(self.until + "\uffff")
        if self.kind:
            conds.append("e.kind = ?")
            params.append(self.kind)
        if self.status:
            conds.append("e.status = ?")
            params.append(self.status)
        if self.place:
            conds.append("(lower(e.city) = lower(?) OR e.country = upper(?))")
            params += [self.place, self.place]
        if self.search:
            conds.append(
                f"{eid} IN (SELECT m.event_id FROM mentions m WHERE m.rowid IN "
                "(SELECT rowid FROM evidence_search WHERE evidence_search MATCH ?))"
            )
            params.append(_fts_query(self.search))
        if self.topic:
            conds.append("EXISTS (SELECT 1 FROM json_each(e.topics) WHERE value = ?)")
            params.append(self.topic)
        if self.primary:
            conds.append("e.is_primary = 1")
        return (" WHERE " + " AND ".join(conds)) if conds else "", params

    def source(self, with_events: bool = False) -> str:
        """The tables a query reads: with a country, its index of events drives the query
        (and is enough on its own when no condition reads the events' other fields)."""
        if not self.country:
            return "events e"
        if with_events or self.needs_events():
            return "event_countries c JOIN events e ON e.id = c.event_id"
        return "event_countries c"

    def order(self, newest_first: bool) -> str:
        if self.country:  # the index order: newest first needs no sort at all
            return (
                "c.sort_day DESC, c.event_id DESC"
                if newest_first
                else ("c.sort_day = '', c.sort_day, c.event_id")
            )
        return (
            "e.date IS NULL, e.date DESC, e.id" if newest_first else "e.date IS NULL, e.date, e.id"
        )


_NOT_IN_A_WORD = re.compile(r'["\x00-\x1f\x7f]')


def _fts_query(text: str) -> str:
    """Plain words are searched as words (all must occur); FTS syntax errors cannot arise
    (a quote or a control character, which FTS5 takes as the end of the query, only
    separates words)."""
    words = [w for w in _NOT_IN_A_WORD.sub(" ", text).split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def event_ids(con: sqlite3.Connection, flt: EventFilter, newest_first: bool = False) -> list[str]:
    if flt.country and not newest_first and flt.limit is not None:
        return _dated_then_undated(con, flt)
    where, params = flt.where()
    sql = f"SELECT {flt.eid} FROM {flt.source()}{where} ORDER BY {flt.order(newest_first)}"
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, flt.limit, flt.offset]
    return [r[0] for r in con.execute(sql, params)]


def _dated_then_undated(con: sqlite3.Connection, flt: EventFilter) -> list[str]:
    """Oldest first with undated events last, in two index-ordered reads (no sort)."""
    where, params = flt.where()
    glue = " AND " if where else " WHERE "
    base = f"SELECT {flt.eid} FROM {flt.source()}{where}{glue}"
    limit = flt.limit or 0
    dated = [
        r[0]
        for r in con.execute(
            base + "c.sort_day != '' ORDER BY c.sort_day, c.event_id LIMIT ? OFFSET ?",
            [*params, limit, flt.offset],
        )
    ]
    if len(dated) == limit:
        return dated
    n_dated = con.execute(
        f"SELECT count(*) FROM {flt.source()}{where}{glue}c.sort_day != ''", params
    ).fetchone()[0]
    rest = limit - len(dated)
    undated = con.execute(
        base + "c.sort_day = '' ORDER BY c.event_id LIMIT ? OFFSET ?",
        [*params, rest, max(0, flt.offset - n_dated)],
    )
    return dated + [r[0] for r in undated]


def events(
    con: sqlite3.Connection, flt: EventFilter | None = None, newest_first: bool = False
) -> list[dict[str, Any]]:
    """Merged events in the contract's shape, oldest first (undated last)."""
    ids = event_ids(con, flt or EventFilter(), newest_first)
    out: list[dict[str, Any]] = []
    for k in range(0, len(ids), 500):  # SQLite caps the number of bound parameters
        out.extend(events_by_id(con, ids[k : k + 500]))
    return out


def count_events(con: sqlite3.Connection, flt: EventFilter) -> int:
    where, params = flt.where()
    return int(con.execute(f"SELECT count(*) FROM {flt.source()}{where}", params).fetchone()[0])


def timeline(con: sqlite3.Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """Engagements per month for the filtered events (dated ones)."""
    where, params = flt.where()
    glue = " AND " if where else " WHERE "
    rows = con.execute(
        f"SELECT substr(e.date, 1, 7) AS month, count(*) AS events "
        f"FROM {flt.source(with_events=True)}{where}"
        f"{glue}e.date IS NOT NULL GROUP BY month ORDER BY month",
        params,
    )
    return [dict(r) for r in rows]


def places(con: sqlite3.Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """Where the filtered engagements took place, one row per place with coordinates."""
    where, params = flt.where()
    glue = " AND " if where else " WHERE "
    rows = con.execute(
        f"SELECT e.city, e.country, e.lat, e.lon, count(*) AS events, group_concat(e.id) AS ids "
        f"FROM {flt.source(with_events=True)}{where}{glue}e.lat IS NOT NULL "
        f"GROUP BY e.city, e.country, e.lat, e.lon ORDER BY events DESC, e.city",
        params,
    )
    return [
        {
            "city": r["city"],
            "country": r["country"],
            "lat": r["lat"],
            "lon": r["lon"],
            "events": r["events"],
            "event_ids": sorted(r["ids"].split(",")),
        }
        for r in rows
    ]


def network(con: sqlite3.Connection, flt: EventFilter) -> dict[str, Any]:
    """Who meets whom among the filtered engagements; edge weight = engagements together."""
    where, params = flt.where()
    rows = con.execute(
        "SELECT p.event_id, p.actor_key, p.name, p.country FROM event_participants p "
        f"WHERE p.event_id IN (SELECT {flt.eid} FROM {flt.source()}{where}) "
        "ORDER BY p.event_id, p.position",
        params,
    ).fetchall()
    nodes: dict[str, dict[str, Any]] = {}
    by_event: dict[str, list[str]] = {}
    for r in rows:
        node = nodes.setdefault(
            r["actor_key"],
            {"id": r["actor_key"], "name": r["name"], "country": r["country"], "events": 0},
        )
        node["events"] += 1
        by_event.setdefault(r["event_id"], []).append(r["actor_key"])
    edges: dict[tuple[str, str], int] = {}
    for keys in by_event.values():
        uniq = sorted(set(keys))
        for i, a in enumerate(uniq):
            for b in uniq[i + 1 :]:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    return {
        "nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])),
        "edges": [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(edges.items())],
    }


def event(con: sqlite3.Connection, event_id: str, with_context: bool = False) -> dict[str, Any]:
    """One merged event; ``with_context`` adds the evidence in context and the statements."""
    if not with_context:
        found = events_by_id(con, [event_id])
        if not found:
            raise KeyError(event_id)
        return found[0]
    return event_in_context(con, event_id)[0]


def event_in_context(
    con: sqlite3.Connection, event_id: str
) -> tuple[dict[str, Any], list[sqlite3.Row]]:
    """One merged event with its evidence in context and its statements, and the rows of
    its reports (:func:`source_rows`) that the context was cut from, for a page that shows
    the articles: two queries in all, the event itself its stored item."""
    cur = con.cursor()
    cur.row_factory = None
    row = cur.execute(_ITEM_WITH_STATEMENTS_SQL, (event_id,)).fetchone()
    if row is None:
        raise KeyError(event_id)
    reports = source_rows(con, event_id)
    # an item dropped by an edit (store/items.py) is built as the writers build it
    out = orjson.loads(row[1]) if row[1] is not None else build_events(con, [event_id])[0]
    out["evidence"] = [
        {**item, "context": _context(r["original"], item["start"], item["end"])}
        for r in reports
        for item in _spans(r["path"], r["evidence"])
    ]
    out["statements"] = orjson.loads(row[2])
    return out, reports


def source_rows(con: sqlite3.Connection, event_id: str) -> list[sqlite3.Row]:
    """Each report of an event, one row per mention of it in the order of its evidence
    (publication, path, position): the document's id, path, URL, outlet, publication,
    near-duplicate link, the mention's evidence, and the title, clean text and text as
    read (which the evidence offsets index)."""
    return con.execute(
        "SELECT d.id, d.path, d.url, d.outlet, d.published, d.duplicate_of, m.evidence, "
        "d.title, d.text, d.original FROM event_sources s JOIN documents d ON d.id = s.document_id "
        "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position "
        "WHERE s.event_id = ? ORDER BY d.published, d.path, s.position",
        (event_id,),
    ).fetchall()


# What builds an event's item (build_events: for the writers, store/items.py, and for an
# item an edit dropped): the event's own columns, its participants already a JSON list
# (SQLite builds it in the same query), and its reports (_REPORTS_SQL), two queries
# whatever the number of events. Each list is parsed with orjson, a few µs per event.
_EVENT_COLUMNS = (
    "id", "kind", "status", "is_primary", "participants", "countries", "date",
    "date_precision", "city", "admin1", "country", "lat", "lon", "geonames_id", "occasion",
    "initiator", "cameo", "plover_type", "plover_mode", "confidence", "n_sources",
    "n_outlets", "disagreements", "topics",
)  # fmt: skip
_EVENTS_SQL = """
SELECT e.id, e.kind, e.status, e.is_primary,
  (SELECT json_group_array(json_object('name', p.name, 'mention', p.name,
          'country', p.country, 'role', p.role, 'id', p.wikidata_id))
   FROM (SELECT p.name, p.country, p.role, p.wikidata_id FROM event_participants p
         WHERE p.event_id = e.id ORDER BY p.position) p),
  e.countries, e.date, e.date_precision, e.city, e.admin1, e.country, e.lat, e.lon,
  e.geonames_id, e.occasion, e.initiator, e.cameo, e.plover_type, e.plover_mode,
  e.confidence, e.n_sources, e.n_outlets, e.disagreements, e.topics{extra}
FROM events e WHERE e.id IN (SELECT value FROM json_each(?))
"""
# The statements made at the event, as :func:`statements` gives them (same order).
_STATEMENTS_JSON = """,
  (SELECT json_group_array(json_object(
          'speaker', json_object('name', z.speaker_name, 'country', z.speaker_country),
          'event_id', e.id, 'doc', z.path, 'date', z.day,
          'date_precision', CASE WHEN coalesce(e.date, '') != '' THEN nullif(e.date_precision, '')
                                 WHEN coalesce(z.day, '') != '' THEN 'day' END,
          'text', z.text, 'start', z.start, 'end', z."end", 'mode', z.mode,
          'topics', json(z.topics), 'stance', z.stance,
          'target', CASE WHEN coalesce(z.target_name, '') != ''
                         THEN json_object('name', z.target_name, 'country', z.target_country) END,
          'cameo', z.cameo, 'plover', z.plover))
   FROM (SELECT s.*, d.path, coalesce(e.date, substr(d.published, 1, 10)) AS day
         FROM mentions m
         JOIN statements s ON s.document_id = m.document_id AND s.mention_position = m.position
         JOIN documents d ON d.id = s.document_id
         WHERE m.event_id = e.id ORDER BY day IS NULL, day, d.path, s.position) z)"""
_ITEM_WITH_STATEMENTS_SQL = f"SELECT e.id, e.item{_STATEMENTS_JSON} FROM events e WHERE e.id = ?"
_EVENTS_SQL = _EVENTS_SQL.format(extra="")
# Every report of the events, in the order of their evidence; one sort for the page.
_REPORTS_SQL = """
SELECT s.event_id, s.document_id, d.path, d.url, d.outlet, d.published, d.duplicate_of, m.evidence
FROM event_sources s JOIN documents d ON d.id = s.document_id
JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position
WHERE s.event_id IN (SELECT value FROM json_each(?))
ORDER BY s.event_id, d.published, d.path, s.position
"""

Report = tuple[Any, ...]  # (document id, path, url, outlet, published, duplicate_of, evidence)


def events_by_id(con: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Events in the order of ``ids``, in the contract's shape: their stored items."""
    return [orjson.loads(item) for item in items_json(con, ids)]


def items_json(con: sqlite3.Connection, ids: list[str]) -> list[str]:
    """The stored items (``events.item``, JSON text) of the events ``ids`` names, in that
    order, unknown ids left out: one query and one B-tree search per event, where
    building an item reads the event's participants, sources, documents and mentions
    (a dozen searches). A row without its item (none is left so by the writers) gets
    one built, so a reader never depends on it."""
    if not ids:
        return []
    cur = con.cursor()
    cur.row_factory = None
    found = dict(cur.execute(_ITEMS_SQL, (json.dumps(ids),)).fetchall())
    missing = [i for i in ids if i in found and found[i] is None]
    if missing:
        for ev in build_events(con, missing):
            found[ev["id"]] = orjson.dumps(ev).decode()
    return [found[i] for i in ids if i in found]


_ITEMS_SQL = "SELECT e.id, e.item FROM events e WHERE e.id IN (SELECT value FROM json_each(?))"


def build_events(con: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Events in the order of ``ids``, in the contract's shape, built from the tables
    with two queries whatever their number: what the writers store as ``events.item``
    (:func:`parley.store.db.fill_items`)."""
    if not ids:
        return []
    cur = con.cursor()
    cur.row_factory = None  # plain tuples: a Row per record is measurable on a page of 50
    arg = (json.dumps(ids),)
    rows = {r[0]: r for r in cur.execute(_EVENTS_SQL, arg)}
    reports: dict[str, list[Report]] = {}
    for r in cur.execute(_REPORTS_SQL, arg):
        reports.setdefault(r[0], []).append(r[1:])
    return [event_item(rows[i], reports.get(i, [])) for i in ids if i in rows]


def event_item(row: tuple[Any, ...], reports: list[Report]) -> dict[str, Any]:
    """A merged event in the contract's shape from its row (``_EVENT_COLUMNS``) and its
    reports (in the order of their evidence; a document may report it twice)."""
    (
        id_, kind, status, is_primary, participants, countries, date, date_precision,
        city, admin1, country, lat, lon, geonames_id, occasion, initiator, cameo,
        plover_type, plover_mode, confidence, n_sources, n_outlets, disagreements, topics,
    ) = row[: len(_EVENT_COLUMNS)]  # fmt: skip
    location = None
    if country or city:
        location = {
            "city": city,
            "admin1": admin1,
            "country": country,
            "lat": lat,
            "lon": lon,
            "geonames_id": geonames_id,
        }
    return {
        "id": id_,
        "kind": kind,
        "status": status,
        "primary": bool(is_primary),
        # a merged event names each person by the knowledge base's name; the forms each
        # report writes stay with its mentions (`show`), so `mention` is that name here
        "participants": orjson.loads(participants),
        "countries": orjson.loads(countries),
        "date": date,
        "date_precision": date_precision,
        "location": location,
        "occasion": occasion,
        "initiator": initiator,
        "cameo": cameo,
        "plover": {"type": plover_type, "mode": plover_mode or ""},
        "evidence": [span for r in reports for span in _spans(r[1], r[6])],
        "confidence": confidence,
        "sources": _sources(reports),
        "n_sources": n_sources,
        "n_outlets": n_outlets,
        "disagreements": orjson.loads(disagreements),
        "topics": orjson.loads(topics),
    }


def _spans(path: str, evidence: str) -> list[dict[str, Any]]:
    return [{"doc": path, **span} for span in orjson.loads(evidence)]


def _sources(reports: list[Report]) -> list[dict[str, Any]]:
    """Each document once, in the order of the reports."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for doc_id, path, url, outlet, published, duplicate_of, _ in reports:
        if doc_id in seen:
            continue
        seen.add(doc_id)
        item = {"doc": path, "id": doc_id, "url": url, "outlet": outlet, "published": published}
        if duplicate_of:
            item["duplicate_of"] = duplicate_of
        out.append(item)
    return out


def _context(original: str, start: int, end: int, width: int = 300) -> dict[str, Any]:
    lo = max(0, original.rfind("\n", 0, max(0, start - width)) + 1)
    hi = original.find("\n", min(len(original), end + width))
    hi = len(original) if hi < 0 else hi
    return {"before": original[lo:start], "match": original[start:end], "after": original[end:hi]}


def actors(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Everyone who took part in a stored engagement, busiest first, one row per actor.

    The name is the knowledge base's canonical name when the key is a KB person, else the
    name most of the actor's engagements give (Latin script first, then the shortest):
    ``max(name)`` used to pick "王毅" over "Wang Yi" only because CJK sorts last. Country and
    Wikidata id are likewise the most common; ``roles`` lists the roles held on the
    engagements' days, and ``first``/``last`` the dates of the first and latest one.
    """
    from parley.kb.people import PeopleKB

    kb = PeopleKB.default()
    rows = con.execute(
        "SELECT p.actor_key, p.name, p.country, p.wikidata_id, p.role, "
        "count(DISTINCT p.event_id) AS n, min(e.date) AS first, max(e.date) AS last "
        "FROM event_participants p JOIN events e ON e.id = p.event_id "
        "GROUP BY p.actor_key, p.name, p.country, p.wikidata_id, p.role"
    ).fetchall()
    events_of = dict(
        con.execute(
            "SELECT actor_key, count(DISTINCT event_id) FROM event_participants GROUP BY actor_key"
        ).fetchall()
    )
    grouped: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        grouped.setdefault(r["actor_key"], []).append(r)
    out = []
    for key, variants in grouped.items():
        known = kb.get(key)
        firsts = [r["first"] for r in variants if r["first"]]
        lasts = [r["last"] for r in variants if r["last"]]
        out.append(
            {
                "actor_key": key,
                "name": known.name if known is not None else _most_common(variants, "name"),
                "country": _most_common(variants, "country"),
                "wikidata_id": _most_common(variants, "wikidata_id")
                or (known.id if known is not None else None),
                "events": events_of[key],
                "roles": sorted({r["role"] for r in variants if r["role"]}),
                "first": min(firsts) if firsts else None,
                "last": max(lasts) if lasts else None,
            }
        )
    return sorted(out, key=lambda a: (-a["events"], a["actor_key"]))


def _most_common(rows: list[sqlite3.Row], field: str) -> Any:
    """The value most engagements give (Latin script, then shorter, on a tie); None if none."""
    counts: dict[Any, int] = {}
    for r in rows:
        if r[field]:
            counts[r[field]] = counts.get(r[field], 0) + r["n"]
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], not _latin(str(v)), len(str(v)), str(v)))


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


def stats(con: sqlite3.Connection) -> dict[str, Any]:
    """Engagements by month and by pair of countries (occurred events only).

    An event known only to the year counts under ``YYYY`` rather than in January, and
    events without a date are counted in ``undated``: leaving them out silently made the
    months add up to less than the total with nothing to say why.
    """
    by_month = con.execute(
        "SELECT CASE WHEN date_precision = 'year' THEN substr(date, 1, 4) "
        "ELSE substr(date, 1, 7) END AS month, count(*) AS events FROM events "
        "WHERE status = 'occurred' AND date IS NOT NULL GROUP BY month ORDER BY month"
    ).fetchall()
    undated = con.execute(
        "SELECT count(*) FROM events WHERE status = 'occurred' AND date IS NULL"
    ).fetchone()[0]
    pairs: dict[str, int] = {}
    for (countries,) in con.execute("SELECT countries FROM events WHERE status = 'occurred'"):
        states = sorted(set(json.loads(countries)))
        for i, a in enumerate(states):
            for b in states[i + 1 :]:
                pairs[f"{a}-{b}"] = pairs.get(f"{a}-{b}", 0) + 1
    totals = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM documents WHERE "
        "duplicate_of IS NOT NULL), "
        "(SELECT count(*) FROM mentions), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM events WHERE status = 'occurred')"
    ).fetchone()
    return {
        "documents": totals[0],
        "near_duplicates": totals[1],
        "mentions": totals[2],
        "events": totals[3],
        "occurred": totals[4],
        "undated": undated,
        "by_month": [dict(r) for r in by_month],
        "by_pair": [
            {"pair": k, "events": v}
            for k, v in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


_STATEMENT_SQL = """
SELECT s.*, d.path AS path, d.published AS published, m.event_id AS event_id,
       e.date AS event_date, e.date_precision AS event_date_precision,
       e.countries AS event_countries,
       coalesce(e.date, substr(d.published, 1, 10)) AS day
FROM statements s
JOIN documents d ON d.id = s.document_id
LEFT JOIN mentions m ON m.document_id = s.document_id AND m.position = s.mention_position
LEFT JOIN events e ON e.id = m.event_id
"""


@dataclass
class StatementFilter:
    """The options of `parley statements`; unset fields do not filter."""

    speaker: str | None = None  # a name, a KB key, or "both sides"
    topic: str | None = None
    stance: str | None = None
    target: str | None = None  # ISO alpha-3 or body code of the target, or its name
    since: str | None = None
    until: str | None = None
    event: str | None = None  # a merged event id
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        if self.speaker:
            conds.append(
                "(s.speaker_key = ? OR lower(s.speaker_name) = lower(?) OR s.speaker_key LIKE ?)"
            )
            params += [slug(self.speaker), self.speaker, f"%-{slug(self.speaker)}"]
        if self.topic:
            conds.append(
                "EXISTS (SELECT 1 FROM statement_topics t WHERE t.document_id = s.document_id "
                "AND t.position = s.position AND t.topic = ?)"
            )
            params.append(self.topic)
        if self.stance:
            conds.append("s.stance = ?")
            params.append(self.stance)
        if self.target:
            conds.append("(s.target_country = upper(?) OR lower(s.target_name) = lower(?))")
            params += [self.target, self.target]
        if self.since:
            conds.append("coalesce(e.date, substr(d.published, 1, 10)) >= ?")
            params.append(self.since)
        if self.until:
            conds.append("coalesce(e.date, substr(d.published, 1, 10)) <= ?")
            params.append(self.until + "\uffff")
        if self.event:
            conds.append("m.event_id = ?")
            params.append(self.event)
        return (" WHERE " + " AND ".join(conds)) if conds else "", params


def statement_date_precision(r: sqlite3.Row) -> str | None:
    """How precise a statement's date is: its engagement's precision when the date is the
    engagement's, else ``day`` (the report's publication day), None without either."""
    if r["event_date"]:
        return str(r["event_date_precision"]) if r["event_date_precision"] else None
    return "day" if r["day"] else None


def _statement(r: sqlite3.Row) -> dict[str, Any]:
    target = (
        {"name": r["target_name"], "country": r["target_country"]} if r["target_name"] else None
    )
    return {
        "speaker": {"name": r["speaker_name"], "country": r["speaker_country"]},
        "event_id": r["event_id"],
        "doc": r["path"],
        "date": r["day"],
        "date_precision": statement_date_precision(r),
        "text": r["text"],
        "start": r["start"],
        "end": r["end"],
        "mode": r["mode"],
        "topics": json.loads(r["topics"]),
        "stance": r["stance"],
        "target": target,
        "cameo": r["cameo"],
        "plover": r["plover"],
    }


def statement_rows(
    con: sqlite3.Connection, flt: StatementFilter | None = None
) -> list[sqlite3.Row]:
    """The filtered statements as stored, with their document's path and their event's id,
    date and precision (``day``: the event's date, else the publication day), by day."""
    flt = flt or StatementFilter()
    where, params = flt.where()
    sql = _STATEMENT_SQL + where + " ORDER BY day IS NULL, day, d.path, s.position"
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, flt.limit, flt.offset]
    return con.execute(sql, params).fetchall()


def statements(con: sqlite3.Connection, flt: StatementFilter | None = None) -> list[dict[str, Any]]:
    """Statements in the contract's shape plus where and when they were made."""
    return [_statement(r) for r in statement_rows(con, flt)]


def trends(con: sqlite3.Connection, flt: EventFilter | None = None) -> dict[str, Any]:
    """Topic counts by month, and by pair of countries of the engagement they were made at.

    With a filter that selects anything less than every event, only the statements made
    at the selected events count: a dashboard whose other charts follow the filters must
    not show this one for the whole store.
    """
    by_month: dict[tuple[str, str], int] = {}
    by_pair: dict[tuple[str, str], int] = {}
    where, params = flt.where() if flt is not None else ("", [])
    scope = (
        f" WHERE m.event_id IN (SELECT {flt.eid} FROM {flt.source()}{where})"
        if flt is not None and where
        else ""
    )
    rows = con.execute(
        "SELECT t.topic, coalesce(e.date, substr(d.published, 1, 10)) AS day, e.countries "
        "FROM statement_topics t JOIN statements s ON s.document_id = t.document_id "
        "AND s.position = t.position JOIN documents d ON d.id = s.document_id "
        "LEFT JOIN mentions m ON m.document_id = s.document_id AND m.position = s.mention_position "
        "LEFT JOIN events e ON e.id = m.event_id" + scope,
        params,
    )
    for topic, day, countries in rows:
        if day:
            by_month[(day[:7], topic)] = by_month.get((day[:7], topic), 0) + 1
        states = sorted(set(json.loads(countries))) if countries else []
        if len(states) >= 2:
            pair = "-".join(states[:2]) if len(states) == 2 else "-".join(states)
            by_pair[(pair, topic)] = by_pair.get((pair, topic), 0) + 1
    return {
        "by_month": [
            {"month": m, "topic": t, "statements": n} for (m, t), n in sorted(by_month.items())
        ],
        "by_pair": [
            {"pair": p, "topic": t, "statements": n}
            for (p, t), n in sorted(by_pair.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }
