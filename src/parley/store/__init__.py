"""The store: an embedded SQLite database of documents, mentions and merged events.

``parley.open(path)`` gives the Python API; ``parley ingest`` / ``parley events`` the CLI.
"""

from __future__ import annotations

from pathlib import Path

from parley.store.db import Store
from parley.store.frames import Database
from parley.store.query import EventFilter
from parley.store.schema import SCHEMA_VERSION, StoreError

__all__ = ["SCHEMA_VERSION", "Database", "EventFilter", "Store", "StoreError", "open_database"]


def open_database(path: str | Path) -> Database:
    """The Python API over a database file (read-only); see :mod:`parley.store.frames`."""
    return Database(path)
