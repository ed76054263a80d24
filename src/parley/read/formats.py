"""Containers: plain text, HTML, JSON / JSON Lines, WARC and gzip, each to raw records.

A reader turns one file's bytes into :class:`Raw` records (text plus whatever metadata
the container carries) or :class:`ReadFailure` values; it never raises for bad input.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from parley.read.decode import NotText, decode_bytes

MAX_BYTES = 20 * 1024 * 1024
#: The longest text one document may have. A news article is rarely over 100,000
#: characters; a longer "document" is a dump or an attack. Extraction time grows with the
#: text (the densest, a line of names and "met" after another, takes about 1.5 s at this
#: length), so a longer one is skipped with one line instead of stalling the batch.
MAX_TEXT_CHARS = 200_000
_SURROGATE = re.compile("[\ud800-\udfff]")
EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl", ".warc", ".warc.gz", ".gz")


@dataclass(frozen=True)
class ReadFailure:
    """A document that could not be read: ``source`` is its path (``path:LINE`` in JSONL)."""

    source: str
    reason: str


@dataclass
class Raw:
    source: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    site: str | None = None


Item = Raw | ReadFailure


def kind_of(name: str, data: bytes) -> str:
    """The reader for a file: by extension, else by sniffing its first bytes."""
    low = name.lower()
    if low.endswith((".warc", ".warc.gz")):
        return "warc"
    if low.endswith(".gz"):
        return "gz"
    for ext, kind in (
        (".html", "html"),
        (".htm", "html"),
        (".jsonl", "jsonl"),
        (".json", "json"),
        (".txt", "txt"),
    ):
        if low.endswith(ext):
            return kind
    return sniff(data)


def sniff(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        return "gz"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<div", b"<p")):
        return "html"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") and b"\n{" in data[:65536] else "json"
    return "txt"


def text_too_long(text: str) -> str | None:
    """The reason a document's text is refused for its length, or None."""
    if len(text) <= MAX_TEXT_CHARS:
        return None
    return f"skipped: too long ({len(text):,} characters > {MAX_TEXT_CHARS:,})"


def valid_text(value: str) -> str:
    """``value`` with every lone surrogate (a JSON ``\\ud800`` escape) replaced by U+FFFD:
    what cannot be encoded as UTF-8 must not reach the id, the store or the output."""
    if value.isascii():  # (no surrogate is ASCII) not searched
        return value
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def read_bytes(source: str, data: bytes, kind: str) -> Iterator[Item]:
    if len(data) > MAX_BYTES:
        yield ReadFailure(source, f"too large ({len(data) / 1e6:.1f} MB > 20 MB)")
        return
    if not data:
        yield ReadFailure(source, "empty file")
        return
    reader = _READERS[kind]
    yield from reader(source, data)


def _txt(source: str, data: bytes) -> Iterator[Item]:
    try:
        yield Raw(source, decode_bytes(data))
    except NotText as e:
        yield ReadFailure(source, e.reason)


