"""What lets `parley serve` answer a request in a few milliseconds of CPU.

Latency at 32 concurrent connections on a small machine is queueing, so only CPU per
request moves it (docs/api.md). Three costs were paid on every request and need not be:

- opening a connection: a new one reads and parses the schema and starts with an empty
  page cache. :class:`Pool` keeps read-only connections open between requests;
- counting the matches of a filter (a scan of up to 55k index entries at 1M events) for
  every page of it: :class:`Totals` keeps each count until the data changes;
- answering a client that already has the page: :func:`data_stamp` names the state of
  the data, so a page's ETag is known before it is built and a revalidation is a 304.

"The data changed" is read from the files, not asked of SQLite: ``PRAGMA data_version``
only compares within one connection, and the worker processes of `parley serve
--workers N` must agree on ETags. The WAL index header holds a counter SQLite increments
with every transaction (https://www.sqlite.org/walformat.html), the database header a
change counter that rollback-journal mode increments; sizes, mtimes and inodes of the
files catch a checkpoint, a WAL reset and a file replaced under the server.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate

from parley.store.schema import connect

#: Pooled connections read the file through a memory map (SQLite clamps the size to its
#: build's maximum, 2 GB for Debian's): a page the OS has cached costs no read() call and
#: no copy, which took a quarter off the CPU of a list page at 1M events.
MMAP_BYTES = 1 << 34
#: bytes of the WAL index (-shm) that change with each transaction: the first copy of
#: its header (version, change counter, max frame, page count, checksums, salts)
_SHM_HEADER = 48


@dataclass(frozen=True)
class Stamp:
    """The state of a database file: equal stamps mean the same data."""

    tag: str  # short hex digest, used in ETags and as the cache key
    modified: float  # seconds since the epoch of the latest write seen (Last-Modified)

    @property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)


def data_stamp(path: str) -> Stamp:
    """The current :class:`Stamp` of the database at ``path`` (and its -wal and -shm):
    two stat calls and two reads of a few bytes, about 20 µs.

    An empty or missing WAL holds no data (every commit is in the main file): it is left
    out, so that the first reader creating it, or the last one removing it, changes
    nothing. A WAL with frames is named by its size and time and by the WAL index
    header, which every commit rewrites (a checkpoint may restart the WAL at the same
    size)."""
    parts: list[object] = []
    modified = 0.0
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            fh.seek(24)  # the file change counter (rollback-journal mode)
            parts += [st.st_ino, st.st_size, st.st_mtime_ns, fh.read(4)]
        modified = st.st_mtime
    except OSError:
        parts.append(None)
    try:
        wal = os.stat(path + "-wal")
    except OSError:  # no WAL: the main file says it all
        wal = None
    if wal is not None and wal.st_size:
        parts += [wal.st_ino, wal.st_size, wal.st_mtime_ns]
        modified = max(modified, wal.st_mtime)
        try:
            with open(path + "-shm", "rb") as fh:
                parts.append(fh.read(_SHM_HEADER))
        except OSError:
            parts.append(None)
    tag = hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()
    return Stamp(tag, modified)


class Pool:
    """Read-only connections to one database, kept open between requests.

    A request takes one (the last one given back: its page cache is the warmest), uses
    it on one thread at a time, and gives it back; when every connection is busy a new
    one is opened, and at most ``keep`` idle ones are kept. Each statement runs in its
    own read transaction (nothing here opens one explicitly), so a pooled connection
    sees every commit made since its previous request.
    """

    def __init__(self, path: str, keep: int = 64) -> None:
        self.path = path
        self.keep = keep
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def take(self) -> sqlite3.Connection:
        """An idle connection, or a new one (a :class:`~parley.store.StoreError` when the
        database is missing or unusable)."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        con = connect(self.path, readonly=True)
        con.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return con

    def give(self, con: sqlite3.Connection) -> None:
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(con)
                return
        con.close()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        con = self.take()
        try:
            yield con
        finally:
            self.give(con)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for con in idle:
            con.close()


class Totals:
    """How many events each filter matches, counted once per state of the data.

    Keyed by the data's :class:`Stamp` tag and the filter: a write gives a new stamp, so
    a count made before it is never served after it. Counting happens outside the lock
    (two threads may count the same filter once each; both get the right number)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._counts: OrderedDict[tuple[str, Hashable], int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, stamp: str, key: Hashable, count: Callable[[], int]) -> int:
        """The count for ``key`` at ``stamp``; ``count()`` runs only when it is not known.

        ``stamp`` must be read before counting: a write that lands in between then makes
        the count newer than its key, and the next request, reading a new stamp, counts
        again; the other way round a stale count could be kept under the new stamp."""
        full = (stamp, key)
        with self._lock:
            if full in self._counts:
                self._counts.move_to_end(full)
                return self._counts[full]
        n = count()
        with self._lock:
            self._counts[full] = n
            while len(self._counts) > self.size:
                self._counts.popitem(last=False)
        return n


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, RFC 9110 13.1.2:
    W/ prefixes are ignored; ``*`` matches any current representation)."""
    if not header:
        return False
    opaque = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False
