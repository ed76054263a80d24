"""The SQLite file: its tables, their versions, and how a connection to it is opened.

The schema is versioned with ``PRAGMA user_version``; each entry of :data:`MIGRATIONS`
takes the file one version up, inside a transaction, so an old database is upgraded in
place and a database written by a newer parley is refused instead of being damaged.
Table and column names are meant to read well in any SQLite client (Datasette, pandas,
DuckDB's sqlite scanner).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from parley.store import items, reblock, rekey

SCHEMA_VERSION = 10

_V1 = """
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,      -- hash of the normalized body (same article, same id)
    path          TEXT NOT NULL,         -- where it was first ingested from
    url           TEXT,
    outlet        TEXT,
    published     TEXT,                  -- ISO 8601 date or date-time
    lang          TEXT,
    title         TEXT,
    text          TEXT NOT NULL,         -- the clean body
    original      TEXT NOT NULL,         -- the decoded text that evidence offsets index
    duplicate_of  TEXT REFERENCES documents(id),  -- near-duplicate of this earlier document
    similarity    REAL                   -- estimated Jaccard similarity to near_parent
);
CREATE TABLE document_paths (
    path          TEXT PRIMARY KEY,      -- every path a document was ingested from
    document_id   TEXT NOT NULL REFERENCES documents(id)
);
CREATE TABLE document_minhash_bands (
    band          INTEGER NOT NULL,
    hash          INTEGER NOT NULL,
    document_id   TEXT NOT NULL REFERENCES documents(id)
);
CREATE INDEX document_minhash_bands_lookup ON document_minhash_bands(band, hash);
CREATE TABLE document_minhashes (
    document_id   TEXT PRIMARY KEY REFERENCES documents(id),
    signature     BLOB NOT NULL
);

