"""Property tests for the mention finder's shortcuts: each answers as the plain way does."""

from __future__ import annotations

from hypothesis import given
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
