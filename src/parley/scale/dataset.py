"""The Parquet dataset `ingest --engine dask` writes: its tables, part files and marker.

One folder per table (``documents/``, ``mentions/``, ``events/``, ...), each a set of
Parquet part files, so DuckDB, pandas or Spark read a table as ``DATASET/events/*.parquet``.
The columns are those of the SQLite store (JSON lists stay JSON strings), plus ``order``:
where the document stood in the input (shard number and record in the shard), which is
what decides, as in a local ingest, which of two copies of an article is the one kept.

Everything goes through fsspec, so the dataset can live on a shared file system or in an
object store (``s3://bucket/run/``) that every worker can reach. A part is written whole:
locally to a temporary name then renamed, on an object store (S3, GCS) by an upload that
becomes visible only once complete. A task
retried after its worker died therefore rewrites its own part and nothing is half
written. ``_parley.json`` is written last: a dataset without it is incomplete and is
refused by ``parley load``.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from parley.store import rows

FORMAT = 2  # 2: documents carry near_parent; copies and near-duplicates in rank order
MARKER = "_parley.json"
WORK = "_work"  # intermediate parts, removed when the dataset is complete
# A task that raises (an object store's passing error) is run again up to this many
# times; one whose worker died is rescheduled by Dask itself (its allowed-failures).
RETRIES = 3

#: A document's place in the input: ``shard << SHARD_SHIFT | record``. A shard is at most
#: 20 MB, so it never holds 2**24 records.
SHARD_SHIFT = 24
#: A mention's key: ``order << POSITION_BITS | position`` (one int64 for the
#: connected-components step; 2**23 shards of 2**24 records, 2**16 events a document).
POSITION_BITS = 16
MAX_SHARDS = 2 ** (63 - POSITION_BITS - SHARD_SHIFT) - 1

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema(list(cols))


_ARROW = {"string": _S, "int64": _I, "float64": _F, "bool": _B, "binary": pa.binary()}


def _fields(columns: tuple[rows.Column, ...]) -> tuple[tuple[str, pa.DataType], ...]:
    """The Parquet fields of store columns declared in :mod:`parley.store.rows`."""
    return tuple((c.name, _ARROW[c.arrow]) for c in columns)


_MENTION = (*_fields(rows.MENTION), ("published", _S), ("outlet", _S), ("duplicate_of", _S))
_DOCUMENT = (("order", _I), *_fields(rows.DOCUMENT), ("minhash", pa.binary()))

#: The tables of a finished dataset: the store's columns (:mod:`parley.store.rows`), plus
#: ``order`` (the input order) where a row comes from one document.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema(*_DOCUMENT),
    "document_paths": _schema(("order", _I), ("path", _S), ("document_id", _S)),
    "mentions": _schema(("order", _I), *_MENTION, ("event_id", _S)),
    "statements": _schema(("order", _I), *_fields(rows.STATEMENT)),
    "events": _schema(*_fields(rows.EVENT)),
    "event_sources": _schema(*_fields(rows.SOURCE)),
    "event_participants": _schema(*_fields(rows.PARTICIPANT)),
    "actors": _schema(*_fields(rows.ACTOR)),
}
#: Intermediate tables under ``_work/``: the workers' extraction output, and what the
#: client decided for each shard (later copies, near-duplicates, merge groups, events).
WORK_SCHEMAS: dict[str, pa.Schema] = {
    "extracted/documents": SCHEMAS["documents"],
    "extracted/mentions": SCHEMAS["mentions"],
    "extracted/statements": SCHEMAS["statements"],
    "repeats": _schema(("order", _I)),
    "near_duplicates": _schema(
        ("order", _I), ("duplicate_of", _S), ("similarity", _F), ("near_parent", _S)
    ),
    "groups": _schema(("mention", _I), ("group", _I)),
    "event_of": _schema(("mention", _I), ("event_id", _S)),
}


class DatasetError(Exception):
    """A dataset parley cannot use as asked; the message names it and says why."""


def filesystem(root: str) -> tuple[Any, str]:
    """The fsspec file system and the path in it for a local folder or a URL."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(root)
    return fs, path.rstrip("/")


def _is_local(fs: Any) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def part_name(index: int) -> str:
    """Parts sort in shard order: ``000000012.parquet`` holds shard 12."""
    return f"{index:09d}.parquet"


def table_dir(root: str, table: str) -> str:
    """Where a table's parts live (``_work/`` tables for names in :data:`WORK_SCHEMAS`)."""
    base = root.rstrip("/")
    return f"{base}/{WORK}/{table}" if table in WORK_SCHEMAS else f"{base}/{table}"


def _schema_of(table: str) -> pa.Schema:
    return WORK_SCHEMAS[table] if table in WORK_SCHEMAS else SCHEMAS[table]


def write_part(
    root: str, table: str, name: str, rows: list[dict[str, Any]] | pa.Table | pd.DataFrame
) -> None:
    """Write one part file whole (see the module docstring for why)."""
    schema = _schema_of(table)
    if isinstance(rows, pd.DataFrame):
        data = pa.Table.from_pandas(rows, schema=schema, preserve_index=False)
    elif isinstance(rows, pa.Table):
        data = rows.select(schema.names).cast(schema)
    else:
        data = pa.Table.from_pylist(rows, schema=schema)
    fs, base = filesystem(table_dir(root, table))
    fs.makedirs(base, exist_ok=True)
    path = f"{base}/{name}"
    if not _is_local(fs):
        pq.write_table(data, path, filesystem=fs)
        return
    # a dot name: pandas, Spark and DuckDB's *.parquet skip a part a killed worker left
    tmp = f"{base}/.{name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    pq.write_table(data, tmp)
    os.replace(tmp, path)