-- One row per engagement one document reports (before merging).
CREATE TABLE mentions (
    document_id     TEXT NOT NULL REFERENCES documents(id),
    position        INTEGER NOT NULL,    -- index in the document's extracted events
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    is_primary      INTEGER NOT NULL,
    date            TEXT,
    date_precision  TEXT,
    city            TEXT,
    admin1          TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    geonames_id     INTEGER,
    occasion        TEXT,
    initiator       TEXT,
    cameo           TEXT NOT NULL,
    plover_type     TEXT NOT NULL,
    plover_mode     TEXT,
    confidence      REAL NOT NULL,
    participants    TEXT NOT NULL,       -- JSON list of {name, country, role, id, key}
    countries       TEXT NOT NULL,       -- JSON list of ISO alpha-3 / body codes
    evidence        TEXT NOT NULL,       -- JSON list of {text, start, end}
    event_id        TEXT,                -- the merged event it belongs to
    PRIMARY KEY (document_id, position)
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE TABLE mention_blocks (
    block           TEXT NOT NULL,       -- a key two mentions of one engagement share
    document_id     TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (block, document_id, position)
);
CREATE INDEX mention_blocks_mention ON mention_blocks(document_id, position);

-- Merged engagements: one row per engagement, whatever the number of reports.
CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    is_primary      INTEGER NOT NULL,
    date            TEXT,
    date_precision  TEXT,
    city            TEXT,
    admin1          TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    geonames_id     INTEGER,
    occasion        TEXT,
    initiator       TEXT,
    cameo           TEXT NOT NULL,
    plover_type     TEXT NOT NULL,
    plover_mode     TEXT,
    confidence      REAL NOT NULL,
    countries       TEXT NOT NULL,       -- JSON list, participant order
    n_sources       INTEGER NOT NULL,    -- distinct documents, near-duplicates not counted
    n_outlets       INTEGER NOT NULL,
    disagreements   TEXT NOT NULL        -- JSON: field -> {value: [document ids]}
);
CREATE INDEX events_date ON events(date);
CREATE TABLE event_participants (
    event_id        TEXT NOT NULL REFERENCES events(id),
    position        INTEGER NOT NULL,
    actor_key       TEXT NOT NULL,
    name            TEXT NOT NULL,
    country         TEXT,
    role            TEXT,
    wikidata_id     TEXT,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX event_participants_actor ON event_participants(actor_key);
CREATE INDEX event_participants_country ON event_participants(country);
CREATE TABLE event_sources (
    event_id        TEXT NOT NULL REFERENCES events(id),
    document_id     TEXT NOT NULL REFERENCES documents(id),
    position        INTEGER NOT NULL,    -- the mention's position in that document
    PRIMARY KEY (event_id, document_id, position)
);
CREATE INDEX event_sources_document ON event_sources(document_id);
CREATE TABLE actors (
    key             TEXT PRIMARY KEY,    -- slug, e.g. sergei-lavrov
    name            TEXT NOT NULL,
    country         TEXT,
    wikidata_id     TEXT
);
-- Full text of each mention's evidence; rowid = the mention's rowid, so re-merging
-- events never rewrites the index.
CREATE VIRTUAL TABLE evidence_search USING fts5(
    text, tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Version 2: what each side said (issue 5).
_V2 = """
CREATE TABLE statements (
    document_id     TEXT NOT NULL REFERENCES documents(id),
    position        INTEGER NOT NULL,    -- index in the document's statements
    speaker_name    TEXT NOT NULL,       -- a person, or "both sides"
    speaker_key     TEXT,                -- slug of the person (null for both sides)
    speaker_country TEXT,
    mention_position INTEGER,            -- the document's engagement it was made at
    text            TEXT NOT NULL,
    start           INTEGER NOT NULL,    -- offsets into documents.original
    "end"           INTEGER NOT NULL,
    mode            TEXT NOT NULL,       -- direct or indirect
    stance          TEXT NOT NULL,
    target_name     TEXT,
    target_country  TEXT,
    cameo           TEXT,
    plover          TEXT,
    topics          TEXT NOT NULL,       -- JSON list of topic ids
    PRIMARY KEY (document_id, position)
);
CREATE TABLE statement_topics (
    document_id     TEXT NOT NULL,
    position        INTEGER NOT NULL,
    topic           TEXT NOT NULL,
    PRIMARY KEY (document_id, position, topic)
);
CREATE INDEX statement_topics_topic ON statement_topics(topic);
CREATE INDEX statements_speaker ON statements(speaker_key);
"""

# Version 3: what each engagement was about (topic ids, JSON lists).
_V3 = """
ALTER TABLE mentions ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
"""

# Version 4: the states taking part in each event, keyed for "events of country X,
# newest first" without scanning every event of X.
_V4 = """
CREATE TABLE event_countries (
    country   TEXT NOT NULL,
    sort_day  TEXT NOT NULL,             -- the event's date, '' when it has none
    event_id  TEXT NOT NULL,
    PRIMARY KEY (country, sort_day, event_id)
) WITHOUT ROWID;
CREATE INDEX event_countries_event ON event_countries(event_id);
INSERT OR IGNORE INTO event_countries(country, sort_day, event_id)
    SELECT p.country, coalesce(e.date, ''), p.event_id
    FROM event_participants p JOIN events e ON e.id = p.event_id WHERE p.country IS NOT NULL;
INSERT OR IGNORE INTO event_countries(country, sort_day, event_id)
    SELECT j.value, coalesce(e.date, ''), e.id FROM events e, json_each(e.countries) j
    WHERE NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id);
"""

# Version 5: near-duplicates decided in a fixed order of the documents (earliest
# published, then smallest id) instead of arrival order, which needs each document's
# direct original (``near_parent``; ``duplicate_of`` is the first of its chain) and the
# documents below each one. Rows written before keep their decisions until a new document
# touches their chain.
_V5 = """
ALTER TABLE documents ADD COLUMN near_parent TEXT;
UPDATE documents SET near_parent = duplicate_of WHERE duplicate_of IS NOT NULL;
CREATE INDEX documents_near_parent ON documents(near_parent);
"""

# Version 6: views an analyst opens as they are (Datasette, pandas, any SQLite client),
# one row per event, per (event, participant) and per statement, with the names the
# exports and the Python API use (store/export.py): lists as text, the venue's fields as
# location_*, every statement with its merged event. Views store nothing: they follow the
# tables as events are merged again. "primary" needs its quotes in SQLite's SQL.
_V6 = """
CREATE VIEW events_flat AS
SELECT e.id, e.date, e.date_precision, e.kind, e.status, e.is_primary AS "primary",
    (SELECT group_concat(who, '; ') FROM (
        SELECT p.name || coalesce(' (' || p.country || ')', '') AS who
        FROM event_participants p WHERE p.event_id = e.id ORDER BY p.position)
    ) AS participants,
    (SELECT group_concat(value, ',') FROM json_each(e.countries)) AS countries,
    e.city AS location_city, e.admin1 AS location_admin1, e.country AS location_country,
    e.lat AS location_lat, e.lon AS location_lon, e.geonames_id AS location_geonames_id,
    e.occasion, e.initiator, e.cameo, e.plover_type, e.plover_mode,
    (SELECT group_concat(value, ',') FROM json_each(e.topics)) AS topics,
    e.n_sources, e.n_outlets, e.confidence,
    (SELECT d.url FROM event_sources s JOIN documents d ON d.id = s.document_id
     WHERE s.event_id = e.id AND d.url IS NOT NULL
     ORDER BY d.published IS NULL, d.published, d.path LIMIT 1) AS source_url
FROM events e;

CREATE VIEW event_actors AS
SELECT p.event_id, p.position, p.actor_key, p.name, p.country, p.role, p.wikidata_id,
    e.date, e.date_precision, e.kind, e.status
FROM event_participants p JOIN events e ON e.id = p.event_id;

CREATE VIEW statements_flat AS
SELECT s.document_id, s.position, m.event_id, d.path AS doc,
    coalesce(e.date, substr(d.published, 1, 10)) AS date,
    CASE WHEN e.date IS NOT NULL THEN e.date_precision
         WHEN d.published IS NOT NULL THEN 'day' END AS date_precision,
    s.speaker_name, s.speaker_key, s.speaker_country, s.mode, s.stance,
    s.target_name, s.target_country,
    (SELECT group_concat(value, ',') FROM json_each(s.topics)) AS topics,
    s.cameo, s.plover AS plover_type, s.text, s.start, s."end"
FROM statements s
JOIN documents d ON d.id = s.document_id
LEFT JOIN mentions m ON m.document_id = s.document_id AND m.position = s.mention_position
LEFT JOIN events e ON e.id = m.event_id;
"""

# Version 7: blocks no longer carry the kind or the status ("meeting|occurred|a|b|2024-05"
# becomes "a|b|2024-05"): a call and a meeting, or a plan and its holding, of the same
# people on the same day may be one engagement told two ways (store/merge.py), so they
# must meet in one block. Events merged before keep their clusters until a new report
# touches them.
_V7 = """
UPDATE mention_blocks SET block = substr(block, instr(block, '|') + 1);
UPDATE mention_blocks SET block = substr(block, instr(block, '|') + 1);
"""

# Version 8: people's keys as parley.text.slug writes them, which transliterates every
# script ('Lech Wałęsa' is lech-walesa, as in the knowledge base); a step that needs
# Python, so it is a function of the connection (store/rekey.py).

# Version 9: each event as the API lists it, stored (``events.item``, store/items.py):
# filled for every event by the same builder the writers use.

# Version 10: a block per pair of people and town, for reports that say nothing of when
# (store/merge.py, store/reblock.py).

#: One step per version: SQL to run, or a function of the connection for a step that
#: needs Python; either runs inside the step's transaction.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    _V1,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6,
    _V7,
    rekey.migrate,
    items.migrate,
    reblock.migrate,
]


class StoreError(Exception):
    """A database parley cannot use as asked: the message says which file and why."""


def _version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def migrate(con: sqlite3.Connection, path: str) -> None:
    """Bring the file to :data:`SCHEMA_VERSION`, one transaction per step."""
    version = _version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer parley (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade parley to open it"
        )
    for step in range(version, SCHEMA_VERSION):
        todo = MIGRATIONS[step]
        with con:
            if isinstance(todo, str):
                con.executescript("BEGIN;" + todo + f"PRAGMA user_version = {step + 1};")
            else:
                con.execute("BEGIN")
                todo(con)
                con.execute(f"PRAGMA user_version = {step + 1}")


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection in WAL mode with the schema current, or a :class:`StoreError`."""
    name = str(path)
    try:
        if readonly:
            if not Path(name).exists():
                raise StoreError(f"{name}: no such database (run `parley ingest` first)")
            # a web request may open and close its connection on two worker threads
            con = sqlite3.connect(
                f"file:{name}?mode=ro", uri=True, timeout=10, check_same_thread=False
            )
        else:
            con = sqlite3.connect(name, timeout=10, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout = 10000")
        if readonly:
            version = _version(con)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{name}: written by a newer parley (schema {version})")
            if version < SCHEMA_VERSION:
                raise StoreError(f"{name}: old schema {version}; run `parley ingest` to upgrade")
            return con
        con.execute("PRAGMA journal_mode = WAL")
        # 64 MB of page cache: merge lookups stay in memory as the archive grows, and
        # memory stays bounded whatever its size
        con.execute("PRAGMA cache_size = -65536")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        migrate(con, name)
        return con
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{name}: {explain_error(e)}") from None


def explain_error(e: sqlite3.DatabaseError) -> str:
    text = str(e)
    if "locked" in text or "busy" in text:
        return "the database is locked by another process; try again when it has finished"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only; use a writable copy or another --db"
    if "not a database" in text or "malformed" in text:
        return "not a parley database (or damaged)"
    if "unable to open" in text:
        return "cannot open the database file (missing folder or no permission)"
    return text
