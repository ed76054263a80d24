"""parley: a clean, de-duplicated record of diplomatic engagements from news reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.store import Database

__version__ = "0.1.0"


def open(path: str) -> Database:
    """A parley database for analysis: ``parley.open("parley.db").events(actor="Lavrov")``."""
    from parley.store import open_database

    return open_database(path)
