"""Sentence splitting: the stops the splitter tries are the places a split can start."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.text import _SPLIT, _splits, split_sentences

# letters of both cases and scripts, digits, every stop, closing and opening quotes
_CHARS = "aAbZéÉжЖ5 \n\t.!?\u3002\uff01\uff1f\"'\u201d\u2019)»\u201c\u2018(«\u300d\u300f"


@settings(max_examples=1500)
@given(st.text(alphabet=_CHARS, max_size=40))
def test_the_splits_are_those_of_the_whole_pattern(text: str) -> None:
    assert [m.span() for m in _splits(text)] == [m.span() for m in _SPLIT.finditer(text)]


def test_split_sentences() -> None:
    """Abbreviations hold; a stop glued to a capital splits; a Chinese stop splits after
    its closing quote; a stop before a word with no capital does not."""
    text = "Mr. Ruiz met Ms. Berg in Lima. They spoke.Then they left!会谈结束。”下一句"
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        "Mr. Ruiz met Ms. Berg in Lima.",
        "They spoke.",
        "Then they left!会谈结束。”",
        "下一句",
    ]
