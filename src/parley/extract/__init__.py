"""Extraction: a clean :class:`~parley.model.Document` in, engagements out.

Engagements are extracted in English and in every language with a pattern file in
``patterns/lang/`` (French, Spanish, Portuguese, German, Italian, Indonesian): the same
stages run on the language's own words. Statements (who said what) are English only:
their stance rules are English. Documents in other languages are read, identified and
stored, and yield no events: a wrong event is worse than a missing one for the analysts
parley serves.
"""

from __future__ import annotations

import gc
from functools import cache
from typing import TYPE_CHECKING

from parley.extract.patterns import ENGLISH, supported_languages
from parley.model import Document, Event, Statement

if TYPE_CHECKING:
    from parley.extract.engagements import EngagementExtractor
    from parley.extract.learned import Model

SUPPORTED_LANGUAGES = supported_languages()


@cache
def default_extractor(lang: str = ENGLISH) -> EngagementExtractor:
    """One extractor per process and language: building the KB matchers is the
    expensive part."""
    from parley.extract.engagements import EngagementExtractor

    return EngagementExtractor(lang=lang)


def prepare(languages: frozenset[str] | None = None) -> None:
    """Build, now, everything extraction in these languages (by default all) will need:
    the knowledge-base matchers, the learned model and every pattern.

    Each is otherwise built on first use, which keeps a command that reads one document
    quick to start; a worker that will read a whole archive (a Dask worker, a benchmark
    that times extraction rather than compilation) calls this once instead, so that no
    document pays for building what the next thousand share.

    What is built then stays for the life of the process, so it is frozen out of the
    cyclic garbage collector's sight (``gc.freeze``): each of its full passes would
    otherwise walk the knowledge base's millions of references again, some 50 ms once
    every few hundred documents. The freeze takes everything alive in the process at
    that moment, after a last full collection; reference counting still frees what is
    dropped later, a cycle made before it and dropped after it is never collected."""
    from parley.extract.learned import default_model
    from parley.extract.patterns import prepare_matchers

    langs = languages if languages is not None else SUPPORTED_LANGUAGES
    default_model()
    for lang in langs:
        default_extractor(lang).lex.people.prepare()
    prepare_matchers(frozenset(langs))
    gc.collect()  # no garbage among what is frozen
    gc.freeze()


def extract_events(
    doc: Document,
    published: str | None = None,
    model: Model | None = None,
    explain: bool = False,
) -> list[Event]:
    """Every engagement the document reports (occurred and planned), with its topics."""
    return extract_document(doc, published, model, explain)[0]


def extract_document(
    doc: Document,
    published: str | None = None,
    model: Model | None = None,
    explain: bool = False,
) -> tuple[list[Event], list[Statement]]:
    """Events and statements in one pass: people are resolved once for both.

    ``model`` holds the learned decisions (``parley train``); by default the one shipped
    in the package. ``explain`` fills each event's ``explanation`` (the options each
    decision weighed and its strongest cues), which only ``parley extract --explain``
    shows; every field's evidence is kept either way.
    """
    lang = doc.lang or ENGLISH
    if lang not in SUPPORTED_LANGUAGES:
        return [], []
    from parley.extract.statements import extract_statements
    from parley.extract.topics import event_topics

    events, sentences, surface = default_extractor(lang).analyse(doc, published, model, explain)
    if lang != ENGLISH:
        return events, []
    said = extract_statements(doc.original, sentences, events, _country_names(), surface)
    for i, ev in enumerate(events):
        ev.topics = event_topics(ev, [s for s in said if s.event == i])
    return events, said


@cache
def _country_names() -> dict[str, str]:
    from parley.kb.countries import Countries

    return {c.code: c.name for c in Countries.default()}


def extraction_failed(e: BaseException) -> str:
    """The one-line reason every command gives for a document whose extraction raised
    (`extract`, `ingest` with any engine and any number of jobs, an upload): the
    document is skipped, reported in one line naming it, counted as failed, and the
    rest goes on."""
    message = " ".join(str(e).split())[:200]
    return f"extraction failed ({type(e).__name__}{': ' + message if message else ''})"
