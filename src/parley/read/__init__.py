"""Reading documents: files, folders or standard input to clean :class:`Document` objects.

``iter_documents`` walks paths (folders recursively, in sorted order; ``-`` is standard
input), reads each container (plain text, HTML, JSON, JSON Lines, WARC, gzip), decodes
and repairs the text, and cleans it with :func:`read_text`. A document that cannot be
read is handed to ``on_error`` as a :class:`ReadFailure` and reading goes on: nothing
raises for bad input.

Only regular files are read: a FIFO, socket or device in a folder is reported, never
opened for reading (it could block forever), and a folder that cannot be listed is
reported too. A file name that is not valid UTF-8 is carried as bytes it was and shown
with its undecodable bytes escaped (``caf\\xe9.txt``), so that every name parley prints
or stores is valid UTF-8.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator

from parley.model import Document
from parley.read.clean import read_text
from parley.read.formats import (
    EXTENSIONS,
    MAX_BYTES,
    Raw,
    ReadFailure,
    kind_of,
    read_bytes,
    text_too_long,
    valid_text,
)

__all__ = [
    "ReadFailure",
    "display_name",
    "documents_of",
    "input_files",
    "iter_documents",
    "read_text",
    "sources",
]


def display_name(path: str) -> str:
    """A path as parley prints and stores it: valid UTF-8 whatever the file system holds.

    Python gives an undecodable byte of a file name as a lone surrogate
    (``surrogateescape``); it becomes ``\\xNN`` here, so the name can be written to JSON,
    to SQLite and to a terminal. Names that are valid UTF-8 are returned unchanged."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape") if _only_escapes(path) else None
        if raw is not None:
            return raw.decode("utf-8", "backslashreplace")
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _only_escapes(path: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in path)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "a special file"


def _not_regular(path: str, mode: int) -> ReadFailure:
    return ReadFailure(display_name(path), f"not a regular file ({_kind(mode)})")


def _walk(root: str) -> Iterator[str | ReadFailure]:
    """Files of a folder tree with a known extension, sorted; what cannot be listed or is
    not a regular file is a failure, in the same order."""
    found: list[tuple[str, str | ReadFailure]] = []

    def unlisted(e: OSError) -> None:
        where = e.filename if isinstance(e.filename, str) else root
        found.append((where, ReadFailure(display_name(where), _reason(e, "cannot list folder"))))

    for folder, dirs, names in os.walk(root, onerror=unlisted):
        dirs.sort()
        for n in names:
            if not n.lower().endswith(EXTENSIONS):
                continue
            full = os.path.join(folder, n)
            try:
                mode = os.stat(full).st_mode
            except OSError as e:  # a dangling symbolic link, a file removed meanwhile
                found.append((full, ReadFailure(display_name(full), _reason(e, "unreadable"))))
                continue
            found.append((full, full if stat.S_ISREG(mode) else _not_regular(full, mode)))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _reason(e: OSError, default: str) -> str:
    return (e.strerror or str(e) or default).lower()


def input_files(path: str) -> Iterator[str | ReadFailure]:
    """What ``path`` names: ``-``, a regular file, or a folder's files; each item is a path
    to read (as the file system spells it) or a failure naming it for display."""
    if path == "-":
        yield path
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield ReadFailure(display_name(path), "no such file or directory")
        return
    except OSError as e:
        yield ReadFailure(display_name(path), _reason(e, "unreadable"))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path)
    elif stat.S_ISREG(mode):
        yield path
    else:
        yield _not_regular(path, mode)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def open_regular(path: str) -> int:
    """A file descriptor of ``path`` opened for reading, or OSError. Opening never blocks
    (a FIFO swapped in after the walk would wait for a writer) and anything that is not a
    regular file is refused."""
    fd, _ = _open_regular(path)
    return fd


