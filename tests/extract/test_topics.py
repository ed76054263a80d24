"""Topics through one automaton give what one alternation of every alias gave.

The alternation is kept here as the reference: ``(?<![\\w-])(?:longest|...|shortest)
(?![\\w-])`` over the folded sentence, the acronyms case-sensitively over the original.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.text import fold
from parley.extract.topics import _matchers, _Phrases, taxonomy, topics_of


def _reference(folded: str, original: str) -> list[str]:
    alias_to_topic: dict[str, str] = {}
    acronym_to_topic: dict[str, str] = {}
    for t in taxonomy():
        for a in t.aliases:
            alias_to_topic.setdefault(a, t.id)
        for a in t.acronyms:
            acronym_to_topic.setdefault(a, t.id)
    ordered = sorted(alias_to_topic, key=len, reverse=True)
    aliases = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w-])")
    acr = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in acronym_to_topic) + r")(?![\w-])"
    )
    hits = list(aliases.finditer(folded))
    found = [(m.start(), alias_to_topic[m.group(0)]) for m in hits]
    found += [
        (m.start(), acronym_to_topic[m.group(0)])
        for m in acr.finditer(original)
        if not any(h.start() <= m.start() < h.end() for h in hits)
    ]
    out: list[str] = []
    for _, tid in sorted(found):
        if tid not in out:
            out.append(tid)
    return out


_ALIASES = sorted({a for t in taxonomy() for a in (*t.aliases, *t.acronyms)})
_GLUE = ["", " ", "-", "_", "s", "x ", ", ", "'", " the ", ".", "é", "1"]
_PIECES = st.one_of(
    st.sampled_from(_ALIASES),
    st.sampled_from(_GLUE),
    st.sampled_from([a.upper() for a in _ALIASES[:200]] + [a.title() for a in _ALIASES[:200]]),
    st.text(alphabet="abcUNEU -_é'", max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14))
def test_the_automaton_answers_as_the_alternation(pieces: list[str]) -> None:
    original = "".join(pieces)
    folded = fold(original)
    assert topics_of(folded, original) == _reference(folded, original)


def test_the_longest_whole_word_alias_wins_and_compounds_do_not_match() -> None:
    phrases = _Phrases(["nuclear weapons", "weapons", "nuclear"])
    assert phrases.finditer("no nuclear weapons here") == [(3, 18, "nuclear weapons")]
    # the longest fails at its end ("weaponsx"), so the shorter one at the same place wins
    assert phrases.finditer("nuclear weaponsx") == [(0, 7, "nuclear")]
    assert phrases.finditer("anti-nuclear weapons_ nuclear") == [(22, 29, "nuclear")]
    assert _Phrases([]).finditer("anything") == []


def test_an_acronym_inside_an_alias_is_no_topic_of_its_own() -> None:
    aliases, *_ = _matchers()
    assert aliases.finditer("") == []
    text = "The UN Security Council met on the Ukraine war."
    assert topics_of(fold(text), text) == _reference(fold(text), text)
