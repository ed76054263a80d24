"""`parley ingest --engine dask`: read and extract on a Dask cluster, merge in the store.

Shards (a file each: text, HTML, JSON Lines, WARC, local paths or fsspec URLs such as
s3://) are read and extracted by the workers, in parallel; each shard's documents, with
their extracted events and statements, become one Parquet part file per table under
``OUT/documents/``, ``OUT/mentions/`` and ``OUT/statements/`` (queryable directly with
DuckDB, pandas or Spark). Part files are named after the shard and written to a
temporary name then renamed, so a task that is retried after its worker died rewrites
its own file: nothing is lost or duplicated.

``load`` then feeds the parts, in sorted order, to the same store a local ingest uses.
Merging there is a function of the set of mentions (see :mod:`parley.store.merge`), so
the merged events are exactly those of a local run, whatever the partitioning.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from parley.model import Dateline, Document, Event, Location, Participant, Span, Statement

TABLES = ("documents", "mentions", "statements")


@dataclass
class ShardResult:
    shard: str
    documents: int = 0
    mentions: int = 0
    statements: int = 0
    failures: list[str] = field(default_factory=list)


def list_shards(paths: list[str]) -> list[str]:
    """Every readable file under the paths (folders recursively), local or fsspec URL."""
    import fsspec

    from parley.read.formats import EXTENSIONS

    out: list[str] = []
    for path in paths:
        fs, root = fsspec.core.url_to_fs(path)
        protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        prefix = "" if protocol in ("file", "local") else f"{protocol}://"
        if fs.isdir(root):
            found = sorted(p for p in fs.find(root) if p.lower().endswith(EXTENSIONS))
            out.extend(prefix + p for p in found)
        else:
            out.append(path if prefix else str(Path(root)))
    return out


def _documents(shard: str, failures: list[str]) -> Iterator[Document]:
    """Read one shard through the same readers as `parley read`."""
    import fsspec

    from parley.read import read_text
    from parley.read.formats import MAX_BYTES, ReadFailure, kind_of, read_bytes

    try:
        with fsspec.open(shard, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        failures.append(f"{shard}: {e.strerror or e}")
        return
    if len(data) > MAX_BYTES:
        failures.append(f"{shard}: too large (> 20 MB)")
        return
    for raw in read_bytes(shard, data, kind_of(shard, data)):
        if isinstance(raw, ReadFailure):
            failures.append(f"{raw.source}: {raw.reason}")
            continue
        try:
            yield read_text(
                raw.text,
                raw.source,
                published_hint=raw.published,
                url=raw.url,
                title=raw.title,
                site=raw.site,
            )
        except Exception as e:  # a cleaner bug must not stop the shard
            failures.append(f"{raw.source}: could not clean ({type(e).__name__})")


def _part_name(index: int, shard: str) -> str:
    """Parts sort in shard order, so loading them meets documents in the order a local
    ingest reads them (the first of two identical articles is the one kept)."""
    return f"{index:09d}-" + hashlib.sha1(shard.encode()).hexdigest()[:12] + ".parquet"


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def process_shard(
    shard: str, out: str, published: str | None = None, index: int = 0
) -> ShardResult:
    """Read, extract and write one shard's part files (runs on a worker)."""
    from parley.extract import extract_document

    res = ShardResult(shard)
    docs, mentions, said = [], [], []
    for doc in _documents(shard, res.failures):
        try:
            events, statements = extract_document(doc, published)
        except Exception as e:
            res.failures.append(f"{doc.doc}: extraction failed ({type(e).__name__})")
            continue
        docs.append(_document_row(doc, events, statements))
        mentions.extend(_mention_row(doc, i, e) for i, e in enumerate(events))
        said.extend(_statement_row(doc, i, s) for i, s in enumerate(statements))
    name = _part_name(index, shard)
    root = Path(out)
    _write(pa.Table.from_pylist(docs, schema=DOCUMENT_SCHEMA), root / "documents" / name)
    _write(pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA), root / "mentions" / name)
    _write(pa.Table.from_pylist(said, schema=STATEMENT_SCHEMA), root / "statements" / name)
    res.documents, res.mentions, res.statements = len(docs), len(mentions), len(said)
    return res


DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("doc", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
        ("lang", pa.string()),
        ("title", pa.string()),
        ("dateline_place", pa.string()),
        ("dateline_date", pa.string()),
        ("text", pa.string()),
        ("original", pa.string()),
        ("events_json", pa.string()),
        ("statements_json", pa.string()),
    ]
)
MENTION_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("position", pa.int32()),
        ("kind", pa.string()),
        ("status", pa.string()),
        ("primary", pa.bool_()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("city", pa.string()),
        ("country", pa.string()),
        ("participants", pa.string()),
        ("countries", pa.string()),
        ("cameo", pa.string()),
        ("topics", pa.string()),
    ]
)
STATEMENT_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("position", pa.int32()),
        ("speaker", pa.string()),
        ("speaker_country", pa.string()),
        ("stance", pa.string()),
        ("target_country", pa.string()),
        ("topics", pa.string()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
    ]
)


