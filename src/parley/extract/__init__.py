"""Extraction: a clean :class:`~parley.model.Document` in, engagements out.

Only English is extracted for now: the patterns and title lexicon are English, and a
wrong event is worse than a missing one for the analysts parley serves. Other languages
are read, identified and stored, and yield no events.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from parley.model import Document, Event

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
