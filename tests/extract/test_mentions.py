"""Property tests for the mention finder's shortcuts: each answers as the plain way does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.mentions import _Occupied

_SPAN = st.tuples(st.integers(-5, 45), st.integers(-5, 45))


@given(
    length=st.integers(0, 40),
    spans=st.lists(_SPAN, max_size=8),
    added=st.lists(_SPAN, max_size=4),
    word=st.tuples(st.integers(0, 39), st.integers(1, 12)),
)
def test_a_word_overlaps_a_span_as_the_spans_say(
    length: int,
    spans: list[tuple[int, int]],
    added: list[tuple[int, int]],
    word: tuple[int, int],
) -> None:
    s, e = word[0], word[0] + word[1]  # a word: at least one character
    occupied = _Occupied(length, spans)
    for span in added:
        occupied.add(*span)
    plain = not all(e <= ts or s >= te for ts, te in spans + added)
    if e <= length:  # a word lies inside its sentence
        assert occupied.overlaps(s, e) == plain


# words around a name as stories write them: capitals, particles, hyphens, apostrophes,
# Chinese names with their middle dot, and the spaces and line breaks between
_AROUND = [
    "Abdel",
    "el-",
    "al-",
    "bin-",
    "ash-",
    "Fattah",
    "O'Neil",
    "Jean-Yves",
    "said",
    "the",
    "卡西姆若马尔特•",
    "托卡耶夫",
    "会见",
    "3",
    ",",
    "-",
]


def _spaced() -> st.SearchStrategy[str]:
    space = st.sampled_from([" ", "  ", "\n", "\t", ""])
    return st.lists(st.tuples(st.sampled_from(_AROUND), space).map("".join), max_size=10).map(
        "".join
    )


@settings(max_examples=800)
@given(_spaced(), _spaced())
def test_the_word_searches_before_a_name_start_late_and_find_the_same(
    before: str, name: str
) -> None:
    """Each pattern that must end where a name starts, searched from where its longest
    match could begin, finds what searching the whole window finds."""
    from parley.extract.mentions import (
        _LAST_WORD,
        _PREV_WORD,
        _WORD_HEAD,
        _WORD_HEAD_REACH,
    )
    from parley.extract.text import last_words

    text = before + name
    s = len(before)
    lo = max(0, s - 40)

    def same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
        return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))

    assert same(
        _PREV_WORD.search(text, lo, s),
        _PREV_WORD.search(text, lo + last_words(text[lo:s], 2), s),
    )
    assert same(
        _WORD_HEAD.search(text, lo, s), _WORD_HEAD.search(text, max(0, s - _WORD_HEAD_REACH), s)
    )
    window = text[max(0, s - 30) : s]
    assert same(_LAST_WORD.search(window), _LAST_WORD.search(window, last_words(window, 2)))