def _event_json(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    d["participants"] = [{**p.to_dict(), "key": p.key} for p in e.participants]
    d["host"] = e.host
    return d


def _document_row(doc: Document, events: list[Event], said: list[Statement]) -> dict[str, Any]:
    dl = doc.dateline
    return {
        "id": doc.id,
        "doc": doc.doc,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published,
        "lang": doc.lang,
        "title": doc.title,
        "dateline_place": dl.place if dl else None,
        "dateline_date": dl.date if dl else None,
        "text": doc.text,
        "original": doc.original,
        "events_json": json.dumps([_event_json(e) for e in events], ensure_ascii=False),
        "statements_json": json.dumps([s.to_dict() for s in said], ensure_ascii=False),
    }


def _mention_row(doc: Document, i: int, e: Event) -> dict[str, Any]:
    loc = e.location
    return {
        "document_id": doc.id,
        "position": i,
        "kind": e.kind,
        "status": e.status,
        "primary": e.primary,
        "date": e.date,
        "date_precision": e.date_precision,
        "city": loc.city if loc else None,
        "country": loc.country if loc else None,
        "participants": "; ".join(p.name for p in e.participants),
        "countries": ",".join(e.countries),
        "cameo": e.cameo,
        "topics": ",".join(e.topics),
    }


def _statement_row(doc: Document, i: int, s: Statement) -> dict[str, Any]:
    return {
        "document_id": doc.id,
        "position": i,
        "speaker": s.speaker.get("name"),
        "speaker_country": s.speaker.get("country"),
        "stance": s.stance,
        "target_country": (s.target or {}).get("country"),
        "topics": ",".join(s.topics),
        "text": s.text,
        "start": s.start,
        "end": s.end,
    }


def _event_from(d: dict[str, Any], doc: str) -> Event:
    loc = d.get("location")
    return Event(
        doc=doc,
        kind=d["kind"],
        status=d["status"],
        primary=d["primary"],
        participants=[
            Participant(p["name"], p.get("country"), p.get("role"), p.get("id"), p.get("key"))
            for p in d["participants"]
        ],
        countries=list(d["countries"]),
        date=d.get("date"),
        date_precision=d.get("date_precision"),
        location=Location(**loc) if loc else None,
        occasion=d.get("occasion"),
        initiator=d.get("initiator"),
        host=d.get("host"),
        cameo=d["cameo"],
        plover=dict(d["plover"]),
        evidence=[Span(s["start"], s["end"], s["text"]) for s in d["evidence"]],
        confidence=d["confidence"],
        topics=list(d.get("topics") or []),
    )


def read_parts(root: str) -> Iterator[tuple[Document, list[Event], list[Statement]]]:
    """The documents of a dataset with their events and statements, part by part in order."""
    folder = Path(root) / "documents"
    for part in sorted(folder.glob("*.parquet")):
        for row in pq.read_table(part).to_pylist():
            dl = None
            if row["dateline_place"] or row["dateline_date"]:
                dl = Dateline(row["dateline_place"], row["dateline_date"])
            doc = Document(
                doc=row["doc"],
                id=row["id"],
                original=row["original"],
                text=row["text"],
                title=row["title"],
                published=row["published"],
                outlet=row["outlet"],
                lang=row["lang"],
                dateline=dl,
                url=row["url"],
            )
            events = [_event_from(e, doc.doc) for e in json.loads(row["events_json"])]
            said = [Statement(**s) for s in json.loads(row["statements_json"])]
            yield doc, events, said


def load(root: str, db: str, batch_size: int = 200) -> dict[str, int]:
    """Store a dataset's documents and merge their events (same store as a local ingest)."""
    from parley.store import Store

    counts = {"documents": 0, "new": 0, "duplicates": 0}
    with Store(db) as store:
        batch: list[tuple[Document, list[Event], list[Statement]]] = []

        def flush() -> None:
            res = store.add_batch(batch)
            counts["new"] += res.new_documents
            counts["duplicates"] += res.duplicates
            batch.clear()

        for item in read_parts(root):
            counts["documents"] += 1
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return counts


def submit(client: Any, paths: list[str], out: str, published: str | None = None) -> list[Any]:
    """One task per shard; a task whose worker dies is retried elsewhere."""
    shards = list_shards(paths)
    n = len(shards)
    return client.map(
        process_shard, shards, [out] * n, [published] * n, list(range(n)), retries=3, pure=False
    )


def run(
    paths: list[str],
    out: str,
    scheduler: str | None = None,
    workers: int = 2,
    published: str | None = None,
) -> list[ShardResult]:
    """Process every shard on a Dask cluster (a LocalCluster without ``scheduler``)."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        return list(client.gather(submit(client, paths, out, published)))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
