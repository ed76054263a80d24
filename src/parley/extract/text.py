"""Sentences, each with its length-preserving fold (:func:`parley.text.fold`).

Extraction matches names case- and accent-insensitively but must cite the original
characters, so each sentence carries its folded text, whose offsets are the original's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from parley.model import Document, Paragraph
from parley.text import fold


@dataclass(frozen=True)
class Sentence:
    """A sentence with its place in the original text and the paragraph it belongs to."""

    start: int
    end: int
    text: str
    folded: str
    kind: str  # "title", "body", "caption"
    index: int  # position in the document's reading order
    para: int  # paragraph number (0 = first body paragraph; titles and captions -1)


_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "st",
    "jr",
    "sr",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.n",
    "u.k",
    "e.u",
    "no",
    "vs",
    "etc",
    "inc",
    "co",
    "corp",
    "ltd",
    "approx",
    "p.m",
    "a.m",
    "mme",
    "h.e",
    "e.g",
    "i.e",
    "sra",
    "srta",
    "dra",
    "sig",
    "dott",
    "bpk",
    "hr",
    "nr",
}
# A stop followed by space and a capital; or, where a scraper lost the space between two
# paragraphs ("...the world.Putin also"), a stop after a lower-case word before a
# capitalised one.
_SPLIT = re.compile(
    r"[.!?][\"'\u201d\u2019)»]*\s+(?=[\"'\u201c\u2018(«]?[A-Z0-9\u00c0-\u00de\u0400-\u042f])"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"
    r"|(?<=[。！？])[”」』]?"
)
_ORDINAL = re.compile(r"(?<!\d)\d{1,2}$")
_WORD = re.compile(r"[^\W\d_]+")
#: No sentence is longer: a longer one (a list of names, a dump without stops) is cut at
#: a space. Extraction weighs every engagement word of a sentence against all of it, so
#: its work grows with the square of the sentence; real sentences stay under 1,000.
MAX_SENTENCE_CHARS = 2000


def _is_abbreviation(text: str, dot: int) -> bool:
    """A full stop after an abbreviation or an initial ("S. Jaishankar") ends no sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def _is_ordinal_date(text: str, dot: int, after: int) -> bool:
    """ "am 5. Juni": a German day number, not the end of a sentence."""
    if not _ORDINAL.search(text[max(0, dot - 3) : dot]):
        return False
    word = _WORD.match(text, after)
    return word is not None and fold(word.group(0)) in _month_names()


@cache
def _month_names() -> frozenset[str]:
    from parley.extract.patterns import load_patterns, supported_languages

    return frozenset(
        fold(m) for lang in supported_languages() for m in load_patterns("dates", lang)["months"]
    )


# every match of _SPLIT starts at a stop or right after one
_STOP = re.compile(r"[.!?\u3002\uff01\uff1f]")


def _splits(text: str) -> Iterator[re.Match[str]]:
    """``_SPLIT.finditer(text)``, tried only where a match can start: at a stop (the
    first branch) and right after one (the other two). ``re`` would try every position
    of the text, the look-behinds defeating its scan for a first character; a stop is
    found by that scan. After an empty match no other can start at the same place (the
    branches that give one are the last, and the first cannot match there), so each
    place is tried once, in order, past the end of the match before."""
    pos = 0
    for stop in _STOP.finditer(text):
        i = stop.start()
        for at in (i, i + 1):
            if at < pos:
                continue
            m = _SPLIT.match(text, at)
            if m is not None:
                yield m
                pos = m.end() + (m.start() == m.end())


def last_words(text: str, n: int) -> int:
    """Where the last ``n`` words of ``text`` begin (0 when it has no more).

    A pattern that must end at the end of the text (``$``) and whose matches span at
    most ``n`` words (runs without white space) finds the same leftmost match when
    searched from there: ``re`` would otherwise try it at each earlier position, and its
    ``\\b``, ``\\s`` and look-behinds read the characters before the start position as
    in the whole text."""
    parts = text.rsplit(None, n)
    return len(parts[0]) if len(parts) > n else 0


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of sentences in ``text``, shifted by ``offset``."""
    start = 0
    for m in _splits(text):
        stop = text[m.start() : m.start() + 1]
        if stop == "." and _is_abbreviation(text, m.start()):
            continue
        if stop == "." and _is_ordinal_date(text, m.start(), m.end()):
            continue
        end = m.end()
        seg_end = _rstrip_at(text, start, end)
        if seg_end > start:
            yield from _bounded(text, offset, start, seg_end)
        start = end
    rest_end = len(text.rstrip())
    if rest_end > start:
        yield from _bounded(text, offset, start, rest_end)


def _rstrip_at(text: str, start: int, end: int) -> int:
    """``len(text[:end].rstrip())`` without copying the text (at least ``start``)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _bounded(text: str, offset: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence ``text[start:end]``, in pieces of at most ``MAX_SENTENCE_CHARS`` cut at
    a space when it is longer (never, in real text)."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit), start)
        if cut == start:
            cut = limit
        piece = _rstrip_at(text, start, cut)
        if piece > start:
            yield offset + start, offset + piece
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield offset + start, offset + end


def document_sentences(doc: Document) -> list[Sentence]:
    """Title first, then captions and body in reading order, each split into sentences."""
    paragraphs = doc.paragraphs or [Paragraph(0, len(doc.original), doc.original, "body")]
    ordered = [p for p in paragraphs if p.kind == "title"] + [
        p for p in paragraphs if p.kind != "title"
    ]
    out: list[Sentence] = []
    body_no = 0
    for p in ordered:
        para_no = -1
        if p.kind == "body":
            para_no = body_no
            body_no += 1
        for s, e in split_sentences(p.text, p.start):
            t = doc.original[s:e]
            out.append(Sentence(s, e, t, fold(t), p.kind, len(out), para_no))
    return out
