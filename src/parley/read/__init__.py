"""Reading documents: files, folders or standard input to clean :class:`Document` objects.

``iter_documents`` walks paths (folders recursively, in sorted order; ``-`` is standard
input), reads each container (plain text, HTML, JSON, JSON Lines, WARC, gzip), decodes
and repairs the text, and cleans it with :func:`read_text`. A document that cannot be
read is handed to ``on_error`` as a :class:`ReadFailure` and reading goes on: nothing
raises for bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from parley.model import Document
from parley.read.clean import read_text
from parley.read.formats import EXTENSIONS, MAX_BYTES, Raw, ReadFailure, kind_of, read_bytes

__all__ = ["ReadFailure", "iter_documents", "read_text"]


def _files(path: str) -> Iterator[str | ReadFailure]:
    if path == "-":
        yield path
        return
    p = Path(path)
    if p.is_dir():
        found = []
        for root, dirs, names in os.walk(p):
            dirs.sort()
            found.extend(os.path.join(root, n) for n in names if n.lower().endswith(EXTENSIONS))
        yield from sorted(found)
    elif p.is_file():
        yield path
    elif p.exists():
        yield ReadFailure(path, "not a regular file")
    else:
        yield ReadFailure(path, "no such file or directory")


def _read_file(path: str) -> tuple[bytes | None, ReadFailure | None]:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            size = os.path.getsize(path)
            if size > MAX_BYTES:
                return None, ReadFailure(path, f"too large ({size / 1e6:.1f} MB > 20 MB)")
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
    except OSError as e:
        return None, ReadFailure(path, e.strerror or str(e))
    if len(data) > MAX_BYTES:
        return None, ReadFailure(path, "too large (> 20 MB)")
    return data, None


def _document(raw: Raw) -> Document:
    return read_text(
        raw.text,
        raw.source,
        published_hint=raw.published,
        url=raw.url,
        title=raw.title,
        site=raw.site,
    )


def iter_documents(paths: list[str], on_error: Callable[[ReadFailure], None]) -> Iterator[Document]:
    """Every readable document under ``paths``; every unreadable one goes to ``on_error``."""
    for path in paths:
        for item in _files(path):
            if isinstance(item, ReadFailure):
                on_error(item)
                continue
            data, failure = _read_file(item)
            if failure is not None or data is None:
                on_error(failure or ReadFailure(item, "unreadable"))
                continue
            try:
                for raw in read_bytes(item, data, kind_of(item, data)):
                    if isinstance(raw, ReadFailure):
                        on_error(raw)
                        continue
                    try:
                        doc = _document(raw)
                    except Exception as e:  # a cleaner bug must not stop a whole corpus
                        on_error(ReadFailure(raw.source, f"could not clean ({type(e).__name__})"))
                        continue
                    yield doc
            except Exception as e:
                on_error(ReadFailure(item, f"could not read ({type(e).__name__}: {str(e)[:80]})"))
