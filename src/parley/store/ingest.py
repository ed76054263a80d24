"""`parley ingest`: documents streamed through read, extract and store, in batches.

Each batch is one transaction (see :mod:`parley.store.db`), so the run can be killed at
any moment and started again: what was committed is skipped by content hash, what was
not is redone, and the merged events come out the same.

With ``jobs`` above one (:func:`ingest_paths`), reading and extraction run in a pool of
processes and this process stays the single writer. Results come back in input order and
are stored in the same batches as with one job, so the database is the same whatever the
number of jobs (tests/store/test_jobs.py compares them table by table).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from parley.extract import extract_document, extraction_failed
from parley.model import Document, Event, Statement
from parley.read.formats import ReadFailure
from parley.store import neardup
from parley.store.db import Store

BATCH_SIZE = 200
#: Documents a pool task reads or extracts: enough to make the round trip to a worker
#: cheap beside the work (about 10 ms of extraction each), few enough to keep both cores
#: busy to the end of a small run.
TASK_DOCUMENTS = 16
#: Tasks in flight per job: the reading ahead that keeps workers busy while this process
#: stores a batch (more documents than a batch, so they do not run dry at a commit) ...
TASKS_AHEAD = 16
#: ... and, whatever the files' sizes (a task may be one large JSON Lines or WARC file),
#: at most this much input read ahead per job, besides the task at the head.
BYTES_AHEAD = 32 * 1024 * 1024
#: Input (bytes) below which one process does everything: about a second of extraction,
#: what starting the workers costs.
SMALL_INPUT = 256 * 1024


@dataclass
class IngestSummary:
    """The numbers printed at the end of an ingest."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    mentions: int = 0
    statements: int = 0
    events_before: int = 0
    events_after: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents read": self.read,
            "new": self.new,
            "skipped as duplicates": self.duplicates,
            "near-duplicates linked": self.near_duplicates,
            "failed": self.failed,
            "mentions extracted": self.mentions,
            "statements": self.statements,
            "events before": self.events_before,
            "events after": self.events_after,
        }


Extractor = Callable[[Document, str | None], tuple[list[Event], list[Statement]]]


@dataclass
class Extracted:
    """A document with what extraction made of it, or why it failed."""

    doc: Document
    events: list[Event]
    statements: list[Statement]
    failure: str | None = None
    signature: Any = None  # the body's MinHash (numpy), from a pool worker


def _extract(doc: Document, published: str | None, extractor: Extractor) -> Extracted:
    try:
        events, said = extractor(doc, published)
    except Exception as e:  # a bug in one article must not lose the batch
        return Extracted(doc, [], [], extraction_failed(e))
    return Extracted(doc, events, said)


def ingest(
    store: Store,
    docs: Iterable[Document],
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    extractor: Extractor = extract_document,
    on_error: Callable[[ReadFailure], None] | None = None,
) -> IngestSummary:
    """Store every document (skipping those already stored) and merge their events.

    A document whose extraction raises is not stored (a later run tries it again): it
    goes to ``on_error`` as a :class:`ReadFailure` naming it and the batch goes on."""
    return _store_all(
        store, docs, batch_size, lambda doc: _extract(doc, published, extractor), on_batch, on_error
    )


