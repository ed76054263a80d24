"""The literal gate: a pattern is skipped only where it could not have matched."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.literals import Gated, LiteralGate, required_alternatives, required_literals
from parley.extract.patterns import supported_languages


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?<!\bbe )\b(?:met|meets|meet)\b", {"met", "meets", "meet"}),
        (r"\b(?:tele)?phone\s+call\b", {"phone", "telephone"}),
        (r"\bheld\s+(?:[a-z]+\s+){0,3}talks\b", {"talks"}),
        (r"\b(?:spoke|talked)\b(?!\s+(?:to|with)\b)", {"spoke", "talked"}),
        (r"\bpaid\s+a\s+visit\b|\bvisited\b", {"visit", "visited"}),
        # nothing that can be listed: a case-blind part, a branch needing nothing, one letter
        (r"(?i:talks)", None),
        (r"talks|\d+", None),
        (r"a\s+b", None),
        (r"(?:talks)?\s+", None),
    ],
)
def test_required_literals(pattern: str, needs: set[str] | None) -> None:
    got = required_literals(pattern)
    assert (set(got) if got is not None else None) == needs


_WORDS = ["met", "meet", "talks", "held", "a", "call", "phone", "tele", "visit", "ed", "be"]


def _atoms() -> st.SearchStrategy[str]:
    return st.sampled_from([*(re.escape(w) for w in _WORDS), r"\b", r"\s+", r"[a-z]+", r"\d"])


def _patterns() -> st.SearchStrategy[str]:
    return st.recursive(
        _atoms(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            inner.map(lambda x: f"(?:{x})?"),
            inner.map(lambda x: f"(?:{x})+"),
            inner.map(lambda x: f"(?:{x}){{0,2}}"),
            inner.map(lambda x: f"(?<!{x})" if re.fullmatch(r"[a-z ]+", x) else x),
        ),
        max_leaves=8,
    )


@settings(max_examples=400)
@given(_patterns(), st.lists(st.sampled_from([*_WORDS, " ", "x", "7"]), max_size=10))
def test_a_match_always_holds_a_required_literal(pattern: str, words: list[str]) -> None:
    """Whatever the pattern, a text it matches holds one of the strings it is said to need."""
    try:
        rx = re.compile(pattern)
    except re.error:
        return  # a lookbehind of variable width, say: not a pattern anyone could write
    text = " ".join(words)
    needs = required_literals(pattern)
    if needs is not None and rx.search(text):
        assert any(s in text for s in needs), (pattern, text, needs)


@settings(max_examples=200)
@given(
    st.sampled_from(sorted(supported_languages())),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12),
)
def test_the_trigger_rules_gate_changes_nothing(lang: str, picks: list[int]) -> None:
    """Sentences made of the rules' own words: every rule that matches is let through."""
    from parley.extract.triggers import _trigger_rules

    rules = [p for p, _, _ in _trigger_rules(lang)]
    vocabulary = sorted(
        {s for p in rules for s in (required_literals(p.pattern, p.flags) or ())}
        | {"with", "the", "by", "on", "a", "his", "her", "of", "и", "с", "与", "在"}
    )
    text = " ".join(vocabulary[i % len(vocabulary)] for i in picks)
    possible = LiteralGate(rules).possible(text)
    for i, p in enumerate(rules):
        if p.search(text):
            assert i in possible, (lang, p.pattern[:60], text)


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        # each branch with every set it needs; what all branches share is in each
        (
            r"\bspent\s+(?:[a-z]+\s+){0,4}with\b|\b(?:dinner|lunch)\s+with\b",
            [[{"spent"}, {"with"}], [{"dinner", "lunch"}, {"with"}]],
        ),
        (r"(?:talks)|(?:meeting)", [[{"talks"}], [{"meeting"}]]),
        (r"\b(?:held\s+talks|met)\b", [[{"held"}, {"talks"}], [{"met"}]]),
        # a branch needing nothing listable: the pattern may match anywhere
        (r"talks|\d+", None),
        (r"(?i:talks)|meeting", None),
    ],
)
def test_required_alternatives(pattern: str, needs: list[list[set[str]]] | None) -> None:
    got = required_alternatives(pattern)
    assert ([[set(x) for x in alt] for alt in got] if got is not None else None) == needs


@settings(max_examples=400)
@given(
    st.lists(_patterns(), min_size=1, max_size=4),
    st.lists(st.sampled_from([*_WORDS, " ", "x", "7"]), max_size=10),
)
def test_the_gate_lets_through_every_pattern_that_matches(
    patterns: list[str], words: list[str]
) -> None:
    """Whatever the patterns, each that matches a text is among those the gate says may."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error:
            return
    text = " ".join(words)
    possible = LiteralGate(compiled).possible(text)
    for i, rx in enumerate(compiled):
        if rx.search(text):
            assert i in possible, (rx.pattern, text)


def test_the_gate_needs_every_part_of_a_branch() -> None:
    gate = LiteralGate([re.compile(r"\bspent\s+\w+\s+with\b|\bmet\b"), re.compile(r"talks")])
    assert gate.possible("they dined with friends") == set()
    assert gate.possible("spent a day with friends") == {0}
    assert gate.possible("they met for talks") == {0, 1}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(supported_languages())),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=14),
)
def test_gated_patterns_answer_as_the_pattern(lang: str, picks: list[int]) -> None:
    """The sentence-wide patterns behind a gate (attendance, "the meeting", a subordinate
    clause): texts of their own words get the pattern's own answer."""
    from parley.extract import default_extractor

    ex = default_extractor(lang)
    for gated in (ex._attend, ex._anaphor, ex._subordinate):
        gated.build()
        p = gated.pattern
        vocabulary = sorted(
            {s for alt in required_alternatives(p.pattern, p.flags) or () for x in alt for s in x}
            | {"the", "two", "in", "took", "place", "was", "held", "also", ",", "."}
        )
        text = " ".join(vocabulary[i % len(vocabulary)] for i in picks)
        for pos in (0, len(text) // 2):
            want = p.search(text, pos)
            got = gated.search(text, pos)
            assert (got and got.span()) == (want and want.span()), (lang, p.pattern[:60], text)


def test_a_gated_pattern_needing_nothing_listable_always_runs() -> None:
    gated = Gated(re.compile(r"\d+"))
    gated.build()
    assert gated.search("room 12").group(0) == "12"  # type: ignore[union-attr]
    met = Gated(re.compile(r"\bmet\b"))
    met.build()
    assert met.search("they meet") is None
    assert met.search("they met").span() == (5, 8)  # type: ignore[union-attr]


def test_a_gate_is_built_only_after_many_questions() -> None:
    """A command that reads one article does not pay for reading the pattern."""
    from parley.extract.literals import GATE_AFTER

    gated = Gated(re.compile(r"\bmet\b"))
    for _ in range(GATE_AFTER - 1):
        assert gated.search("they met") is not None
    assert gated._gate is None
    gated.search("they met")
    assert gated._gate is not None
