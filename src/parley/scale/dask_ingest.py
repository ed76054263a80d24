"""`parley ingest --engine dask`: the whole pipeline on a Dask cluster, one answer.

The result must be exactly what a local ``parley ingest`` of the same paths stores, so
every decision a local ingest takes in input order is taken here from the input order
(``order``: shard number and record), not from where a row happened to land:

1. **extract** (one task per shard, :func:`process_shard`): read, clean, extract events
   and statements, MinHash the body; write ``_work/extracted/*/<shard>.parquet``.
2. **copies** (shuffle on document id): the first occurrence of an id is the document,
   later ones only add a path — as the store skips a document it already holds.
3. **near-duplicates** (:mod:`parley.scale.dedup`, shuffle on MinHash band).
4. **merge** (:mod:`parley.scale.merging`, shuffle on block, connected groups, shuffle on
   group, ``store.merge.cluster`` per group).
5. **write** the finished tables per shard and the marker (:mod:`parley.scale.dataset`).

``parley load`` (:mod:`parley.scale.load`) then inserts the tables into SQLite as they are.
Every intermediate is a file, so a task whose worker died is simply run again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from parley.model import Document
from parley.scale import dataset
from parley.scale.dataset import MAX_SHARDS, POSITION_BITS, RETRIES, SHARD_SHIFT


@dataclass
class ShardResult:
    """What one shard gave: counts and the one-line reasons of what could not be read."""

    shard: str
    index: int = 0
    documents: int = 0
    mentions: int = 0
    statements: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    """A finished run: per-shard results, totals and the wall time of each stage."""

    shards: list[ShardResult]
    totals: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: what the walk itself could not read (a FIFO, a folder that cannot be listed)
    unlisted: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        return [*self.unlisted, *(f for r in self.shards for f in r.failures)]


def list_shards(paths: list[str], failures: list[str] | None = None) -> list[tuple[str, str]]:
    """Every readable file under the paths, sorted as `parley read` walks them, as (name,
    location) pairs. A local file keeps the name `parley ingest` stores (the path as
    given, relative or not, shown as valid UTF-8), so that both engines store the same
    paths, and is read at its absolute location, which does not depend on a worker's
    working directory. An fsspec URL is both. What the walk cannot read (a FIFO, a folder
    that cannot be listed, a missing path) goes to ``failures`` as one line each."""
    import fsspec

    from parley.read import display_name, input_files  # the very walk `parley read` does
    from parley.read.formats import EXTENSIONS, ReadFailure

    out: list[tuple[str, str]] = []
    for path in paths:
        fs, root = fsspec.core.url_to_fs(path)
        protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        if protocol in ("file", "local"):
            local = path if "://" not in path else root
            for f in input_files(local):
                if isinstance(f, ReadFailure):
                    if failures is None:
                        out.append((f.source, os.path.abspath(f.source)))
                    else:
                        failures.append(f"{f.source}: {f.reason}")
                    continue
                out.append((display_name(f), os.path.abspath(f)))
        elif fs.isdir(root):
            found = sorted(p for p in fs.find(root) if p.lower().endswith(EXTENSIONS))
            out.extend((f"{protocol}://{p}",) * 2 for p in found)
        else:
            out.append((path, path))
    return out


def _read_shard(shard: str, location: str, failures: list[str]) -> bytes | None:
    import fsspec

    from parley.read import read_regular
    from parley.read.formats import MAX_BYTES

    try:
        if "://" not in location:  # a local file: only a regular one, never blocking
            data: bytes = read_regular(location)
        else:
            with fsspec.open(location, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
    except Exception as e:  # any file system's error (botocore, gcsfs...): skip the shard
        failures.append(f"{shard}: {getattr(e, 'strerror', None) or e}")
        return None
    if len(data) > MAX_BYTES:
        failures.append(f"{shard}: too large (> 20 MB)")
        return None
    return data


def _documents(shard: str, location: str, failures: list[str]) -> Iterator[Document]:
    """Read one shard through the same readers as `parley read`; nothing raises."""
    from parley.read import documents_of  # the very reading `parley read` does
    from parley.read.formats import ReadFailure

    data = _read_shard(shard, location, failures)
    if data is None:
        return
    for got in documents_of(shard, data):
        if isinstance(got, ReadFailure):
            failures.append(f"{got.source}: {got.reason}")
        else:
            yield got


def process_shard(
    shard: str,
    out: str,
    published: str | None = None,
    index: int = 0,
    location: str = "",
    model: str | None = None,
) -> ShardResult:
    """Read, extract and MinHash one shard; write its three extracted parts (a worker task).

    ``model`` is the text of a model written by `parley train` (None: the shipped one);
    it travels as text, the workers parse it once."""
    from parley.extract import extract_document, extraction_failed
    from parley.store.neardup import signature
    from parley.store.rows import document_values, mention_values, statement_values

    _ready()
    res = ShardResult(shard, index)
    docs: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    said: list[dict[str, Any]] = []
    for record, doc in enumerate(_documents(shard, location or shard, res.failures)):
        if record >> SHARD_SHIFT:
            res.failures.append(f"{shard}: more than {2**SHARD_SHIFT - 1} records; split it")
            break
        try:
            events, statements = extract_document(doc, published, _model(model))
        except Exception as e:
            res.failures.append(f"{doc.doc}: {extraction_failed(e)}")
            continue
        if len(events) >> POSITION_BITS:
            res.failures.append(f"{doc.doc}: more than {2**POSITION_BITS - 1} engagements")
            continue
        order = index << SHARD_SHIFT | record
        docs.append(
            {**document_values(doc), "order": order, "minhash": signature(doc.text).tobytes()}
        )
        for i, event in enumerate(events):
            row = mention_values(doc.id, i, event)
            mentions.append(
                {**row, "order": order, "published": doc.published, "outlet": doc.outlet}
            )
        said.extend(
            {**statement_values(doc.id, i, s), "order": order} for i, s in enumerate(statements)
        )
    name = dataset.part_name(index)
    dataset.write_part(out, "extracted/documents", name, docs)
    dataset.write_part(out, "extracted/mentions", name, mentions)
    dataset.write_part(out, "extracted/statements", name, said)
    res.documents, res.mentions, res.statements = len(docs), len(mentions), len(said)
    return res


@lru_cache(maxsize=1)
def _ready() -> None:
    """Once per worker process: the English matchers built and the KB set aside from the
    garbage collector (:func:`parley.extract.prepare`), before the first shard's first
    document rather than during it."""
    from parley.extract import prepare
    from parley.extract.patterns import ENGLISH

    prepare(frozenset({ENGLISH}))


@lru_cache(maxsize=2)
def _model(text: str | None) -> Any:
    if text is None:
        return None
    from parley.extract.learned import Model

    return Model.from_json(text)


def submit(
    client: Any,
    shards: list[tuple[str, str]],
    out: str,
    published: str | None = None,
    model: str | None = None,
) -> list[Any]:
    """One task per shard; a task whose worker dies is retried elsewhere."""
    n = len(shards)
    futures: list[Any] = client.map(
        process_shard,
        [name for name, _ in shards],
        [out] * n,
        [published] * n,
        list(range(n)),
        [location for _, location in shards],
        [model] * n,
        retries=RETRIES,
        pure=False,
    )
    return futures


Progress = Callable[[str], None]


def build(
    client: Any,
    paths: list[str],
    out: str,
    published: str | None = None,
    progress: Progress | None = None,
    model: str | None = None,
) -> RunResult:
    """Run every stage on ``client``'s cluster and leave a complete dataset in ``out``."""
    say = progress or (lambda stage: None)
    unlisted: list[str] = []
    shards = list_shards(paths, unlisted)
    if len(shards) > MAX_SHARDS:
        raise dataset.DatasetError(
            f"{len(shards)} shards: at most {MAX_SHARDS}; concatenate small files into larger ones"
        )
    dataset.prepare(out)
    clock = _Clock()
    say("extract")
    with clock("extract"):
        results: list[ShardResult] = list(
            client.gather(submit(client, shards, out, published, model))
        )
    names = [dataset.part_name(r.index) for r in results]
    totals = _decide(client, out, names, _Plan.of(client, results), say, clock)
    failed = len(unlisted) + sum(len(r.failures) for r in results)
    totals = {"shards": len(shards), **totals, "failed": failed}
    dataset.finish(out, {"totals": totals})
    return RunResult(results, totals, clock.seconds, unlisted)