def write_by_shard(root: str, table: str, df: pd.DataFrame, shards: Any) -> None:
    """A client-side decision written back as one small part per shard it concerns
    (``shards``: each row's shard number), so that the tasks read files, not a graph."""
    if df.empty:
        return
    for index, part in df.groupby(shards, sort=True):
        write_part(root, table, part_name(int(index)), part)


def read_part(root: str, table: str, name: str, columns: list[str] | None = None) -> pa.Table:
    """One part; an annotation part the client had nothing to write for is empty."""
    fs, base = filesystem(table_dir(root, table))
    path = f"{base}/{name}"
    if table in WORK_SCHEMAS and not table.startswith("extracted/") and not fs.exists(path):
        empty = _schema_of(table).empty_table()
        return empty.select(columns) if columns else empty
    try:
        return pq.read_table(path, columns=columns, filesystem=fs)
    except (OSError, pa.ArrowException) as e:
        raise DatasetError(f"{path}: unreadable part ({str(e)[:120]})") from None


def frame(table: pa.Table) -> pd.DataFrame:
    """A DataFrame keeping Arrow types, so nulls stay nulls (not NaN) through shuffles and
    an integer column stays integer."""
    df: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)  # pyarrow is untyped
    return df


def first_rows(root: str, table: str, name: str, columns: list[str] | None = None) -> pa.Table:
    """A shard's extracted rows of ``table`` without those of its later copies of earlier
    documents (a local ingest never extracts a document it already holds)."""
    import numpy as np

    part = read_part(root, f"extracted/{table}", name, columns)
    later = read_part(root, "repeats", name).column("order").to_numpy()
    if len(later):
        part = part.filter(pa.array(~np.isin(part.column("order").to_numpy(), later)))
    return part


def read_parts(
    read: Callable[[str, str], pd.DataFrame],
    root: str,
    names: list[str],
    meta: pd.DataFrame,
    partitions: int,
) -> Any:
    """A Dask frame of ``read(root, name)`` over every part, in at most ``partitions``
    partitions of consecutive parts. One partition per part would give a corpus of 3,000
    one-article files 3,000 partitions, and every shuffle and join over them thousands of
    tiny tasks: minutes of scheduling for seconds of work."""
    import dask.dataframe as dd

    size = max(1, -(-len(names) // max(1, partitions)))
    groups = [names[i : i + size] for i in range(0, len(names), size)]
    return dd.from_map(_read_group, groups, read=read, root=root, meta=meta)


def _read_group(
    group: list[str], read: Callable[[str, str], pd.DataFrame], root: str
) -> pd.DataFrame:
    return pd.concat([read(root, name) for name in group], ignore_index=True)


def part_names(root: str, table: str) -> list[str]:
    """The part files of a table, in shard order."""
    fs, base = filesystem(table_dir(root, table))
    if not fs.isdir(base):
        return []
    return sorted(p.rsplit("/", 1)[-1] for p in fs.ls(base, detail=False) if p.endswith(".parquet"))


def prepare(root: str) -> None:
    """Make ``root`` ready for a new run: an earlier dataset there is replaced, anything
    else that is not empty is refused rather than overwritten."""
    fs, base = filesystem(root)
    if fs.exists(base):
        entries = [e.rstrip("/").rsplit("/", 1)[-1] for e in fs.ls(base, detail=False)]
        ours = {MARKER, WORK, *SCHEMAS}
        # only a folder parley wrote (its marker or work folder is there) is replaced:
        # a folder that merely holds a "documents" folder may be someone's own data
        if entries and (set(entries) - ours or not {MARKER, WORK} & set(entries)):
            raise DatasetError(f"{root}: not empty and not a parley dataset; choose another --out")
        fs.rm(base, recursive=True)
    fs.makedirs(base, exist_ok=True)


def finish(root: str, info: dict[str, Any]) -> None:
    """Mark the dataset complete and drop the intermediate parts."""
    fs, base = filesystem(root)
    if fs.exists(f"{base}/{WORK}"):
        fs.rm(f"{base}/{WORK}", recursive=True)
    for left in fs.glob(f"{base}/*/.*.tmp-*"):  # a killed worker's unfinished part
        fs.rm(left)
    with fs.open(f"{base}/{MARKER}", "w") as fh:
        json.dump({"format": FORMAT, **info}, fh, indent=1)


def check(root: str) -> dict[str, Any]:
    """The marker of a complete dataset, or a :class:`DatasetError` saying what is wrong."""
    fs, base = filesystem(root)
    if not fs.isdir(base):
        raise DatasetError(f"{root}: no such dataset folder")
    if not fs.exists(f"{base}/{MARKER}"):
        if fs.isdir(f"{base}/documents") and not fs.isdir(f"{base}/events"):
            raise DatasetError(
                f"{root}: written by an older parley (no events/); run ingest --engine dask again"
            )
        raise DatasetError(f"{root}: not a complete parley dataset (no {MARKER})")
    try:
        with fs.open(f"{base}/{MARKER}") as fh:
            info: dict[str, Any] = json.load(fh)
    except (OSError, ValueError) as e:
        raise DatasetError(f"{root}: unreadable {MARKER} ({e})") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        found = info.get("format") if isinstance(info, dict) else None
        raise DatasetError(f"{root}: dataset format {found}, expected {FORMAT}")
    return info