def html_to_raw(source: str, html: str, url: str | None = None) -> Item:
    """Main text and metadata of an HTML page through trafilatura, from one parse.

    ``trafilatura.bare_extraction(with_metadata=True)`` costs three times the extraction
    alone (docs/reading.md): it looks for authors, licences, categories and tags parley
    never reads, and hunts for a date through the whole page's text. The tree is parsed
    once here; the title, URL and site name come from trafilatura's own readers of
    ``<meta>``, JSON-LD and ``<title>``, the date from htmldate's markup stages (``<meta>``,
    JSON-LD, ``<time>`` and date-like elements, without the free-text search), and the
    tree goes on to the extraction, which leaves it as it was.
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        if tree is None:
            return ReadFailure(source, "no article text found in HTML")
        found = _html_metadata(tree, url)
        result = bare_extraction(
            tree,
            url=url or found.get("url"),
            with_metadata=False,
            include_comments=False,
            include_tables=False,
            favor_precision=False,
        )
    except (TypeError, ValueError):  # what trafilatura itself takes for "nothing found"
        return ReadFailure(source, "no article text found in HTML")
    except Exception as e:  # trafilatura raises a variety of parser errors on junk
        return ReadFailure(source, f"invalid HTML ({type(e).__name__})")
    if result is None:
        return ReadFailure(source, "no article text found in HTML")
    get = result.get if isinstance(result, dict) else lambda k: getattr(result, k, None)
    text = get("text") or ""
    if not text.strip():
        return ReadFailure(source, "no article text found in HTML")
    return Raw(
        source,
        text,
        title=found.get("title") or None,
        published=found.get("date") or None,
        url=found.get("url") or url,
        site=found.get("sitename") or None,
    )


def markup_date(tree: Any, url: str | None) -> str | None:
    """The page's publication date as its markup states it, or None.

    htmldate's ``find_date`` up to its last markup stage: the URL, ``<meta>`` headers,
    JSON-LD, ``<abbr>``, elements whose id, class or itemprop mark a date (any tag, as
    its extensive search looks for them), ``<title>``/``<h1>`` and ``<time>``, in its
    order and with its rules (original date, nothing after today). Its text stages
    (timestamp patterns over the serialised page, site idiosyncrasies, free text) are
    left out: they cost two thirds of the time, and a date written in the text is read by
    the cleaner from the article's own header lines. The tree is left as it was.
    """
    from copy import deepcopy
    from datetime import datetime

    from htmldate import core as hd

    options = hd.Extractor(
        True,
        hd.get_max_date(datetime.now().astimezone().strftime("%Y-%m-%d")),
        hd.get_min_date(None),
        True,
        "%Y-%m-%d",
    )
    if url is None:
        link = tree.find('.//link[@rel="canonical"]')
        if link is not None:
            url = link.get("href")
    found: str | None = hd.extract_url_date(url, options)
    if found is not None:
        return found
    found = hd.examine_header(tree, options) or hd.json_search(tree, options)
    if found is not None:
        return found
    found = hd.examine_abbr_elements(tree, options)
    if found is not None:
        return found
    pruned = deepcopy(tree)
    with suppress(ValueError):  # lxml refuses NULL bytes and control characters: as htmldate
        pruned = hd.discard_unwanted(hd.clean_html(pruned, hd.CLEANING_LIST))
    return (
        hd.examine_elements(hd.date_candidates(pruned, True), options)
        or hd.examine_elements(pruned.xpath(".//title|.//h1"), options)
        or hd.examine_time_elements(pruned, options)
    )


def _html_metadata(tree: Any, url: str | None) -> dict[str, str | None]:
    """Title, URL, site name and date of a parsed page, as trafilatura's metadata pass
    gives them (the same readers, in the same order, trimmed the same way), without the
    fields parley does not use and without the free-text date search."""
    from html import unescape

    from trafilatura import metadata as tm
    from trafilatura.settings import Document as Fields
    from trafilatura.utils import line_processing

    meta: Fields = tm.examine_meta(tree)
    with suppress(Exception):  # as trafilatura: a bug in its JSON-LD reader loses it only
        meta = tm.extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = tm.extract_title(tree)
    if not meta.url:
        meta.url = tm.extract_url(tree, url)
    meta.date = markup_date(tree, meta.url)
    if not meta.sitename:
        meta.sitename = tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        host = tm.META_URL.match(meta.url)
        if host:
            meta.sitename = host[1]
    out: dict[str, str | None] = {}
    for key in ("title", "url", "sitename", "date"):
        value = getattr(meta, key)
        if isinstance(value, str):
            value = value[:9999] + "…" if len(value) > 10000 else value
            value = line_processing(unescape(value))
        out[key] = value
    return out


def _html(source: str, data: bytes) -> Iterator[Item]:
    try:
        text = decode_bytes(data)
    except NotText as e:
        yield ReadFailure(source, e.reason)
        return
    yield html_to_raw(source, text)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return valid_text(value).strip() or None
    if isinstance(value, int | float):
        return str(value)
    return None


def record_to_raw(source: str, record: Any) -> Item:
    """A news-please record (title, maintext, date_publish, source_domain, url) or a plain
    one (url, title, text, published)."""
    if not isinstance(record, dict):
        return ReadFailure(source, "invalid record (not a JSON object)")
    text = None
    for key in ("maintext", "text", "body", "content", "article"):
        text = _str(record.get(key))
        if text:
            break
    html = _str(record.get("html"))
    url = _str(record.get("url"))
    if not text and html:
        item = html_to_raw(source, html, url)
        if isinstance(item, ReadFailure):
            return item
        text = item.text
    if not text:
        return ReadFailure(source, "record has no text")
    published = None
    for key in ("date_publish", "published", "date", "published_at", "pubdate"):
        published = _str(record.get(key))
        if published:
            break
    site = (
        _str(record.get("source_domain"))
        or _str(record.get("outlet"))
        or _str(record.get("source"))
    )
    return Raw(
        source,
        text,
        title=_str(record.get("title")) or _str(record.get("headline")),
        published=published,
        url=url,
        site=site,
    )


def _json(source: str, data: bytes) -> Iterator[Item]:
    try:
        value = json.loads(decode_bytes(data))
    except NotText as e:
        yield ReadFailure(source, e.reason)
        return
    except (ValueError, RecursionError) as e:
        yield ReadFailure(source, f"invalid JSON ({str(e)[:80]})")
        return
    if isinstance(value, list):
        if not value:
            yield ReadFailure(source, "empty JSON list")
        for i, record in enumerate(value, 1):
            yield record_to_raw(f"{source}:{i}" if len(value) > 1 else source, record)
    else:
        yield record_to_raw(source, value)


def _jsonl(source: str, data: bytes) -> Iterator[Item]:
    try:
        text = decode_bytes(data)
    except NotText as e:
        yield ReadFailure(source, e.reason)
        return
    any_line = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        any_line = True
        where = f"{source}:{n}"
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as e:
            yield ReadFailure(where, f"malformed JSON line ({str(e)[:80]})")
            continue
        yield record_to_raw(where, record)
    if not any_line:
        yield ReadFailure(source, "empty file")


def _gunzip(data: bytes) -> bytes:
    """Decompress with a size cap; raises EOFError/OSError/zlib.error on bad data."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
        while chunk := f.read(1 << 20):
            out.write(chunk)
            if out.tell() > MAX_BYTES:
                raise _TooLarge
    return out.getvalue()


