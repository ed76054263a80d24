"""Places in a sentence: the shortcuts taken before the cue patterns change no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.patterns import load_patterns, supported_languages
from parley.extract.places import (
    _BEFORE_WORDS,
    _HOUSE_NUMBER,
    _last_words,
    _regexes,
    _without_house_number,
)

# the words a preposition's window is made of, in every language, with the articles the
# pattern files name, numbers, hyphens, apostrophes and odd spaces
_PIECES = [
    "in",
    "at",
    "the",
    "la",
    "le",
    "les",
    "l'",
    "der",
    "dem",
    "el",
    "los",
    "o",
    "as",
    "di",
    "в",
    "na",
    "met",
    "talks",
    "co-chaired",
    "x-ray",
    "10",
    "7a",
    "2024",
    "1234b",
    "12345",
    "é",
    "_",
    "rather than",
    "it's",
]
_SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u2009", ""]


def _windows() -> st.SearchStrategy[str]:
    piece = st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SPACES)).map("".join)
    return st.lists(piece, max_size=12).map(lambda xs: "".join(xs)[-40:])


@settings(max_examples=600)
@given(st.sampled_from(sorted(supported_languages())), _windows())
def test_the_word_before_a_name_is_found_from_the_last_words(lang: str, window: str) -> None:
    """Searching from where the last words begin finds what searching everything does."""
    rx = _regexes(lang)["before"]
    whole = rx.search(window)
    short = rx.search(window, _last_words(window, _BEFORE_WORDS))
    assert (whole and (whole.span(), whole.groups())) == (short and (short.span(), short.groups()))


def test_every_article_fits_the_words_the_search_keeps() -> None:
    """The reach of :data:`_BEFORE_WORDS` holds two words and an article of two: a
    language whose article is longer needs it raised."""
    for lang in supported_languages():
        article = load_patterns("places", lang).get("article", "")
        assert article.count("\\s") + article.count(" ") <= _BEFORE_WORDS - 2, lang


@settings(max_examples=600)
@given(_windows())
def test_a_house_number_is_dropped_as_the_pattern_drops_it(window: str) -> None:
    assert _without_house_number(window) == _HOUSE_NUMBER.sub("", window)


def test_last_words() -> None:
    assert _last_words("held talks in", 2) == len("held")
    assert _last_words("talks in", 2) == 0
    assert _last_words(" a  b c ", 2) == len(" a")
