"""A database written before keys were transliterated (schema 7) opens with today's keys:
the same rows a new ingest writes, so reports stored before and after the upgrade meet."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from parley.read import iter_documents
from parley.store import SCHEMA_VERSION, Store
from parley.store.db import snapshot
from parley.store.ingest import ingest
from parley.store.rekey import new_key

# a report naming two deputy ministers the knowledge base does not know, one with a "ł"
DOCS = Path(__file__).resolve().parent / "data" / "rekey"
NEW = "wladyslaw-teofil-bartoszewski"
OLD = "w-adys-aw-teofil-bartoszewski"  # what parley wrote before: "ł" was a word break


def _ingest(path: Path) -> None:
    with Store(path) as store:
        ingest(store, iter_documents([str(DOCS)], lambda f: None))


def _as_written_at_version_7(path: Path) -> None:
    """The key as the old slug wrote it, everywhere a key is stored."""
    con = sqlite3.connect(path)
    with con:
        for table, column in [
            ("mentions", "participants"),
            ("mention_blocks", "block"),
            ("event_participants", "actor_key"),
            ("actors", "key"),
            ("statements", "speaker_key"),
        ]:
            con.execute(f"UPDATE {table} SET {column} = replace({column}, ?, ?)", (NEW, OLD))
        # nor had it what later versions add: version 9's stored items and their triggers
        triggers = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in triggers.fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("ALTER TABLE events DROP COLUMN item")
        con.execute("PRAGMA user_version = 7")
    con.close()


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        return snapshot(con)
    finally:
        con.close()


def test_an_old_database_gets_the_keys_a_new_ingest_writes(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    _ingest(fresh)
    assert NEW in {r[2] for r in _rows(fresh)["event_participants"]}
    old = tmp_path / "old.db"
    _ingest(old)
    _as_written_at_version_7(old)
    assert NEW not in str(_rows(old))
    with Store(old):  # opening for writing upgrades it
        pass
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    assert _rows(old) == _rows(fresh)
    _ingest(old)  # and the same report again is a no-op, not a second engagement
    assert _rows(old) == _rows(fresh)


def test_only_keys_an_old_slug_made_of_the_name_change() -> None:
    assert new_key("lech-wa-esa", "Lech Wałęsa") == "lech-walesa"
    assert new_key("ma-ruf-amin", "Ma'ruf Amin") == "maruf-amin"
    assert new_key("", "Сергей Иванов") == "sergei-ivanov"
    code_points = "person-" + "-".join(f"{ord(c):x}" for c in "王小明")
    assert new_key(code_points, "王小明") == "wangxiaoming"
    # a knowledge-base key, whatever the name written with it, stays
    assert new_key("subrahmanyam-jaishankar", "S. Jaishankar") == "subrahmanyam-jaishankar"
    assert new_key("sergei-lavrov", "Sergey Lavrov") == "sergei-lavrov"
    assert new_key(None, "both sides") is None
