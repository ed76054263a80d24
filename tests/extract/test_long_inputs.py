"""Extraction does bounded work per sentence and per document (issue 18): a page of
repeated leader names and "met" took 50 s for 14.8 KB, growing with the square of its
length. Sentences are cut at MAX_SENTENCE_CHARS, and the engagement words and tellings
weighed are capped far above what real articles hold, so real results do not change."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from parley.extract import extract_document
from parley.read import read_text

LISTS: dict[str, str] = {
    "one endless sentence": "Putin met Xi on 3 May in Moscow and ",
    "short sentences": "Putin met Xi on 3 May. ",
    "attendance lists": "Putin met Xi. Modi, Biden and Macron also took part in the meeting. ",
}


def _text(unit: str, n: int) -> str:
    return "MOSCOW, May 3 (Reuters) - " + unit * (n // len(unit))


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(LISTS))
def test_extraction_time_grows_linearly_with_a_list(name):
    unit = LISTS[name]
    extract_document(read_text("Putin met Xi in Moscow on Monday.", "w", "2024-05-03"))
    small = read_text(_text(unit, 8_000), "small", "2024-05-03")
    large = read_text(_text(unit, 64_000), "large", "2024-05-03")
    t_small = _seconds(lambda: extract_document(small))
    t_large = _seconds(lambda: extract_document(large))
    # 8 times the text: about 8 times the time when linear, 64 times when quadratic
    # (a ratio within one run: the machine's speed cancels out)
    assert t_large < 20 * max(t_small, 0.01), f"{name}: {t_small:.2f} s -> {t_large:.2f} s"


def test_no_sentence_is_longer_than_the_bound_and_none_is_lost():
    from parley.extract.text import MAX_SENTENCE_CHARS, document_sentences

    text = "Leaders " + "Putin Xi Modi Biden " * 2_000 + "met."
    doc = read_text(text, "x")
    sentences = document_sentences(doc)
    assert len(sentences) > 1
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(s.text == doc.original[s.start : s.end] for s in sentences)
    covered = "".join(s.text for s in sentences).replace(" ", "")
    assert covered == doc.text.replace(" ", "")
