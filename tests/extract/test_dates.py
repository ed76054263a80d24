"""Date expressions resolved against tricky anchors (golden cases in date_cases.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
        (r"\b@MONTH@\s+@DAY@\b", {"month", "digit"}),
        (r"\b(?:(?P<q>this|last)\s+)?(?P<w>@WEEKDAYS@)\b", {"weekday"}),
        # optional, in one branch of an alternation, or only in a lookaround: not needed
        (r"\b(?:@WEEKDAYS@\s+)?@DAY@\s+@MONTH@", {"digit", "month"}),
        (r"\b(?P<n>@NUMBERS@|\d{1,2})\s+days\s+ago\b", set()),
        (r"\bnext\s+week\b(?!\s+\d)", set()),
        (r"\b@YEAR@|\btoday\b", set()),
        (r"[0-9\d]*\btoday", set()),
        # the word lists of relative days, units, holidays: one of their words is needed
        (r"\b(?P<r>@REL_DAYS@)\b", {"relative_days"}),
        (r"\b(?P<n>@NUMBERS@|\d{1,2})\s+(?P<u>@UNITS@)\s+ago\b", {"units"}),
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
]


@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.sampled_from(["en", "fr", "es", "zh"]))
def test_gates_change_nothing(words: list[str], lang: str) -> None:
    """A pattern skipped for want of a month, a weekday, a digit or one word of a list
    (relative days, units, holidays) could not have matched."""
    import dataclasses

    from parley.extract import dates

    text = " ".join(words)
    anchor = date(2024, 5, 8)
    gated = dates._find_dates.__wrapped__(text, anchor, False, lang)
    patterns = dates._patterns(lang)
    saved = list(patterns)
    try:
        patterns[:] = [dataclasses.replace(p, needs=frozenset()) for p in patterns]
        plain = dates._find_dates.__wrapped__(text, anchor, False, lang)
    finally:
        patterns[:] = saved
    assert gated == plain


def test_case_blind_letters_are_not_gated_away_and_never_fail() -> None:
    """A case-blind pattern matches "ſ" as "s" and "İ" as "i", which a lower-cased gate
    does not see: such a text is not gated, and a word its table spells otherwise gives
    no date rather than an error."""
    from parley.extract.dates import find_dates

    day = date(2024, 5, 10)
    assert [d.text for d in find_dates("He left YEſTERDAY.", day, False, "en")] == ["YEſTERDAY"]
    found = find_dates("They met TONİGHT, not tonight.", day, False, "en")
    assert [(d.text, d.date) for d in found] == [("tonight", "2024-05-10")]