class _TooLarge(Exception):
    pass


def _gz(source: str, data: bytes) -> Iterator[Item]:
    try:
        inner = _gunzip(data)
    except _TooLarge:
        yield ReadFailure(source, "too large once decompressed (> 20 MB)")
        return
    except EOFError:
        yield ReadFailure(source, "truncated gzip")
        return
    except (OSError, zlib.error) as e:
        yield ReadFailure(source, f"invalid gzip ({e})")
        return
    name = source[:-3] if source.lower().endswith(".gz") else source
    kind = kind_of(name, inner)
    if kind == "gz":
        yield ReadFailure(source, "nested gzip")
        return
    yield from read_bytes(source, inner, kind)


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _quiet_archive_iterator(data: bytes) -> Any:
    """warcio's iterator without its own three-line warning on standard error (a record
    not followed by a blank line): the count is kept in ``err_count`` and reported here in
    one line."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""

    return Quiet(io.BytesIO(data))


def gzip_members_end(data: bytes) -> tuple[int, str | None]:
    """Where the last whole gzip member of ``data`` ends, and what is wrong after it (None
    when the data is whole gzip). warcio reads a gzipped WARC member by member and stops
    quietly where a download was cut, so the cut must be found here; the data is
    decompressed in bounded pieces and the output thrown away."""
    view = memoryview(data)
    pos = 0
    while pos < len(data):
        if data[pos : pos + 2] != b"\x1f\x8b":
            junk = "trailing bytes after the gzip data" if pos else "not gzip"
            return pos, None if not data[pos:].strip(b"\x00") else junk
        member = zlib.decompressobj(wbits=31)
        start = pos
        while not member.eof:
            if pos >= len(data):
                return start, "truncated gzip"
            chunk = view[pos : pos + _GZIP_PIECE]
            rest: bytes | memoryview = chunk
            try:
                while rest and not member.eof:
                    member.decompress(rest, _GZIP_PIECE)
                    rest = member.unconsumed_tail
            except zlib.error as e:
                return start, f"invalid gzip ({e})"
            pos += len(chunk) - (len(member.unused_data) if member.eof else 0)
    return pos, None


_GZIP_PIECE = 1 << 16


def _warc(source: str, data: bytes) -> Iterator[Item]:
    cut: str | None = None
    if data[:2] == b"\x1f\x8b":  # read the whole members only; the cut is one failure
        end, cut = gzip_members_end(data)
        data = data[:end]
    yield from _warc_records(source, data, cut)


def _warc_records(source: str, data: bytes, cut: str | None) -> Iterator[Item]:
    n = 0
    records = _quiet_archive_iterator(data)
    try:
        for record in records:
            if record.rec_type not in ("response", "resource"):
                continue
            headers = record.http_headers
            ctype = (headers.get_header("Content-Type") if headers else None) or (
                record.rec_headers.get_header("Content-Type") or ""
            )
            if "html" not in ctype.lower():
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}:{n}"
            body = record.content_stream().read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                yield ReadFailure(where, "record too large (> 20 MB)")
                continue
            if getattr(record.raw_stream, "limit", 0):
                yield ReadFailure(where, "truncated WARC record")
                continue
            try:
                html = decode_bytes(body, _charset(ctype))
            except NotText as e:
                yield ReadFailure(where, e.reason)
                continue
            item = html_to_raw(where, html, url)
            if isinstance(item, Raw) and not item.url:
                item.url = url
            yield item
    except Exception as e:  # warcio signals truncation with several exception types
        yield ReadFailure(source, f"truncated or invalid WARC ({type(e).__name__}: {str(e)[:80]})")
        return
    if cut is not None:
        yield ReadFailure(source, f"{cut} (the {n} whole HTML record(s) before it were read)")
    elif n == 0:
        yield ReadFailure(source, "no HTML response records in WARC")
    elif getattr(records, "err_count", 0):
        yield ReadFailure(
            source,
            f"{records.err_count} WARC record(s) not followed by a blank line "
            "(wrong Content-Length?); the records read may be cut",
        )


_READERS = {"txt": _txt, "html": _html, "json": _json, "jsonl": _jsonl, "gz": _gz, "warc": _warc}