def _open_regular(path: str) -> tuple[int, int]:
    """(file descriptor, size) of a regular file, from one ``fstat``."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, f"not a regular file ({_kind(st.st_mode)})", path)
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def _read_fd(fd: int, size: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes from ``fd``, read to its end.

    ``read(limit + 1)`` would allocate the whole 20 MB for a 2 KB file (a third of the
    cost of reading one): the first read asks for the size ``fstat`` gave and one byte
    more, so a file that grew meanwhile is read on, to the same limit. ``os.read``
    rather than a buffered file object: the object, its buffer and its ``stat`` cost
    twice the read itself on an article of a few KB."""
    chunks: list[bytes] = []
    total = 0
    ask = min(size, limit) + 1
    while total <= limit:
        chunk = os.read(fd, ask)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        ask = limit + 1 - total
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_regular(path: str, limit: int = MAX_BYTES) -> bytes:
    """Up to ``limit + 1`` bytes of a regular file (see :func:`open_regular`)."""
    fd, size = _open_regular(path)
    try:
        return _read_fd(fd, size, limit)
    finally:
        os.close(fd)


def _read_file(path: str) -> tuple[bytes | None, ReadFailure | None]:
    shown = display_name(path)
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            data = _read_path(path, shown)
            if isinstance(data, ReadFailure):
                return None, data
    except OSError as e:
        return None, ReadFailure(shown, _reason(e, "unreadable"))
    if len(data) > MAX_BYTES:
        return None, ReadFailure(shown, "too large (> 20 MB)")
    return data, None


def _too_large(shown: str, size: int) -> ReadFailure:
    return ReadFailure(shown, f"too large ({size / 1e6:.1f} MB > 20 MB)")


def _read_path(path: str, shown: str) -> bytes | ReadFailure:
    """The bytes of a regular file, or why not: a file over the limit is refused before
    it is read, a special file before it is read from.

    One ``open`` and one ``fstat`` (the size, the kind) where a ``stat`` of the path, an
    ``fstat`` for the kind and another for the size were made. When the file cannot be
    opened, the path's ``stat`` decides, as it did first before: a file that cannot be
    stat'ed fails with that reason, one too large as too large, others with the reason
    it could not be opened."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        size = os.path.getsize(path)  # its own OSError is the reason, as before
        if size > MAX_BYTES:
            return _too_large(shown, size)
        raise
    try:
        st = os.fstat(fd)
        if st.st_size > MAX_BYTES:
            return _too_large(shown, st.st_size)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, f"not a regular file ({_kind(st.st_mode)})", path)
        return _read_fd(fd, st.st_size, MAX_BYTES)
    finally:
        os.close(fd)


def _document(raw: Raw) -> Document:
    def valid(value: str | None) -> str | None:
        return valid_text(value) if value is not None else None

    return read_text(
        valid_text(raw.text),
        display_name(raw.source),
        published_hint=valid(raw.published),
        url=valid(raw.url),
        title=valid(raw.title),
        site=valid(raw.site),
    )


def documents_of(source: str, data: bytes) -> Iterator[Document | ReadFailure]:
    """Every document of one file's bytes, or the failure of each that cannot be read;
    nothing raises (``source`` is the name to show and store)."""
    try:
        for raw in read_bytes(source, data, kind_of(source, data)):
            if isinstance(raw, ReadFailure):
                yield raw
                continue
            too_long = text_too_long(raw.text)
            if too_long:
                yield ReadFailure(raw.source, too_long)
                continue
            try:
                doc = _document(raw)
            except Exception as e:  # a cleaner bug must not stop a whole corpus
                yield ReadFailure(raw.source, f"could not clean ({type(e).__name__})")
                continue
            yield doc
    except Exception as e:
        yield ReadFailure(source, f"could not read ({type(e).__name__}: {str(e)[:80]})")


def sources(
    paths: list[str], on_error: Callable[[ReadFailure], None]
) -> Iterator[tuple[str, bytes]]:
    """(name to show and store, bytes) of every readable file under ``paths``, in order;
    a file that cannot be read goes to ``on_error``. The cheap half of reading: what
    :func:`documents_of` then makes of the bytes is the costly half, which `parley
    ingest --jobs` hands to other processes."""
    for path in paths:
        for item in input_files(path):
            if isinstance(item, ReadFailure):
                on_error(item)
                continue
            data, failure = _read_file(item)
            if failure is not None or data is None:
                on_error(failure or ReadFailure(display_name(item), "unreadable"))
                continue
            yield display_name(item), data


def iter_documents(paths: list[str], on_error: Callable[[ReadFailure], None]) -> Iterator[Document]:
    """Every readable document under ``paths``; every unreadable one goes to ``on_error``."""
    for name, data in sources(paths, on_error):
        for got in documents_of(name, data):
            if isinstance(got, ReadFailure):
                on_error(got)
            else:
                yield got
