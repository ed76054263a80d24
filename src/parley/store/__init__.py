"""The store: an embedded SQLite database of documents, mentions and merged events.

``parley.open(path)`` gives the Python API; ``parley ingest`` / ``parley events`` the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.store.db import Store
from parley.store.query import EventFilter
from parley.store.schema import SCHEMA_VERSION, StoreError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCHEMA_VERSION", "Database", "EventFilter", "Store", "StoreError", "open_database"]


class Database:
    """Read access for analysts: merged events, participants and sources as DataFrames."""

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path, readonly=True)

    def events(self, **filters: Any) -> pd.DataFrame:
        """One row per merged event; keyword filters as in `parley events` (actor=, since=...)."""
        import pandas as pd

        from parley.store import query

        rows = query.events(self.store.con, EventFilter(**filters))
        flat = []
        for r in rows:
            loc = r["location"] or {}
            flat.append(
                {
                    "id": r["id"],
                    "kind": r["kind"],
                    "status": r["status"],
                    "primary": r["primary"],
                    "date": r["date"],
                    "date_precision": r["date_precision"],
                    "participants": "; ".join(p["name"] for p in r["participants"]),
                    "countries": ",".join(r["countries"]),
                    "city": loc.get("city"),
                    "country": loc.get("country"),
                    "lat": loc.get("lat"),
                    "lon": loc.get("lon"),
                    "occasion": r["occasion"],
                    "cameo": r["cameo"],
                    "plover": r["plover"]["type"],
                    "n_sources": r["n_sources"],
                    "n_outlets": r["n_outlets"],
                    "confidence": r["confidence"],
                }
            )
        return pd.DataFrame(flat)

    def table(self, name: str) -> pd.DataFrame:
        """Any table of the store as it is (events, event_participants, documents...)."""
        import pandas as pd

        if name not in _TABLES:
            raise StoreError(f"{self.store.path}: no table {name!r} (one of {', '.join(_TABLES)})")
        return pd.read_sql_query(f"SELECT * FROM {name}", self.store.con)

    def close(self) -> None:
        self.store.close()


_TABLES = ("documents", "mentions", "events", "event_participants", "event_sources", "actors")


def open_database(path: str | Path) -> Database:
    return Database(path)