def _store_all(
    store: Store,
    items: Iterable[Document | Extracted | ReadFailure],
    batch_size: int,
    extract: Callable[[Document], Extracted],
    on_batch: Callable[[int], None] | None,
    on_error: Callable[[ReadFailure], None] | None,
) -> IngestSummary:
    """The writer: documents in batches of ``batch_size``, each one transaction. A
    document comes extracted (from a pool) or is extracted here, when its batch is
    stored; either way one whose body is stored already is not extracted again."""
    summary = IngestSummary(events_before=store._count_events())

    def failed(failure: ReadFailure) -> None:
        summary.failed += 1
        summary.failures.append(f"{failure.source}: {failure.reason}")
        if on_error is not None:
            on_error(failure)

    def flush(batch: list[Document | Extracted]) -> None:
        work: list[tuple[Document, list[Event], list[Statement], Any]] = []
        for item in batch:
            doc = item.doc if isinstance(item, Extracted) else item
            if store.keeps_stored_copy(doc):  # only its path is new: nothing to extract
                work.append((doc, [], [], None))
                continue
            done = item if isinstance(item, Extracted) else extract(item)
            if done.failure is not None:
                failed(ReadFailure(doc.doc, done.failure))
                continue
            work.append((doc, done.events, done.statements, done.signature))
        res = store.add_batch(work)
        summary.read += len(work)
        summary.new += res.new_documents
        summary.duplicates += res.duplicates
        summary.near_duplicates += res.near_duplicates
        summary.mentions += res.mentions
        summary.statements += res.statements
        if on_batch is not None:
            on_batch(len(batch))

    batch: list[Document | Extracted] = []
    for item in items:
        if isinstance(item, ReadFailure):
            failed(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    summary.events_after = store._count_events()
    return summary


# -- on every core ----------------------------------------------------------------------

# What a worker extracts with, set once when it starts (_start_worker).
_worker: dict[str, Any] = {"published": None, "model": None}


def _start_worker(published: str | None, model: Any) -> None:
    """Load the model and the KB (the prebuilt file) once per worker, not per task, and
    build the English matchers (:func:`parley.extract.prepare`)."""
    from parley.extract import prepare
    from parley.extract.learned import Model
    from parley.extract.patterns import ENGLISH

    if isinstance(model, str):
        model = Model.from_json(model)
    _worker.update(published=published, model=model)
    prepare(frozenset({ENGLISH}))


def _worker_extract(doc: Document) -> Extracted:
    return _extract(
        doc, _worker["published"], lambda d, day: extract_document(d, day, _worker["model"])
    )


def _pool_extract(doc: Document) -> Extracted:
    """In a pool worker: the body's MinHash as well, work the single writer would do
    otherwise while the workers wait on it (a tenth of its CPU)."""
    done = _worker_extract(doc)
    if done.failure is None:
        done.signature = neardup.signature(doc.text)
    return done


def _read_task(
    files: list[tuple[str, bytes]], extract_first: int
) -> list[Document | Extracted | ReadFailure]:
    """Read files into documents, extracting the first ``extract_first`` of them; the
    rest (a JSON Lines or WARC file holds thousands) go back to be shared out."""
    from parley.read import documents_of

    out: list[Document | Extracted | ReadFailure] = []
    for name, data in files:
        for got in documents_of(name, data):
            if isinstance(got, ReadFailure):
                out.append(got)
            elif extract_first > 0:
                out.append(_pool_extract(got))
                extract_first -= 1
            else:
                out.append(got)
    return out


def _extract_task(docs: list[Document]) -> list[Extracted]:
    return [_pool_extract(doc) for doc in docs]


def _done(items: list[Any]) -> Future[Any]:
    ready: Future[Any] = Future()
    ready.set_result(items)
    return ready


def _units(
    files: Iterator[tuple[str, bytes] | ReadFailure],
) -> Iterator[list[tuple[str, bytes]] | ReadFailure]:
    """Files grouped into read tasks of about TASK_DOCUMENTS (one file may be a task of
    its own); an unreadable file stays in its place between them."""
    group: list[tuple[str, bytes]] = []
    for f in files:
        if isinstance(f, ReadFailure):
            if group:
                yield group
                group = []
            yield f
            continue
        group.append(f)
        if len(group) >= TASK_DOCUMENTS:
            yield group
            group = []
    if group:
        yield group


def _in_order(
    pool: Executor,
    files: Iterator[tuple[str, bytes] | ReadFailure],
    jobs: int,
    extract_early: bool,
    stored: Callable[[Document], bool],
) -> Iterator[Document | Extracted | ReadFailure]:
    """Every document read and extracted by the pool, in input order.

    A queue of futures in input order: read tasks ahead of the writer, and, where a read
    task hands documents back unextracted, extraction tasks put in its place. With
    ``extract_early`` (an empty store: nothing can be stored already) read tasks extract
    what they read; otherwise documents whose body is stored already are not sent to be
    extracted (a re-run costs reading only), and the writer checks again in any case."""
    # (future, whether its documents are final): a read task's unextracted documents are
    # looked at once, when it comes to the head of the queue, then stored or sent on
    pending: deque[tuple[Future[Any], bool]] = deque()
    units = _units(files)
    ahead = TASKS_AHEAD * jobs
    budget = BYTES_AHEAD * jobs
    sizes: dict[Future[Any], int] = {}  # input bytes of the read tasks in flight

    def fill() -> None:
        while len(pending) < ahead and (not pending or sum(sizes.values()) < budget):
            unit = next(units, None)
            if unit is None:
                return
            if isinstance(unit, ReadFailure):
                pending.append((_done([unit]), True))
            else:
                first = TASK_DOCUMENTS if extract_early else 0
                future = pool.submit(_read_task, unit, first)
                sizes[future] = sum(len(data) for _, data in unit)
                pending.append((future, False))

    fill()
    while pending:
        future, final = pending.popleft()
        items = future.result()
        sizes.pop(future, None)
        if final or not any(type(x) is Document for x in items):
            yield from items
            fill()
            continue
        # documents to extract: tasks of TASK_DOCUMENTS in their place, in order; those
        # stored already go to the writer as they are
        segments: list[tuple[Future[Any], bool]] = []
        run: list[Document] = []
        for x in items:
            if type(x) is Document and not stored(x):
                run.append(x)
                if len(run) >= TASK_DOCUMENTS:
                    segments.append((pool.submit(_extract_task, run), True))
                    run = []
                continue
            if run:
                segments.append((pool.submit(_extract_task, run), True))
                run = []
            segments.append((_done([x]), True))
        if run:
            segments.append((pool.submit(_extract_task, run), True))
        pending.extendleft(reversed(segments))


def _read_here(
    files: Iterator[tuple[str, bytes] | ReadFailure],
) -> Iterator[Document | ReadFailure]:
    """One job: documents read as the writer asks for them, extracted when stored."""
    from parley.read import documents_of

    for f in files:
        if isinstance(f, ReadFailure):
            yield f
        else:
            yield from documents_of(*f)


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def ingest_paths(
    store: Store,
    paths: list[str],
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
    model: Any = None,
    on_batch: Callable[[int], None] | None = None,
    on_error: Callable[[ReadFailure], None] | None = None,
) -> IngestSummary:
    """Read, extract and store the documents under ``paths`` with ``jobs`` processes
    (one: all in this process, as :func:`ingest` over :func:`~parley.read.iter_documents`).

    Every failure, unreadable input or failed extraction, goes to ``on_error`` in input
    order and is counted in ``failed``; the rest is stored."""
    from parley.read import sources

    failures: deque[ReadFailure] = deque()

    def files() -> Iterator[tuple[str, bytes] | ReadFailure]:
        for f in sources(paths, failures.append):
            while failures:
                yield failures.popleft()
            yield f
        yield from failures

    stream = files()
    head: list[tuple[str, bytes] | ReadFailure] = []
    size = 0
    if jobs > 1:  # starting workers costs about a second: not for a handful of documents
        for f in stream:
            head.append(f)
            size += 0 if isinstance(f, ReadFailure) else len(f[1])
            if size >= SMALL_INPUT:
                break
        else:
            jobs = 1
    stream = chain(head, stream)
    if jobs <= 1:
        _start_worker(published, model)
        return _store_all(
            store, _read_here(stream), batch_size, _worker_extract, on_batch, on_error
        )
    import multiprocessing

    # spawned, not forked: a progress bar's thread may hold a lock at the fork
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(published, model.to_json() if model is not None else None),
    )
    with pool:
        early = store.con.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
        items = _in_order(pool, stream, jobs, early, store.keeps_stored_copy)
        return _store_all(store, items, batch_size, _worker_extract, on_batch, on_error)
