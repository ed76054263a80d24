"""Extraction: a clean :class:`~parley.model.Document` in, engagements out.

Only English is extracted for now: the patterns and title lexicon are English, and a
wrong event is worse than a missing one for the analysts parley serves. Other languages
are read, identified and stored, and yield no events.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from parley.model import Document, Event, Statement

if TYPE_CHECKING:
    from parley.extract.engagements import EngagementExtractor

SUPPORTED_LANGUAGES = frozenset({"en"})


@cache
def default_extractor() -> EngagementExtractor:
    """One extractor per process: building the KB matchers is the expensive part."""
    from parley.extract.engagements import EngagementExtractor

    return EngagementExtractor()


def extract_events(doc: Document, published: str | None = None) -> list[Event]:
    """Every engagement the document reports (occurred and planned), with its topics."""
    return extract_document(doc, published)[0]


def extract_document(
    doc: Document, published: str | None = None
) -> tuple[list[Event], list[Statement]]:
    """Events and statements in one pass: people are resolved once for both."""
    if doc.lang and doc.lang not in SUPPORTED_LANGUAGES:
        return [], []
    from parley.extract.statements import extract_statements
    from parley.extract.topics import event_topics

    events, sentences, surface = default_extractor().analyse(doc, published)
    said = extract_statements(doc.original, sentences, events, _country_names(), surface)
    for i, ev in enumerate(events):
        ev.topics = event_topics(ev, [s for s in said if s.event == i])
    return events, said


@cache
def _country_names() -> dict[str, str]:
    from parley.kb.countries import Countries

    return {c.code: c.name for c in Countries.default()}
