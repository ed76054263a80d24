"""The Python API: the store as typed pandas DataFrames.

``parley.open(path)`` returns a :class:`Database`. Each accessor answers with a
DataFrame whose columns and dtypes do not depend on what matched — an empty result has
the same columns as a full one, so code written against a full store does not break on
an empty filter — and whose values keep their types: dates are ``datetime64[ns]`` with
the precision beside them, counts nullable integers, lists (participants, countries,
topics, evidence) Python lists rather than joined strings, which could not hold a name
with a "; " in it and lost each participant's country, role and Wikidata id.

Filters take the values people type, checked as the CLI checks them
(:mod:`parley.store.values`): ``country="China"``, ``since="last month"``,
``between=("2024-01", "2024-06")``; a value that cannot match raises ``ValueError``
naming it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.store import query
from parley.store.db import Store
from parley.store.flat import LOCATION
from parley.store.schema import StoreError
from parley.store.values import event_filter, parse_date, parse_stance, parse_topic

if TYPE_CHECKING:
    import pandas as pd

# column -> dtype; "list" and "dict" columns hold Python objects, "date" is datetime64[ns]
# parsed from ISO dates, "time" a UTC datetime64 parsed from ISO dates or date-times
EVENT_COLUMNS: dict[str, str] = {
    "id": "str",
    "date": "date",
    "date_precision": "str",
    "kind": "str",
    "status": "str",
    "primary": "bool",
    "participants": "list",
    "countries": "list",
    "location_city": "str",
    "location_admin1": "str",
    "location_country": "str",
    "location_lat": "float",
    "location_lon": "float",
    "location_geonames_id": "int",
    "occasion": "str",
    "initiator": "str",
    "cameo": "str",
    "plover_type": "str",
    "plover_mode": "str",
    "topics": "list",
    "n_sources": "int",
    "n_outlets": "int",
    "confidence": "float",
    "disagreements": "dict",
}
PARTICIPANT_COLUMNS: dict[str, str] = {
    "event_id": "str",
    "position": "int",
    "actor_key": "str",
    "name": "str",
    "country": "str",
    "role": "str",
    "wikidata_id": "str",
    "date": "date",
    "date_precision": "str",
    "kind": "str",
    "status": "str",
}
SOURCE_COLUMNS: dict[str, str] = {
    "event_id": "str",
    "document_id": "str",
    "position": "int",
    "doc": "str",
    "url": "str",
    "outlet": "str",
    "published": "time",
    "title": "str",
    "lang": "str",
    "duplicate_of": "str",
    "evidence": "list",
}
STATEMENT_COLUMNS: dict[str, str] = {
    "document_id": "str",
    "position": "int",
    "event_id": "str",
    "doc": "str",
    "date": "date",
    "date_precision": "str",
    "speaker_name": "str",
    "speaker_key": "str",
    "speaker_country": "str",
    "mode": "str",
    "stance": "str",
    "target_name": "str",
    "target_country": "str",
    "topics": "list",
    "cameo": "str",
    "plover_type": "str",
    "text": "str",
    "start": "int",
    "end": "int",
}
ACTOR_COLUMNS: dict[str, str] = {
    "actor_key": "str",
    "name": "str",
    "country": "str",
    "wikidata_id": "str",
    "events": "int",
    "roles": "list",
    "first": "date",
    "last": "date",
}
DOCUMENT_COLUMNS: dict[str, str] = {
    "id": "str",
    "doc": "str",
    "url": "str",
    "outlet": "str",
    "published": "time",
    "lang": "str",
    "title": "str",
    "duplicate_of": "str",
    "similarity": "float",
}

_TABLES = (
    "documents",
    "mentions",
    "events",
    "event_participants",
    "event_sources",
    "actors",
    "statements",
    "statement_topics",
)
_CHUNK = 500  # SQLite caps the number of bound parameters


def frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``, typed, whether or not rows is empty."""
    import pandas as pd

    data: dict[str, Any] = {}
    for name, kind in columns.items():
        values = [r.get(name) for r in rows]
        if kind == "date":
            data[name] = pd.to_datetime(
                pd.Series(values, dtype="object"), format="%Y-%m-%d"
            ).astype("datetime64[ns]")
        elif kind == "time":
            data[name] = pd.to_datetime(
                pd.Series(values, dtype="object"), utc=True, format="ISO8601", errors="coerce"
            ).astype("datetime64[ns, UTC]")
        elif kind == "int":
            data[name] = pd.array(values, dtype="Int64")
        elif kind == "float":
            data[name] = pd.array([float("nan") if v is None else v for v in values], "float64")
        elif kind == "bool":
            data[name] = pd.array([bool(v) for v in values], dtype="bool")
        elif kind in ("list", "dict"):
            data[name] = pd.Series(values, dtype="object")
        else:  # pandas' nullable string: None is <NA> in pandas 2 and 3 alike
            data[name] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=list(columns))


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k : k + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Database:
    """A parley database opened read-only for analysis; use it as a context manager.

    >>> import parley
    >>> with parley.open("parley.db") as db:  # doctest: +SKIP
    ...     db.events(country=["China", "USA"], since="2024-01")
    """

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path, readonly=True)
        self.path = str(path)

    @property
    def con(self) -> sqlite3.Connection:
        return self.store.con

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<parley.Database {self.path!r}>"

    def close(self) -> None:
        self.store.close()

    # -- events ----------------------------------------------------------------------

    def event_ids(self, newest_first: bool = False, **filters: Any) -> list[str]:
        """The ids of the events the filters select, in the order ``events`` returns them."""
        return query.event_ids(self.con, event_filter(**filters), newest_first)

    def events(self, newest_first: bool = False, **filters: Any) -> pd.DataFrame:
        """One row per merged event, oldest first (undated last), or ``newest_first``.

        Filters, as `parley events`' options: ``actor`` (name, KB key or Wikidata id),
        ``country`` (a code, name or adjective, or a list of them: every one took part),
        ``since``/``until``/``between=(since, until)`` (ISO ``YYYY[-MM[-DD]]``, a
        ``datetime.date``, or words such as "last week"), ``kind``, ``status``, ``place``,
        ``search`` (words in the evidence), ``topic``, ``primary=True`` (main subjects
        only; ``False`` or unset: every event), ``limit`` and ``offset``.
        ``participants`` holds one dict per person: ``actor_key``, ``name`` (the knowledge
        base's), ``country``, ``role``, ``wikidata_id``; the venue is ``location_city``,
        ``location_country`` (...): the names of the exports and the SQLite views.
        """
        ids = self.event_ids(newest_first, **filters)
        rows: dict[str, dict[str, Any]] = {}
        for part in _chunks(ids):
            marks = _marks(len(part))
            for r in self.con.execute(f"SELECT * FROM events WHERE id IN ({marks})", part):
                rows[r["id"]] = self._event_row(r)
            for p in self.con.execute(
                f"SELECT * FROM event_participants WHERE event_id IN ({marks}) "
                "ORDER BY event_id, position",
                part,
            ):
                rows[p["event_id"]]["participants"].append(
                    {
                        "actor_key": p["actor_key"],
                        "name": p["name"],
                        "country": p["country"],
                        "role": p["role"],
                        "wikidata_id": p["wikidata_id"],
                    }
                )
        return frame([rows[i] for i in ids if i in rows], EVENT_COLUMNS)

    @staticmethod
    def _event_row(r: sqlite3.Row) -> dict[str, Any]:
        out = {k: r[k] for k in r.keys() if k in EVENT_COLUMNS}  # noqa: SIM118 (sqlite3.Row)
        for k in LOCATION:  # the venue's fields, named as in the exports and the views
            out[f"location_{k}"] = r[k]
        out["primary"] = bool(r["is_primary"])
        out["participants"] = []
        for k in ("countries", "topics", "disagreements"):
            out[k] = json.loads(r[k]) if r[k] else ([] if k != "disagreements" else {})
        return out

    def participants(self, **filters: Any) -> pd.DataFrame:
        """One row per (event, participant) of the filtered events, with the event's date,
        kind and status: the long form of ``events().participants``, for grouping."""
        ids = self.event_ids(**filters)
        rows: list[dict[str, Any]] = []
        order = {i: n for n, i in enumerate(ids)}
        for part in _chunks(ids):
            rows += [
                dict(r)
                for r in self.con.execute(
                    "SELECT p.event_id, p.position, p.actor_key, p.name, p.country, p.role, "
                    "p.wikidata_id, e.date, e.date_precision, e.kind, e.status "
                    "FROM event_participants p JOIN events e ON e.id = p.event_id "
                    f"WHERE p.event_id IN ({_marks(len(part))})",
                    part,
                )
            ]
        rows.sort(key=lambda r: (order[r["event_id"]], r["position"]))
        return frame(rows, PARTICIPANT_COLUMNS)

    def sources(self, event_id: str | Iterable[str] | None = None) -> pd.DataFrame:
        """The reports behind events: one row per (event, source document), with the
        document's metadata and the evidence spans (``text``, ``start``, ``end`` into its
        original text). ``event_id``: one id, several, or None for every event."""
        sql = (
            "SELECT s.event_id, s.document_id, s.position, d.path AS doc, d.url, d.outlet, "
            "d.published, d.title, d.lang, d.duplicate_of, m.evidence "
            "FROM event_sources s JOIN documents d ON d.id = s.document_id "
            "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position"
        )
        order = " ORDER BY s.event_id, d.published, d.path, s.position"
        if event_id is None:
            found = list(self.con.execute(sql + order))
        else:
            ids = [event_id] if isinstance(event_id, str) else list(event_id)
            found = []
            for part in _chunks(ids):
                found += self.con.execute(
                    sql + f" WHERE s.event_id IN ({_marks(len(part))})" + order, part
                ).fetchall()
        rows = [{**dict(r), "evidence": json.loads(r["evidence"] or "[]")} for r in found]
        return frame(rows, SOURCE_COLUMNS)

    # -- statements, actors, documents ----------------------------------------------------

    def statements(
        self,
        *,
        speaker: str | None = None,
        topic: str | None = None,
        stance: str | None = None,
        target: str | None = None,
        since: Any = None,
        until: Any = None,
        event: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """What each side said, one row per statement, by date (the engagement's, else the
        report's publication day); filters as `parley statements`' options, plus
        ``event`` (a merged event id)."""
        flt = query.StatementFilter(
            speaker=speaker or None,
            topic=parse_topic(topic) if topic else None,
            stance=parse_stance(stance) if stance else None,
            target=target or None,
            since=parse_date(since) if since else None,
            until=parse_date(until) if until else None,
            event=event or None,
            limit=limit,
            offset=offset,
        )
        rows = []
        for r in query.statement_rows(self.con, flt):
            row = dict(r)
            row["doc"] = r["path"]
            row["date"] = r["day"]
            row["date_precision"] = query.statement_date_precision(r)
            row["topics"] = json.loads(r["topics"] or "[]")
            row["plover_type"] = r["plover"]
            rows.append(row)
        return frame(rows, STATEMENT_COLUMNS)

    def actors(self) -> pd.DataFrame:
        """Everyone who took part in a stored engagement, busiest first: one row per actor
        with the knowledge base's name, country, Wikidata id, number of engagements, roles
        held on their days, and the dates of the first and latest."""
        return frame(query.actors(self.con), ACTOR_COLUMNS)

    def documents(self, text: bool = False) -> pd.DataFrame:
        """One row per stored article with its metadata; ``text=True`` adds the clean body
        (left out by default: it is most of the file's size)."""
        columns = {**DOCUMENT_COLUMNS, **({"text": "str"} if text else {})}
        rows = [
            dict(r)
            for r in self.con.execute(
                "SELECT id, path AS doc, url, outlet, published, lang, title, duplicate_of, "
                f"similarity{', text' if text else ''} FROM documents "
                "ORDER BY published IS NULL, published, path"
            )
        ]
        return frame(rows, columns)

    def table(self, name: str) -> pd.DataFrame:
        """Any table of the store as it is (events, event_participants, documents...)."""
        import pandas as pd

        if name not in _TABLES:
            raise StoreError(f"{self.path}: no table {name!r} (one of {', '.join(_TABLES)})")
        return pd.read_sql_query(f"SELECT * FROM {name}", self.con)
