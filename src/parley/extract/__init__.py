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
    """Every engagement the document reports (occurred and planned)."""
    if doc.lang and doc.lang not in SUPPORTED_LANGUAGES:
        return []
    return default_extractor().extract(doc, published)


def extract_document(
    doc: Document, published: str | None = None
) -> tuple[list[Event], list[Statement]]:
    """Events and statements in one pass: people are resolved once for both."""
    if doc.lang and doc.lang not in SUPPORTED_LANGUAGES:
        return [], []
    from parley.extract.statements import extract_statements

    events, sentences, surface = default_extractor().analyse(doc, published)
    return events, extract_statements(doc.original, sentences, events, _country_names(), surface)


@cache
def _country_names() -> dict[str, str]:
    from parley.kb.countries import Countries

    return {c.code: c.name for c in Countries.default()}
