"""parley: a clean, de-duplicated record of diplomatic engagements from news reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.store import Database

__version__ = "0.1.0"


def open(path: str | Path) -> Database:
    """A parley database, read-only, for analysis in pandas.

    ``with parley.open("parley.db") as db: db.events(actor="Lavrov", since="2024-01")``;
    also ``db.participants()``, ``db.sources(event_id)``, ``db.statements()``,
    ``db.actors()``, ``db.documents()`` and ``db.table(name)`` (see docs/store.md). The
    store is imported here, not at the top, so that ``import parley`` stays cheap for the
    command line.
    """
    from parley.store import open_database

    return open_database(path)
