"""`parley ingest`: documents streamed through read, extract and store, in batches.

Each batch is one transaction (see :mod:`parley.store.db`), so the run can be killed at
any moment and started again: what was committed is skipped by content hash, what was
not is redone, and the merged events come out the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from parley.extract import extract_document
from parley.model import Document, Event, Statement
from parley.read.formats import ReadFailure
from parley.store.db import Store

BATCH_SIZE = 200


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


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    store: Store,
    docs: Iterable[Document],
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    extractor: Callable[
        [Document, str | None], tuple[list[Event], list[Statement]]
    ] = extract_document,
    on_error: Callable[[ReadFailure], None] | None = None,
) -> IngestSummary:
    """Store every document (skipping those already stored) and merge their events.

    A document whose extraction raises is not stored (a later run tries it again): it
    goes to ``on_error`` as a :class:`ReadFailure` and the batch goes on."""
    summary = IngestSummary(events_before=store._count_events())
    for batch in _batches(docs, batch_size):
        work: list[tuple[Document, list[Event], list[Statement]]] = []
        for doc in batch:
            if store.keeps_stored_copy(doc):  # only its path is new: nothing to extract
                work.append((doc, [], []))
                continue
            try:
                events, said = extractor(doc, published)
            except Exception as e:  # a bug in one article must not lose the batch
                summary.failed += 1
                reason = f"extraction failed ({type(e).__name__}: {str(e)[:200]})"
                summary.failures.append(f"{doc.doc}: {reason}")
                if on_error is not None:
                    on_error(ReadFailure(doc.doc, reason))
                continue
            work.append((doc, events, said))
        res = store.add_batch(work)
        summary.read += len(work)
        summary.new += res.new_documents
        summary.duplicates += res.duplicates
        summary.near_duplicates += res.near_duplicates
        summary.mentions += res.mentions
        summary.statements += res.statements
        if on_batch is not None:
            on_batch(len(batch))
    summary.events_after = store._count_events()
    return summary
