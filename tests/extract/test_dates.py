"""Date expressions resolved against tricky anchors (golden cases in date_cases.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import SUPPORTED_LANGUAGES
from parley.extract.dates import find_dates, parse_iso_date

CASES = json.loads((Path(__file__).parent / "date_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_date_case(case: dict[str, str | None]) -> None:
    anchor = date.fromisoformat(case["anchor"]) if case["anchor"] else None
    found = [d for d in find_dates(str(case["text"]), anchor) if d.date or case["date"] is None]
    got = found[0] if found else None
    assert (got.date if got else None) == case["date"]
    assert (got.precision if got else None) == case["precision"]


def test_future_tense_looks_forward() -> None:
    # a preview written on a Thursday: "on Friday" is the next day, not last week
    got = find_dates("will meet on Friday", date(2022, 1, 20), forward=True)
    assert got[0].date == "2022-01-21"


def test_spans_index_the_text() -> None:
    text = "Xi and Biden met on November 14, 2022 in Bali."
    d = find_dates(text, None)[0]
    assert text[d.start : d.end] == d.text == "November 14, 2022"


def test_parse_iso_date_month_only() -> None:
    assert parse_iso_date("2023-04") == date(2023, 4, 1)
    assert parse_iso_date("2022-09-22T15:21:00+08:00") == date(2022, 9, 22)
    assert parse_iso_date(None) is None


@given(
    st.text(max_size=200),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.booleans(),
)
def test_never_raises_and_spans_hold(text: str, anchor: date, forward: bool) -> None:
    for d in find_dates(text, anchor, forward):
        assert text[d.start : d.end] == d.text
        if d.date:
            assert parse_iso_date(d.date) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weekday word inside a run of capitalised words is part of a name
        ("Premier Lee Sun Hwa arrived on Thursday.", ["on Thursday"]),
        ("Ambassador Monday Okello Achieng met the envoy.", []),
        # an abbreviation followed by a capitalised word is too
        ("Envoy Kim Sun Park spoke.", []),
        # but a weekday stays one before a full stop, a date or a clause
        ("Talks were held Wed. in Kampala", ["Wed"]),
        ("Officials said Tuesday President Mutua will travel.", ["Tuesday"]),
        ("They met on Sun 12 May.", ["on Sun", "12 May"]),
    ],
)
def test_weekday_words_inside_names(text: str, expected: list[str]) -> None:
    assert [d.text for d in find_dates(text, date(2024, 5, 15))] == expected


# -- the patterns' gates: what a sentence must hold for a pattern to be tried ----------


@pytest.mark.parametrize(
    ("template", "needs"),
    [
        (r"\b@MONTH@\s+@DAY@\b", {"month@lr", "digit"}),
        (r"\b(?:(?P<q>this|last)\s+)?(?P<w>@WEEKDAYS@)\b", {"weekday@lr"}),
        # optional, in one branch of an alternation, or only in a lookaround: not needed
        (r"\b(?:@WEEKDAYS@\s+)?@DAY@\s+@MONTH@", {"digit", "month@l"}),
        # a word of the list at a word's start (@l), end (@r), both, or anywhere: only
        # what the template vouches for ("\s*" may be nothing, "x" a letter)
        (r"\b(?:(?:early|mid)\s*)?@MONTH@\s*,?\s+@YEAR@", {"year", "month"}),
        (r"(?P<m>@MONTHS@)\b", {"month@r"}),
        (r"x(?P<m>@MONTHS@) ", {"month@r"}),
        (r"\bthe\s+(?=[A-Z])(?i:(?P<m>@MONTHS@))(?=\s+[a-z])", {"month@l"}),
        (r"(?:@MONTHS@)+\s", {"month"}),
        # an optional group before: a space when it ends in one and what precedes it does,
        # and when none of its branches may end otherwise
        (r"x(?:foo\s)?@MONTHS@\b", {"month@r"}),
        (r"\b(?:x|\s+)?@MONTHS@\b", {"month@r"}),
        (r"\b(?:foo\s+)?@MONTHS@\b", {"month@lr"}),
        # a year ("19" or "20" and two digits) is more than a digit
        (r"(?:\bin\s+|\()@YEAR@\b", {"year"}),
        (r"\b@DAY@\.@YEAR@", {"digit", "year"}),
        (r"\b(?P<n>@NUMBERS@|\d{1,2})\s+days\s+ago\b", set()),
        (r"\bnext\s+week\b(?!\s+\d)", set()),
        (r"\b@YEAR@|\btoday\b", set()),
        (r"[0-9\d]*\btoday", set()),
        # the word lists of relative days, units, holidays: one of their words is needed
        (r"\b(?P<r>@REL_DAYS@)\b", {"relative_days@lr"}),
        (r"\b(?P<n>@NUMBERS@|\d{1,2})\s+(?P<u>@UNITS@)\s+ago\b", {"units@lr"}),
        (r"\b(?P<h>@HOLIDAYS@)\b|\b@REL_YEARS@", set()),
    ],
)
def test_pattern_needs(template: str, needs: set[str]) -> None:
    from parley.extract.dates import _needs

    assert _needs(template) == needs


_WORDS = [
    "on",
    "Monday",
    "lundi",
    "5",
    "May",
    "mai",
    "2024",
    "the",
    "talks",
    "last",
    "week",
    "yesterday",
    "12.03.2024",
    "in",
    "March",
    "de",
    "mayo",
    "年",
    "月",
    "日",
    "ago",
    "two",
    "days",
    "this",
    "morning",
    "month",
    "year",
    "Christmas",
    "hier",
    "ayer",
    "昨天",
    "上周",
    "Montag",
    "März",
    "gestern",
    "понедельник",
    "мая",
    "вчера",
    "segunda-feira",
    "ontem",
    "lunedì",
    "ieri",
    "Senin",
    "Mei",
    "kemarin",
    "early",
    "mid",
]


# besides the words: parts of words, letters a case-blind pattern takes for others
_PARTS = ["common", "showed", "x", "_", "7", "Mondays", "ſ", "İ", "ı", "Σ", "MAİ", "-", "'"]
_JOINS = [" ", "", ", ", "-", ".", " (", ") ", "\n"]


def _language_words(lang: str) -> list[str]:
    """The language's own date words: its tables' and the words its patterns spell."""
    import re

    from parley.extract import dates

    tables = dates._words(lang)
    out = {str(k) for v in tables.values() if isinstance(v, dict) for k in v}
    for p in tables["pattern"]:
        out |= set(re.findall(r"(?<![\\?])\b[^\W\d_]{2,}", p["regex"]))
    return sorted(out)


@settings(max_examples=600)
@given(st.sampled_from(sorted(SUPPORTED_LANGUAGES)), st.data())
def test_gates_change_nothing(lang: str, data: st.DataObject) -> None:
    """A pattern skipped for want of a month, a weekday, a digit or one word of a list
    (relative days, units, holidays), or of one standing at a word's edge, could not
    have matched: words glued to others, in capitals, with letters that case-blind
    matching takes for others ("ſ" for "s", "İ" for "i")."""
    import dataclasses

    from parley.extract import dates

    pool = _WORDS + _PARTS + _language_words(lang)
    words = data.draw(
        st.lists(
            st.tuples(st.sampled_from(pool), st.sampled_from(_JOINS), st.booleans()),
            max_size=12,
        )
    )
    text = "".join((w.upper() if up else w) + join for w, join, up in words)
    anchor = date(2024, 5, 8)
    dates._matches.cache_clear()
    gated = dates._find_dates.__wrapped__(text, anchor, False, lang)
    patterns = dates._patterns(lang)
    saved = list(patterns)
    try:
        patterns[:] = [dataclasses.replace(p, needs=frozenset()) for p in patterns]
        dates._matches.cache_clear()
        plain = dates._find_dates.__wrapped__(text, anchor, False, lang)
    finally:
        patterns[:] = saved
        dates._matches.cache_clear()
    assert gated == plain


def test_case_blind_letters_are_not_gated_away_and_never_fail() -> None:
    """A case-blind pattern matches "ſ" as "s" and "İ" as "i", and the gate reads a text
    as it does (not only lower-cased); a word its table spells otherwise gives no date
    rather than an error."""
    from parley.extract.dates import find_dates

    day = date(2024, 5, 10)
    assert [d.text for d in find_dates("He left YEſTERDAY.", day, False, "en")] == ["YEſTERDAY"]
    # "İ" is the "i" of the word (folding alone keeps a capital "I"); "ı" is no letter of
    # any table: the word matches case-blind and gives no date
    found = find_dates("They met TONİGHT, not tonıght.", day, False, "en")
    assert [(d.text, d.date) for d in found] == [("TONİGHT", "2024-05-10")]
    assert [d.date for d in find_dates("They last met in APRİL.", day, False, "en")] == [
        "2024-04-01"
    ]
    assert [d.date for d in find_dates("ab MAİ ", day, False, "de")] == ["2024-05-01"]


def _pattern_ids() -> list[tuple[str, int]]:
    from parley.extract import dates

    return [
        (lang, i) for lang in sorted(SUPPORTED_LANGUAGES) for i in range(len(dates._patterns(lang)))
    ]


@pytest.mark.parametrize("which", _pattern_ids(), ids=lambda w: f"{w[0]}-{w[1]}")
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_text_a_pattern_matches_meets_its_needs(
    which: tuple[str, int], data: st.DataObject
) -> None:
    """Every text a pattern matches holds what the pattern is said to need: texts made
    from the pattern itself (hypothesis writes strings it matches, with anything around
    them: glued letters, capitals, letters case-blind matching takes for others), so
    that a need read wrongly off a template fails here."""
    import re

    from parley.extract import dates

    lang, i = which
    pattern = dates._patterns(lang)[i]
    # hypothesis cannot satisfy a one-letter lookahead before a case-blind group; the
    # text is made without it, and only what the pattern itself matches is asked about
    regex = re.sub(r"\(\?[=!]\[[^\]]*\]\)", "", pattern.regex.pattern)
    text = data.draw(st.from_regex(re.compile(regex, pattern.regex.flags)))
    if pattern.regex.search(text):
        assert pattern.needs <= dates._present(text, lang), (text, pattern.needs)
