"""Schema version 8: people's keys as :func:`parley.text.slug` writes them.

Before it, a person the knowledge base does not know got a key from one of two slug
functions that dropped every letter without an accent to strip: 'Lech Wałęsa' was
``lech-wa-esa`` (the knowledge base's own key is ``lech-walesa``), a name in Cyrillic,
Chinese or Arabic script was ``person-<code points>`` or had no key at all, and an
apostrophe split a word ("Ma'ruf" was ``ma-ruf``, the knowledge base's ``maruf``). A
database written then is brought to the keys a new ingest writes, so that reports of one
person stored before and after the upgrade share their key (and their merge blocks): in
the mentions' participants, the blocks of the mentions whose keys changed, the events'
participants, the actors and the statements' speakers. A key is rewritten only when it
is what one of the old functions made of the name stored with it, so knowledge-base keys
never change. Merged events keep their clusters until a new report touches them, as at
version 7.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata

from parley.store import merge, rows
from parley.text import fold, slug

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _old_store_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _NOT_ALNUM.sub("-", folded).strip("-")


def _old_extract_slug(name: str) -> str:
    return _NOT_ALNUM.sub("-", fold(name)).strip("-")


def _codepoints(name: str) -> str:
    return "person-" + "-".join(f"{ord(c):x}" for c in name)


def new_key(key: str | None, name: str | None) -> str | None:
    """``key`` as written today for a person stored under ``name``: ``slug(name)`` when
    ``key`` is what an old slug function made of the name, else ``key`` unchanged."""
    if key is None or not name:
        return key
    new = slug(name)
    if not new or key == new:
        return key
    if key in ("", _old_store_slug(name), _old_extract_slug(name), _codepoints(name)):
        return new
    return key


def _participants(text: str) -> str | None:
    """The participants JSON with its keys rewritten, or None when none changes."""
    people = json.loads(text)
    changed = False
    for p in people:
        key = new_key(p.get("key"), p.get("name"))
        if key != p.get("key"):
            p["key"] = key
            changed = True
    return json.dumps(people, ensure_ascii=False) if changed else None


_ROW = """
SELECT m.*, d.published, d.outlet, d.duplicate_of
FROM mentions m JOIN documents d ON d.id = m.document_id
"""


def migrate(con: sqlite3.Connection) -> None:
    """Rewrite old keys in place (inside the caller's transaction)."""
    con.create_function("parley_new_key", 2, new_key, deterministic=True)
    for row in con.execute(_ROW).fetchall():
        people = _participants(row["participants"])
        if people is None:
            continue
        con.execute(
            "UPDATE mentions SET participants = ? WHERE document_id = ? AND position = ?",
            (people, row["document_id"], row["position"]),
        )
        con.execute(
            "DELETE FROM mention_blocks WHERE document_id = ? AND position = ?",
            (row["document_id"], row["position"]),
        )
        record = rows.record_from_row({**dict(row), "participants": people})
        con.executemany(
            "INSERT OR IGNORE INTO mention_blocks(block, document_id, position) VALUES (?, ?, ?)",
            [(b, row["document_id"], row["position"]) for b in merge.blocks(record)],
        )
    con.execute("UPDATE event_participants SET actor_key = parley_new_key(actor_key, name)")
    con.execute("UPDATE statements SET speaker_key = parley_new_key(speaker_key, speaker_name)")
    rows.rebuild_actors(con)