def _decide(
    client: Any, out: str, names: list[str], plan: _Plan, say: Progress, clock: _Clock
) -> dict[str, int]:
    """The stages after extraction: copies, near-duplicates, merge, finished tables."""
    from parley.scale import dedup, finish, merging

    say("copies")
    with clock("copies"):
        copies = dedup.later_copies(client, out, names, plan.partitions(plan.documents, 2_000_000))
    say("near-duplicates")
    with clock("near_duplicates"):
        keys = plan.documents * len(dedup.BAND_PAIRS)
        near = dedup.near_duplicates(client, out, names, plan.partitions(keys, 4_000_000))
    say("merge")
    with clock("merge"):
        blocks, mentions = plan.mentions * 4, plan.mentions  # ~4 blocks a mention
        merged = merging.merge_all(
            client,
            out,
            names,
            plan.partitions(blocks, 2_000_000),
            plan.partitions(mentions, 100_000),
        )
    say("write")
    with clock("write"):
        written = finish.write_tables(client, out, names)
    return {**written, "copies": copies, "near_duplicates": near, **merged}


@dataclass
class _Plan:
    """How many partitions each shuffle gets: enough for every worker, none too big."""

    workers: int
    shards: int
    documents: int
    mentions: int

    @classmethod
    def of(cls, client: Any, results: list[ShardResult]) -> _Plan:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        return cls(
            workers,
            len(results),
            sum(r.documents for r in results),
            sum(r.mentions for r in results),
        )

    def partitions(self, rows: int, per_partition: int) -> int:
        wanted = max(2 * self.workers, -(-rows // per_partition))
        return max(1, min(wanted, max(1, self.shards)))


class _Clock:
    """Wall time per stage, for the summary and the benchmark."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = round(time.perf_counter() - start, 2)


@contextmanager
def connect(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``workers``
    processes with one thread each (extraction is pure Python: threads would share the GIL).

    Dask's own log lines and warnings (a shuffle started, a worker restarted, a large
    graph) are kept off standard error, where parley prints one line per failure: what
    goes wrong reaches the caller as an exception or as a shard's failure lines."""
    from distributed import Client, LocalCluster

    with quiet_dask():
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client


#: The environment the LocalCluster's worker processes start with: their logging is set
#: up when they import Dask, from these.
_QUIET_ENV = {
    "DASK_LOGGING__DISTRIBUTED": "critical",
    "PYTHONWARNINGS": "ignore",
}


@contextmanager
def quiet_dask() -> Iterator[None]:
    """Dask's loggers and Python's warnings silenced in this process and in the workers it
    starts, for the time of a run; everything is restored afterwards."""
    import logging
    import warnings

    names = ("distributed", "distributed.client", "dask", "bokeh", "tornado")
    loggers = [logging.getLogger(name) for name in names]
    levels = [lg.level for lg in loggers]
    saved = {k: os.environ.get(k) for k in _QUIET_ENV}
    os.environ.update(_QUIET_ENV)
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run(
    paths: list[str],
    out: str,
    scheduler: str | None = None,
    workers: int = 2,
    published: str | None = None,
    progress: Progress | None = None,
    model: str | None = None,
) -> RunResult:
    """Build the dataset on a Dask cluster (a LocalCluster without ``scheduler``)."""
    with connect(scheduler, workers) as client:
        return build(client, paths, out, published, progress, model)


def summary(result: RunResult) -> dict[str, Any]:
    """A JSON-able account of a run, as the CLI and the benchmark print it."""
    return {"totals": result.totals, "seconds": result.seconds, "shards": len(result.shards)}
