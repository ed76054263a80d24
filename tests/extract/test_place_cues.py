"""Places in a sentence: the shortcuts taken before the cue patterns change no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.patterns import load_patterns, supported_languages
from parley.extract.places import (
    _BEFORE_WORDS,
    _HOUSE_NUMBER,
    _regexes,
    _without_house_number,
)
from parley.extract.text import last_words

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
def test_the_word_before_a_name_is_found_from_thelast_words(lang: str, window: str) -> None:
    """Searching from where the last words begin finds what searching everything does."""
    rx = _regexes(lang)["before"]
    whole = rx.search(window)
    short = rx.search(window, last_words(window, _BEFORE_WORDS))
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


def testlast_words() -> None:
    assert last_words("held talks in", 2) == len("held")
    assert last_words("talks in", 2) == 0
    assert last_words(" a  b c ", 2) == len(" a")


# whole cues before a name, in English and in the other languages' words
_CUES = [
    "the city of",
    "the town of",
    "the port city of",
    "rather than in",
    "instead of at",
    "not in",
    "nor at",
    "in",
    "at the",
    "Peru's",
    "Russia’s",
    "la ville de",
    "la ville d'",
    "в",
    "met",
    "said",
]
_NAMES = ["Lima", "Cusco", "Nairobi", "Kenya", "Ruiz", "Kazan", "Lyon"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(supported_languages())),
    st.lists(st.tuples(st.sampled_from(_CUES), st.sampled_from(_NAMES)), min_size=1, max_size=5),
)
def test_the_cue_gates_change_no_place(lang: str, pairs: list[tuple[str, str]]) -> None:
    """Sentences of place cues each before a capitalised name: the places found with the
    sentence-wide gates are those found trying every cue pattern before every name."""
    from parley.extract import default_extractor, places
    from parley.extract.literals import LiteralGate

    text = " ".join(f"{cue} {name}" for cue, name in pairs) + "."
    finder = default_extractor(lang).places
    find = places.PlaceFinder._find.__wrapped__  # type: ignore[attr-defined]
    gated = find(finder, text, 0, None)

    class _Open(LiteralGate):
        def possible(self, text: str) -> set[int]:
            return {0, 1}

    original = places._cue_gates
    try:
        open_gate = _Open([])
        places._cue_gates = lambda _lang: (open_gate, open_gate)  # type: ignore[assignment,return-value]
        plain = find(finder, text, 0, None)
    finally:
        places._cue_gates = original
    assert gated == plain
