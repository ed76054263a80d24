"""Schema version 10: a store written before the town blocks gets them on opening."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from parley.store import SCHEMA_VERSION, Store


def _blocks(path: Path) -> set[tuple[str, str, int]]:
    con = sqlite3.connect(path)
    try:
        return {tuple(r) for r in con.execute("SELECT * FROM mention_blocks")}  # type: ignore[misc]
    finally:
        con.close()


def test_a_store_from_before_the_town_blocks_gets_them(examples_db: Path, tmp_path: Path) -> None:
    fresh = _blocks(examples_db)
    towns = {b for b in fresh if "|at:" in b[0]}
    assert towns  # the examples name towns
    old = tmp_path / "old.db"
    shutil.copy(examples_db, old)
    con = sqlite3.connect(old)
    con.execute("DELETE FROM mention_blocks WHERE block LIKE '%|at:%'")
    con.execute("PRAGMA user_version = 9")
    con.commit()
    con.close()
    assert not {b for b in _blocks(old) if "|at:" in b[0]}
    with Store(old) as store:  # opening for writing upgrades it
        assert store.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
    assert _blocks(old) == fresh
